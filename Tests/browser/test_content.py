"""What planners maintain beside the data, in a real browser (issue 19): an indicator created in the
web UI with the formula check and the live preview, saved, released and found on the public map; a
facility edited and released again; an area note written, released and found in the public profile.
Every successful form lands on a GET page (post/redirect/get), so reloading asks nothing."""
import os
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import navigate, open_as_staff


def wait_for(driver, css, timeout=10):
    return WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def public(server, path):
    """A public page, uncached (a fresh query string), or None when it does not exist."""
    try:
        with urllib.request.urlopen(server + path + ("&" if "?" in path else "?") + "frisch=" + os.urandom(4).hex()) as r:
            return r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        raise


def release_on_release_page(driver, server, checkbox_id):
    driver.get(server + "/intern/verwaltung")
    driver.find_element(By.ID, checkbox_id).click()
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "button[value=vorschau]"))
    wait_for(driver, ".release-preview")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, ".release-preview button[value=freigeben]"))
    assert "freigegeben" in wait_for(driver, "[role=status]").text


def test_an_indicator_made_in_the_web_ui_reaches_the_public_map(server, driver, shots):
    open_as_staff(driver, server + "/intern/verwaltung/indikatoren/neu", "#i-formel")
    driver.find_element(By.ID, "i-schluessel").send_keys("sgb2_u15_je_u3")
    driver.find_element(By.ID, "i-name").send_keys("Kinder im SGB II je Kind unter 3")
    driver.find_element(By.ID, "i-einheit").send_keys("je 100")
    driver.find_element(By.ID, "i-thema").send_keys("Soziale Lage")
    Select(driver.find_element(By.ID, "i-polaritaet")).select_by_value("need")
    # The page's script checks the formula while it is typed: an unclosed bracket is marked.
    driver.find_element(By.ID, "i-formel").send_keys("per100(sgb2_u15, ew_0_2")
    problem = wait_for(driver, "#vorschau .formula-problem")
    assert "„)“ erwartet" in problem.text, problem.text
    assert driver.find_element(By.CSS_SELECTOR, "#vorschau pre.formula-caret mark") is not None
    shots(driver, "indikator-formelfehler")
    driver.find_element(By.ID, "i-formel").send_keys(")")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#vorschau table.preview-values"))
    preview = driver.find_element(By.ID, "vorschau").text
    assert "Stand 31.12.2025" in preview and "Gesamtstadt" in preview and "Nordertor" in preview, preview
    # Without the script the same preview comes from the button.
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "button[value=vorschau]"))
    assert "Vorschau auf den aktuellen Daten" in wait_for(driver, "#h-vorschau").text
    shots(driver, "indikator-vorschau")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "button[value=speichern]"))
    status = wait_for(driver, "[role=status]").text
    assert "„Kinder im SGB II je Kind unter 3“ gespeichert" in status, status
    assert "/intern/verwaltung/indikatoren?meldung=" in driver.current_url, driver.current_url

    # Internal until released.
    assert public(server, "/indikator/sgb2_u15_je_u3") is None
    release_on_release_page(driver, server, "i-sgb2_u15_je_u3")
    page = public(server, "/indikator/sgb2_u15_je_u3")
    assert page is not None and "Kinder im SGB II je Kind unter 3" in page
    assert "<svg" in page and "Gesamtstadt 31.12.2025" in page
    assert "kein Wert" not in page

    # Editing makes a new version with a date; the form shows both.
    driver.get(server + "/intern/verwaltung/indikatoren/sgb2_u15_je_u3")
    wait_for(driver, "#i-formel")
    assert driver.find_element(By.ID, "i-schluessel").get_attribute("readonly") is not None
    driver.execute_script("document.getElementById('i-gueltig').value = '2024-01-01'")
    driver.find_element(By.ID, "i-name").clear()
    driver.find_element(By.ID, "i-name").send_keys("Kinder im SGB II je 100 Kinder unter 3")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "button[value=speichern]"))
    wait_for(driver, "[role=status]")
    driver.get(server + "/intern/verwaltung/indikatoren/sgb2_u15_je_u3")
    versions = wait_for(driver, "#i-formel") and driver.page_source
    assert "von Anfang an" in versions and "01.01.2024" in versions


