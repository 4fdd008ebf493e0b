#!/usr/bin/env python3
"""After milestone edits over HTTP, every view equals what a freshly started server answers on the
same database (issue 30, §1): the server brings its schedule, alerts (with their JSON rows) and
pipelines up to date incrementally (analysis/incremental_schedule.h, analysis::update_alerts,
analysis::PipelineTally; the schedule at another date than today from the previous snapshot's;
the dashboard's alert counts and top list merged from an earlier snapshot's alerts)
instead of computing them again, and no reader may tell; every other
kind of write (links, project fields, a status, milestones added and removed, an import, another
process's write) leaves the same views as a fresh server's too.

Usage (from the source directory):  python3 tests/web/incremental_test.py PATH_TO_TIENDO

A generated portfolio (some projects on working calendars) is imported; a server gets PATCHes of
every milestone field the schedule reads (forecast, planned, duration, actual start, actual), the
dashboard and alerts read between them so that readers hold snapshots while the server edits its
spare copy; then every other kind of write, and milestone edits again, with links changed, added
and removed, projects changed and a status recorded on its form between them (the spare copy the
next edit takes catches up with each). Then the schedule, alerts,
pipeline APIs, the dashboard, alerts and pipeline pages and
the edited projects' pages are read from it and from a second server started afterwards on the
same file: each must be the same, but for the per-session form tokens.
"""
import csv
import datetime
import json
import os
import random
import re
import urllib.parse

import common

workspace = common.Workspace("incremental")
folder = os.path.join(workspace.work, "portfolio")
workspace.cli("generate", "--projects", "60", "--seed", "11", "--out", folder)
workspace.cli("init")
workspace.cli("import", *(os.path.join(folder, name)
                          for name in ("projects.csv", "milestones.csv", "dependencies.csv")))
with open(os.path.join(folder, "projects.csv"), newline="", encoding="utf-8") as file:
    codes = [row["code"] for row in csv.DictReader(file)]
for code in codes[::4]:
    workspace.cli("project", "set", code, "--calendar", "vn-mon-fri", "--reason", "test")
with open(os.path.join(folder, "milestones.csv"), newline="", encoding="utf-8") as file:
    refs = [f"{row['project']}:{row['key']}" for row in csv.DictReader(file)]
workspace.add_account("admin", "admin")

server = workspace.serve()
session = server.login("admin")
csrf = server.csrf(session)
server.get("/", session)
rng = random.Random(5)
today = datetime.date(2026, 12, 7)
written, edited = 0, set()
for step in range(24):
    ref = rng.choice(refs)
    kind = step % 5
    if kind == 0:
        body = {"forecast": (today + datetime.timedelta(days=rng.randrange(-100, 900))).isoformat()}
    elif kind == 1:
        body = {"planned": (today + datetime.timedelta(days=rng.randrange(-300, 900))).isoformat()}
    elif kind == 2:
        body = {"duration_days": str(rng.randrange(0, 400))}
    elif kind == 3:
        body = {"actual_start": (today - datetime.timedelta(days=rng.randrange(0, 200))).isoformat()}
    else:
        body = {"actual": (today - datetime.timedelta(days=rng.randrange(0, 100))).isoformat()}
    body["reason"] = "other:test"
    answer = server.request("PATCH", "/api/v1/milestones/" + urllib.parse.quote(ref, safe=":"),
                            session, json.dumps(body),
                            {"Content-Type": "application/json", "X-CSRF-Token": csrf})
    if answer.status == 200:
        written += 1
        edited.add(ref.split(":")[0])
    elif answer.status != 400:
        common.check(f"PATCH {ref} {body} answers 200 or 400", False, answer.summary())
    if step % 3 == 0:
        server.get("/", session)
        server.get("/api/v1/alerts", session)
        # A schedule at another date, which the next snapshot brings up to date from this one's.
        server.get("/api/v1/schedule?as_of=2026-06-30", session)
common.check("most edits were written", written >= 12, f"{written} of 24")

# Every other kind of write, each between reads that make the server keep answers, alerts and
# pipelines for the snapshot before it, then milestone edits again on what they left: links added,
# changed and removed, project fields, a status, milestones added and removed, an import and a
# write of another process (the command line).
with open(os.path.join(folder, "dependencies.csv"), newline="", encoding="utf-8") as file:
    links = [(row["from"], row["to"]) for row in csv.DictReader(file)]
