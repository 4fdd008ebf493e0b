#!/usr/bin/env python3
"""A department officer finds what is late in her province, in a real browser (issue 29, §3, §5).

Lan, an editor of Cần Thơ, logs in and in one click reaches the late projects of her province;
she sorts them by slip, then by the forecast's COD P50 (drawn in the background: "đang tính"
until it is, then filled), reads the chance of her project's target COD, opens the latest, sees its Gantt with dependency arrows and a legend
she can read without hovering, goes back to the same list, and downloads the alerts workbook.
Then, on a 390 px phone, every page the navigation reaches (dashboard, projects, a project, the
milestone form, alerts, pipeline, report, import, history, accounts) keeps within the screen
(no sideways scroll, no table in an inner scroll box), the menu opens without JavaScript's help,
the skip link comes first, the focus ring shows on the dark header, and every field has a label.
All in Vietnamese, with one English pass. Screenshots of every page at 1366 and 390 px are left
in $TIENDO_SCREENSHOTS (or a temporary folder, printed) for a person to look at.

Usage: browser_lists_test.py PATH_TO_TIENDO
"""
import io
import os
import re
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import check  # noqa: E402

common.browser_or_skip()
import openpyxl  # noqa: E402
from lists_test import build  # noqa: E402

SHOTS = os.environ.get("TIENDO_SCREENSHOTS") or tempfile.mkdtemp(prefix="tiendo-lists-shots-")
os.makedirs(SHOTS, exist_ok=True)

PAGES = [("dashboard", "/"), ("projects", "/projects"), ("project", "/projects/CT-A"),
         ("milestone", "/projects/CT-A/milestones/cod"), ("alerts", "/alerts"),
         ("pipeline", "/pipeline"), ("report", "/report"), ("import", "/import"),
         ("history", "/history"), ("users", "/admin/users")]

UNLABELLED = """
return Array.from(document.querySelectorAll('input, select, textarea')).filter(function (e) {
  if (e.type === 'hidden' || e.type === 'submit' || e.type === 'button') return false;
  if (e.closest('label') || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'))
    return false;
  if (e.id && document.querySelector('label[for="' + e.id + '"]')) return false;
  return true;
}).map(function (e) { return e.outerHTML.slice(0, 120); });
"""

INNER_SCROLL = """
return Array.from(document.querySelectorAll('.table-wrap')).filter(function (e) {
  return e.scrollWidth > e.clientWidth + 1;
}).length;
"""


def click(browser, selector):
    from selenium.webdriver.support.ui import WebDriverWait
    from selenium.webdriver.support import expected_conditions
    found = browser.find(selector)
    if not found:
        raise RuntimeError(f"nothing matches {selector} on {browser.driver.current_url}")
    from selenium.common.exceptions import WebDriverException
    old = browser.driver.find_element("tag name", "html")
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", found[0])
    try:
        found[0].click()
    except WebDriverException:
        # A page still settling after a screenshot's resize can put something over the link for
        # a moment; the link is what a person would click all the same.
        browser.driver.execute_script("arguments[0].click()", found[0])
    WebDriverWait(browser.driver, 60).until(expected_conditions.staleness_of(old))


def column(browser, label):
    return [cell.text.strip() for cell in browser.find(f'tbody td[data-label="{label}"]')]


