#!/usr/bin/env python3
"""A department officer in a real browser (headless Chromium), in Vietnamese, by clicking: she
records a milestone done with a reason chosen from the list, moves a forecast later without a
reason and reads why it is refused, then gives one and reads "Tài chính: …" on the project page
and in the sentence saying why the COD is late; then one English pass. Screenshots of the project
page, the milestone form and /alerts at 1366 and 390 px wide go to the build folder (or
$TIENDO_SCREENSHOTS) for a person to look at."""
import os
import re

import common
from common import check

common.browser_or_skip()

SHOTS = os.environ.get("TIENDO_SCREENSHOTS") or os.path.join(
    os.path.dirname(os.path.abspath(common.TIENDO or ".")), "screenshots-labels")
os.makedirs(SHOTS, exist_ok=True)

workspace = common.Workspace("browserlabels")
cli = workspace.cli
cli("init")
cli("project", "add", "CT-GIO-1", "--name", "Điện gió Cần Thơ 1", "--technology", "wind_onshore",
    "--province", "Cần Thơ", "--capacity", "48", "--target-cod", "2027-06-30")
cli("project", "add", "CT-LINE", "--name", "Đường dây 110 kV Cần Thơ", "--technology", "grid",
    "--province", "Cần Thơ")
cli("milestone", "add", "CT-LINE:grid_line_energized", "--planned", "2027-03-31",
    "--forecast", "2028-03-31", "--reason", "grid:chờ đóng điện trạm 220 kV")
cli("milestone", "add", "CT-GIO-1:site_clearance", "--planned", "2026-06-30", "--duration", "60")
cli("milestone", "add", "CT-GIO-1:construction_start", "--planned", "2026-09-30",
    "--duration", "30")
cli("milestone", "add", "CT-GIO-1:cod", "--planned", "2027-06-30", "--forecast", "2027-08-31",
    "--duration", "30")
cli("depend", "add", "CT-LINE:grid_line_energized", "CT-GIO-1:cod")
cli("depend", "add", "CT-GIO-1:construction_start", "CT-GIO-1:cod")
workspace.add_account("lan", "editor", "Cần Thơ")
server = workspace.serve()
browser = None


def click_edit(browser, label):
    """Clicks "Sửa" on the milestone row that shows `label`."""
    for row in browser.find("table.milestones tbody tr, table.milestones tr"):
        if label in row.text:
            links = row.find_elements("css selector", "a.button")
            if links:
                links[0].click()
                return True
    return False


def shots(name):
    for width in (1366, 390):
        browser.resize(width)
        path = os.path.join(SHOTS, f"{name}-{width}.png")
        browser.screenshot(path)
        check(f"{name} at {width} px does not scroll sideways", not browser.scrolls_sideways(),
              browser.driver.current_url)
    browser.resize(1366)


try:
    browser = common.Browser(server)
    browser.login("lan")
    browser.open("/projects/CT-GIO-1")
    text = browser.text()
    check("the project page names the milestones by their labels",
          "Bồi thường, giải phóng mặt bằng" in text and "Vận hành thương mại (COD)" in text,
          text[:500])

    # Record site clearance done, with a reason from the list.
    check("the officer finds 'Sửa' on the site clearance row",
          click_edit(browser, "Bồi thường, giải phóng mặt bằng"), browser.text()[:500])
    browser.driver.implicitly_wait(5)
    shots("milestone-form")
    browser.fill("actual", "15/09/2026")
    browser.fill("reason_category", "Tài chính")
    browser.fill("reason_text", "nhà thầu thiếu vốn")
    browser.fill("source", "CV 12/SCT")
    browser.submit()
    text = browser.text()
    check("saving returns to the project page with a saved line",
          "/projects/CT-GIO-1" in browser.driver.current_url and "Đã lưu" in text, text[:400])
    check("the project page shows 'Tài chính: nhà thầu thiếu vốn' and the source",
          "Tài chính: nhà thầu thiếu vốn" in text and "CV 12/SCT" in text, text[:900])
    check("no raw category code on the page", "financing:" not in text, "")

    # Move the COD's forecast later without a reason: refused, saying why.
    click_edit(browser, "Vận hành thương mại (COD)")
    browser.fill("forecast", "31/12/2027")
    browser.submit()
    text = browser.text()
    check("a forecast moved later without a reason is refused, saying why in Vietnamese",
          "Chưa lưu gì" in text and "hãy chọn nhóm lý do chậm" in text and "31/12/2027" in text,
          text[:900])
    shots("milestone-form-refused")
    browser.fill("reason_category", "Tài chính")
    browser.fill("reason_text", "chủ đầu tư chưa thu xếp đủ vốn")
    browser.submit()
    text = browser.text()
    check("with a reason it is saved",
          "Đã lưu" in text and "Tài chính: chủ đầu tư chưa thu xếp đủ vốn" in text, text[:900])
    sentence = re.search(r"Vận hành thương mại \(COD\) chậm .*", text)
    check("the driver sentence says why the COD is late, with each milestone's reason",
          sentence and "lý do: tài chính: chủ đầu tư chưa thu xếp đủ vốn" in sentence.group(0) and
          "vì CT-LINE: Đóng điện đường dây chưa xong (dự báo 31/03/2028, lý do: lưới điện: chờ "
          "đóng điện trạm 220 kV)" in sentence.group(0),
          sentence.group(0) if sentence else text[:900])
    shots("project")
    browser.open("/alerts")
    text = browser.text()
    check("/alerts shows the reason by its label", "Tài chính: chủ đầu tư" in text and
          "financing:" not in text, text[:900])
    shots("alerts")

    # One English pass over the same pages.
    browser.open("/projects/CT-GIO-1?lang=en")
    text = browser.text()
    check("English: milestones by their English labels and the driver sentence",
          "commercial operation" in text and "because CT-LINE: line energised is not done" in text,
          text[:900])
    click_edit(browser, "site clearance")
    check("English: the form's reason list reads in English",
          "Financing" in browser.text() and "Category" in browser.text(), browser.text()[:600])
    shots("milestone-form-en")
finally:
    if browser:
        browser.quit()
    server.stop()
common.finish()