rng.shuffle(links)


def link_path(source, target):
    return (f"/api/v1/dependencies/{urllib.parse.quote(source, safe=':')}/"
            f"{urllib.parse.quote(target, safe=':')}")


def read_some():
    server.get("/", session)
    server.get("/api/v1/alerts", session)
    server.get("/api/v1/schedule?as_of=2026-06-30", session)
    server.get("/api/v1/pipeline?by=province,stage", session)


kinds_written = set()
other_writes = [
    ("link added", lambda: server.api("POST", "/api/v1/dependencies", session, {
        "from": f"{codes[3]}:investment_policy", "to": f"{codes[40]}:cod", "type": "FS",
        "lag_days": 30})),
    ("link changed", lambda: server.api("PATCH", link_path(*links[0]), session,
                                        {"lag_days": 45})),
    ("link removed", lambda: server.api("DELETE", link_path(*links[1]), session)),
    ("project changed", lambda: server.api("PATCH", f"/api/v1/projects/{codes[5]}", session,
                                           {"capacity_mw": "321.5", "province": "Ninh Thuận",
                                            "target_cod": "2030-06-30"})),
    ("stage changed", lambda: server.api("PATCH", f"/api/v1/projects/{codes[9]}", session,
                                         {"stage": "construction"})),
    ("milestone added", lambda: server.api("POST", f"/api/v1/projects/{codes[12]}/milestones",
                                           session, {"key": "extra_check",
                                                     "planned": "2027-03-01"})),
    ("milestone removed", lambda: server.api(
        "DELETE", "/api/v1/milestones/" + urllib.parse.quote(
            next(ref for ref in refs if ref.startswith(codes[14] + ":")), safe=":") +
        "?reason=other%3Atest", session)),
]
for name, write in other_writes:
    answer = write()
    common.check(f"{name}: written", answer.status in (200, 201), answer.summary())
    kinds_written.add(name)
    read_some()
# A status and an import from the command line, as another process writes while the server runs.
workspace.cli("project", "status", codes[20], "suspended", "--date", "2026-11-01", "--reason",
              "other:test")
read_some()
changed_rows = os.path.join(workspace.work, "changed_milestones.csv")
with open(os.path.join(folder, "milestones.csv"), newline="", encoding="utf-8") as file:
    reader = csv.DictReader(file)
    rows = [row for row in reader if row["project"] == codes[25] and not row["actual"]]
    fieldnames = reader.fieldnames
for row in rows:
    row["forecast"] = "2031-01-15"
with open(changed_rows, "w", newline="", encoding="utf-8") as file:
    writer = csv.DictWriter(file, fieldnames=fieldnames)
    writer.writeheader()
    writer.writerows(rows)
workspace.cli("import", changed_rows)
read_some()
# Links no write above removed, changed between milestone edits below.
later_links = [link for link in links[2:]
               if not any(end.startswith(codes[14] + ":") for end in link)]