def officer_task(server, browser, english=False):
    """Lan's task, start to end; English labels on the English pass."""
    suffix = "?lang=en" if english else ""
    word = (lambda en, vi: en) if english else (lambda en, vi: vi)
    browser.open("/" + suffix)
    click(browser, 'a[data-late="1"]')
    url = browser.driver.current_url
    check(f"[{word('en', 'vi')}] one click from the dashboard lists the late projects",
          "late=1" in url and sorted(column(browser, word("Code", "Mã"))) == ["CT-A", "CT-C"],
          (url, column(browser, word("Code", "Mã"))))
    click(browser, 'a.sort[data-sort="slip"]')
    click(browser, 'a.sort[data-sort="-slip"]')
    slips = column(browser, word("Slip (days)", "Chậm (ngày)"))
    codes = column(browser, word("Code", "Mã"))
    check(f"[{word('en', 'vi')}] sorted by slip, the latest first", codes == ["CT-A", "CT-C"] and
          slips == ["+274", "+92"], (codes, slips))
    # The forecast's columns are drawn in the background: she reloads until they are filled.
    deadline = time.time() + 180
    while browser.find("span.computing") and time.time() < deadline:
        time.sleep(0.5)
        browser.driver.refresh()
    click(browser, 'a.sort[data-sort="cod_p50"]')
    p50 = column(browser, word("COD P50 (forecast)", "COD P50 (dự báo)"))
    chances = column(browser, word("Chance of the target COD", "Kịp COD mục tiêu"))
    codes = column(browser, word("Code", "Mã"))
    in_order = english or [tuple(reversed(d.split("/"))) for d in p50] == sorted(
        tuple(reversed(d.split("/"))) for d in p50)
    check(f"[{word('en', 'vi')}] sorted by the forecast's COD P50, which every late project has",
          len(p50) == 2 and all(p50) and in_order, (codes, p50))
    check(f"[{word('en', 'vi')}] CT-A shows the chance of its target COD",
          "CT-A" in codes and chances[codes.index("CT-A")].endswith("%"), (codes, chances))
    if not english:
        browser.screenshot(os.path.join(SHOTS, "task-late-projects-1366.png"))
    click(browser, 'tbody td[data-label] a[href*="/projects/CT-A"]')
    arrows = browser.find("svg.gantt g.links path.link")
    check(f"[{word('en', 'vi')}] the project's Gantt draws its dependency arrow",
          len(arrows) >= 1, browser.driver.current_url)
    legend = browser.find("ul.gantt-legend")
    check(f"[{word('en', 'vi')}] the Gantt's legend is shown without hovering",
          legend and legend[0].is_displayed() and
          word("Dependency", "Quan hệ phụ thuộc") in legend[0].text and
          word("Forecast", "Dự báo") in legend[0].text, legend[0].text if legend else "none")
    years = [t.text for t in browser.find("svg.gantt text.axis-label") if t.text.isdigit()]
    check(f"[{word('en', 'vi')}] the Gantt names its years", years, years)
    if not english:
        browser.screenshot(os.path.join(SHOTS, "task-project-1366.png"))
    click(browser, 'a[rel="up"]')
    url = browser.driver.current_url
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    check(f"[{word('en', 'vi')}] back leads to the same list, filtered and sorted",
          query.get("late") == "1" and query.get("sort") == "cod_p50" and
          (not english or query.get("lang") == "en"), url)
    browser.open("/alerts" + suffix)
    link = browser.find("a.download")
    check(f"[{word('en', 'vi')}] the alerts page offers its workbook", link, browser.text()[:300])
    if link:
        href = link[0].get_attribute("href")
        session = browser.driver.get_cookie("tiendo_session")["value"]
        answer = server.get(href[len(server.base):], session)
        rows = list(openpyxl.load_workbook(io.BytesIO(answer.body)).active
                    .iter_rows(values_only=True))
        check(f"[{word('en', 'vi')}] the workbook she downloads holds her province's alerts",
              answer.status == 200 and len(rows) > 1 and
              rows[0][0] == word("Severity", "Mức độ") and
              {row[4] for row in rows[1:]} == {"Cần Thơ"}, rows[:2])


