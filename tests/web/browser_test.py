#!/usr/bin/env python3
"""A real browser (headless Chromium driven by Selenium) through the web workspace.

Usage (from the source directory):
    python3 tests/web/browser_test.py PATH_TO_TIENDO [BUILD_DIR]

It builds a demo database, adds an admin, starts `tiendo serve` and, as a person would: logs in
through the form; opens a project's milestone form, sets a forecast years late and submits it;
sees the COD slip on /alerts (a new alert for the project, or more days on it); uploads two CSV
files on /import, reads the preview, confirms, and finds the project on /projects?q=...
Screenshots go to BUILD_DIR (default ./build): screenshot-alerts.png and screenshot-import.png.

Exit 0 when every step passed, 1 otherwise. When Chromium or chromedriver is not installed the
test is skipped (exit 0) with a message saying so; `make deps` installs both.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

if len(sys.argv) not in (2, 3):
    sys.exit("usage: browser_test.py PATH_TO_TIENDO [BUILD_DIR]")
TIENDO = os.path.abspath(sys.argv[1])
BUILD = os.path.abspath(sys.argv[2] if len(sys.argv) == 3 else "build")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else \
    shutil.which("chromedriver")
if not CHROMIUM or not CHROMEDRIVER:
    print("SKIPPED: browser_test needs chromium and chromedriver "
          "(Debian: apt-get install chromium chromium-driver; `make deps` does it)")
    sys.exit(0)

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    # Debian's python3-selenium belongs to Debian's Python; another python3 first on the PATH
    # (pyenv, a virtual environment) does not see it, so the test runs itself again with that one.
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    # Chromium is there, so the browser test is meant to run: a missing Selenium is a failure.
    print("FAIL: python3-selenium is not installed (Debian: apt-get install python3-selenium)")
    sys.exit(1)

WORK = tempfile.mkdtemp(prefix="tiendo-browser-")
ENV = dict(os.environ, USER="browsertester", LC_ALL="C.UTF-8")
ENV.pop("TIENDO_DB", None)
DB = os.path.join(WORK, "browser.db")
PASSWORD = "browser-test-password"
FAILED = []


def check(name, ok, detail=""):
    if ok:
        print(f"ok    {name}", flush=True)
    else:
        FAILED.append(name)
        print(f"FAIL  {name}\n      {detail}", flush=True)
    return bool(ok)


def cli(*args, stdin=None):
    process = subprocess.run([TIENDO, "--db", DB, *args], input=stdin, capture_output=True,
                             text=True, env=ENV, cwd=WORK, timeout=120)
    if process.returncode != 0:
        raise RuntimeError(f"tiendo {' '.join(args)}: {process.stderr.strip()[:400]}")
    return process.stdout


def start_server():
    process = subprocess.Popen([TIENDO, "serve", "--db", DB, "--listen", "127.0.0.1:0"],
                               stdout=subprocess.PIPE,
                               stderr=open(os.path.join(WORK, "serve.stderr"), "wb"),
                               env=ENV, cwd=WORK)
    line = process.stdout.readline().decode()
    match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\n", line)
    if not match:
        process.kill()
        raise RuntimeError(f"tiendo serve printed {line!r}")
    return process, match.group(1)


def open_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=vi"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver


def cod_slip_days(driver, base, code):
    """The days of the project's COD slip alert on /alerts (None when it has none)."""
    driver.get(f"{base}/alerts?kind=cod_slip&min_severity=info")
    for row in driver.find_elements(By.CSS_SELECTOR, "table tbody tr"):
        project = row.find_elements(By.CSS_SELECTOR, 'td[data-label="Mã dự án"]')
        days = row.find_elements(By.CSS_SELECTOR, 'td[data-label="Số ngày"]')
        if project and days and project[0].text.strip() == code:
            return int(re.sub(r"\D", "", days[0].text) or "0")
    return None


def pick_milestone():
    """An unfinished cod milestone of a plant, so that a later forecast is a COD slip."""
    milestones = json.loads(cli("milestone", "list", "--format", "json"))["milestones"]
    projects = {p["code"]: p for p in json.loads(cli("project", "list", "--format", "json"))
                ["projects"]}
    for row in milestones:
        project = projects.get(row["project"], {})
        if row["key"] == "cod" and not row.get("actual") and \
                project.get("technology") not in (None, "grid") and row.get("planned"):
            return row["project"], row["key"]
    raise RuntimeError("the demo has no unfinished cod milestone")