for step in range(6):
    if step in (1, 3):
        # A link's lag between milestone edits: the copy the next edit takes catches up with it.
        answer = server.api("PATCH", link_path(*later_links[step]), session,
                            {"lag_days": 20 + step, "type": "SS" if step == 1 else "FF"})
        common.check(f"link changed between milestone edits ({step}): written",
                     answer.status == 200, answer.summary())
        edited.add(later_links[step][1].split(":")[0])
        read_some()
    if step == 0:
        # A link added, then one removed, and a status recorded on the page between milestone
        # edits: the copy the next edit takes catches up with the link (its network and its
        # drivers' indices) and the status event.
        answer = server.api("POST", "/api/v1/dependencies", session, {
            "from": f"{codes[7]}:investment_policy", "to": f"{codes[44]}:cod", "type": "SS",
            "lag_days": 10})
        common.check("link added between milestone edits: written", answer.status == 201,
                     answer.summary())
        edited.add(codes[44])
        read_some()
    if step == 2:
        answer = server.api("DELETE", link_path(*later_links[5]), session)
        common.check("link removed between milestone edits: written", answer.status == 200,
                     answer.summary())
        edited.add(later_links[5][1].split(":")[0])
        read_some()
    if step == 4:
        answer = server.post_form(f"/projects/{urllib.parse.quote(codes[22])}/status", session, {
            "csrf_token": csrf, "status": "suspended", "date": "02/11/2026",
            "reason_category": "grid", "reason_text": "chờ đấu nối", "source": ""})
        common.check("status recorded on the page between milestone edits: saved",
                     answer.status in (302, 303), answer.summary())
        edited.add(codes[22])
        read_some()
    if step == 1:
        # A milestone added on its page, with a reason from the list, then edited at once: the
        # copy the edit takes catches up with the milestone appended (its network, its project's
        # list) and gives it a schedule entry.
        answer = server.post_form(f"/projects/{urllib.parse.quote(codes[33])}/milestones/new",
                                  session, {
                                      "csrf_token": csrf, "key": "", "key_other": "kiem_tra_them",
                                      "name": "Kiểm tra thêm", "duration_days": "12",
                                      "planned": "15/03/2027", "actual_start": "", "actual": "",
                                      "forecast": "01/05/2027", "reason_category": "grid",
                                      "reason_text": "chờ đường dây 110 kV", "source": "CV 12"})
        common.check("milestone added on the page between milestone edits: saved",
                     answer.status in (302, 303), answer.summary())
        read_some()
        answer = server.request(
            "PATCH", f"/api/v1/milestones/{urllib.parse.quote(codes[33])}:kiem_tra_them",
            session, json.dumps({"forecast": "2027-08-01", "reason": "grid:chờ"}),
            {"Content-Type": "application/json", "X-CSRF-Token": csrf})
        common.check("milestone added, then edited: written", answer.status == 200,
                     answer.summary())
        edited.add(codes[33])
        read_some()
    if step == 5:
        # A milestone removed with its links between milestone edits: the copy the next edit
        # takes catches up with it (the milestones and links after it move down one).
        gone = next(ref for ref in refs if ref.startswith(codes[36] + ":"))
        answer = server.api("DELETE", "/api/v1/milestones/" + urllib.parse.quote(gone, safe=":") +
                            "?reason=other%3Anh%E1%BA%ADp%20nh%E1%BA%A7m", session)
        common.check("milestone removed between milestone edits: written", answer.status == 200,
                     answer.summary())
        refs = [ref for ref in refs if ref != gone]
        edited.add(codes[36])
        read_some()
    if step == 3:
        # A baseline saved on its page: every alert compares with it from now on. Then a plan
        # moved and a second baseline: the alerts of that milestone change (their rows with
        # them), the others keep theirs.
        for name in ("Quý 4/2026 (kiểm tra)", "Quý 4/2026 (lần 2)"):
            answer = server.post_form("/baselines", session, {"csrf_token": csrf, "name": name})
            common.check(f"baseline {name} saved between milestone edits: saved",
                         answer.status in (302, 303), answer.summary())
            read_some()
            if name.endswith("(kiểm tra)"):
                moved = next(ref for ref in refs if ref.startswith(codes[37] + ":"))
                answer = server.request(
                    "PATCH", "/api/v1/milestones/" + urllib.parse.quote(moved, safe=":"),
                    session, json.dumps({"planned": "2020-01-15", "actual": None,
                                         "reason": "other:test"}),
                    {"Content-Type": "application/json", "X-CSRF-Token": csrf})
                common.check("plan moved between two baselines: written",
                             answer.status == 200, answer.summary())
                edited.add(codes[37])
                read_some()
    if step in (2, 4):
        # A project's own fields likewise: the copy the next edit takes catches up with them.
        code = codes[30 + step]
        answer = server.api("PATCH", f"/api/v1/projects/{code}", session,
                            {"name": f"Dự án đổi tên {step}", "stage": "permitted",
                             "province": "Bình Thuận" if step == 2 else "Hà Nội"})
        common.check(f"project changed between milestone edits ({step}): written",
                     answer.status == 200, answer.summary())
        edited.add(code)
        read_some()
    ref = rng.choice(refs)
    body = {"forecast": (today + datetime.timedelta(days=rng.randrange(-100, 900))).isoformat(),
            "reason": "other:test"}
    answer = server.request("PATCH", "/api/v1/milestones/" + urllib.parse.quote(ref, safe=":"),
                            session, json.dumps(body),
                            {"Content-Type": "application/json", "X-CSRF-Token": csrf})
    if answer.status == 200:
        edited.add(ref.split(":")[0])
    read_some()
