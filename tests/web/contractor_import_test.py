#!/usr/bin/env python3
"""A contractor's schedule imported from the browser (issue 31 §4) over real HTTP: the /import
page's schedule form previews a P6 XER (Windows-1258 and UTF-8 alike) or an MS Project XML file —
its projects, activities, calendars and skipped activities, nothing written — then the confirmed
import writes it all or nothing with the COD chosen among its activities; refused without the CSRF
token, outside the editor's provinces, for a bad file (400 naming file, table, row and field, in
Vietnamese) and for a project imported already; the project page then lists the activities under
the key milestones they lead to. The API takes the same file (POST /api/v1/import).

Usage (from the source directory):  python3 tests/web/contractor_import_test.py PATH_TO_TIENDO
"""
import html
import os
import re
import threading
import time
import unicodedata
import uuid

import common
import language_test
from common import check

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(SOURCE, "fixtures", "p6", "synthetic-vn-1258.xer")
BAD = os.path.join(SOURCE, "tests", "cli", "data", "xer")
MSPDI = os.path.join(SOURCE, "fixtures", "external", "msproject",
                     "mpxj-task-links-project2016-mspdi.xml")
HS2 = os.path.join(SOURCE, "fixtures", "external", "p6", "pyp6xer-sp10-cost-loaded.xer")


def multipart(fields, files):
    """A multipart/form-data body: `fields` pairs, `files` (field, name, bytes) triples."""
    boundary = "----tiendo" + uuid.uuid4().hex
    body = b""
    for name, value in fields:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                 f"{value}\r\n").encode()
    for field, name, content in files:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
                 f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
        body += content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def post_schedule(server, session, name, content, fields=(), csrf=True, target="/import"):
    given = [("schedule", "1"), ("dry_run", "1")] + list(fields)
    if csrf:
        given.append(("csrf_token", server.csrf(session)))
    body, headers = multipart(given, [("schedule_file", name, content)])
    return server.request("POST", target, session, body, headers)


