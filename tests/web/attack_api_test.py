#!/usr/bin/env python3
"""The in-place writes and undo attacked by an editor of one province (attack of wave 3).

What the attack found:
- A lag of 9223372036854775808 days (one past int64) was refused quoting -9223372036854775808:
  the number is now quoted as sent.
What it tried that held, kept as regressions:
- a link PATCH whose successor lies in another province: 403, nothing written; one whose
  predecessor does (the successor being hers) is hers to change;
- a project PATCH moving it to another province, or naming another province's project as its
  parent: 403;
- 18 PATCHes of one link (and of one project) at once from three sessions with the same If-Match:
  exactly one 200, the others 409, one change-log row;
- lags of 10^12 days, 1e308, NaN and 0.5: 400;
- an undo of another editor's change, and of her own after the project left her provinces: 403.

Usage (from the source directory):  python3 tests/web/attack_api_test.py PATH_TO_TIENDO
"""
import re
import threading

import common
from common import check

workspace = common.Workspace("attackapi")
workspace.cli("init")
workspace.cli("project", "add", "LS-FARM", "--name", "Lạng Sơn farm", "--technology",
              "wind_onshore", "--province", "Lạng Sơn")
workspace.cli("project", "add", "ST-PLANT", "--name", "Sóc Trăng plant", "--technology",
              "wind_onshore", "--province", "Sóc Trăng")
for code in ("LS-FARM", "ST-PLANT"):
    workspace.cli("milestone", "add", f"{code}:construction_start", "--planned", "2026-03")
    workspace.cli("milestone", "add", f"{code}:cod", "--planned", "2027-06")
workspace.cli("depend", "add", "LS-FARM:construction_start", "LS-FARM:cod")
workspace.cli("depend", "add", "LS-FARM:cod", "ST-PLANT:cod")
workspace.cli("depend", "add", "ST-PLANT:construction_start", "LS-FARM:construction_start")
workspace.add_account("hoa", "editor", "Lạng Sơn")
workspace.add_account("st", "editor", "Sóc Trăng")
workspace.add_account("admin", "admin")
server = workspace.serve()
try:
    hoa, hoa2, st, admin = (server.login(name) for name in ("hoa", "hoa", "st", "admin"))

    def rows():
        return len(workspace.changes())

    own = "/api/v1/dependencies/LS-FARM:construction_start/LS-FARM:cod"
    before = rows()
    answer = server.api("PATCH", own, hoa, {"lag_days": 2**63})
    check("a lag one past int64 is refused quoting it as sent",
          answer.status == 400 and "9223372036854775808" in answer.text
          and "-9223372036854775808" not in answer.text, answer.summary())
    for lag in (10**12, -10**12, 1e308, "NaN", 0.5):
        answer = server.api("PATCH", own, hoa, {"lag_days": lag})
        check(f"lag {lag!r}: 400", answer.status == 400, answer.summary())
    answer = server.api("PATCH", "/api/v1/dependencies/LS-FARM:cod/ST-PLANT:cod", hoa,
                        {"lag_days": 5})
    check("a link into another province's project: 403", answer.status == 403, answer.summary())
    for change in ({"province": "Sóc Trăng"}, {"parent": "ST-PLANT"}):
        answer = server.api("PATCH", "/api/v1/projects/LS-FARM", hoa, change)
        check(f"project PATCH {change}: 403", answer.status == 403, answer.summary())
    check("nothing written by the refusals", rows() == before)
    answer = server.api("PATCH",
                        "/api/v1/dependencies/ST-PLANT:construction_start/LS-FARM:construction_start",
                        hoa, {"lag_days": 5})
    check("a link from another province into hers: hers to change (200)", answer.status == 200,
          answer.summary())

    # The same If-Match from three sessions at once: one wins.
    link = [each for each in server.api("GET", "/api/v1/projects/LS-FARM", hoa).json()
            ["dependencies"] if each["from"] == "LS-FARM:construction_start"
            and each["to"] == "LS-FARM:cod"][0]
    for target, version, body in (
            (own, link["version"], lambda i: {"lag_days": i + 1}),
            ("/api/v1/projects/LS-FARM",
             server.api("GET", "/api/v1/projects/LS-FARM", hoa).json()["version"],
             lambda i: {"name": f"name {i}"})):
        statuses, before = [], rows()

        def send(session, index, target=target, version=version, body=body):
            statuses.append(server.api("PATCH", target, session, body(index),
                                       headers={"If-Match": str(version)}).status)

        threads = [threading.Thread(target=send, args=(session, index)) for index, session in
                   enumerate([hoa, hoa2, admin] * 6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        check(f"18 PATCHes of {target} with one If-Match at once: one 200, 17 409, one row",
              sorted(statuses) == [200] + [409] * 17 and rows() == before + 1, sorted(statuses))

    # Undo: another editor's change; her own after the project left her provinces.
    def undo(session, change):
        page = server.get(f"/history/{change}/undo", session)
        token = re.findall(r'name="csrf_token" value="([^"]*)"', page.text)
        return server.post_form(f"/history/{change}/undo", session, {
            "csrf_token": token[0] if token else server.csrf(session), "reason_text": "thử"})

    server.api("PATCH", "/api/v1/projects/ST-PLANT", st, {"name": "đổi bởi st"})
    theirs = server.get("/api/v1/history?limit=1", admin).json()["changes"][0]["id"]
    before = rows()
    answer = undo(hoa, theirs)
    check("an undo of another editor's change: 403", answer.status == 403, answer.summary())
    server.api("PATCH", "/api/v1/projects/LS-FARM", hoa, {"investor": "EVN"})
    mine = server.get("/api/v1/history?limit=1", admin).json()["changes"][0]["id"]
    server.api("PATCH", "/api/v1/projects/LS-FARM", admin, {"province": "Sóc Trăng"})
    before = rows()
    answer = undo(hoa, mine)
    check("an undo of her own change once the project left her provinces: 403",
          answer.status == 403 and rows() == before, answer.summary())
    check("the server is alive", server.alive())
finally:
    server.stop()
    workspace.remove()
common.finish()