def phone_and_keyboard(server, name):
    phone = common.Browser(server, width=390)
    wide = common.Browser(server, width=1366)
    try:
        phone.login(name)
        wide.login(name)
        for key, path in PAGES:
            wide.open(path)
            wide.screenshot(os.path.join(SHOTS, f"{key}-1366.png"))
            if key == "projects":
                # All thirteen columns fit a laptop's 1366 px: the last one ("latest reason") is
                # read without scrolling the table sideways.
                inner = wide.driver.execute_script(INNER_SCROLL)
                check("/projects at 1366 px keeps its table out of an inner scroll box",
                      inner == 0 and not wide.scrolls_sideways(), inner)
            phone.open(path)
            phone.screenshot(os.path.join(SHOTS, f"{key}-390.png"))
            check(f"{path} at 390 px does not scroll sideways", not phone.scrolls_sideways(),
                  phone.driver.execute_script("return document.documentElement.scrollWidth"))
            inner = phone.driver.execute_script(INNER_SCROLL)
            check(f"{path} at 390 px hides no table in an inner scroll box", inner == 0, inner)
            unlabelled = phone.driver.execute_script(UNLABELLED)
            check(f"{path}: every field has a label", not unlabelled, unlabelled)
            english = re.findall(r"\b(Previous|Next|Download|Dependency|Late only)\b",
                                 phone.text())
            check(f"{path}: no English of these lists on the Vietnamese page", not english,
                  english)
        phone.open("/projects")
        rows = phone.find("tbody tr")
        card = phone.driver.execute_script(
            "var cell = arguments[0].querySelector('td[data-label]');"
            "return [getComputedStyle(arguments[0]).display, getComputedStyle(cell).display,"
            " getComputedStyle(cell, '::before').content]", rows[0]) if rows else None
        check("at 390 px a project row is a card (its cells stacked, each with its heading)",
              card and card[0] == "block" and card[1] == "block" and card[2] == '"Mã"', card)
        sections = phone.find("header.top nav.sections")
        menu = phone.find("details.menu summary")
        check("at 390 px the navigation is folded into a menu",
              sections and not sections[0].is_displayed() and menu and menu[0].is_displayed(),
              phone.text()[:200])
        if menu:
            menu[0].click()
            links = [a for a in phone.find("details.menu nav a") if a.is_displayed()]
            check("the menu opens and shows the pages", len(links) >= 8 and
                  any(a.text == "Cảnh báo" for a in links), [a.text for a in links])
            if links:
                target = [a for a in links if a.text == "Cảnh báo"][0]
                old = phone.driver.find_element("tag name", "html")
                target.click()
                from selenium.webdriver.support.ui import WebDriverWait
                from selenium.webdriver.support import expected_conditions
                WebDriverWait(phone.driver, 60).until(expected_conditions.staleness_of(old))
                check("a page chosen in the menu opens", "/alerts" in phone.driver.current_url,
                      phone.driver.current_url)
        phone.screenshot(os.path.join(SHOTS, "menu-390.png"))

        from selenium.webdriver.common.keys import Keys
        wide.open("/projects")
        wide.driver.find_element("tag name", "body").send_keys(Keys.TAB)
        active = wide.driver.switch_to.active_element
        check("the first Tab reaches 'Bỏ qua, đến nội dung'",
              active.text.strip() == "Bỏ qua, đến nội dung" and active.is_displayed(),
              active.get_attribute("outerHTML")[:200])
        active.send_keys(Keys.ENTER)
        check("the skip link moves to the content", wide.driver.current_url.endswith("#content"),
              wide.driver.current_url)
        wide.open("/projects")
        body = wide.driver.find_element("tag name", "body")
        for _ in range(3):
            body = wide.driver.switch_to.active_element
            body.send_keys(Keys.TAB)
        active = wide.driver.switch_to.active_element
        outline = wide.driver.execute_script(
            "var s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineColor, "
            "s.outlineWidth, arguments[0].closest('header') !== null]", active)
        check("the keyboard's focus ring shows on the dark navigation",
              outline[3] and outline[0] != "none" and outline[2] != "0px", outline)
        wide.screenshot(os.path.join(SHOTS, "focus-1366.png"))
    finally:
        phone.quit()
        wide.quit()


def main():
    workspace = common.Workspace("browserlists")
    build(workspace)
    server = workspace.serve()
    try:
        browser = common.Browser(server)
        try:
            browser.login("lan")
            officer_task(server, browser)
            officer_task(server, browser, english=True)
        finally:
            browser.quit()
        phone_and_keyboard(server, "admin")
    finally:
        server.stop()
        workspace.remove()
    print(f"screenshots in {SHOTS}")
    common.finish()


if __name__ == "__main__":
    main()