def main():
    os.makedirs(BUILD, exist_ok=True)
    cli("demo")
    cli("user", "add", "admin", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    code, key = pick_milestone()
    server, base = start_server()
    driver = None
    try:
        driver = open_browser()
        wait = WebDriverWait(driver, 30)

        # Log in through the form, as a person does.
        driver.get(f"{base}/alerts")
        check("an anonymous visit to /alerts lands on the login form",
              "/login" in driver.current_url, driver.current_url)
        driver.find_element(By.NAME, "username").send_keys("admin")
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait.until(lambda d: "/login" not in d.current_url)
        check("logging in through the form leads back to /alerts",
              driver.current_url.startswith(f"{base}/alerts"), driver.current_url)

        # A forecast years late on the milestone form makes (or deepens) a COD slip alert.
        before = cod_slip_days(driver, base, code)
        driver.get(f"{base}/projects/{code}/milestones/{key}")
        forecast = driver.find_elements(By.NAME, "forecast")
        if not check(f"the milestone form of {code}:{key} has a forecast field", forecast,
                     driver.page_source[:400]):
            return
        forecast[0].clear()
        forecast[0].send_keys("2045-12")
        # A forecast moved later needs its reason, chosen from the list.
        from selenium.webdriver.support.ui import Select
        Select(driver.find_element(By.NAME, "reason_category")).select_by_value("grid")
        reason = driver.find_element(By.NAME, "reason_text")
        reason.clear()
        reason.send_keys("đường dây chưa đóng điện (browser test)")
        forecast[0].submit()
        wait.until(lambda d: "/milestones/" not in d.current_url)
        check(f"submitting the form returns to /projects/{code}",
              driver.current_url.split("?")[0] == f"{base}/projects/{code}", driver.current_url)
        after = cod_slip_days(driver, base, code)
        check(f"/alerts shows {code}'s COD slip appear or grow ({before} -> {after} days)",
              after is not None and (before is None or after > before), f"{before} -> {after}")
        driver.get(f"{base}/alerts?kind=cod_slip")
        driver.save_screenshot(os.path.join(BUILD, "screenshot-alerts.png"))

        # Import two files: the preview, then the confirmation.
        folder = os.path.join(WORK, "upload")
        os.makedirs(folder)
        projects_path = os.path.join(folder, "projects.csv")
        milestones_path = os.path.join(folder, "milestones.csv")
        with open(projects_path, "w", encoding="utf-8") as handle:
            handle.write("code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,"
                         "stage,target_cod,lat,lon,site,source\n"
                         "ZZ-BROWSER-1,Điện mặt trời Trình Duyệt,solar_farm,Ninh Thuận,48,,"
                         "Công ty Thử nghiệm,,proposed,,,,,browser test\n")
        with open(milestones_path, "w", encoding="utf-8") as handle:
            handle.write("project,key,name,duration_days,planned,actual_start,actual,forecast,"
                         "reason,source\n"
                         "ZZ-BROWSER-1,cod,Vận hành thương mại,0,2027-06,,,,,browser test\n")
        driver.get(f"{base}/import")
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(
            projects_path + "\n" + milestones_path)
        driver.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
        wait.until(expected_conditions.presence_of_element_located(
            (By.CSS_SELECTOR, "form.confirm")))
        preview = driver.find_element(By.TAG_NAME, "main").text
        check("the import preview says 1 project and 1 milestone would be added, nothing written",
              "thêm 1" in preview and "chạy thử" in preview.lower(), preview[:400])
        listed = json.loads(cli("project", "list", "--format", "json"))["projects"]
        check("... and the preview wrote nothing",
              all(p["code"] != "ZZ-BROWSER-1" for p in listed), "")
        driver.save_screenshot(os.path.join(BUILD, "screenshot-import.png"))
        driver.find_element(By.CSS_SELECTOR, "form.confirm button[type=submit]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.notice") and
                   not d.find_elements(By.CSS_SELECTOR, "form.confirm"))
        done = driver.find_element(By.TAG_NAME, "main").text
        check("confirming imports the files", "đã nhập" in done, done[:400])
        driver.get(f"{base}/projects?q=trinh duyet")
        check("the imported project is found on /projects?q=trinh duyet",
              "ZZ-BROWSER-1" in driver.find_element(By.TAG_NAME, "body").text,
              driver.page_source[:400])
    except Exception as error:  # noqa: BLE001 - reported as a failure with its page
        import traceback
        page = driver.current_url if driver else ""
        check("the browser session ran to the end", False,
              f"{type(error).__name__}: {error} at {page}\n{traceback.format_exc()}")
    finally:
        if driver:
            driver.quit()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    shutil.rmtree(WORK, ignore_errors=True)
    print(f"{'FAILED' if FAILED else 'passed'}: {len(FAILED)} failures", flush=True)


if __name__ == "__main__":
    started = time.monotonic()
    main()
    sys.exit(1 if FAILED else 0)
