"""The administrator's part of the workspace over real HTTP: the change log's API (filters by
project, user, province and Vietnam-local days, paging), baselines (the API and the page, for
administrators only), undo from the history page (an editor only her own changes, refused
naming why when a later change built on the change), CSRF on every form, API tokens issued once and revoked, and
/account (one's own password, the current one asked first).

    python3 tests/web/admin_test.py build/tiendo
"""
import json
import os
import pwd
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import check  # noqa: E402

workspace = common.Workspace("admin")
folder = workspace.work
with open(os.path.join(folder, "projects.csv"), "w") as out:
    out.write("code,name,technology,province\n"
              "TV-1,Điện gió Trà Vinh 1,wind_onshore,Trà Vinh\n"
              "NT-1,Điện mặt trời Ninh Thuận 1,solar_farm,Ninh Thuận\n")
with open(os.path.join(folder, "milestones.csv"), "w") as out:
    out.write("project,key,planned\nTV-1,cod,2027-06\nNT-1,cod,2027-09\n")
workspace.cli("init")
workspace.cli("import", "projects.csv", "milestones.csv")
# The command line's actor is --actor when given, else the login name: never "unknown".
with open(os.path.join(folder, "moved.csv"), "w") as out:
    out.write("project,key,forecast\nTV-1,cod,2027-08\n")
workspace.cli("--actor", "cli-person", "import", "moved.csv")
environment = dict(workspace.env)
environment.pop("USER", None)
saved_env = workspace.env
workspace.env = environment
with open(os.path.join(folder, "moved2.csv"), "w") as out:
    out.write("project,key,forecast\nNT-1,cod,2027-10\n")
workspace.cli("import", "moved2.csv")
workspace.env = saved_env
actors = [change["actor"] for change in workspace.changes()]
check("the CLI import's actor is --actor", "cli-person" in actors, actors)
check("without $USER the CLI import's actor is the login name, not unknown",
      "unknown" not in actors and pwd.getpwuid(os.geteuid()).pw_name == actors[-1], actors)