def hidden_fields(text):
    return [(name, html.unescape(value)) for name, value in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', text)]


def confirm(server, session, preview_text, cod):
    """Posts the preview's confirm form as a browser would: its hidden fields and the COD."""
    form = preview_text[preview_text.index('class="confirm'):]
    fields = [(n, v) for n, v in hidden_fields(form) if n != "csrf_token"]
    fields += [("cod", cod), ("csrf_token", server.csrf(session))]
    body, headers = multipart(fields, [])
    return server.request("POST", "/import", session, body, headers)


def projects(workspace):
    return [p["code"] for p in workspace.cli_json("project", "list")["projects"]]


workspace = common.Workspace("contractorimport")
workspace.cli("init")
workspace.add_account("officer", "editor", "Bạc Liêu")
workspace.add_account("hanoi", "editor", "Hà Nội")
workspace.add_account("admin", "admin")
workspace.add_account("viewer", "viewer")
server = workspace.serve()
try:
    officer = server.login("officer")
    fixture = open(FIXTURE, "rb").read()
    wanted = [("province", "Bạc Liêu"), ("technology", "wind_nearshore"), ("capacity_mw", "141")]

    page = server.get("/import", officer)
    check("GET /import offers the schedule form (.xer, .xml) with provinces and technologies",
          page.status == 200 and 'name="schedule_file"' in page.text and ".xer" in page.text
          and 'name="province"' in page.text and "Bạc Liêu" in page.text
          and 'value="wind_nearshore"' in page.text and "Tiến độ của nhà thầu" in page.text,
          page.summary())

    # The preview: nothing written, the file's Vietnamese names right (Windows-1258, NFC).
    preview = post_schedule(server, officer, "synthetic-vn-1258.xer", fixture, wanted)
    text = preview.text
    check("preview of a Windows-1258 XER -> 200 naming its project, calendars, skipped activities",
          preview.status == 200 and "DG-BACLIEU-3" in text and "Điện gió Bạc Liêu 3" in text
          and "Lịch công trường 6 ngày" in text and "QL-900" in text
          and "Quản lý dự án" in text and "công việc hỗ trợ (LOE)" in text
          and "công việc tổng hợp WBS" in text and "Đổ bê tông móng trụ tuốc-bin" in text,
          text[:3000])
    check("the preview's names are NFC (tone marks composed)",
          unicodedata.normalize("NFC", text) == text)
    check("the preview offers the COD among the activities, and keeps the file to confirm",
          '<option value="COD"' in text and 'name="kept_content"' in text, text[-3000:])
    check("the preview says the dry run's counts and writes nothing",
          "5 thêm" in text or "5" in text, text[:800])
    check("nothing written by the preview", projects(workspace) == [])
    language_test.check_vietnamese("preview", "/import", preview)
    check("the preview page is Vietnamese (no English headings)",
          "Projects in the file" not in text and "Activities skipped" not in text)

    # Refusals: no CSRF token, an editor of another province, a bad file, nothing written each.
    answer = post_schedule(server, officer, "synthetic-vn-1258.xer", fixture, wanted, csrf=False)
    check("a schedule post without the CSRF token -> 403", answer.status == 403, answer.summary())
    hanoi = server.login("hanoi")
    answer = post_schedule(server, hanoi, "synthetic-vn-1258.xer", fixture, wanted)
    check("an editor of Hà Nội importing into Bạc Liêu -> 403", answer.status == 403,
          answer.summary())
    answer = post_schedule(server, officer, "bad_date.xer",
                           open(os.path.join(BAD, "bad_date.xer"), "rb").read(), wanted)
    check("a bad date -> 400 naming file, table, row and field, in Vietnamese, the form again",
          answer.status == 400 and "bad_date.xer" in answer.text and "TASK" in answer.text
          and "target_start_date" in answer.text and "Chưa nhập gì" in answer.text
          and "/tmp" not in answer.text and 'name="schedule_file"' in answer.text,
          answer.text[:3000])
    check("... the reason in Vietnamese too", "không phải ngày giờ" in answer.text,
          answer.text[:3000])
    for name, words in (("not_xer.xer", "không phải tệp Primavera P6 XER"),
                        ("missing_calendar.xer", "không phải lịch nào của tệp (CALENDAR)"),
                        ("unknown_activity.xer", "không phải công việc nào của tệp (TASK)"),
                        ("cycle.xer", "khép kín một vòng phụ thuộc")):
        answer = post_schedule(server, officer, name, open(os.path.join(BAD, name), "rb").read(),
                               wanted + [("code", "CYCLE-1")])
        check(f"{name} -> 400 naming the file, in Vietnamese", answer.status == 400
              and name in answer.text and words in answer.text, answer.text[:2000])
        if name == "missing_calendar.xer":
            # (bad_date.xer's page quotes the file's bad value, a date and time as P6 writes it.)
            language_test.check_vietnamese("bad file", "/import", answer)
    # Where a refused activity is in its file, in the page's language: "bảng TASK, hàng 1" on a
    # Vietnamese page, "table TASK row 1" in English (and on the command line) (issue 29).
    clash = fixture.replace(b"\tMS-000\t", b"\tXD 100\t")
    for target, wanted_place, unwanted in (
            ("/import", r"bảng TASK, hàng \d+ và bảng TASK, hàng \d+", "table TASK"),
            ("/import?lang=en", r"table TASK row \d+ and table TASK row \d+", "bảng TASK")):
        answer = post_schedule(server, officer, "clash.xer", clash, wanted + [("code", "CLASH-1")],
                               target=target)
        check(f"{target}: two IDs folding to one key -> 400 placing both in the page's language",
              answer.status == 400 and re.search(wanted_place, answer.text)
              and unwanted not in answer.text and "xd_100" in answer.text, answer.text[:3000])
    answer = post_schedule(server, officer, "synthetic-vn-1258.xer", fixture,
                           [("technology", "wind_nearshore")])
    check("no province -> 400 asking for it in Vietnamese",
          answer.status == 400 and "hãy chọn tỉnh" in answer.text, answer.text[:2000])
    language_test.check_vietnamese("refusal", "/import", answer)
    viewer = server.login("viewer")
    answer = post_schedule(server, viewer, "synthetic-vn-1258.xer", fixture, wanted)
    check("a viewer's schedule post -> 403", answer.status == 403, answer.summary())
    # A .xer dropped on the CSV form is taken as a schedule: its province and technology asked.
    body, headers = multipart([("dry_run", "1"), ("csrf_token", server.csrf(officer))],
                              [("files", "synthetic-vn-1258.xer", fixture)])
    answer = server.request("POST", "/import", officer, body, headers)
    check("a .xer sent through the CSV form -> 400 asking for its province and technology",
          answer.status == 400 and "hãy chọn tỉnh" in answer.text
          and "hãy chọn công nghệ" in answer.text and 'name="schedule_file"' in answer.text,
          answer.text[:2000])
    check("nothing written by the refusals", projects(workspace) == [])

    answer = confirm(server, officer, text, "NO-SUCH-ACTIVITY")
    check("a COD that is no activity of the file -> 400 in Vietnamese, no command-line option",
          answer.status == 400 and "không có mã công việc này" in answer.text
          and "--cod" not in answer.text, answer.text[:2000])
    check("nothing written by it", projects(workspace) == [])

    # Confirmed, with the COD chosen: the project and its activities, sourced by the file's name.
    done = confirm(server, officer, text, "COD")
    check("confirm -> 200 saying it was saved, linking the project",
          done.status == 200 and "Đã lưu" in done.text and "/projects/DG-BACLIEU-3" in done.text,
          done.text[:3000])
    language_test.check_vietnamese("result", "/import", done)
    check("the project is written with its COD", projects(workspace) == ["DG-BACLIEU-3"]
          and any(m["key"] == "cod" for m in
                  workspace.cli_json("milestone", "list", "--project", "DG-BACLIEU-3")["milestones"]))
    sources = {c.get("source", "") for c in workspace.changes()}
    check("the change log names the file as uploaded, not the server's folder",
          any("synthetic-vn-1258.xer" in s for s in sources)
          and not any("tiendo-upload" in s for s in sources), sources)

    # The project page: activities under the key milestones they lead to, the calendar named.
    project = server.get("/projects/DG-BACLIEU-3", officer)
    check("the project page lists the contractor's activities under their key milestone",
          project.status == 200 and "Công việc của nhà thầu" in project.text
          and '<details class="activity-group">' in project.text
          and "Vận hành thương mại (COD)" in project.text
          and "Đổ bê tông móng trụ tuốc-bin" in project.text
          and "dg-baclieu-3-10" in project.text, project.text[:2000])
    language_test.check_vietnamese("project page", "/projects/DG-BACLIEU-3", project)
    section = project.text[project.text.index('id="activities"'):]
    section = section[:section.index("</section>")]
    check("activity dates are dd/mm/yyyy, no ISO dates", re.search(r"\d\d/\d\d/20\d\d", section)
          and not re.search(r"20\d\d-\d\d-\d\d", section), section[:2000])
    check("the skipped activities are not on the page", "QL-900" not in section)

    # Imported already: refused in Vietnamese while the import cannot update a project, or,
    # once it can (the reimport branch), previewed as an update that changes nothing. Nothing
    # written either way.
    before = len(workspace.changes())
    again = post_schedule(server, officer, "synthetic-vn-1258.xer", fixture, wanted)
    refused = again.status == 400 and "đã có trong danh mục" in again.text
    unchanged = again.status == 200 and "sẽ nhập dự án: thêm 0, sửa 0; mốc: thêm 0, sửa 0" in again.text
    check("the same project again -> refused in Vietnamese, or an update changing nothing",
          refused or unchanged, again.text[:2000])
    check("... nothing written", len(workspace.changes()) == before)

    # UTF-8: the same file re-encoded reads the same names (another code so that it is new).
    utf8 = fixture.decode("cp1258").encode("utf-8")
    answer = post_schedule(server, officer, "utf8.xer", utf8, wanted + [("code", "DG-BL3-UTF8")])
    check("a UTF-8 XER previews with the same Vietnamese names",
          answer.status == 200 and "Điện gió Bạc Liêu 3" in answer.text
          and "Đổ bê tông móng trụ tuốc-bin" in answer.text
          and "Lịch công trường 6 ngày" in answer.text, answer.text[:2000])

    # A file with other scheduling options than P6's defaults: the preview says they are
    # honoured (no longer that tiendo counts lags on the predecessor's calendar), in Vietnamese
    # and in English; confirmed, the project keeps them with its rules.
    options = utf8.replace(b"%R\t1\t100\tY\trcal_Predecessor\tN",
                           b"%R\t1\t100\tN\trcal_Successor\tY")
    assert options != utf8
    answer = post_schedule(server, officer, "options.xer", options,
                           wanted + [("code", "DG-OPTIONS")])
    check("a file's scheduling options are said honoured in the preview", answer.status == 200
          and "Tệp tính độ trễ theo lịch của công việc sau; tiendo cũng tính như vậy." in answer.text
          and "tiến độ thực tế vượt logic" in answer.text
          and "tính theo lịch của công việc trước" not in answer.text, answer.text[:3000])
    language_test.check_vietnamese("options preview", "/import", answer)
    english = post_schedule(server, officer, "options.xer", options,
                            wanted + [("code", "DG-OPTIONS")], target="/import?lang=en")
    check("... and in English", english.status == 200
          and "The file counts lags on the successor's calendar; tiendo does too." in english.text
          and "(P6's progress override)" in english.text, english.text[:3000])
    done = confirm(server, officer, answer.text, "")
    folder = os.path.join(workspace.work, "options-export")
    workspace.cli("export", "--out", folder)
    with open(os.path.join(folder, "projects.csv"), encoding="utf-8") as stream:
        rules = stream.read()
    check("... and the project keeps them with its rules", done.status == 200
          and "p6 lag=successor out_of_sequence=progress_override" in rules, rules[:2000])

    # What the file says is shown as text: a hostile activity ID, escaped on both pages.
    hostile = utf8.replace(b"XD-120", b"<i>XD-120</i>")
    answer = post_schedule(server, officer, "hostile.xer", hostile,
                           wanted + [("code", "DG-HOSTILE")])
    check("a hostile activity ID is escaped in the preview", answer.status == 200
          and "<i>XD-120" not in answer.text and "&lt;i&gt;XD-120" in answer.text,
          answer.text[:2000])
    done = confirm(server, officer, answer.text, "")
    page = server.get("/projects/DG-HOSTILE", officer)
    check("... and on the project page", done.status == 200 and page.status == 200
          and "<i>XD-120" not in page.text and "&lt;i&gt;XD-120&lt;/i&gt;" in page.text,
          page.text[:1000])

    # MS Project XML, by the admin (any province).
    admin = server.login("admin")
    answer = post_schedule(server, admin, "links.xml", open(MSPDI, "rb").read(),
                           [("province", "Hà Nội"), ("technology", "solar_farm"),
                            ("code", "MSP-1")])
    check("an MS Project XML file previews", answer.status == 200
          and 'class="confirm' in answer.text, answer.text[:2000])
    done = confirm(server, admin, answer.text, "")
    check("an MS Project XML file imports", done.status == 200 and "MSP-1" in projects(workspace),
          done.text[:2000])

    # English.
    answer = post_schedule(server, officer, "utf8.xer", utf8,
                           wanted + [("code", "DG-BL3-EN")], target="/import?lang=en")
    check("the preview in English", answer.status == 200 and "Projects in the file" in answer.text
          and "a level-of-effort activity" in answer.text, answer.text[:2000])

    # The API: the same file, its options as query parameters.
    body, headers = multipart([], [("file", "utf8.xer", utf8)])
    headers["X-CSRF-Token"] = server.csrf(officer)
    query = ("province=B%E1%BA%A1c%20Li%C3%AAu&technology=wind_nearshore&code=DG-BL3-API"
             "&cod=COD")
    answer = server.request("POST", f"/api/v1/import?dry_run=1&{query}", officer, body, headers)
    check("POST /api/v1/import?dry_run=1 with a .xer -> 200 with its summary, nothing written",
          answer.status == 200 and answer.json()["summary"]["projects_added"] == 1
          and "DG-BL3-API" not in projects(workspace), answer.summary())
    answer = server.request("POST", f"/api/v1/import?dry_run=0&{query}", officer, body, headers)
    check("POST /api/v1/import with a .xer imports it", answer.status == 200
          and answer.json()["projects"] == ["DG-BL3-API"]
          and "DG-BL3-API" in projects(workspace), answer.summary())

    # A large real schedule (HS2, 4,000 activities). Its preview is heavy work on the writers'
    # connection: readers meanwhile are answered as usual, not after it.
    previewed = {}

    def preview_hs2():
        started = time.monotonic()
        previewed["answer"] = post_schedule(
            server, admin, "hs2.xer", open(HS2, "rb").read(),
            [("province", "Hà Nội"), ("technology", "grid"), ("code", "HS2")])
        previewed["took"] = time.monotonic() - started

    thread = threading.Thread(target=preview_hs2)
    thread.start()
    waits = []
    while thread.is_alive():
        started = time.monotonic()
        read = server.get("/projects/DG-BACLIEU-3", officer)
        waits.append((time.monotonic() - started, read.status))
    thread.join()
    answer = previewed["answer"]
    print(f"      HS2 preview {previewed['took']:.2f} s; {len(waits)} project pages read "
          f"meanwhile, the slowest {max(w for w, _ in waits):.2f} s")
    check("the HS2 export previews", answer.status == 200, answer.text[:2000])
    check("readers are answered while it runs, none waiting for it",
          all(status == 200 for _, status in waits)
          and (len(waits) > 1 or previewed["took"] < 0.5)
          and max(w for w, _ in waits) < max(1.0, previewed["took"] * 0.8), waits)
    done = confirm(server, admin, answer.text, "")
    check("the HS2 export imports", done.status == 200 and "HS2" in projects(workspace),
          done.text[:2000])
    started = time.monotonic()
    page = server.get("/projects/HS2", admin)
    took = time.monotonic() - started
    print(f"      /projects/HS2 ({page.text.count('<tr>')} rows) in {took:.2f} s")
    check("the HS2 project page lists its activities", page.status == 200
          and page.text.count('<details class="activity-group">') >= 1, page.text[:1000])
finally:
    server.stop()

# Within the upload limit: a server taking bodies of 1 MB refuses the 3 MB HS2 export whole.
small = workspace.serve("--max-body", "1000000")
try:
    admin = small.login("admin")
    before = projects(workspace)
    answer = post_schedule(small, admin, "hs2.xer", open(HS2, "rb").read(),
                           [("province", "Hà Nội"), ("technology", "grid"), ("code", "HS2-BIG")])
    check("a schedule past --max-body -> 413, nothing written",
          answer.status == 413 and projects(workspace) == before, answer.summary())
finally:
    small.stop()
    workspace.remove()
common.finish()
