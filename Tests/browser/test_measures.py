"""Measures in a real browser: create one, link it to two areas and a target indicator, open its effect view."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import navigate, open_as_staff


def wait_for(driver, css):
    return WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_create_a_measure_and_open_its_effect_view(server, driver, shots):
    open_as_staff(driver, server + "/intern/verwaltung/massnahmen/neu", "#m-titel")
    driver.find_element(By.ID, "m-titel").send_keys("Stadtteilmütter Altstadt")
    driver.find_element(By.ID, "m-zustaendig").send_keys("Fachbereich Jugend und Familie")
    # Date inputs take typed text in the browser's locale; set the ISO value directly.
    driver.execute_script("document.getElementById('m-beginn').value = '2019-06-01'")
    driver.find_element(By.ID, "m-budget").send_keys("60.000")
    driver.find_element(By.ID, "g-SR06").click()
    driver.find_element(By.ID, "g-SR07").click()
    Select(driver.find_element(By.ID, "z1")).select_by_value("kinderarmut")
    Select(driver.find_element(By.ID, "r1")).select_by_value("-1")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]"))
    assert "gespeichert" in wait_for(driver, "[role=status]").text
    shots(driver, "massnahmen-verwaltung")

    # Internal until released: the public atlas does not know it yet.
    driver.get(server + "/massnahme/stadtteilmuetter-altstadt")
    assert "Nicht gefunden" in driver.page_source

    driver.get(server + "/intern/massnahme/stadtteilmuetter-altstadt")
    heading = wait_for(driver, "h1").text
    assert heading == "Stadtteilmütter Altstadt"
    page = driver.page_source
    assert "Altstadt, Weserwall" in driver.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "60.000 €" in page
    assert "Differenz der Differenzen" in page
    assert "Vergleichsgebiete (ähnlichste Werte vor dem Beginn)" in page
    assert "Hinweis, kein Beweis" in page
    assert driver.find_elements(By.CSS_SELECTOR, "section.effect svg")
    shots(driver, "massnahme-wirkung")

    # Release it; then the public atlas shows it, in the list and on the area profile.
    driver.get(server + "/intern/verwaltung/massnahmen")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/stadtteilmuetter-altstadt/freigeben'] button"))
    assert "freigegeben" in wait_for(driver, "[role=status]").text
    driver.get(server + "/massnahme/stadtteilmuetter-altstadt")
    assert wait_for(driver, "h1").text == "Stadtteilmütter Altstadt"
    driver.get(server + "/gebiet/SR07")
    assert "Stadtteilmütter Altstadt" in driver.page_source
    driver.get(server + "/massnahmen")
    assert "Stadtteilmütter Altstadt" in driver.page_source
    # Leave the browser logged out for the other tests.
    driver.find_element(By.CSS_SELECTOR, "footer form.inline button").click()
    WebDriverWait(driver, 10).until(lambda d: "Anmelden (Verwaltung)" in d.page_source)
