"""The administrator's tasks in a real browser (headless Chromium), clicking in Vietnamese as a
department's IT person would: save a baseline from the Gantt's "no baseline saved" line, move a
milestone later and see its slip against the baseline, issue an API token (shown once) and use
it, undo a change from the history page after its confirmation; an editor taking her own import
back the same way; and a user changing her own
password on /account. Then one pass in English. Screenshots of every page touched, at 1366 and
390 px, go to build/screenshots-admin/ for a person to look at; at 390 px no page may scroll
sideways.

    /usr/bin/python3 tests/web/browser_admin_test.py build/tiendo
"""
import json
import os
import re
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import check  # noqa: E402

common.browser_or_skip()
from selenium.webdriver.common.by import By  # noqa: E402

SHOTS = os.path.join(os.path.dirname(common.TIENDO), "screenshots-admin")
os.makedirs(SHOTS, exist_ok=True)

workspace = common.Workspace("browseradmin")
with open(os.path.join(workspace.work, "projects.csv"), "w") as out:
    out.write("code,name,technology,province\n"
              "TV-1,Điện gió Trà Vinh 1,wind_onshore,Trà Vinh\n")
with open(os.path.join(workspace.work, "milestones.csv"), "w") as out:
    out.write("project,key,planned\nTV-1,construction_start,2027-01\nTV-1,cod,2027-06\n")
workspace.cli("init")
workspace.cli("import", "projects.csv", "milestones.csv")
workspace.add_account("root", "admin")
workspace.add_account("lan", "editor", "Trà Vinh")
server = workspace.serve()
browser = None


def unlabelled_cells(narrow):
    """The visible cells of tables (cards at 390 px) whose value shows no label beside it; a cell
    of buttons alone names itself."""
    return narrow.driver.execute_script("""
        const found = [];
        for (const cell of document.querySelectorAll('.table-wrap td')) {
          if (cell.offsetParent === null || !cell.innerText.trim()) continue;
          if (cell.querySelector('button, a.button') &&
              !cell.innerText.replace(/\\s+/g, '').length) continue;
          const label = getComputedStyle(cell, '::before').content;
          // A label beside (or above) the value needs the room the cell leaves it: else they
          // overlap.
          const before = getComputedStyle(cell, '::before');
          if (label !== 'none' && label !== '""' && before.position === 'absolute' &&
              parseFloat(getComputedStyle(cell).paddingLeft) < parseFloat(before.width) &&
              parseFloat(getComputedStyle(cell).paddingTop) < parseFloat(before.height)) {
            found.push('label over its value: ' + cell.getAttribute('data-label'));
            continue;
          }
          if (!cell.getAttribute('data-label') || label === 'none' || label === '""') {
            if (cell.querySelector('button, a.button, form')) continue;
            found.push(cell.innerText.trim().slice(0, 40));
          }
        }
        return found.slice(0, 5);""")


def shoot(name, path):
    """Screenshots of `path` at 1366 and 390 px; at 390 it must not scroll sideways."""
    browser.open(path)
    browser.screenshot(os.path.join(SHOTS, f"{name}-1366.png"))
    narrow = common.Browser(server, width=390)
    try:
        narrow.login(browser.who)
        narrow.open(path)
        check(f"{name} does not scroll sideways at 390 px", not narrow.scrolls_sideways())
        unlabelled = unlabelled_cells(narrow)
        check(f"{name}: at 390 px each value of a table's cards says what it is", not unlabelled,
              unlabelled)
        narrow.screenshot(os.path.join(SHOTS, f"{name}-390.png"))
    finally:
        narrow.quit()


def planned_of(key):
    project = json.loads(workspace.cli("project", "show", "TV-1", "--format", "json").stdout)
    for milestone in project.get("milestones", []):
        if milestone["key"] == key:
            return milestone.get("planned")
    return None