# Milestone edits with only the dashboard read between them: each snapshot's dashboard counts
# and lists its alerts from an earlier snapshot's (Snapshot::alert_digest) without making its
# own, and the next edit carries those earlier alerts on, with every project to compute again
# since; the views below then read the alerts made from that chain.
for step in range(4):
    ref = rng.choice(refs)
    body = {"forecast": (today + datetime.timedelta(days=rng.randrange(-100, 900))).isoformat(),
            "reason": "other:test"}
    answer = server.request("PATCH", "/api/v1/milestones/" + urllib.parse.quote(ref, safe=":"),
                            session, json.dumps(body),
                            {"Content-Type": "application/json", "X-CSRF-Token": csrf})
    if answer.status == 200:
        edited.add(ref.split(":")[0])
    server.get("/?scope=all", session)
    server.get("/", session)
edited.update({codes[5], codes[9], codes[12], codes[20], codes[25]})

views = ["/api/v1/schedule", "/api/v1/schedule?as_of=2026-06-30",
         "/api/v1/schedule?project={}&as_of=2026-06-30".format(urllib.parse.quote(codes[25])),
         "/api/v1/alerts", "/api/v1/alerts?min_severity=warning",
         "/api/v1/alerts?technology=solar&min_severity=critical",
         "/api/v1/pipeline?by=province,stage", "/api/v1/pipeline?by=technology,cod_year",
         "/api/v1/pipeline?by=stage&cod_basis=planned", "/?scope=all", "/alerts",
         "/alerts?scope=all&sort=days", "/pipeline", "/pipeline?by=cod_year",
         "/projects"] + [f"/projects/{urllib.parse.quote(code)}" for code in sorted(edited)[:10]]


def read_all(server, session):
    answers = {}
    for view in views:
        answer = server.get(view, session)
        text = answer.text
        # The projects list's forecast note and columns come from the forecast each server drew
        # off the request path, maybe not yet, maybe before the last edits.
        text = re.sub(r'<p class="[^"]*forecast-note"[^>]*>.*?</p>', "", text, flags=re.S)
        text = re.sub(r'<td data-label="(COD P50 \(dự báo\)|Kịp COD mục tiêu)"[^>]*>.*?</td>',
                      "", text, flags=re.S)
        # What differs by session or by the moment it is read, not by the portfolio.
        text = re.sub(r'name="csrf_token" value="[^"]*"', "", text)
        text = re.sub(r'<meta name="csrf-token" content="[^"]*"', "", text)
        # The forecasts are drawn off the request path, and shown once ready (with when they
        # were drawn): one server may have drawn them and the other not yet.
        text = re.sub(r"<figure[^>]*fan.*?</figure>", "", text, flags=re.S)
        text = re.sub(r'<section class="panel"><h2>([^<]*(Dự báo|forecast)[^<]*|'
                      r'Công suất vận hành cuối năm)</h2>.*?</section>', "", text,
                      flags=re.S | re.I)
        text = text.replace('<div class="grid-2"></div>', "")
        answers[view] = (answer.status, text)
    return answers


edited_views = read_all(server, session)
server.stop()
fresh = workspace.serve()
fresh_views = read_all(fresh, fresh.login("admin"))
fresh.stop()
for view in views:
    mine, theirs = edited_views[view], fresh_views[view]
    detail = ""
    if mine != theirs:
        at = next((i for i, (a, b) in enumerate(zip(mine[1], theirs[1])) if a != b),
                  min(len(mine[1]), len(theirs[1])))
        detail = f"statuses {mine[0]}/{theirs[0]}; first difference at {at}: " \
                 f"{mine[1][max(0, at - 80):at + 80]!r} against {theirs[1][max(0, at - 80):at + 80]!r}"
    common.check(f"{view} after the edits equals a fresh server's", mine == theirs and
                 mine[0] == 200, detail)
workspace.remove()
common.finish()
