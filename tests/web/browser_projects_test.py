#!/usr/bin/env python3
"""A department officer of Cần Thơ keeps her projects in a real browser (headless Chromium), in
Vietnamese, by clicking: she adds a wind farm with its technology's milestone template, edits it,
records that it is suspended with a reason from the list, and removes a project she entered by
mistake; then one pass over the same forms in English. Each form is photographed at 1366 and
390 px wide (BUILD_DIR/screenshot-project-*.png) and must not scroll sideways on the phone.

Usage: browser_projects_test.py PATH_TO_TIENDO [BUILD_DIR]"""
import os
import re
import sys

import common
from common import check

common.browser_or_skip()
BUILD = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "build")
os.makedirs(BUILD, exist_ok=True)

workspace = common.Workspace("browserprojects")
workspace.cli("init")
workspace.cli("project", "add", "LS-PARK", "--name", "Cụm điện gió Lạng Sơn", "--technology",
              "wind_onshore", "--province", "Lạng Sơn")
workspace.add_account("lan", "editor", "Cần Thơ")
server = workspace.serve()

# English words of these forms that a Vietnamese page must not show.
ENGLISH = ["Capacity", "Investor", "Technology", "Province", "Cancel", "Save", "Remove",
           "Nothing was", "Add a project", "Reason", "Source", "Stage"]


def vietnamese_only(name, browser):
    text = browser.text()
    found = [word for word in ENGLISH if re.search(rf"\b{word}\b", text)]
    check(f"{name}: no English on the Vietnamese page", not found, found)
    check(f"{name}: no ISO timestamp", not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text))


def photograph(name, path):
    """The page at `path` at 1366 and 390 px; the phone's must not scroll sideways."""
    for width in (1366, 390):
        phone = common.Browser(server, width=width)
        try:
            phone.login("lan")
            phone.open(path)
            phone.screenshot(os.path.join(BUILD, f"screenshot-project-{name}-{width}.png"))
            if width == 390:
                check(f"{name}: nothing scrolls sideways at 390 px", not phone.scrolls_sideways())
        finally:
            phone.quit()


def click_link(browser, text):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
    links = [link for link in browser.driver.find_elements(By.CSS_SELECTOR, "main a")
             if link.text.strip() == text]
    if not links:
        raise RuntimeError(f"no link {text!r} on {browser.driver.current_url}")
    old = browser.driver.find_element(By.TAG_NAME, "html")
    links[0].click()
    WebDriverWait(browser.driver, 60).until(expected_conditions.staleness_of(old))


