#!/usr/bin/env python3
"""A department officer of Bạc Liêu, in a real browser (headless Chromium), in Vietnamese, by
clicking: she uploads the contractor's P6 schedule of a wind farm (Windows-1258) on the import
page with its province, technology and capacity, reads the preview (the project, its calendars,
the activities that would be skipped), picks the COD among the activities, confirms, follows the
link to the project and opens the activities grouped under the key milestone they lead to. Then
the English pass: an admin imports a real P6 export (HS2, 3,000 activities), and the wind farm's
page in English.
Screenshots of the import form, the preview, the result and the project's activities, at 1366 and
390 px wide, go to SHOTS_DIR (default build/screenshots-contractor-import); no page may scroll
sideways at 390 px.

Usage (from the source directory):  python3 tests/web/browser_contractor_import_test.py TIENDO
"""
import os
import time

import common
from common import check

common.browser_or_skip()
SHOTS = os.environ.get("SHOTS_DIR", os.path.join("build", "screenshots-contractor-import"))
os.makedirs(SHOTS, exist_ok=True)
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(SOURCE, "fixtures", "p6", "synthetic-vn-1258.xer")
HS2 = os.path.join(SOURCE, "fixtures", "external", "p6", "pyp6xer-sp10-cost-loaded.xer")

workspace = common.Workspace("browsercontractor")
workspace.cli("init")
workspace.add_account("lan", "editor", "Bạc Liêu")
workspace.add_account("admin", "admin")
server = workspace.serve()
browsers = []


def shot(browser, name):
    path = os.path.join(SHOTS, name)
    browser.screenshot(path)
    return path


def upload(browser, path, fields):
    browser.find("form.schedule input[name=schedule_file]")[0].send_keys(path)
    for name, value in fields:
        browser.fill(name, value)
    browser.submit("form.schedule button[type=submit]")


def narrow_ok(phone, path, label):
    phone.open(path)
    check(f"{label}: nothing scrolls sideways at 390 px", not phone.scrolls_sideways(),
          phone.driver.current_url)


try:
    desk = common.Browser(server)
    phone = common.Browser(server, width=390)
    browsers += [desk, phone]
    for browser in browsers:
        browser.login("lan")

    desk.open("/import")
    check("vi: the import page offers the contractor's schedule",
          "Tiến độ của nhà thầu" in desk.text(), desk.text()[:800])
    shot(desk, "import-1366.png")
    phone.open("/import")
    check("vi: the import page fits 390 px", not phone.scrolls_sideways())
    shot(phone, "import-390.png")

    # A bad file: the problem named in Vietnamese, the form again.
    phone.open("/import")
    upload(phone, os.path.join(SOURCE, "tests", "cli", "data", "xer", "bad_date.xer"),
           [("province", "Bạc Liêu"), ("technology", "wind_nearshore")])
    check("vi: a bad file is refused naming table, row and field in Vietnamese",
          "bảng TASK hàng 4" in phone.text() and "không phải ngày giờ" in phone.text(),
          phone.text()[:1500])
    check("vi: the refusal fits 390 px", not phone.scrolls_sideways())
    shot(phone, "refused-390.png")

    for browser, width in ((desk, 1366), (phone, 390)):
        browser.open("/import")
        upload(browser, FIXTURE, [("province", "Bạc Liêu"), ("technology", "wind_nearshore"),
                                  ("capacity_mw", "141")])
        text = browser.text()
        check(f"vi {width}: the preview names the project, its calendar and what is skipped",
              "Xem trước" in browser.driver.title or "Điện gió Bạc Liêu 3" in text)
        check(f"vi {width}: the Vietnamese names read right (Windows-1258)",
              "Điện gió Bạc Liêu 3" in text and "Lịch công trường 6 ngày" in text
              and "Quản lý dự án" in text and "công việc hỗ trợ (LOE)" in text, text[:2000])
        check(f"vi {width}: the preview does not scroll sideways", not browser.scrolls_sideways())
        shot(browser, f"preview-{width}.png")
    check("vi: nothing written by the previews",
          workspace.cli_json("project", "list")["projects"] == [])

    # She picks the COD among the activities and confirms (on the desk).
    desk.fill("cod", "COD")
    desk.submit("form.confirm button[type=submit]")
    text = desk.text()
    check("vi: the confirmation says it was saved", "Đã lưu" in text, text[:1500])
    shot(desk, "result-1366.png")
    desk.find("main a[href='/projects/DG-BACLIEU-3']")[0].click()
    time.sleep(0.5)
    check("vi: the link opens the project", "DG-BACLIEU-3" in desk.driver.title,
          desk.driver.title)
    summaries = desk.find("details.activity-group > summary")
    check("vi: the activities are grouped under the key milestones",
          summaries and "Vận hành thương mại (COD)" in summaries[0].text,
          [s.text for s in summaries])
    for summary in summaries:
        summary.click()
    text = desk.text()
    check("vi: opened, a group lists the activities with their calendar and dd/mm/yyyy dates",
          "Đổ bê tông móng trụ tuốc-bin" in text and "dg-baclieu-3-10" in text
          and "/2027" in text, text[-3000:])
    desk.driver.execute_script(
        "document.getElementById('activities').scrollIntoView()")
    shot(desk, "project-activities-1366.png")
    phone.open("/projects/DG-BACLIEU-3")
    for summary in phone.find("details.activity-group > summary"):
        phone.driver.execute_script("arguments[0].click()", summary)
    check("vi: the project page with its activities open fits 390 px",
          not phone.scrolls_sideways())
    shot(phone, "project-activities-390.png")
    phone.driver.execute_script("document.getElementById('activities').scrollIntoView()")
    phone.driver.save_screenshot(os.path.join(SHOTS, "project-activities-390-section.png"))

    # English: an admin imports a real P6 export (HS2).
    english = common.Browser(server, language="en")
    browsers.append(english)
    english.login("admin")
    english.open("/import?lang=en")
    upload(english, HS2, [("province", "Hà Nội"), ("technology", "grid"), ("code", "HS2")])
    text = english.text()
    check("en: the preview of the HS2 export", "Projects in the file" in text
          and "HS2" in text, text[:1500])
    shot(english, "preview-hs2-en-1366.png")
    english.fill("cod", "P1EWCC-AWP01-5810")
    english.submit("form.confirm button[type=submit]")
    check("en: the HS2 export is imported", "Saved." in english.text(), english.text()[:1500])
    # The HS2 project's whole page (its milestone table, Gantt and link forms of 3,000
    # activities: 21 MB) is more than a browser opens in time; its activities are checked over
    # HTTP in web.contractor_import_test. Here the English page of the wind farm.
    english.open("/projects/DG-BACLIEU-3?lang=en")
    summaries = english.find("details.activity-group > summary")
    check("en: the activities are grouped, under 'commercial operation'",
          "Contractor's activities" in english.text() and summaries
          and "commercial operation" in summaries[0].text.lower(),
          [s.text for s in summaries][:5])
    english.driver.execute_script("arguments[0].click()", summaries[0])
    english.driver.execute_script("document.getElementById('activities').scrollIntoView()")
    english.driver.save_screenshot(os.path.join(SHOTS, "project-activities-en-1366.png"))
finally:
    for browser in browsers:
        browser.quit()
    server.stop()
    workspace.remove()
common.finish()