try:
    browser = common.Browser(server)
    browser.who = "root"
    browser.login("root")

    # The Gantt says no baseline is saved and leads to where one is.
    browser.open("/projects/TV-1")
    links = browser.find("a.baseline-link")
    check("the Gantt's 'no baseline saved' line is a link", links, browser.text()[:300])
    if links:
        browser.driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                                      "{bubbles: true}))", links[0])
        import time
        for _ in range(100):
            if "/baselines" in browser.driver.current_url:
                break
            time.sleep(0.2)
    check("... to /baselines", "/baselines" in browser.driver.current_url,
          browser.driver.current_url)
    browser.open("/baselines")
    browser.fill("name", "Kế hoạch 2026")
    browser.submit("form.baseline-save button[type=submit]")
    text = browser.text()
    check("the baseline is saved, the page says so", "Đã lưu" in text and "Kế hoạch 2026" in text,
          text[:500])
    check("the list says when in Vietnam time and by whom",
          re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", text) and "root" in text, text[:500])
    shoot("baselines", "/baselines")

    # The COD moves later on its form; the Gantt then shows it against the baseline.
    browser.open("/projects/TV-1/milestones/cod")
    browser.fill("planned", "31/12/2027")
    if browser.field("reason_category") is not None:
        browser.fill("reason_category", "grid")
        browser.fill("reason_text", "đường dây chưa đóng điện")
    elif browser.field("reason") is not None:
        browser.fill("reason", "grid:đường dây chưa đóng điện")
    browser.submit("main form button[type=submit]")
    check("the COD moved later", planned_of("cod") in ("2027-12-31", "2027-12"), planned_of("cod"))
    browser.open("/projects/TV-1")
    source = browser.driver.page_source
    check("the Gantt shows the baseline's date beside the new plan",
          "Kế hoạch gốc: 30/06/2027" in source and "31/12/2027" in source)
    browser.open("/alerts")
    text = browser.text()
    check("the slip against the baseline shows in the alerts",
          "chậm so với kế hoạch gốc" in text.lower() and "TV-1" in text, text[:800])

    # An API token for lan: shown once, and it works.
    browser.open("/admin/users")
    buttons = browser.find('form[action="/admin/users/lan/tokens"] button')
    check("each account has an issue-token button", buttons)
    shoot("users", "/admin/users")
    browser.open("/admin/users")
    browser.submit('form[action="/admin/users/lan/tokens"] button')
    token_fields = browser.find("input.token")
    token = token_fields[0].get_attribute("value") if token_fields else ""
    check("the new token is shown", len(token) > 30, browser.text()[:300])
    browser.driver.save_screenshot(os.path.join(SHOTS, "token-1366.png"))
    request = urllib.request.Request(server.base + "/api/v1/session",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        check("the token works against the API", json.load(answer)["user"] == "lan")
    browser.open("/admin/users")
    check("the token is not shown again", token not in browser.driver.page_source)

    # Undo the COD's move from the history page, after the confirmation.
    browser.open("/history")
    browser.fill("project", "TV-1")
    browser.submit("form.filters button[type=submit]")
    shoot("history", browser.driver.current_url.replace(server.base, ""))
    rows = [row for row in browser.find("table.changes tbody tr")
            if row.find_elements(By.CSS_SELECTOR, 'td[data-label="Trường"]') and
            row.find_element(By.CSS_SELECTOR, 'td[data-label="Trường"]').text == "kế hoạch"]
    check("the history shows the plan's change in Vietnamese words", rows)
    if rows:
        old_html = browser.driver.find_element(By.TAG_NAME, "html")
        rows[0].find_element(By.CSS_SELECTOR, "a.button").click()
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait
        WebDriverWait(browser.driver, 60).until(expected_conditions.staleness_of(old_html))
        check("the undo asks for confirmation", "Xác nhận hoàn tác" in browser.text())
        confirm_path = browser.driver.current_url.replace(server.base, "")
        shoot("undo-confirm", confirm_path)
        browser.open(confirm_path)
        browser.fill("reason_text", "nhập nhầm ngày")
        browser.submit("form.undo-form button[type=submit]")
        check("the history says the undo was saved", "Đã lưu" in browser.text(),
              browser.text()[:300])
        check("the plan is back", planned_of("cod") in ("2027-06-30", "2027-06"),
              planned_of("cod"))

    # Lan, an editor, imported a project by mistake and takes the whole import back from the
    # history: her own write, in her province.
    with open(os.path.join(workspace.work, "mistake.csv"), "w") as out:
        out.write("code,name,technology,province\n"
                  "TV-9,Điện gió Trà Vinh 9 (nhầm),wind_onshore,Trà Vinh\n")
    workspace.cli("--actor", "lan", "import", "mistake.csv")
    lan = common.Browser(server)
    try:
        lan.who = "lan"
        lan.login("lan")
        lan.open("/history?actor=lan")
        buttons = lan.find("table.changes a.button")
        check("the editor is offered the undo of her import", len(buttons) == 1,
              lan.text()[:400])
        if buttons:
            old_html = lan.driver.find_element(By.TAG_NAME, "html")
            buttons[0].click()
            from selenium.webdriver.support import expected_conditions
            from selenium.webdriver.support.ui import WebDriverWait
            WebDriverWait(lan.driver, 60).until(expected_conditions.staleness_of(old_html))
            check("her undo asks for confirmation", "Xác nhận hoàn tác" in lan.text())
            lan.fill("reason_text", "nhập nhầm tệp")
            lan.submit("form.undo-form button[type=submit]")
            check("her undo is saved", "Đã lưu" in lan.text(), lan.text()[:300])
            gone = workspace.cli("project", "show", "TV-9", expect=None)
            check("the project she imported by mistake is gone", gone.returncode != 0,
                  gone.stdout[:200])

        # Lan changes her own password on /account, reached from her name in the header.
        lan.find('header a[href="/account"]')[0].click()
        check("her name leads to /account", "/account" in lan.driver.current_url)
        lan.fill("current_password", "wrong-password-x")
        lan.fill("new_password", "lan-new-password-1")
        lan.submit("form.password-change button[type=submit]")
        check("a wrong current password says so", "Mật khẩu hiện tại không đúng" in lan.text())
        lan.fill("current_password", workspace.passwords["lan"])
        lan.fill("new_password", "lan-new-password-1")
        lan.submit("form.password-change button[type=submit]")
        check("the new password is saved", "Đã lưu" in lan.text(), lan.text()[:300])
        lan.login("lan", "lan-new-password-1")
        check("she logs in with it", "/login" not in lan.driver.current_url,
              lan.driver.current_url)
    finally:
        lan.quit()
    workspace.passwords["lan"] = "lan-new-password-1"
    shoot("account", "/account")

    # No English, raw code or ISO moment on the Vietnamese pages.
    for path in ("/baselines", "/history", "/admin/users", "/account"):
        browser.open(path)
        text = browser.text()
        check(f"{path} has no ISO moment", not re.search(r"\d{4}-\d\d-\d\dT\d\d", text))
        check(f"{path} has no raw field code",
              not re.search(r"\b(planned|forecast|created_with_plan|type_lag|wind_onshore|proposed)\b", text))

    # One pass in English.
    for path, title in (("/baselines?lang=en", "Baselines"), ("/history?lang=en", "Change log"),
                        ("/admin/users?lang=en", "Accounts"), ("/account?lang=en", "My account")):
        browser.open(path)
        check(f"{path} is in English", title in browser.text(), browser.text()[:200])
    browser.open("/history?lang=en")
    browser.driver.save_screenshot(os.path.join(SHOTS, "history-en-1366.png"))
    check("the server is alive", server.alive())
finally:
    if browser:
        browser.quit()
    server.stop()
    workspace.remove()
common.finish()