browser = common.Browser(server)
try:
    browser.login("lan")
    browser.open("/projects")
    click_link(browser, "Thêm dự án")
    check("new: the link opens the form", browser.driver.current_url.endswith("/projects/new"),
          browser.driver.current_url)
    vietnamese_only("new", browser)
    browser.fill("code", "ST-HOABINH-5")
    browser.fill("name", "Điện gió Hòa Bình 5")
    browser.fill("technology", "Điện gió trên bờ")
    browser.fill("province", "Sóc Trăng")
    browser.fill("capacity_mw", "79,2")
    browser.fill("target_cod", "12/2027")
    browser.field("template").click()
    browser.submit()
    text = browser.text()
    check("new: saved, on the project's page", "Đã lưu" in text and
          browser.driver.current_url.split("?")[0].endswith("/projects/ST-HOABINH-5"),
          browser.driver.current_url)
    check("new: the template's milestones are there", len(browser.find("table.milestones tbody tr"))
          == 9, len(browser.find("table.milestones tbody tr")))
    check("new: capacity read with a decimal comma", "79,2" in text, text[:800])

    click_link(browser, "Sửa")
    vietnamese_only("edit", browser)
    check("edit: the target COD is shown dd/mm/yyyy's coarse form",
          browser.field("target_cod").get_attribute("value") == "12/2027")
    browser.fill("investor", "Công ty CP Điện gió Hòa Bình")
    browser.fill("capacity_mw", "abc")
    browser.submit()
    check("edit: a bad capacity is named in Vietnamese, what was typed kept",
          "Công suất (MW): 'abc'" in browser.text() and
          browser.field("investor").get_attribute("value") == "Công ty CP Điện gió Hòa Bình",
          browser.text()[:800])
    browser.screenshot(os.path.join(BUILD, "screenshot-project-edit-error-1366.png"))
    browser.fill("capacity_mw", "80")
    browser.submit()
    check("edit: saved", "Đã lưu" in browser.text() and
          "Công ty CP Điện gió Hòa Bình" in browser.text())

    # Someone else changes the project while her form is open: her save is refused, naming who.
    browser.open("/projects/ST-HOABINH-5/edit")
    workspace.cli("project", "set", "ST-HOABINH-5", "--site", "Vĩnh Châu", "--actor", "bao")
    browser.fill("investor", "Công ty khác")
    browser.submit()
    text = browser.text()
    check("edit: a change made meanwhile is refused, naming who and when in Vietnamese",
          "đã được bao thay đổi lúc" in text and
          not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), text[:600])
    browser.screenshot(os.path.join(BUILD, "screenshot-project-conflict-1366.png"))
    browser.open("/projects/ST-HOABINH-5")

    click_link(browser, "Trạng thái")
    vietnamese_only("status", browser)
    browser.fill("status", "Tạm dừng")
    browser.fill("date", "01/03/2027")
    browser.fill("reason_category", "Thu xếp vốn")
    browser.fill("reason_text", "nhà đầu tư chưa thu xếp được vốn")
    browser.fill("source", "CV 123/SCT")
    browser.submit()
    check("status: saved", "Đã lưu" in browser.text())
    history = [row for row in workspace.changes() if row["field"] == "status"]
    check("status: recorded by lan with the reason from the list",
          len(history) == 1 and history[0]["actor"] == "lan" and
          history[0]["reason"] == "financing:nhà đầu tư chưa thu xếp được vốn", history)

    # A project entered by mistake: added, then removed.
    browser.open("/projects/new")
    browser.fill("code", "ST-NHAM")
    browser.fill("name", "Nhập nhầm")
    browser.fill("technology", "Điện mặt trời")
    browser.fill("province", "Hậu Giang")
    browser.submit()
    click_link(browser, "Xoá")
    vietnamese_only("delete", browser)
    browser.fill("reason_text", "nhập trùng với ST-HOABINH-5")
    browser.submit()
    check("delete: back on the list, which says it was removed",
          "Đã xoá dự án ST-NHAM" in browser.text(), browser.text()[:600])
    codes = [row["code"] for row in workspace.cli_json("project", "list")["projects"]]
    check("delete: the project is gone, the others stay",
          "ST-NHAM" not in codes and "ST-HOABINH-5" in codes, codes)

    # A project of another province shows no link to change it.
    browser.open("/projects/LS-PARK")
    check("scope: no Sửa/Xoá on another province's project",
          not [link for link in browser.find("main a") if link.text.strip() in ("Sửa", "Xoá")])

    # One pass in English.
    browser.open("/projects/new?lang=en")
    check("english: the new-project form", "New project" in browser.text() and
          "Technology" in browser.text())
    browser.open("/projects/ST-HOABINH-5?lang=en")
    click_link(browser, "Edit")
    check("english: the edit form", "edit project" in browser.text())
    browser.open("/projects/ST-HOABINH-5/status?lang=en")
    check("english: the status form lists the reasons", "Financing" in browser.text())
    browser.open("/projects/ST-HOABINH-5/delete?lang=en")
    check("english: the delete form", "Remove the project" in browser.text())
finally:
    browser.quit()

try:
    for name, path in [("new", "/projects/new"), ("edit", "/projects/ST-HOABINH-5/edit"),
                       ("status", "/projects/ST-HOABINH-5/status"),
                       ("delete", "/projects/ST-HOABINH-5/delete"),
                       ("page", "/projects/ST-HOABINH-5?saved=1"),
                       ("new-en", "/projects/new?lang=en")]:
        photograph(name, path)
finally:
    server.stop()
    workspace.remove()
common.finish()