workspace.add_account("root", "admin")
workspace.add_account("ed", "editor", "Trà Vinh")
workspace.add_account("vy", "viewer")
server = workspace.serve()
try:
    root = server.login("root")
    ed = server.login("ed")
    vy = server.login("vy")

    # The web import's actor is the user.
    answer = server.request("POST", "/api/v1/import", ed,
                            "project,key,forecast\nTV-1,cod,2027-09\n",
                            {"Content-Type": "text/csv", "X-CSRF-Token": server.csrf(ed)})
    check("an editor imports in her province", answer.status == 200, answer.summary())
    history = server.api("GET", "/api/v1/history?limit=1", root).json()
    check("the web import's actor is the user", history["changes"][0]["actor"] == "ed", history)

    # History: filters and paging.
    everything = server.api("GET", "/api/v1/history", root).json()
    total = everything["total"]
    check("history answers total and changes", total >= 5 and len(everything["changes"]) == total,
          everything)
    ids = [change["id"] for change in everything["changes"]]
    check("history is newest first", ids == sorted(ids, reverse=True), ids)
    page2 = server.api("GET", "/api/v1/history?limit=2&offset=2", root).json()
    check("history pages with limit and offset",
          page2["total"] == total and [c["id"] for c in page2["changes"]] == ids[2:4], page2)
    by_actor = server.api("GET", "/api/v1/history?actor=cli-person", root).json()
    check("history filters by user",
          by_actor["total"] == 1 and by_actor["changes"][0]["actor"] == "cli-person", by_actor)
    by_project = server.api("GET", "/api/v1/history?project=NT-1", root).json()
    check("history filters by project",
          by_project["total"] >= 2 and all(c["project"] == "NT-1" for c in by_project["changes"]),
          by_project)
    by_province = server.api("GET", "/api/v1/history?province=Tr%C3%A0%20Vinh", root).json()
    check("history filters by province",
          by_province["total"] >= 2 and all(c["project"] == "TV-1"
                                            for c in by_province["changes"]), by_province)
    today = server.api("GET", "/api/v1/history?since=today&until=today", root)
    check("a bad day is a 400 naming the field", today.status == 400 and "since" in today.text,
          today.summary())
    # Rows are written now (the real clock); TIENDO_TODAY does not move them. A range of the real
    # days around now holds them all; the day before yesterday holds none.
    import datetime
    vietnam = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)
    day = vietnam.date()
    inclusive = server.api("GET", f"/api/v1/history?since={day:%d/%m/%Y}&until={day:%d/%m/%Y}",
                           root).json()
    check("since and until are Vietnam-local days, inclusive", inclusive["total"] == total,
          (inclusive["total"], total))
    before = day - datetime.timedelta(days=1)
    none = server.api("GET", f"/api/v1/history?until={before.isoformat()}", root).json()
    check("a day before the changes holds none", none["total"] == 0, none)
    backwards = server.api("GET", f"/api/v1/history?since={day}&until={before}", root)
    check("until before since is a 400", backwards.status == 400, backwards.summary())
    check("a limit over the maximum is a 400",
          server.api("GET", "/api/v1/history?limit=100000", root).status == 400)
    # Account rows only for admins.
    check("an admin reads account rows",
          any(c["entity"].startswith("account:") for c in
              server.api("GET", "/api/v1/history?limit=1000", root).json()["changes"]))
    viewer_rows = server.api("GET", "/api/v1/history?limit=1000", vy).json()
    check("a viewer reads no account rows",
          not any(c["entity"].startswith("account:") for c in viewer_rows["changes"]),
          viewer_rows["total"])

    # The history page: Vietnamese words, no raw codes, no ISO moments; filters; page numbers.
    page = server.get("/history?province=Tr%C3%A0%20Vinh", root)
    check("the history page answers", page.status == 200, page.summary())
    check("the history page words fields in Vietnamese",
          "dự báo" in page.text and ">forecast<" not in page.text, page.text[:300])
    check("no ISO timestamp on the history page",
          not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page.text))
    check("the history page shows only the province's changes",
          "TV-1" in page.text and "NT-1" not in re.sub(r"<form.*?</form>", "", page.text,
                                                       flags=re.S))
    check("an admin sees undo buttons", "/history/" in page.text and "/undo" in page.text)
    check("a viewer sees none", "/undo" not in server.get("/history", vy).text)
    check("the history page hides account rows from a viewer",
          "tài khoản root" not in server.get("/history", vy).text)
    check("the history page shows account rows to an admin",
          "tài khoản root" in server.get("/history", root).text)
    for n in range(60):
        workspace.cli("--actor", "bulk", "milestone", "set", "NT-1:cod", "--source", f"s{n}")
    paged = server.get("/history", root).text
    check("the history page has page numbers", 'href="/history?page=2"' in paged, paged[-1500:])
    page2 = server.get("/history?page=2&actor=bulk", root)
    check("page 2 of a filter answers", page2.status == 200 and "bulk" in page2.text)
    bad_day = server.get("/history?since=31/02/2026", root)
    check("a bad day on the page is a 400 page", bad_day.status == 400, bad_day.summary())

    # Undo: an editor only her own changes; refused naming why when built upon; done as a new
    # change.
    changes = server.api("GET", "/api/v1/history?project=TV-1&limit=100", root).json()["changes"]
    cli_row = next(c for c in changes if c["actor"] == "cli-person")
    web_row = next(c for c in changes if c["actor"] == "ed")
    editor_page = server.get("/history?project=TV-1", ed).text
    check("an editor sees an undo button on her own change only",
          f"/history/{web_row['id']}/undo" in editor_page and
          f"/history/{cli_row['id']}/undo" not in editor_page)
    refused = server.post_form(f"/history/{cli_row['id']}/undo", ed,
                               {"reason_text": "x", "csrf_token": server.csrf(ed)})
    check("undo of another user's change is refused for an editor", refused.status == 403,
          refused.summary())
    confirm = server.get(f"/history/{web_row['id']}/undo", root)
    check("the undo asks for confirmation first", confirm.status == 200 and
          'name="reason_text"' in confirm.text and "Xác nhận hoàn tác" in confirm.text,
          confirm.summary())
    no_csrf = server.post_form(f"/history/{web_row['id']}/undo", root, {"reason_text": "x"})
    check("undo without csrf_token is a 403", no_csrf.status == 403, no_csrf.summary())
    built = server.post_form(f"/history/{cli_row['id']}/undo", root,
                             {"reason_text": "nhầm", "csrf_token": server.csrf(root)})
    check("undo of a change built upon is refused (409), naming the later change",
          built.status == 409 and f"#{web_row['id']}" in built.text and "ed" in built.text,
          built.summary())
    done = server.post_form(f"/history/{web_row['id']}/undo", root,
                            {"reason_text": "nhập nhầm", "csrf_token": server.csrf(root)})
    check("undo answers 303 to the history", done.status == 303, done.summary())
    project = server.api("GET", "/api/v1/projects/TV-1", root).json()
    cod = next(m for m in project["milestones"] if m["key"] == "cod")
    check("undo restored the earlier value", cod["forecast"] == "2027-08-31", cod)
    latest = server.api("GET", "/api/v1/history?limit=1", root).json()["changes"][0]
    check("the undo is a new logged change by the admin with the reason",
          latest["actor"] == "root" and latest["reason"] == "nhập nhầm", latest)
    saved = server.get(done.header("Location"), root)
    check("the history says the undo was saved", "Đã lưu" in saved.text)

    # Baselines: admin only, by API and page.
    answer = server.api("POST", "/api/v1/baselines", ed, {"name": "q4"})
    check("an editor may not save a baseline (403)", answer.status == 403, answer.summary())
    answer = server.api("POST", "/api/v1/baselines", root, {"name": "q4"})
    check("an admin saves a baseline by the API", answer.status == 201 and
          answer.json()["milestones"] == 2, answer.summary())
    answer = server.api("POST", "/api/v1/baselines", root, {"name": "q4"})
    check("a baseline name taken is a 409", answer.status == 409, answer.summary())
    answer = server.api("POST", "/api/v1/baselines", root, {"name": ""})
    check("a baseline without a name is a 400", answer.status == 400, answer.summary())
    answer = server.request("POST", "/api/v1/baselines", root, json.dumps({"name": "x"}),
                            {"Content-Type": "application/json"})
    check("the baselines API wants X-CSRF-Token from a session", answer.status == 403)
    answer = server.post_form("/baselines", ed, {"name": "q5", "csrf_token": server.csrf(ed)})
    check("the baselines form refuses an editor", answer.status == 403, answer.summary())
    answer = server.post_form("/baselines", root, {"name": "q5"})
    check("the baselines form wants csrf_token", answer.status == 403, answer.summary())
    answer = server.post_form("/baselines", root, {"name": "q5",
                                                   "csrf_token": server.csrf(root)})
    check("an admin saves a baseline by the form", answer.status == 303, answer.summary())
    listing = server.get(answer.header("Location"), root).text
    check("the baselines page lists it, saved, with who and when",
          "q5" in listing and "Đã lưu" in listing and "root" in listing and
          re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", listing) is not None, listing[-2000:])
    check("an editor sees the list but no form",
          'action="/baselines"' not in server.get("/baselines", ed).text)

    # Tokens: issued once, working, revoked.
    answer = server.post_form("/admin/users/ed/tokens", ed, {"csrf_token": server.csrf(ed)})
    check("an editor may not issue tokens", answer.status == 403, answer.summary())
    answer = server.post_form("/admin/users/vy/tokens", root, {})
    check("issuing a token wants csrf_token", answer.status == 403, answer.summary())
    answer = server.post_form("/admin/users/vy/tokens", root, {"csrf_token": server.csrf(root)})
    token = re.search(r'class="token" value="([^"]+)"', answer.text)
    check("an admin issues a token, shown on the page", answer.status == 200 and token,
          answer.summary())
    check("the token page is not cached", answer.header("Cache-Control") == "no-store")
    token = token.group(1) if token else ""
    check("the token works against the API",
          server.api("GET", "/api/v1/session", token=token).json().get("user") == "vy")
    check("the token is not shown again", token not in server.get("/admin/users", root).text)
    answer = server.post_form("/admin/users/vy/tokens/revoke", root,
                              {"csrf_token": server.csrf(root)})
    check("an admin revokes the tokens", answer.status == 303, answer.summary())
    check("the revoked token no longer works",
          server.api("GET", "/api/v1/session", token=token).status == 401)

    # Accounts: provinces chosen from the list; the last admin protected.
    users = server.get("/admin/users", root).text
    check("provinces are chosen from a list", '<select id="provinces-new" name="provinces" multiple'
          in users and "<option value=\"Vĩnh Long\"" in users)
    answer = server.post_form("/admin/users", root, [
        ("name", "nga"), ("role", "editor"), ("provinces_listed", "1"),
        ("provinces", "Cần Thơ"), ("provinces", "Vĩnh Long"),
        ("password", "a-long-password-1"), ("csrf_token", server.csrf(root))])
    check("an account gets the provinces chosen", answer.status == 303, answer.summary())
    nga = [line for line in workspace.cli("user", "list").stdout.splitlines() if "nga" in line]
    check("both provinces stored", nga and "Cần Thơ" in nga[0] and "Vĩnh Long" in nga[0], nga)
    answer = server.post_form("/admin/users/root", root, {"action": "disable", "confirm": "1",
                                                          "csrf_token": server.csrf(root)})
    check("the last enabled admin cannot be locked, the page says why in Vietnamese",
          answer.status == 400 and "quản trị viên cuối cùng" in answer.text, answer.summary())

    # /account: one's own password.
    page = server.get("/account", ed)
    check("every user has /account", page.status == 200 and "current_password" in page.text)
    answer = server.post_form("/account", ed, {"current_password": "wrong-password-x",
                                               "new_password": "another-password-1",
                                               "csrf_token": server.csrf(ed)})
    check("a wrong current password is refused with a message",
          answer.status == 400 and "Mật khẩu hiện tại không đúng" in answer.text, answer.summary())
    check("nothing changed: the old password still logs in", server.login("ed") is not None)
    answer = server.post_form("/account", vy, {"current_password": workspace.passwords["vy"],
                                               "new_password": "short",
                                               "csrf_token": server.csrf(vy)})
    check("a short new password is refused as `user set` refuses it",
          answer.status == 400 and "10 ký tự" in answer.text, answer.summary())
    answer = server.post_form("/account", vy, {"current_password": workspace.passwords["vy"],
                                               "new_password": "viewer-new-password"})
    check("/account wants csrf_token", answer.status == 403, answer.summary())
    answer = server.post_form("/account", vy, {"current_password": workspace.passwords["vy"],
                                               "new_password": "viewer-new-password",
                                               "csrf_token": server.csrf(vy)})
    check("a viewer changes her own password", answer.status == 200 and "Đã lưu" in answer.text,
          answer.summary())
    check("the new password logs in", server.login("vy", "viewer-new-password") is not None)
    check("the old session ended", server.get("/account", vy).status == 303)
    check("the server is alive", server.alive())
finally:
    server.stop()
    workspace.remove()
common.finish()
