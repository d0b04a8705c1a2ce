"""The guided Excel import in a real browser (issue 17): a workbook with a column the atlas does
not know is mapped in the form, confirmed, and its values appear on the indicator page; the next
upload of the same source is read by the saved template without the mapping step."""
import os
import tempfile
import zipfile
from xml.sax.saxutils import escape

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import navigate, open_as_staff


def wait_for(driver, css):
    return WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def workbook(path, year, values):
    """A minimal XLSX as spreadsheet programs write it: shared strings, number cells."""
    strings = ["Gebiet", "Jahr", "Einwohnende insgesamt"]
    rows = [[("s", 0), ("s", 1), ("s", 2)]]
    for i, v in enumerate(values):
        strings.append(f"SR{i + 1:02d}")
        rows.append([("s", len(strings) - 1), ("n", year), ("n", v)])
    def col(c):
        return "ABC"[c]
    sheet = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        cells = "".join(f'<c r="{col(c)}{r}" t="s"><v>{v}</v></c>' if t == "s" else f'<c r="{col(c)}{r}"><v>{v}</v></c>' for c, (t, v) in enumerate(row))
        sheet.append(f'<row r="{r}">{cells}</row>')
    sheet.append("</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Einwohner" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
        z.writestr("xl/worksheets/sheet1.xml", "".join(sheet))


def click_and_wait_for_next_page(driver, button):
    """Clicks and waits until the page's heading changes; errors while the browser is between
    pages (a stale element, an inspector error) are retried, not failures."""
    before = driver.find_element(By.TAG_NAME, "h1").text
    button.click()
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.find_element(By.TAG_NAME, "h1").text != before)
    return wait_for(driver, "h1").text


def upload(driver, server, path):
    open_as_staff(driver, server + "/intern/verwaltung/hochladen", "#datei")
    driver.find_element(By.ID, "datei").send_keys(path)
    return click_and_wait_for_next_page(driver, driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]"))


def test_an_excel_upload_with_an_unknown_column_is_mapped_in_the_browser(server, driver, shots):
    tmp = tempfile.mkdtemp(prefix="quartier-upload-")
    first = os.path.join(tmp, "melderegister-2035.xlsx")
    workbook(first, 2035, [1501 + 10 * i for i in range(16)])
    assert upload(driver, server, first) == "Zuordnen: melderegister-2035.xlsx"
    shots(driver, "upload-zuordnen")
    Select(driver.find_element(By.ID, "v0")).select_by_value("ew_gesamt")
    driver.find_element(By.ID, "vorlage").send_keys("Melderegister (Browser)")
    assert click_and_wait_for_next_page(driver, driver.find_element(By.CSS_SELECTOR, "form.mapping button[type=submit]")) == "Vorschau: melderegister-2035.xlsx"
    assert "Vorlage „Melderegister (Browser)“" in driver.page_source
    shots(driver, "upload-vorschau")
    stored = driver.find_element(By.XPATH, "//h2[starts-with(., 'So würde gespeichert')]")
    driver.execute_script("arguments[0].scrollIntoView()", stored)
    assert "1.501" in driver.page_source
    shots(driver, "upload-vorschau-werte")
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/uebernehmen'] button"))
    assert "als Vorlage „Melderegister (Browser)“ gespeichert" in wait_for(driver, "[role=status]").text

    driver.get(server + "/intern/indikator/einwohner?jahr=2035")
    page = driver.page_source
    assert "1.501" in page and "1.651" in page, page[:2000]

    # The same source a year later: no mapping step, the template reads it.
    second = os.path.join(tmp, "melderegister-2036.xlsx")
    workbook(second, 2036, [1600 + i for i in range(16)])
    assert upload(driver, server, second) == "Vorschau: melderegister-2036.xlsx"
    assert "gleiche Spalten wie ein früherer Upload" in driver.page_source
    navigate(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/uebernehmen'] button"))
    wait_for(driver, "[role=status]")
    driver.get(server + "/intern/indikator/einwohner?jahr=2036")
    assert "1.615" in driver.page_source
