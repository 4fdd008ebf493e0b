#!/usr/bin/env python3
"""Milestones added and removed and the links between them, over real HTTP: the API
(POST /api/v1/projects/CODE/milestones, DELETE /api/v1/milestones/REF, POST /api/v1/dependencies,
PATCH and DELETE /api/v1/dependencies/FROM/TO) and the forms (/projects/CODE/milestones/new,
/projects/CODE/milestones/KEY/delete, /projects/CODE/dependencies and .../remove): 400, 403, 409
and CSRF refusals write nothing, versions are the change log's ids, the key `new` is reserved, and
a cycle is refused in Vietnamese naming the cycle by its milestones' labels.

Usage (from the source directory):  python3 tests/web/links_test.py PATH_TO_TIENDO
Exit 0 when every check passed, 1 otherwise.
"""
import re
import urllib.parse

import common
from common import check

workspace = common.Workspace("links")
workspace.cli("init")
workspace.cli("project", "add", "LS-FARM", "--name", "Điện gió Lạng Sơn", "--technology",
              "wind_onshore", "--province", "Lạng Sơn")
workspace.cli("project", "add", "ST-PLANT", "--name", "Điện gió Sóc Trăng", "--technology",
              "wind_onshore", "--province", "Sóc Trăng")
for code in ("LS-FARM", "ST-PLANT"):
    workspace.cli("milestone", "add", f"{code}:construction_start", "--planned", "2026-03")
    workspace.cli("milestone", "add", f"{code}:cod", "--planned", "2027-06")
