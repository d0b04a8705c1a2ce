"""Fixtures for the browser tests: a real Quartier server on loopback with the demo town, and a
real headless Chromium driven by Selenium."""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("QUARTIER_BINARY", os.path.join(ROOT, ".build", "debug", "quartier"))
STAFF_PASSWORD = "Browser-Test-2026!"
SCREENSHOTS = os.environ.get("QUARTIER_SCREENSHOT_DIR", os.path.join(tempfile.gettempdir(), "quartier-screenshots"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    tmp = tempfile.mkdtemp(prefix="quartier-browser-")
    port = free_port()
    db = os.path.join(tmp, "atlas.sqlite")
    # A staff account for the tests of the internal part (password from the environment, as documented).
    subprocess.run([BINARY, "user", "add", "--db", db, "--login", "redaktion", "--name", "Rita Redaktion", "--town", "stadt",
                    "--role", "admin", "--cost", "4"], env={**os.environ, "QUARTIER_PASSWORD": STAFF_PASSWORD}, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc = subprocess.Popen([BINARY, "serve", "--demo", "--db", os.path.join(tmp, "atlas.sqlite"), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("the server did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def driver():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    yield d
    d.quit()


@pytest.fixture(scope="session")
def shots():
    os.makedirs(SCREENSHOTS, exist_ok=True)
    return lambda driver, name: driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))


def open_as_staff(driver, url, ready_css):
    """Opens a staff page, logging in as the test's editor first if the login form comes."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(url)
    if "/anmelden" in driver.current_url:
        driver.find_element(By.ID, "login").send_keys("redaktion")
        driver.find_element(By.ID, "password").send_keys(STAFF_PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form.admin-form button[type=submit]").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ready_css)))


def navigate(driver, element):
    """Clicks a button or link that loads a page and waits until the new page has loaded, so the
    next lookup cannot find an element of the page before."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    driver.execute_script("window.quartierOldPage = true")
    element.click()

    def new_page_loaded(d):
        # While the old document is torn down, Chromium may answer "node does not belong to the
        # document" instead of a stale-element error; either means: not there yet.
        try:
            return d.execute_script("return !window.quartierOldPage && document.readyState === 'complete'")
        except WebDriverException:
            return False

    WebDriverWait(driver, 15).until(new_page_loaded)
