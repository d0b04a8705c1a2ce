"""The staff part in a real browser: login, release and withdrawal, logout."""
import urllib.request

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import STAFF_PASSWORD, navigate


def public_values(server, variable, year):
    with urllib.request.urlopen(f"{server}/api/values?variable={variable}&jahr={year}") as r:
        return r.read().decode()


def wait_for(driver, css):
    return WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_staff_login_withdraw_and_release_again(server, driver, shots):
    # Logged out, whatever test ran before in this browser.
    driver.get(server + "/")
    driver.delete_all_cookies()
    driver.get(server + "/intern/verwaltung")
    # Not logged in: the login form, which returns to the page asked for.
    assert "/anmelden" in driver.current_url
    driver.find_element(By.ID, "login").send_keys("redaktion")
    driver.find_element(By.ID, "password").send_keys("falsch-falsch-1")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]"))
    assert "falsch" in wait_for(driver, "[role=alert]").text
    driver.find_element(By.ID, "password").send_keys(STAFF_PASSWORD)
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]"))
    assert "Interner Atlas" in wait_for(driver, ".internal-banner").text
    assert driver.current_url.endswith("/intern/verwaltung")
    shots(driver, "verwaltung")

    assert '"ew_gesamt"' in public_values(server, "ew_gesamt", 2025)
    # Imports with nothing left to release are folded; the filter shows the released ones open.
    Select(driver.find_element(By.ID, "zeigen")).select_by_value("freigegeben")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.release-filter button"))
    driver.find_element(By.ID, "d-ew_gesamt-2025-12-31").click()
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "button[value=zurueckziehen]"))
    assert "zurückgezogen" in wait_for(driver, "[role=status]").text
    assert public_values(server, "ew_gesamt", 2025).count('"ew_gesamt"') == 0
    # The internal atlas still shows it.
    driver.get(server + "/intern/gebiet/SR06?jahr=2025")
    assert "Einwohner" in driver.page_source

    driver.get(server + "/intern/verwaltung")
    driver.find_element(By.ID, "d-ew_gesamt-2025-12-31").click()
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "button[value=vorschau]"))
    # The release is previewed first: what the public atlas shows afterwards, then confirmed.
    assert "Einwohnerinnen und Einwohner" in wait_for(driver, ".release-preview").text
    assert public_values(server, "ew_gesamt", 2025).count('"ew_gesamt"') == 0
    navigate(driver, driver.find_element(By.CSS_SELECTOR, ".release-preview button[value=freigeben]"))
    assert "freigegeben" in wait_for(driver, "[role=status]").text
    assert '"ew_gesamt"' in public_values(server, "ew_gesamt", 2025)

    problems = []
    for path in ["/intern/verwaltung", "/intern/verwaltung/importe", "/intern/verwaltung/hochladen", "/intern/verwaltung/benutzer",
                 "/intern/verwaltung/protokoll", "/konto", "/intern/"]:
        driver.get(server + path)
        axe = Axe(driver)
        axe.inject()
        for v in axe.run()["violations"]:
            if v["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {v['id']}: {v['help']} – {[(n['target'], n.get('html'), n.get('failureSummary')) for n in v['nodes'][:3]]}")
    assert not problems, "\n".join(problems)

    driver.get(server + "/intern/verwaltung/protokoll")
    assert "Freigabe zurückgezogen" in driver.page_source
    driver.find_element(By.CSS_SELECTOR, "footer form.inline button").click()
    WebDriverWait(driver, 10).until(lambda d: "Anmelden (Verwaltung)" in d.page_source)
    driver.get(server + "/intern/verwaltung")
    assert "/anmelden" in driver.current_url