workspace.add_account("hoa", "editor", "Lạng Sơn")
workspace.add_account("xem", "viewer")
server = workspace.serve()
try:
    hoa = server.login("hoa")
    viewer = server.login("xem")

    def rows():
        return len(workspace.changes())

    def project_json(code="LS-FARM"):
        return server.api("GET", f"/api/v1/projects/{code}", hoa).json()

    # ---- API: milestones ----
    before = rows()
    answer = server.api("POST", "/api/v1/projects/LS-FARM/milestones", hoa,
                        {"key": "new", "planned": "2026-01"})
    check("api: the key 'new' is refused (400)",
          answer.status == 400 and "'new' is reserved" in answer.text, answer.summary())
    answer = server.api("POST", "/api/v1/projects/LS-FARM/milestones", hoa,
                        {"key": "site_clearance", "planned": "31/02/2026"})
    check("api: a bad date is a 400 naming the field",
          answer.status == 400 and answer.json()["errors"][0]["field"] == "planned",
          answer.summary())
    answer = server.api("POST", "/api/v1/projects/ST-PLANT/milestones", hoa,
                        {"key": "site_clearance"})
    check("api: a milestone of another province is refused (403)", answer.status == 403,
          answer.summary())
    answer = server.request("POST", "/api/v1/projects/LS-FARM/milestones", hoa,
                            '{"key": "site_clearance"}', {"Content-Type": "application/json"})
    check("api: a session's write without X-CSRF-Token is refused (403)", answer.status == 403,
          answer.summary())
    check("api: nothing was written by the refusals", rows() == before)
    answer = server.api("POST", "/api/v1/projects/LS-FARM/milestones", hoa,
                        {"key": "site_clearance", "planned": "2026-01", "source": "CV 12"})
    check("api: a milestone is added (201, with its version)",
          answer.status == 201 and answer.json()["key"] == "site_clearance"
          and answer.json()["version"] > 0, answer.summary())
    answer = server.api("POST", "/api/v1/projects/LS-FARM/milestones", hoa,
                        {"key": "site_clearance"})
    check("api: a milestone that exists is a 409", answer.status == 409, answer.summary())

    # ---- API: links ----
    link = {"from": "LS-FARM:site_clearance", "to": "LS-FARM:construction_start",
            "type": "FS", "lag_days": 10}
    answer = server.api("POST", "/api/v1/dependencies", hoa, link)
    check("api: a link is added (201, with its version)",
          answer.status == 201 and answer.json()["lag_days"] == 10
          and answer.json()["version"] > 0, answer.summary())
    version = answer.json().get("version") if answer.status == 201 else None
    listed = [d for d in project_json()["dependencies"]
              if d["from"] == "LS-FARM:site_clearance"]
    check("api: GET the project gives each link its version",
          listed and listed[0]["version"] == version, listed)
    server.api("POST", "/api/v1/dependencies", hoa,
               {"from": "LS-FARM:construction_start", "to": "LS-FARM:cod"})
    before = rows()
    answer = server.api("POST", "/api/v1/dependencies", hoa, link)
    check("api: a link that exists is a 409", answer.status == 409, answer.summary())
    check("api: the 409 names no command-line command or option",
          "exists already" in answer.text and not re.search(r"depend (set|add)|--[a-z]",
                                                            answer.text), answer.summary())
    answer = server.api("PATCH", "/api/v1/dependencies/LS-FARM:cod/LS-FARM:site_clearance", hoa,
                        {"type": "SS"})
    check("api: a 404 for a link that does not exist names no command-line command",
          answer.status == 404 and not re.search(r"depend (set|add)|--[a-z]", answer.text),
          answer.summary())
    answer = server.api("POST", "/api/v1/dependencies", hoa,
                        {"from": "LS-FARM:cod", "to": "LS-FARM:site_clearance"})
    check("api: a link that closes a cycle is a 400",
          answer.status == 400 and "cycle" in answer.text, answer.summary())
    answer = server.api("POST", "/api/v1/dependencies", hoa,
                        {"from": "LS-FARM:cod", "to": "ST-PLANT:construction_start"})
    check("api: a link into another province's project is refused (403)", answer.status == 403,
          answer.summary())
    answer = server.api("POST", "/api/v1/dependencies", hoa,
                        {"from": "LS-FARM:cod", "to": "LS-FARM:construction_start",
                         "lag": 3})
    check("api: an unknown member is a 400", answer.status == 400, answer.summary())
    check("api: nothing was written by the refusals of links", rows() == before)

    target = "/api/v1/dependencies/LS-FARM:site_clearance/LS-FARM:construction_start"
    answer = server.api("PATCH", target, hoa, {"lag_days": 20},
                        headers={"If-Match": str(version)})
    check("api: PATCH with the current version changes the lag",
          answer.status == 200 and answer.json()["lag_days"] == 20
          and answer.json()["version"] > version, answer.summary())
    answer = server.api("PATCH", target, hoa, {"type": "SS"}, headers={"If-Match": str(version)})
    check("api: PATCH with an old version is a 409 naming who changed it",
          answer.status == 409 and "hoa" in answer.text, answer.summary())
    answer = server.api("DELETE", target + "?reason=x", hoa, headers={"If-Match": str(version)})
    check("api: DELETE with an old version is a 409", answer.status == 409, answer.summary())
    answer = server.request("DELETE", target, hoa)
    check("api: DELETE without X-CSRF-Token is refused (403)", answer.status == 403,
          answer.summary())
    answer = server.api("DELETE", target, viewer)
    check("api: a viewer may not remove a link (403)", answer.status == 403, answer.summary())
    check("api: the link is still there", any(
        d["from"] == "LS-FARM:site_clearance" for d in project_json()["dependencies"]))
    answer = server.api("DELETE", target + "?reason=" + urllib.parse.quote("nhập nhầm"), hoa)
    check("api: DELETE removes the link", answer.status == 200 and not any(
        d["from"] == "LS-FARM:site_clearance" for d in project_json()["dependencies"]),
        answer.summary())
    server.api("POST", "/api/v1/dependencies", hoa, link)

    # ---- API: removing a milestone ----
    before = rows()
    answer = server.api("DELETE", "/api/v1/milestones/LS-FARM:site_clearance", hoa)
    check("api: removing a milestone without a reason is a 400",
          answer.status == 400 and answer.json()["errors"][0]["field"] == "reason",
          answer.summary())
    answer = server.api("DELETE", "/api/v1/milestones/LS-FARM:site_clearance?reason=x", hoa,
                        headers={"If-Match": "1"})
    check("api: removing a milestone with an old version is a 409", answer.status == 409,
          answer.summary())
    answer = server.api("DELETE", "/api/v1/milestones/ST-PLANT:cod?reason=x", hoa)
    check("api: removing another province's milestone is a 403", answer.status == 403,
          answer.summary())
    check("api: nothing was written by the refused removals", rows() == before)
    answer = server.api("DELETE", "/api/v1/milestones/LS-FARM:site_clearance?reason="
                        + urllib.parse.quote("nhập trùng"), hoa)
    check("api: a milestone is removed with its links",
          answer.status == 200 and answer.json() == {"removed": "LS-FARM:site_clearance",
                                                     "dependencies_removed": 1},
          answer.summary())
    history = workspace.changes()[-2:]
    check("api: the change log keeps the milestone and its link, with the user and reason",
          sorted(c["entity"] for c in history)
          == ["dependency:LS-FARM:site_clearance->LS-FARM:construction_start",
              "milestone:LS-FARM:site_clearance"]
          and all(c["actor"] == "hoa" and c["reason"] == "nhập trùng" for c in history), history)

    # ---- Forms: a new milestone ----
    page = server.get("/projects/LS-FARM/milestones/new", hoa)
    check("form: the new-milestone page lists catalog milestones by Vietnamese label",
          page.status == 200 and "Bồi thường, giải phóng mặt bằng (site_clearance)" in page.text,
          page.summary())
    csrf = server.csrf(hoa)
    before = rows()
    answer = server.post_form("/projects/LS-FARM/milestones/new", hoa,
                              {"key": "", "key_other": "new", "planned": "03/2026",
                               "csrf_token": csrf})
    check("form: the key 'new' is refused in Vietnamese, keeping what was typed",
          answer.status == 400 and "đã được dành riêng" in answer.text
          and 'value="03/2026"' in answer.text, answer.summary())
    answer = server.post_form("/projects/LS-FARM/milestones/new", hoa,
                              {"key": "site_clearance", "planned": "03/2026"})
    check("form: a post without csrf_token is refused (403)", answer.status == 403,
          answer.summary())
    answer = server.post_form("/projects/LS-FARM/milestones/new", hoa,
                              {"key": "site_clearance", "planned": "32/13/2026",
                               "csrf_token": csrf})
    check("form: a bad date names the field in Vietnamese",
          answer.status == 400 and ("Kế hoạch: &#39;32/13/2026&#39;" in answer.text
                                    or "Kế hoạch: '32/13/2026'" in answer.text),
          answer.summary())
    answer = server.post_form("/projects/ST-PLANT/milestones/new", viewer,
                              {"key": "site_clearance", "csrf_token": server.csrf(viewer)})
    check("form: a viewer may not add a milestone (403)", answer.status == 403, answer.summary())
    page = server.get("/projects/ST-PLANT/milestones/cod/delete", hoa)
    check("form: the removal page of another province's milestone says it may not (403)",
          page.status == 403 and "không được phép thay đổi dự án" in page.text, page.summary())
    check("form: nothing was written by the refused forms", rows() == before)
    # Buttons that can only answer 403 are not offered: a viewer, and an editor on another
    # province's project, see no Remove or Add beside the milestones; the editor sees them on her own.
    for who, name, code, offered in ((viewer, "a viewer", "LS-FARM", False),
                                     (hoa, "another province's editor", "ST-PLANT", False),
                                     (hoa, "the province's editor", "LS-FARM", True)):
        page = server.get(f"/projects/{code}", who)
        shown = (f"/projects/{code}/milestones/cod/delete" in page.text
                 and f"/projects/{code}/milestones/new" in page.text)
        hidden = ("/milestones/cod/delete" not in page.text
                  and "/milestones/new" not in page.text)
        check(f"project page: {name} is {'offered' if offered else 'not offered'} milestone "
              f"removal and addition", page.status == 200 and (shown if offered else hidden),
              page.summary())
    answer = server.post_form("/projects/LS-FARM/milestones/new", hoa,
                              {"key": "site_clearance", "planned": "01/2026",
                               "reason_category": "financing", "reason_text": "thiếu vốn",
                               "csrf_token": csrf})
    check("form: a milestone is added, then the project page (303)",
          answer.status == 303 and answer.header("Location").startswith(
              "/projects/LS-FARM?saved=1"), answer.summary())
    page = server.get(answer.header("Location") or "/", hoa)
    check("form: the project page says it was saved", "Đã lưu" in page.text, page.summary())
    added = [m for m in project_json()["milestones"] if m["key"] == "site_clearance"]
    check("form: the reason is stored as category:text",
          added and added[0]["reason"] == "financing:thiếu vốn", added)

    # ---- Forms: links ----
    before = rows()
    fields = {"from": "LS-FARM:site_clearance", "to": "LS-FARM:construction_start",
              "type": "FS", "lag_days": "abc", "csrf_token": csrf}
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa, fields)
    check("form: a bad lag names the field in Vietnamese and keeps what was typed",
          answer.status == 400 and "Độ trễ (ngày)" in answer.text
          and 'value="abc"' in answer.text, answer.summary())
    check("form: nothing was written by a bad lag", rows() == before)
    fields["lag_days"] = "15"
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa, fields)
    check("form: a link is added, then the project page (303)",
          answer.status == 303 and "saved=1" in answer.header("Location"), answer.summary())
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa, fields)
    check("form: a link that exists is a 409 page in Vietnamese",
          answer.status == 409 and "đã có" in answer.text, answer.summary())
    check("form: the 409 page names no command-line command or option",
          not re.search(r"depend (set|add)|--[a-z]", answer.text.split("<main")[-1]),
          answer.summary())
    answer = server.post_form("/projects/LS-FARM/dependencies?lang=en", hoa, fields)
    check("form: the English 409 page names no command-line command or option",
          answer.status == 409 and "exists already" in answer.text
          and not re.search(r"depend (set|add)|--[a-z]", answer.text.split("<main")[-1]),
          answer.summary())
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa,
                              {"from": "LS-FARM:construction_start", "to": "LS-FARM:cod",
                               "type": "FS", "lag_days": "0", "csrf_token": csrf})
    before = rows()
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa,
                              {"from": "LS-FARM:cod", "to": "LS-FARM:site_clearance",
                               "type": "FS", "lag_days": "0", "csrf_token": csrf})
    cycle = re.search(r"vòng lặp: ([^<]*)", answer.text)
    check("form: a cycle is refused in Vietnamese, naming the cycle by labels",
          answer.status == 400 and cycle and "Vận hành thương mại (COD) (cod)" in cycle.group(1)
          and "Khởi công (construction_start)" in cycle.group(1)
          and "(site_clearance)" in cycle.group(1), answer.summary())
    check("form: the cycle message has no English", answer.status == 400
          and "cycle" not in answer.text.split("<main>")[-1], answer.summary())
    check("form: nothing was written by the cycle", rows() == before)

    page = server.get("/projects/LS-FARM", hoa)
    check("project page: the dependency section shows labels and a form to add one",
          'id="dependencies"' in page.text and "Thêm quan hệ" in page.text
          and 'action="/projects/LS-FARM/dependencies/remove"' in page.text, page.summary())
    versions = {(d["from"], d["to"]): d["version"] for d in project_json()["dependencies"]}
    key = ("LS-FARM:site_clearance", "LS-FARM:construction_start")
    change = {"from": key[0], "to": key[1], "type": "SS", "lag_days": "-5",
              "version": str(versions[key]), "csrf_token": csrf}
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa, change)
    changed = [d for d in project_json()["dependencies"] if (d["from"], d["to"]) == key]
    check("form: a link's type and lag are changed (303)",
          answer.status == 303 and changed and changed[0]["type"] == "SS"
          and changed[0]["lag_days"] == -5, answer.summary())
    before = rows()
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa, change)
    check("form: a change made against an old version is a 409 page naming who changed it",
          answer.status == 409 and "hoa" in answer.text and "thay đổi" in answer.text,
          answer.summary())
    answer = server.post_form("/projects/LS-FARM/dependencies/remove", hoa,
                              {"from": key[0], "to": key[1], "version": str(versions[key]),
                               "csrf_token": csrf})
    check("form: a removal against an old version is a 409", answer.status == 409,
          answer.summary())
    answer = server.post_form("/projects/LS-FARM/dependencies/remove", hoa,
                              {"from": key[0], "to": key[1]})
    check("form: a removal without csrf_token is a 403", answer.status == 403, answer.summary())
    check("form: nothing was written by the refused link forms", rows() == before)
    answer = server.post_form("/projects/LS-FARM/dependencies/remove", hoa,
                              {"from": key[0], "to": key[1], "csrf_token": csrf})
    check("form: a link is removed (303)", answer.status == 303 and not any(
        (d["from"], d["to"]) == key for d in project_json()["dependencies"]), answer.summary())

    # ---- Forms: a link from another project's milestone ----
    # A wind farm waits for a 110 kV line of another province: the farm's editor finds the line
    # by words of its name without diacritics, and links its energising to the farm's COD.
    workspace.cli("project", "add", "ST-LINE-110", "--name", "Đường dây 110 kV Duyên Hải",
                  "--technology", "grid", "--province", "Sóc Trăng")
    workspace.cli("milestone", "add", "ST-LINE-110:grid_line_energized", "--planned", "2027-01")
    page = server.get("/projects/LS-FARM", hoa)
    check("project page: the dependency section offers a search for another project",
          'name="other"' in page.text and 'list="link-other-codes"' in page.text
          and '<option value="ST-LINE-110">' in page.text, page.summary())
    page = server.get("/projects/LS-FARM/dependencies?other=duong%20day%20110", hoa)
    check("form: a search by name ignoring diacritics lists the other project's milestones",
          page.status == 200 and 'value="ST-LINE-110:grid_line_energized"' in page.text
          and "Đóng điện" in page.text and 'value="LS-FARM:cod"' in page.text, page.summary())
    page = server.get("/projects/LS-FARM/dependencies?other=dien%20gio", hoa)
    check("form: a search matching several projects offers each as a link",
          page.status == 200 and "/projects/LS-FARM/dependencies?other=ST-PLANT" in page.text,
          page.summary())
    page = server.get("/projects/LS-FARM/dependencies?other=khong-co", hoa)
    check("form: a search matching nothing says so in Vietnamese",
          page.status == 200 and "Không có dự án nào khớp" in page.text, page.summary())
    before = rows()
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa,
                              {"from": "ST-LINE-110:grid_line_energized", "to": "LS-FARM:cod",
                               "type": "FS", "lag_days": "30", "csrf_token": csrf})
    check("form: a link from another province's milestone into this project is added (303)",
          answer.status == 303 and any(
              (d["from"], d["to"]) == ("ST-LINE-110:grid_line_energized", "LS-FARM:cod")
              for d in project_json()["dependencies"]), answer.summary())
    check("form: the link is one change, by the user", rows() == before + 1
          and workspace.changes()[-1]["actor"] == "hoa", workspace.changes()[-1:])
    before = rows()
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa,
                              {"from": "LS-FARM:cod", "to": "ST-LINE-110:grid_line_energized",
                               "type": "FS", "lag_days": "0", "csrf_token": csrf})
    check("form: a link whose successor lies outside the editor's provinces is refused (403)",
          answer.status == 403, answer.summary())
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa,
                              {"from": "LS-FARM:cod", "to": "LS-FARM:construction_start",
                               "type": "FS", "lag_days": "0", "csrf_token": csrf})
    answer = server.post_form("/projects/LS-FARM/dependencies", hoa,
                              {"from": "ST-PLANT:cod", "to": "ST-PLANT:construction_start",
                               "type": "FS", "lag_days": "0", "csrf_token": csrf})
    check("form: nothing was written by the refused cross-project links", rows() == before)

    # ---- Forms: removing a milestone ----
    server.post_form("/projects/LS-FARM/dependencies", hoa,
                     dict(fields, lag_days="0"))
    page = server.get("/projects/LS-FARM/milestones/site_clearance/delete", hoa)
    version = re.search(r'name="version" value="(\d+)"', page.text)
    check("form: the removal page names the links that go with it",
          page.status == 200 and version and "sẽ bị xóa cùng" in page.text, page.summary())
    before = rows()
    answer = server.post_form("/projects/LS-FARM/milestones/site_clearance/delete", hoa,
                              {"reason_text": " ", "version": version.group(1),
                               "csrf_token": csrf})
    check("form: a removal without a reason is re-shown naming the field",
          answer.status == 400 and "Lý do xóa" in answer.text, answer.summary())
    answer = server.post_form("/projects/ST-PLANT/milestones/cod/delete", hoa,
                              {"reason_text": "x", "version": "0", "csrf_token": csrf})
    check("form: removing another province's milestone is a 403", answer.status == 403,
          answer.summary())
    answer = server.post_form("/projects/LS-FARM/milestones/site_clearance/delete", hoa,
                              {"reason_text": "nhập\x01nhầm", "version": version.group(1),
                               "csrf_token": csrf})
    check("form: a reason with a control character is refused without naming an option",
          answer.status == 400 and "reason" in answer.text
          and not re.search(r"--[a-z]", answer.text.split("<main")[-1]), answer.summary())
    check("form: nothing was written by the refused removals", rows() == before)
    answer = server.post_form("/projects/LS-FARM/milestones/site_clearance/delete", hoa,
                              {"reason_text": "nhập nhầm", "version": version.group(1),
                               "csrf_token": csrf})
    check("form: the milestone is removed with its link (303)",
          answer.status == 303 and not any(m["key"] == "site_clearance"
                                           for m in project_json()["milestones"])
          and not any("site_clearance" in d["from"] for d in project_json()["dependencies"]),
          answer.summary())
    check("form: the change log keeps both, as the user",
          all(c["actor"] == "hoa" and c["reason"] == "nhập nhầm"
              for c in workspace.changes()[-2:]), workspace.changes()[-2:])
finally:
    server.stop()
    workspace.remove()
common.finish()
