#!/usr/bin/env python3
"""A department officer finds one activity of a contractor's large schedule and records its
progress, in a real browser (issue 31 §4).

Hoa, an editor of Hà Nội, opens the project page of HS2 (pyp6xer's P6 export, 3,991 activities),
which loads at once (under 1 MB): she types the activity's ID into the search box, clicks the one
activity found, types its actual start in the form (dd/mm/yyyy), saves, and reads "Đã lưu" on
the project page; then she opens the second page of the group from the project page and reaches
an activity from there (two clicks). At 390 px the project page and the search's answer keep
within the screen. All in Vietnamese, with one English pass. Screenshots of the project page (HS2
and a small project) and the search at 1366 and 390 px are left in $TIENDO_SCREENSHOTS (or a
temporary folder, printed).

Usage: browser_activities_test.py PATH_TO_TIENDO
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import check  # noqa: E402

common.browser_or_skip()

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HS2 = os.path.join(SOURCE, "fixtures", "external", "p6", "pyp6xer-sp10-cost-loaded.xer")
SHOTS = os.environ.get("TIENDO_SCREENSHOTS") or tempfile.mkdtemp(prefix="tiendo-activities-")
os.makedirs(SHOTS, exist_ok=True)
ACTIVITY = "P1EWCC-FWP03-5730"


def click(browser, selector):
    from selenium.webdriver.support.ui import WebDriverWait
    old = browser.driver.find_element("tag name", "html")
    browser.find(selector)[0].click()
    WebDriverWait(browser.driver, 60).until(lambda driver: not _alive(old))
    WebDriverWait(browser.driver, 60).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete")


def _alive(element):
    from selenium.common.exceptions import WebDriverException
    try:
        element.is_enabled()
        return True
    except WebDriverException:
        return False


def record_progress(browser, english):
    word = (lambda en, vi: en) if english else (lambda en, vi: vi)
    suffix = "?lang=en" if english else ""
    browser.open("/projects/HS2" + suffix)
    check(f"[{word('en', 'vi')}] the project page offers the search",
          word("Find an activity", "Tìm công việc") in browser.text(), browser.text()[:500])
    browser.fill("q", ACTIVITY.lower() if not english else ACTIVITY)
    browser.submit("form.activity-search button[type=submit]")
    found = browser.text()
    check(f"[{word('en', 'vi')}] the search finds the activity by its ID",
          word("1 found for", "Tìm thấy 1 cho") in found and ACTIVITY in found, found[:1500])
    if not english:
        browser.screenshot(os.path.join(SHOTS, "search-1366.png"))
    click(browser, "table.activities td a")
    check(f"[{word('en', 'vi')}] its form opens", browser.field("actual_start") is not None,
          browser.driver.current_url)
    browser.fill("actual_start", "2026-11-21" if english else "20/11/2026")
    browser.submit("form.edit-form button[type=submit]")
    check(f"[{word('en', 'vi')}] the progress is saved and said so",
          "/projects/HS2" in browser.driver.current_url
          and word("Saved", "Đã lưu") in browser.text(), browser.text()[:800])


workspace = common.Workspace("browseractivities")
workspace.cli("init")
workspace.cli("import", HS2, "--province", "Hà Nội", "--technology", "grid", "--code", "HS2")
workspace.cli("project", "add", "SMALL", "--name", "Điện mặt trời Sóc Sơn", "--province", "Hà Nội",
              "--technology", "solar_farm", "--capacity", "50")
for key, planned in (("site_clearance", "2027-01-15"), ("construction_start", "2027-03-01"),
                     ("cod", "2028-06-30")):
    workspace.cli("milestone", "add", f"SMALL:{key}", "--planned", planned)
workspace.cli("depend", "add", "SMALL:construction_start", "SMALL:cod")
workspace.add_account("hoa", "editor", "Hà Nội")
server = workspace.serve()
print(f"      screenshots in {SHOTS}")
try:
    wide = common.Browser(server, width=1366)
    phone = common.Browser(server, width=390)
    try:
        wide.login("hoa")
        phone.login("hoa")
        for name, path in (("hs2", "/projects/HS2"), ("small", "/projects/SMALL"),
                           ("hs2-group-page", "/projects/HS2/activities?group=none&page=2")):
            wide.open(path)
            wide.screenshot(os.path.join(SHOTS, f"{name}-1366.png"))
            phone.open(path)
            phone.screenshot(os.path.join(SHOTS, f"{name}-390.png"))
            check(f"{path} at 390 px does not scroll sideways", not phone.scrolls_sideways(),
                  phone.driver.execute_script("return document.documentElement.scrollWidth"))
        record_progress(wide, english=False)
        shown = workspace.cli_json("milestone", "list", "--project", "HS2")["milestones"]
        check("the actual start is stored",
              [row.get("actual_start") for row in shown if row["key"] == "p1ewcc_fwp03_5730"]
              == ["2026-11-20"], "")
        # Two clicks: a page of the group from the project page, then an activity.
        wide.open("/projects/HS2")
        wide.driver.execute_script(
            "document.querySelectorAll('details.activity-group').forEach(d => d.open = true)")
        click(wide, 'nav.pager a[href*="page=2"]')
        check("the group's second page opens from the project page",
              "Trang 2 / " in wide.text(), wide.text()[:600])
        click(wide, "table.activities td a")
        check("an activity's form opens from it", wide.field("actual") is not None,
              wide.driver.current_url)
        record_progress(wide, english=True)
    finally:
        wide.quit()
        phone.quit()
finally:
    server.stop()
    workspace.remove()
common.finish()