def test_a_facility_edited_in_the_web_ui_is_public_once_released_again(server, driver, shots):
    before = public(server, "/indikator/kinderarmut?einr=jugend")
    assert "Jugendtreff am Bahnhof" in before
    open_as_staff(driver, server + "/intern/verwaltung/einrichtungen", "table.admin")
    row = driver.find_element(By.XPATH, "//tr[th[normalize-space()='Jugendtreff am Bahnhof']]")
    navigate(driver, row.find_element(By.LINK_TEXT, "Bearbeiten"))
    name = wait_for(driver, "#f-name")
    name.clear()
    name.send_keys("Jugendtreff Bahnhof (Haus der Jugend)")
    driver.find_element(By.ID, "f-plaetze").clear()
    driver.find_element(By.ID, "f-plaetze").send_keys("35")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]"))
    assert "gespeichert" in wait_for(driver, "[role=status]").text
    assert "/intern/verwaltung/einrichtungen?meldung=" in driver.current_url, driver.current_url
    row = driver.find_element(By.XPATH, "//tr[th[normalize-space()='Jugendtreff Bahnhof (Haus der Jugend)']]")
    assert "intern" in row.text and "35" in row.text
    shots(driver, "einrichtungen")

    # A changed facility is internal: the public map shows neither the old nor the new name.
    page = public(server, "/indikator/kinderarmut?einr=jugend")
    assert "Jugendtreff am Bahnhof" not in page and "Haus der Jugend" not in page
    navigate(driver, row.find_element(By.XPATH, ".//button[normalize-space()='Freigeben']"))
    assert "freigegeben" in wait_for(driver, "[role=status]").text
    page = public(server, "/indikator/kinderarmut?einr=jugend")
    assert "Jugendtreff Bahnhof (Haus der Jugend) (Jugendzentrum, 35 Plätze)" in page


def test_an_area_note_appears_in_the_public_profile_after_release(server, driver, shots):
    text = "Seit 2025 entsteht am Deich das Baugebiet „Weserblick“ mit 120 Wohnungen; der Zuzug junger Familien hebt die Kinderzahl."
    open_as_staff(driver, server + "/intern/verwaltung/notizen", "table.admin")
    navigate(driver, driver.find_element(By.XPATH, "//tr[th[contains(., '(SR07)')]]").find_element(By.LINK_TEXT, "Schreiben"))
    wait_for(driver, "#n-text").send_keys(text)
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]"))
    assert "gespeichert" in wait_for(driver, "[role=status]").text
    assert "Weserblick" not in public(server, "/gebiet/SR07")

    # The internal profile shows it, flagged as not released.
    driver.get(server + "/intern/gebiet/SR07")
    note = wait_for(driver, "section.area-note").text
    assert "Weserblick" in note and "noch nicht freigegeben" in note

    driver.get(server + "/intern/verwaltung/notizen")
    row = wait_for(driver, "table.admin") and driver.find_element(By.XPATH, "//tr[th[contains(., '(SR07)')]]")
    navigate(driver, row.find_element(By.XPATH, ".//button[normalize-space()='Freigeben']"))
    assert "freigegeben" in wait_for(driver, "[role=status]").text
    profile = public(server, "/gebiet/SR07")
    assert "Hinweis der Verwaltung" in profile and "Baugebiet „Weserblick“ mit 120 Wohnungen" in profile
    assert "noch nicht freigegeben" not in profile
    assert "Baugebiet „Weserblick“" in public(server, "/bericht")
    driver.get(server + "/gebiet/SR07")
    wait_for(driver, "section.area-note")
    shots(driver, "steckbrief-notiz")
