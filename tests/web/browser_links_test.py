#!/usr/bin/env python3
"""A department officer in Lạng Sơn, in a real browser (headless Chromium), in Vietnamese, by
clicking: she adds two milestones to her project and a dependency between them, changes its lag,
tries a link that would close a cycle and reads the refusal in Vietnamese naming the cycle, and
removes a milestone she entered by mistake, and links her farm's COD to the energising of a 110 kV
line of another province, found by typing words of its name without diacritics. Then one pass over
the same pages in English.
Screenshots of each form and of the project page's dependency section, at 1366 and 390 px wide,
go to SHOTS_DIR (default build/screenshots-links); no page may scroll sideways at 390 px.

Usage (from the source directory):  python3 tests/web/browser_links_test.py PATH_TO_TIENDO
"""
import os
import re

import common
from common import check

common.browser_or_skip()
SHOTS = os.environ.get("SHOTS_DIR", os.path.join("build", "screenshots-links"))
os.makedirs(SHOTS, exist_ok=True)

workspace = common.Workspace("browserlinks")
workspace.cli("init")
workspace.cli("project", "add", "LS-FARM", "--name", "Điện gió Lạng Sơn", "--technology",
              "wind_onshore", "--province", "Lạng Sơn")
workspace.cli("milestone", "add", "LS-FARM:cod", "--planned", "2027-06")
# The 110 kV line the farm waits for, in another province.
workspace.cli("project", "add", "CB-LINE-110", "--name", "Đường dây 110 kV Cao Bằng – Lạng Sơn",
              "--technology", "grid", "--province", "Cao Bằng")
workspace.cli("milestone", "add", "CB-LINE-110:grid_line_energized", "--planned", "2026-11")
workspace.add_account("hoa", "editor", "Lạng Sơn")
server = workspace.serve()
browsers = []


def add_link(browser, source, target, lag=None):
    """Fills the project page's form that adds a dependency (its lists are by label) and sends
    it: the other forms of the section carry fields of the same names, hidden."""
    from selenium.webdriver.support.ui import Select
    for name, value in (("from", source), ("to", target)):
        Select(browser.find(f"form.link-form select[name={name}]")[0]).select_by_value(value)
    if lag is not None:
        field = browser.find("form.link-form input[name=lag_days]")[0]
        field.clear()
        field.send_keys(lag)
    browser.submit("form.link-form button[type=submit]")


def shot(browser, name):
    path = os.path.join(SHOTS, name)
    browser.screenshot(path)
    return path


