"""Undo from the history page over real HTTP, as a department officer does it: an editor of Trà
Vinh imports three projects with their milestones and a link from the browser's API, then takes
the whole import back from /history in Vietnamese (confirmation page, reason, CSRF), and takes a
project removal back the same way. A viewer, and the editor of another province, are refused
(403) with nothing written; an undo another change built on is refused (409) naming it; an editor
may not undo someone else's change.

    python3 tests/web/undo_test.py build/tiendo
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import check  # noqa: E402


def multipart(files):
    boundary = "undo-test-boundary-41c2"
    parts = []
    for name, content in files:
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                     f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n".encode() +
                     content.encode() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


workspace = common.Workspace("undo")
workspace.cli("init")
workspace.add_account("root", "admin")
workspace.add_account("ha", "editor", "Trà Vinh")
workspace.add_account("nam", "editor", "Ninh Thuận")
workspace.add_account("vy", "viewer")
server = workspace.serve()
try:
    root = server.login("root")
    ha = server.login("ha")
    nam = server.login("nam")
    vy = server.login("vy")

    def total():
        return server.api("GET", "/api/v1/history?limit=1", root).json()["total"]

    def project_status(code):
        return server.api("GET", f"/api/v1/projects/{code}", root).status

    # Ha imports three projects, their milestones and a link between two of them.
    body, content_type = multipart([
        ("projects.csv", "code,name,technology,province\n"
                         "TV-A,Điện gió Trà Vinh A,wind_onshore,Trà Vinh\n"
                         "TV-B,Điện gió Trà Vinh B,wind_onshore,Trà Vinh\n"
                         "TV-C,Điện mặt trời Trà Vinh C,solar_farm,Trà Vinh\n"),
        ("milestones.csv", "project,key,planned\nTV-A,cod,2027-06\nTV-B,cod,2027-09\n"
                           "TV-C,cod,2028-01\n"),
        ("dependencies.csv", "from,to,type,lag_days\nTV-A:cod,TV-B:cod,FS,0\n"),
    ])
    answer = server.request("POST", "/api/v1/import", ha, body,
                            {"Content-Type": content_type, "X-CSRF-Token": server.csrf(ha)})
    check("the editor imports three projects", answer.status == 200, answer.summary())
    rows = server.api("GET", "/api/v1/history?actor=ha&limit=100", root).json()["changes"]
    created = next(row for row in rows if row["entity"] == "project:TV-B")
    undo_path = f"/history/{created['id']}/undo"

    # The history page offers her an undo of her own rows, in Vietnamese.
    page = server.get("/history", ha)
    check("the editor's history page offers an undo of her import",
          page.status == 200 and undo_path in page.text and "Hoàn tác" in page.text,
          page.summary())
    check("no ISO moment on the history page",
          not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page.text))
    check("a viewer is offered no undo", "/undo" not in server.get("/history", vy).text)

    # Refusals, each with nothing written.
    before = total()
    for name, session in (("a viewer", vy), ("another province's editor", nam)):
        shown = server.get(undo_path, session)
        check(f"{name} gets no undo page (403)", shown.status == 403, shown.summary())
        answer = server.post_form(undo_path, session, {"reason_text": "x", "scope": "write",
                                                       "csrf_token": server.csrf(session)})
        check(f"{name} may not undo (403)", answer.status == 403, answer.summary())
        check(f"{name}'s refusal is in Vietnamese", "hoàn tác" in shown.text.lower(),
              shown.text[:400])
    answer = server.post_form(undo_path, ha, {"reason_text": "x", "scope": "write"})
    check("an undo without csrf_token is a 403", answer.status == 403, answer.summary())
    check("nothing was written by the refusals", total() == before and
          project_status("TV-B") == 200)

    # The confirmation page: the whole write offered, in Vietnamese.
    confirm = server.get(undo_path, ha)
    check("the confirmation page answers in Vietnamese",
          confirm.status == 200 and "Xác nhận hoàn tác" in confirm.text and
          'name="scope" value="write"' in confirm.text, confirm.summary())
    check("the confirmation page says what an undo of a creation does",
          "được tạo sẽ bị xoá" in confirm.text, confirm.text[:2000])
    # One project of the import alone: the others of it link to it.
    alone = server.post_form(undo_path, ha, {"reason_text": "nhập nhầm", "scope": "change",
                                             "csrf_token": server.csrf(ha)})
    check("undoing one linked creation alone is refused (409) naming the link",
          alone.status == 409 and "TV-A:cod" in alone.text, alone.summary())
    check("nothing was written by the 409", total() == before)

    # A later change by someone else built on the import: refused, naming it.
    workspace.cli("--actor", "root", "milestone", "set", "TV-C:cod", "--planned", "2028-02")
    later = server.api("GET", "/api/v1/history?limit=1", root).json()["changes"][0]
    if later["entity"] == "milestone:TV-C:cod":
        built = server.post_form(undo_path, ha, {"reason_text": "nhập nhầm", "scope": "write",
                                                 "csrf_token": server.csrf(ha)})
        check("an import built upon is refused (409), naming the later change",
              built.status == 409 and f"#{later['id']}" in built.text, built.summary())
        # Root takes his change back first (an admin may undo anyone's).
        answer = server.post_form(f"/history/{later['id']}/undo", root,
                                  {"reason_text": "thử", "csrf_token": server.csrf(root)})
        check("the admin undoes his change", answer.status == 303, answer.summary())
        # ... which is itself a later change on TV-C: the import stays built upon.
        check("the undoing counts as a later change too",
              server.post_form(undo_path, ha, {"reason_text": "nhập nhầm", "scope": "write",
                                               "csrf_token": server.csrf(ha)}).status == 409)
        # The editor may not undo the admin's rows.
        rows = server.api("GET", "/api/v1/history?project=TV-C&limit=5", root).json()["changes"]
        answer = server.post_form(f"/history/{rows[0]['id']}/undo", ha,
                                  {"reason_text": "x", "csrf_token": server.csrf(ha)})
        check("an editor may not undo another user's change (403)", answer.status == 403,
              answer.summary())
    else:
        check("the admin changed TV-C's COD", False, later)

    # A fresh import right after, taken back whole: the change log tells one write from the next
    # by its write id, whatever second each came in.
    first_import = {row["write"] for row in
                    server.api("GET", "/api/v1/history?actor=ha&limit=100", root).json()["changes"]
                    if row["entity"] == "project:TV-B"}
    body, content_type = multipart([
        ("projects.csv", "code,name,technology,province\n"
                         "TV-D,Điện gió Trà Vinh D,wind_onshore,Trà Vinh\n"
                         "TV-E,Điện gió Trà Vinh E,wind_onshore,Trà Vinh\n"),
        ("milestones.csv", "project,key,planned\nTV-D,cod,2027-06\nTV-E,cod,2027-09\n"),
        ("dependencies.csv", "from,to,type,lag_days\nTV-D:cod,TV-E:cod,FS,0\n"),
    ])
    answer = server.request("POST", "/api/v1/import", ha, body,
                            {"Content-Type": content_type, "X-CSRF-Token": server.csrf(ha)})
    check("the editor imports again", answer.status == 200, answer.summary())
    rows = server.api("GET", "/api/v1/history?actor=ha&limit=100", root).json()["changes"]
    created = next(row for row in rows if row["entity"] == "project:TV-E")
    second_import = {row["write"] for row in rows
                     if row["entity"] in ("project:TV-D", "project:TV-E", "dependency:TV-D:cod->TV-E:cod")}
    check("the history's rows name their write: the second import's rows share one, not the first's",
          len(second_import) == 1 and not (second_import & first_import), (first_import, second_import))
    before = total()
    done = server.post_form(f"/history/{created['id']}/undo", ha,
                            {"reason_text": "nhập nhầm tệp", "scope": "write",
                             "csrf_token": server.csrf(ha)})
    check("the whole import is undone (303)", done.status == 303, done.summary())
    check("its projects are gone", project_status("TV-D") == 404 and
          project_status("TV-E") == 404)
    latest = server.api("GET", "/api/v1/history?limit=1", root).json()["changes"][0]
    check("the undo is a new change by the editor with her reason",
          latest["actor"] == "ha" and latest["reason"] == "nhập nhầm tệp" and total() > before,
          latest)
    saved = server.get(done.header("Location"), ha)
    check("the history says it was saved", "Đã lưu" in saved.text, saved.text[:400])

    # A project removed by mistake, made again from the history, right after her undo.
    answer = server.api("DELETE", "/api/v1/projects/TV-D?reason=th%E1%BB%AD", root)
    answer = server.api("DELETE", "/api/v1/projects/TV-C?reason=x%C3%B3a%20nh%E1%BA%A7m", ha)
    check("the editor removes a project", answer.status in (200, 204), answer.summary())
    check("it is gone", project_status("TV-C") == 404)
    rows = server.api("GET", "/api/v1/history?actor=ha&limit=50", root).json()["changes"]
    removal = next(row for row in rows if row["entity"] == "project:TV-C" and
                   row["field"] == "removed")
    confirm = server.get(f"/history/{removal['id']}/undo", ha)
    check("the removal's confirmation page answers", confirm.status == 200, confirm.summary())
    done = server.post_form(f"/history/{removal['id']}/undo", ha,
                            {"reason_text": "xoá nhầm", "scope": "write",
                             "csrf_token": server.csrf(ha)})
    check("the removal is undone (303)", done.status == 303, done.summary())
    project = server.api("GET", "/api/v1/projects/TV-C", root)
    check("the project is there again with its milestone",
          project.status == 200 and any(m["key"] == "cod" and m["planned"].startswith("2028-0")
                                        for m in project.json()["milestones"]),
          project.summary())
finally:
    server.stop()
    workspace.remove()
common.finish()
