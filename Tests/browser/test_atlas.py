"""The atlas in a real browser: map clicks, class methods, keyboard navigation, print view,
language switch, and an axe-core accessibility check."""
import base64
import re

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


def test_clicking_an_area_opens_its_profile(server, driver, shots):
    driver.get(server + "/indikator/kinderarmut")
    shots(driver, "indicator-map")
    area = driver.find_element(By.CSS_SELECTOR, 'svg.map a[href^="/gebiet/SR06"]')
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", area)
    WebDriverWait(driver, 10).until(EC.url_contains("/gebiet/SR06"))
    assert "Altstadt" in driver.find_element(By.TAG_NAME, "h1").text
    shots(driver, "profile")


def test_changing_the_class_method_changes_the_legend(server, driver):
    driver.get(server + "/indikator/sgb2_quote")
    before = driver.find_element(By.CSS_SELECTOR, ".legend ul").text
    Select(driver.find_element(By.ID, "methode")).select_by_value("equal")
    driver.find_element(By.CSS_SELECTOR, "form.controls button").click()
    WebDriverWait(driver, 10).until(EC.url_contains("methode=equal"))
    after = driver.find_element(By.CSS_SELECTOR, ".legend ul").text
    assert before != after
    assert "Gleiche Intervalle" in driver.find_element(By.CSS_SELECTOR, ".legend").text


def test_keyboard_alone_reaches_every_area_of_the_map(server, driver):
    driver.get(server + "/indikator/kinderarmut")
    expected = {a.get_dom_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "svg.map a")}
    assert len(expected) == 16
    reached = set()
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(80):
        active = driver.switch_to.active_element
        href = active.get_dom_attribute("href")
        if href in expected:
            reached.add(href)
        if reached == expected:
            break
        active.send_keys(Keys.TAB)
    assert reached == expected


def test_print_view_of_a_profile_fits_one_page(server, driver):
    driver.get(server + "/gebiet/SR10")
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True,
                                                     "marginTop": 0.4, "marginBottom": 0.4, "marginLeft": 0.4, "marginRight": 0.4})
    data = base64.b64decode(pdf["data"])
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages == 1, f"{pages} pages"


def test_english_switch(server, driver, shots):
    driver.get(server + "/")
    driver.find_element(By.CSS_SELECTOR, 'header nav a[hreflang="en"]').click()
    WebDriverWait(driver, 10).until(EC.url_contains("lang=en"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert "Indicators by topic" in driver.page_source
    driver.find_element(By.CSS_SELECTOR, 'a[href="/indikator/kinderarmut?lang=en"]').click()
    WebDriverWait(driver, 10).until(EC.url_contains("/indikator/kinderarmut"))
    assert "Whole town" in driver.page_source
    shots(driver, "english")


def test_narrow_phone_screen_has_no_horizontal_scrolling(server, driver):
    driver.set_window_size(360, 800)
    try:
        for path in ["/", "/indikator/kinderarmut", "/gebiet/SR06"]:
            driver.get(server + path)
            overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    finally:
        driver.set_window_size(1280, 1000)


def test_no_serious_accessibility_violations(server, driver):
    problems = []
    for path in ["/", "/gebiete", "/indikator/kinderarmut", "/gebiet/SR06", "/sozialindex", "/fruehwarnung", "/bericht", "/streudiagramm",
                 "/vergleich", "/suche?q=alt", "/indikator/kinderarmut/veraenderung", "/indikator/kinderarmut/zeitreihe?gebiet=SR06", "/?lang=en"]:
        driver.get(server + path)
        axe = Axe(driver)
        axe.inject()
        results = axe.run()
        for v in results["violations"]:
            if v["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}")
    assert not problems, "\n".join(problems)