try:
    desk = common.Browser(server)
    phone = common.Browser(server, width=390)
    browsers += [desk, phone]
    for browser in browsers:
        browser.login("hoa")

    # Two milestones, chosen from the list by their Vietnamese labels.
    desk.open("/projects/LS-FARM")
    desk.find("a[href='/projects/LS-FARM/milestones/new']")[0].click()
    check("vi: the add-milestone page opens from the project page",
          "thêm mốc" in desk.text().lower(), desk.driver.current_url)
    shot(desk, "milestone-new-1366.png")
    phone.open("/projects/LS-FARM/milestones/new")
    shot(phone, "milestone-new-390.png")
    check("vi: the add-milestone form does not scroll sideways at 390 px",
          not phone.scrolls_sideways())
    from selenium.webdriver.support.ui import Select
    options = [o.text for o in Select(desk.field("key")).options]
    site = next((o for o in options if o.endswith("(site_clearance)")), None)
    check("vi: the milestone list shows Vietnamese labels", site and not site.startswith(
        "Site"), options[:5])
    desk.fill("key", site)
    desk.fill("planned", "01/2026")
    desk.fill("reason_category", "financing")
    desk.fill("reason_text", "nhà thầu thiếu vốn")
    desk.submit("main form.edit-form button[type=submit]")
    check("vi: the first milestone is saved", "Đã lưu" in desk.text(), desk.text()[:300])
    desk.open("/projects/LS-FARM/milestones/new")
    start = next(o for o in Select(desk.field("key")).options
                 if o.get_attribute("value") == "construction_start").text
    desk.fill("key", start)
    desk.fill("planned", "03/2026")
    desk.submit("main form.edit-form button[type=submit]")
    check("vi: the second milestone is saved", "Đã lưu" in desk.text(), desk.text()[:300])

    # A dependency between them, from the project page's form.
    add_link(desk, "LS-FARM:site_clearance", "LS-FARM:construction_start", "10")
    section = desk.find("#dependencies")[0].text
    check("vi: the dependency is listed by labels with its lag",
          "Đã lưu" in desk.text() and "độ trễ 10 ngày" in section
          and "site_clearance" in section, section)
    shot(desk, "project-dependencies-1366.png")

    # Its lag changed in place.
    lag = desk.find("form.link-change input[name=lag_days]")[0]
    lag.clear()
    lag.send_keys("20")
    desk.submit("form.link-change button[type=submit]")
    section = desk.find("#dependencies")[0].text
    check("vi: the lag is changed", "độ trễ 20 ngày" in section, section)

    # A link that would close a cycle: refused in Vietnamese, naming the cycle.
    desk.open("/projects/LS-FARM")
    add_link(desk, "LS-FARM:construction_start", "LS-FARM:site_clearance")
    text = desk.text()
    check("vi: the cycle is refused in Vietnamese naming it",
          "vòng lặp" in text and "(site_clearance)" in text
          and "(construction_start)" in text and "cycle" not in text, text[:600])
    shot(desk, "dependencies-cycle-1366.png")
    phone.open("/projects/LS-FARM")
    add_link(phone, "LS-FARM:construction_start", "LS-FARM:site_clearance")
    shot(phone, "dependencies-cycle-390.png")
    check("vi: the refused form does not scroll sideways at 390 px",
          not phone.scrolls_sideways())
    phone.open("/projects/LS-FARM")
    phone.driver.execute_script("document.getElementById('dependencies').scrollIntoView()")
    shot(phone, "project-dependencies-390.png")
    check("vi: the project page does not scroll sideways at 390 px",
          not phone.scrolls_sideways())

    # A milestone entered by mistake, removed with its link.
    desk.open("/projects/LS-FARM")
    desk.find("a[href='/projects/LS-FARM/milestones/site_clearance/delete']")[0].click()
    shot(desk, "milestone-delete-1366.png")
    phone.open("/projects/LS-FARM/milestones/site_clearance/delete")
    shot(phone, "milestone-delete-390.png")
    check("vi: the removal form does not scroll sideways at 390 px",
          not phone.scrolls_sideways())
    desk.fill("reason_text", "nhập nhầm dự án")
    desk.submit("main form.edit-form button[type=submit]")
    text = desk.text()
    check("vi: the milestone is gone with its link",
          "Đã lưu" in text and "site_clearance" not in desk.find("#dependencies")[0].text
          and "Chưa có quan hệ phụ thuộc" in text, text[:600])
    changes = workspace.changes()[-2:]
    check("vi: the change log keeps the milestone and its link, as the officer",
          all(c["actor"] == "hoa" and c["reason"] == "nhập nhầm dự án" for c in changes)
          and {c["entity"] for c in changes}
          == {"milestone:LS-FARM:site_clearance",
              "dependency:LS-FARM:site_clearance->LS-FARM:construction_start"}, changes)
    check("vi: no ISO timestamp or English on the project page",
          not re.search(r"\d{4}-\d\d-\d\dT", desk.driver.page_source)
          and "Saved" not in text and "Dependencies" not in text, text[:300])

    # The farm waits for a 110 kV line of another province: she types words of its name
    # without diacritics, asks for its milestones, and picks the line's energising.
    desk.open("/projects/LS-FARM")
    desk.fill("other", "duong day 110")
    desk.submit("form.other-project button[type=submit]")
    from selenium.webdriver.support.ui import Select as Choose
    sources = [o.get_attribute("value")
               for o in Choose(desk.find("form.link-form select[name=from]")[0]).options]
    check("vi: the search brings the line's milestones into the form",
          "CB-LINE-110:grid_line_energized" in sources and "LS-FARM:cod" in sources, sources)
    shot(desk, "dependencies-other-project-1366.png")
    add_link(desk, "CB-LINE-110:grid_line_energized", "LS-FARM:cod", "15")
    section = desk.find("#dependencies")[0].text
    check("vi: the link from the other province's line is saved and listed by labels",
          "Đã lưu" in desk.text() and "CB-LINE-110" in section and "độ trễ 15 ngày" in section
          and "Đóng điện" in section, section)
    phone.open("/projects/LS-FARM/dependencies?other=duong%20day%20110")
    shot(phone, "dependencies-other-project-390.png")
    check("vi: the form with another project's milestones does not scroll sideways at 390 px",
          not phone.scrolls_sideways())

    # One pass in English over the same pages.
    desk.open("/projects/LS-FARM/milestones/new?lang=en")
    check("en: the add-milestone form is in English",
          "Add the milestone" in desk.text()
          and "site clearance (site_clearance)" in desk.driver.page_source,
          desk.text()[:300])
    shot(desk, "milestone-new-en-1366.png")
    desk.fill("key", "site_clearance")
    desk.fill("planned", "01/2026")
    desk.submit("main form.edit-form button[type=submit]")
    add_link(desk, "LS-FARM:site_clearance", "LS-FARM:construction_start")
    check("en: saved, in English", "Saved." in desk.text() and "lag 0 days" in desk.text(),
          desk.text()[:400])
    desk.open("/projects/LS-FARM?lang=en")
    add_link(desk, "LS-FARM:construction_start", "LS-FARM:site_clearance")
    check("en: the cycle is named in English", "would close a cycle" in desk.text(),
          desk.text()[:400])
    desk.open("/projects/LS-FARM?lang=en")
    desk.fill("other", "CB-LINE")
    desk.submit("form.other-project button[type=submit]")
    check("en: the other project's milestones are offered, in English",
          "A milestone of another project" in desk.text()
          and "line energised" in desk.find("form.link-form")[0].text.lower(),
          desk.text()[:600])
    shot(desk, "dependencies-other-project-en-1366.png")
    desk.open("/projects/LS-FARM/milestones/site_clearance/delete?lang=en")
    check("en: the removal page is in English", "Remove the milestone" in desk.text(),
          desk.text()[:300])
finally:
    for browser in browsers:
        browser.quit()
    server.stop()
    workspace.remove()
common.finish()
