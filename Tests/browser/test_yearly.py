"""The yearly cycle in a real browser (issue 19): a table with one variable for a new year is
uploaded, the release preview says which indicators move and which wait for the rest of the year,
and after the release the public start page, every indicator page and the profile still show their
values, the new year only where an indicator is complete."""
import json
import os
import re
import tempfile
import urllib.request

from selenium.webdriver.common.by import By

from conftest import navigate, open_as_staff
from test_upload import click_and_wait_for_next_page, wait_for


def public(server, path):
    with urllib.request.urlopen(server + path + ("&" if "?" in path else "?") + "frisch=" + os.urandom(4).hex()) as r:
        return r.read().decode("utf-8")


def no_value_count(html):
    return html.count("kein Wert")


def test_a_new_year_for_one_variable_moves_only_what_it_completes(server, driver, shots):
    indicators = [i["key"] for i in json.loads(public(server, "/api/indicators"))]
    before = {k: no_value_count(public(server, f"/indikator/{k}")) for k in indicators}
    profile_before = no_value_count(public(server, "/gebiet/SR06"))

    tmp = tempfile.mkdtemp(prefix="quartier-yearly-")
    path = os.path.join(tmp, "einwohner-2027.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("Gebiet;Variable;Jahr;Wert\n")
        for i in range(1, 17):
            f.write(f"SR{i:02d};ew_gesamt;2027;{1900 + 7 * i}\n")
    open_as_staff(driver, server + "/intern/verwaltung/hochladen", "#datei")
    driver.find_element(By.ID, "datei").send_keys(path)
    assert click_and_wait_for_next_page(driver, driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]")) == "Vorschau: einwohner-2027.csv"
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/uebernehmen'] button"))
    wait_for(driver, "[role=status]")

    driver.get(server + "/intern/verwaltung")
    driver.find_element(By.ID, "d-ew_gesamt-2027-12-31").click()
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "button[value=vorschau]"))
    preview = wait_for(driver, ".release-preview").text
    assert "Einwohnerinnen und Einwohner: Stand 31.12.2025 → 31.12.2027" in preview, preview
    assert "Teiljahr: „Anteil Kinder unter 3 Jahren“ bleibt bei Stand 31.12.2025" in preview, preview
    shots(driver, "freigabe-vorschau")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, ".release-preview button[value=freigeben]"))
    assert "freigegeben" in wait_for(driver, "[role=status]").text

    assert "Stichtag: 31.12.2025" in public(server, "/")
    for k in indicators:
        page = public(server, f"/indikator/{k}")
        assert no_value_count(page) <= before[k], k
        shown = re.search(r"Gesamtstadt (\d\d\.\d\d\.\d{4})", page).group(1)
        # Population and its five-year change (2022 to 2027) are complete in 2027; the rest wait.
        assert shown == ("31.12.2027" if k in ("einwohner", "bevoelkerungsentwicklung_5") else "31.12.2025"), (k, shown)
    profile = public(server, "/gebiet/SR06")
    assert no_value_count(profile) <= profile_before
    assert "Stand 31.12.2027" in profile
    driver.get(server + "/gebiet/SR06")
    shots(driver, "profil-nach-teiljahr")
