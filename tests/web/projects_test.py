"""Whole projects over HTTP: POST /api/v1/projects, PATCH and DELETE /api/v1/projects/CODE, and
the forms /projects/new, /projects/CODE/edit, /projects/CODE/status and /projects/CODE/delete.
Bad input is 400, a write outside the editor's provinces 403, a stale version 409 naming who
changed it, a form without its CSRF token 403 — and on every refusal nothing is written. The
code `new` is refused as a project code.

Usage: projects_test.py PATH_TO_TIENDO"""
import re
import sys
import urllib.parse

import common
from common import check

workspace = common.Workspace("projects")
workspace.cli("init")
workspace.cli("project", "add", "ST-LINE", "--name", "ĐZ 110 kV Vĩnh Châu", "--technology", "grid",
              "--province", "Sóc Trăng", "--template")
workspace.cli("project", "add", "ST-WIND", "--name", "Điện gió Hòa Bình 5", "--technology",
              "wind_onshore", "--province", "Sóc Trăng", "--capacity", "30", "--template")
workspace.cli("depend", "add", "ST-LINE:grid_line_energized", "ST-WIND:cod")
workspace.cli("project", "add", "LS-PARK", "--name", "Cụm điện gió Lạng Sơn", "--technology",
              "wind_onshore", "--province", "Lạng Sơn")
workspace.add_account("admin", "admin")
workspace.add_account("hoa", "editor", "Cần Thơ")
workspace.add_account("viewer", "viewer")
server = workspace.serve()


def rows():
    return len(workspace.changes())


def project_codes():
    return [row["code"] for row in workspace.cli_json("project", "list")["projects"]]


def no_iso_timestamp(text):
    return not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)


try:
    hoa = server.login("hoa")
    viewer = server.login("viewer")
    admin = server.login("admin")

    # ---- The API ----
    before = rows()
    answer = server.api("POST", "/api/v1/projects", hoa,
                        {"code": "HG-SOLAR", "name": "Điện mặt trời Hậu Giang",
                         "technology": "solar_farm", "province": "Hậu Giang", "capacity_mw": 49.5,
                         "template": True})
    check("api: an editor creates a project in her province (201)", answer.status == 201,
          answer.summary())
    created = answer.json() if answer.status == 201 else {}
    check("api: the answer carries the project and its version",
          created.get("code") == "HG-SOLAR" and created.get("version", 0) > 0 and
          created.get("capacity_mw") == 49.5, created)
    detail = server.api("GET", "/api/v1/projects/HG-SOLAR", hoa).json()
    check("api: GET gives the project's version and its template's milestones",
          detail.get("version") == created.get("version") and len(detail["milestones"]) == 8,
          detail)
    check("api: the change log names the user as actor",
          workspace.changes()[-1]["actor"] == "hoa", workspace.changes()[-1])

    for name, payload, status in [
            ("the reserved code new", {"code": "new", "name": "X", "technology": "solar_farm",
                                       "province": "Hậu Giang"}, 400),
            ("an unknown field", {"code": "HG-X", "name": "X", "technology": "solar_farm",
                                  "province": "Hậu Giang", "colour": "red"}, 400),
            ("a province outside hers", {"code": "LS-X", "name": "X", "technology": "solar_farm",
                                         "province": "Lạng Sơn"}, 403),
            ("a foreign parent", {"code": "HG-X", "name": "X", "technology": "solar_farm",
                                  "province": "Hậu Giang", "parent": "LS-PARK"}, 403),
            ("a template the technology lacks", {"code": "HG-X", "name": "X",
                                                 "technology": "nuclear", "province": "Hậu Giang",
                                                 "template": True}, 400)]:
        before = rows()
        answer = server.api("POST", "/api/v1/projects", hoa, payload)
        check(f"api: {name} is {status}, nothing written",
              answer.status == status and rows() == before, answer.summary())
    answer = server.api("POST", "/api/v1/projects", hoa,
                        {"code": "HG-X", "name": "X", "technology": "nuclear",
                         "province": "Hậu Giang", "template": True})
    check("api: a missing template is named by the body's field, not a command-line option",
          answer.status == 400 and answer.json()["errors"][0]["field"] == "template" and
          "--template" not in answer.text, answer.summary())
    answer = server.api("POST", "/api/v1/projects", hoa,
                        {"code": "new", "name": "X", "technology": "solar_farm",
                         "province": "Hậu Giang"})
    check("api: the refusal of 'new' names the field code",
          answer.status == 400 and answer.json()["errors"][0]["field"] == "code", answer.summary())
    before = rows()
    answer = server.request("POST", "/api/v1/projects", hoa,
                            '{"code": "HG-Y", "name": "Y", "technology": "solar_farm", '
                            '"province": "Hậu Giang"}', {"Content-Type": "application/json"})
    check("api: a session's POST without X-CSRF-Token is 403, nothing written",
          answer.status == 403 and rows() == before, answer.summary())
    answer = server.api("POST", "/api/v1/projects", viewer,
                        {"code": "HG-Y", "name": "Y", "technology": "solar_farm",
                         "province": "Hậu Giang"})
    check("api: a viewer may not create (403)", answer.status == 403, answer.summary())

    version = created["version"]
    answer = server.api("PATCH", "/api/v1/projects/HG-SOLAR", hoa, {"investor": "Công ty A"},
                        headers={"If-Match": str(version)})
    check("api: PATCH with the current version is 200 with a new version",
          answer.status == 200 and answer.json()["investor"] == "Công ty A" and
          answer.json()["version"] > version, answer.summary())
    before = rows()
    answer = server.api("PATCH", "/api/v1/projects/HG-SOLAR", admin, {"investor": "Công ty B"},
                        headers={"If-Match": str(version)})
    check("api: PATCH against an older version is 409 naming who changed it and when",
          answer.status == 409 and answer.json().get("changed_by") == "hoa" and
          answer.json().get("changed_at") and rows() == before, answer.summary())
    for name, payload, status in [("moving it out of her provinces", {"province": "Lạng Sơn"}, 403),
                                  ("a code change", {"code": "HG-OTHER"}, 400),
                                  ("a bad capacity", {"capacity_mw": "nhiều"}, 400)]:
        before = rows()
        answer = server.api("PATCH", "/api/v1/projects/HG-SOLAR", hoa, payload)
        check(f"api: PATCH with {name} is {status}, nothing written",
              answer.status == status and rows() == before, answer.summary())
    answer = server.api("PATCH", "/api/v1/projects/LS-PARK", hoa, {"investor": "X"})
    check("api: PATCH of a project outside her provinces is 403", answer.status == 403,
          answer.summary())

    before = rows()
    answer = server.api("DELETE", "/api/v1/projects/HG-SOLAR", hoa)
    check("api: DELETE without a reason is 400, nothing written",
          answer.status == 400 and rows() == before, answer.summary())
    answer = server.api("DELETE", "/api/v1/projects/ST-LINE?reason=nh%E1%BA%ADp%20nh%E1%BA%A7m",
                        hoa)
    check("api: DELETE of a linked project is 409 naming the other",
          answer.status == 409 and "ST-WIND" in answer.text and rows() == before,
          answer.summary())
    answer = server.api("DELETE", "/api/v1/projects/LS-PARK?reason=x", hoa)
    check("api: DELETE outside her provinces is 403", answer.status == 403 and rows() == before,
          answer.summary())
    answer = server.api("DELETE", "/api/v1/projects/HG-SOLAR?reason=nh%E1%BA%ADp%20nh%E1%BA%A7m",
                        hoa)
    check("api: DELETE with a reason removes it with its milestones",
          answer.status == 200 and answer.json()["milestones"] == 8 and
          "HG-SOLAR" not in project_codes(), answer.summary())
    check("api: a removed project is 404",
          server.api("GET", "/api/v1/projects/HG-SOLAR", hoa).status == 404)
    removal = [row for row in workspace.changes()
               if row["entity"] == "project:HG-SOLAR" and row["field"] == "removed"]
    check("api: the change log keeps the removed project, by the user, with the reason",
          len(removal) == 1 and removal[0]["actor"] == "hoa" and
          removal[0]["reason"] == "nhập nhầm", removal)

    # ---- The forms ----
    page = server.get("/projects", hoa)
    check("forms: /projects offers 'Thêm dự án' to an editor", "Thêm dự án" in page.text,
          page.summary())
    page = server.get("/projects", viewer)
    check("forms: ... and not to a viewer", "Thêm dự án" not in page.text)
    page = server.get("/projects/ST-WIND", hoa)
    check("forms: the project page links to edit, status and remove for an editor",
          all(f'href="/projects/ST-WIND/{form}"' in page.text
              for form in ("edit", "status", "delete")), page.summary())
    page = server.get("/projects/LS-PARK", hoa)
    check("forms: ... not for a project outside her provinces",
          'href="/projects/LS-PARK/edit"' not in page.text)
    check("forms: a viewer is refused the new-project form (403)",
          server.get("/projects/new", viewer).status == 403)

    page = server.get("/projects/new", hoa)
    check("forms: /projects/new shows lists of technologies, provinces and stages in Vietnamese",
          page.status == 200 and "Điện mặt trời" in page.text and "Sóc Trăng" in page.text and
          "Đề xuất" in page.text and 'name="template"' in page.text, page.summary())
    token = server.csrf(hoa)
    good = {"code": "ST-SOLAR", "name": "Điện mặt trời Mỹ Xuyên", "technology": "solar_farm",
            "province": "Sóc Trăng", "capacity_mw": "49,5", "capacity_mwp": "", "investor": "",
            "parent": "", "stage": "approved", "target_cod": "12/2027", "site": "", "lat": "9,5",
            "lon": "", "source": "QĐ 12/QĐ-UBND", "template": "1"}
    before = rows()
    answer = server.post_form("/projects/new", hoa, good)
    check("forms: a form without its CSRF token is 403, nothing written",
          answer.status == 403 and rows() == before, answer.summary())
    answer = server.post_form("/projects/new", hoa, dict(good, csrf_token=token, capacity_mw="abc"))
    check("forms: a bad capacity shows the form again (400) naming the field in Vietnamese",
          answer.status == 400 and "Công suất (MW): &#39;abc&#39;" in answer.text and
          "Điện mặt trời Mỹ Xuyên" in answer.text and rows() == before, answer.summary())
    answer = server.post_form("/projects/new", hoa, dict(good, csrf_token=token, code="new"))
    check("forms: the code new is refused with one line in Vietnamese",
          answer.status == 400 and "dành riêng" in answer.text and rows() == before,
          answer.summary())
    answer = server.post_form("/projects/new", hoa,
                              dict(good, csrf_token=token, technology="nuclear"))
    check("forms: a technology without a template is refused naming the box, in Vietnamese",
          answer.status == 400 and "Mẫu mốc tiến độ" in answer.text and
          "chưa có mẫu" in answer.text and "--template" not in answer.text and rows() == before,
          answer.summary())
    answer = server.post_form("/projects/new", hoa,
                              dict(good, csrf_token=token, province="Lạng Sơn"))
    check("forms: a project in another province is 403, nothing written",
          answer.status == 403 and rows() == before, answer.summary())
    answer = server.post_form("/projects/new", hoa, dict(good, csrf_token=token))
    check("forms: a good form writes and answers 303 to the project",
          answer.status == 303 and answer.header("Location") == "/projects/ST-SOLAR?saved=1",
          answer.summary())
    page = server.get("/projects/ST-SOLAR?saved=1", hoa)
    check("forms: the project page then says 'Đã lưu'", "Đã lưu" in page.text, page.summary())
    shown = workspace.cli_json("project", "show", "ST-SOLAR")
    check("forms: the project holds what was typed, with its template's milestones",
          shown["capacity_mw"] == 49.5 and shown["lat"] == 9.5
          and len(shown["milestones"]) == 8 and shown["recorded_stage"] == "approved", shown)
    answer = server.post_form("/projects/new", hoa, dict(good, csrf_token=token))
    check("forms: a code that exists is refused on the form (409)",
          answer.status == 409 and "đã có dự án mang mã này" in answer.text, answer.summary())

    hidden = server.form_fields("/projects/ST-SOLAR/edit", hoa)
    check("forms: the edit form carries the version", hidden.get("version", "0") != "0", hidden)
    page = server.get("/projects/ST-SOLAR/edit", hoa)
    check("forms: the edit form shows dates dd/mm/yyyy and a decimal comma",
          'value="12/2027"' in page.text and 'value="49,5"' in page.text, page.summary())
    edit = {"csrf_token": token, "version": hidden["version"], "name": "Điện mặt trời Mỹ Xuyên",
            "technology": "solar_farm", "province": "Sóc Trăng", "capacity_mw": "49,5",
            "investor": "Công ty Mỹ Xuyên", "stage": "approved", "target_cod": "12/2027"}
    answer = server.post_form("/projects/ST-SOLAR/edit", hoa, edit)
    check("forms: an edit writes and answers 303 with 'saved'",
          answer.status == 303 and "saved=1" in answer.header("Location"), answer.summary())
    changed = [row for row in workspace.changes() if row["entity"] == "project:ST-SOLAR" and
               row["field"] not in ("created_with_plan", "created")]
    check("forms: only the field the user changed is written",
          [row["field"] for row in changed] == ["investor"], changed)
    before = rows()
    answer = server.post_form("/projects/ST-SOLAR/edit", hoa, dict(edit, investor="Công ty B"))
    check("forms: an edit against an older version is 409 saying who and when, in Vietnamese",
          answer.status == 409 and "đã được hoa thay đổi lúc" in answer.text and
          no_iso_timestamp(answer.text) and rows() == before, answer.summary())
    answer = server.post_form("/projects/ST-SOLAR/edit", hoa,
                              dict(edit, version=server.form_fields("/projects/ST-SOLAR/edit",
                                                                    hoa)["version"],
                                   target_cod="31/02/2027"))
    check("forms: a bad date shows the form again naming the field in Vietnamese",
          answer.status == 400 and "COD mục tiêu" in answer.text and "31/02/2027" in answer.text
          and rows() == before, answer.summary())

    page = server.get("/projects/ST-SOLAR/status", hoa)
    check("forms: the status form lists statuses and reasons in Vietnamese",
          page.status == 200 and "Thu xếp vốn" in page.text and
          'value="suspended"' in page.text, page.summary())
    status = {"csrf_token": token, "status": "suspended", "date": "01/03/2027",
              "reason_category": "financing", "reason_text": "nhà đầu tư thiếu vốn",
              "source": "CV 45/SCT"}
    answer = server.post_form("/projects/ST-SOLAR/status", hoa, dict(status, date="hôm qua"))
    check("forms: a bad status date is 400 naming the field, nothing written",
          answer.status == 400 and "Ngày: &#39;hôm qua&#39;" in answer.text and
          rows() == before, answer.summary())
    answer = server.post_form("/projects/ST-SOLAR/status", hoa, status)
    check("forms: a status is recorded and answers 303", answer.status == 303, answer.summary())
    events = [row for row in workspace.changes() if row["entity"] == "project:ST-SOLAR" and
              row["field"] == "status"]
    check("forms: the status carries the reason as category:text and the source, by the user",
          len(events) == 1 and events[0]["reason"] == "financing:nhà đầu tư thiếu vốn" and
          events[0]["source"] == "CV 45/SCT" and events[0]["actor"] == "hoa", events)

    page = server.get("/projects/ST-LINE/delete", hoa)
    check("forms: the delete page of a linked project names the others and offers no removal",
          "ST-WIND" in page.text and "disabled" in page.text, page.summary())
    hidden = server.form_fields("/projects/ST-LINE/delete", hoa)
    before = rows()
    answer = server.post_form("/projects/ST-LINE/delete", hoa,
                              {"csrf_token": token, "version": hidden["version"],
                               "reason_text": "nhập nhầm"})
    check("forms: removing a linked project is 409, nothing written",
          answer.status == 409 and "ST-WIND" in answer.text and rows() == before,
          answer.summary())
    hidden = server.form_fields("/projects/ST-SOLAR/delete", hoa)
    answer = server.post_form("/projects/ST-SOLAR/delete", hoa,
                              {"csrf_token": token, "version": hidden["version"],
                               "reason_text": " "})
    check("forms: a removal without a reason is 400 naming the field",
          answer.status == 400 and "Lý do" in answer.text and rows() == before,
          answer.summary())
    answer = server.post_form("/projects/ST-SOLAR/delete", hoa,
                              {"version": hidden["version"], "reason_text": "nhập nhầm"})
    check("forms: a removal without its CSRF token is 403", answer.status == 403 and
          rows() == before, answer.summary())
    answer = server.post_form("/projects/ST-SOLAR/delete", hoa,
                              {"csrf_token": token, "version": hidden["version"],
                               "reason_text": "nhập nhầm"})
    check("forms: a removal answers 303 to the list, which names it",
          answer.status == 303 and "removed=ST-SOLAR" in answer.header("Location") and
          "Đã xoá dự án ST-SOLAR" in server.get(answer.header("Location"), hoa).text,
          answer.summary())
    check("forms: the project is gone", "ST-SOLAR" not in project_codes())
    answer = server.post_form("/projects/LS-PARK/delete", hoa,
                              {"csrf_token": token, "version": "0", "reason_text": "x"})
    check("forms: removing a project outside her provinces is 403",
          answer.status == 403 and "LS-PARK" in project_codes(), answer.summary())

    # ---- English ----
    page = server.get("/projects/new?lang=en", hoa)
    check("english: the form is in English", "New project" in page.text and
          "Technology" in page.text, page.summary())
    answer = server.post_form("/projects/new?lang=en", hoa,
                              dict(good, csrf_token=token, code="ST-EN", capacity_mw="abc"))
    check("english: a bad value names the field in English",
          answer.status == 400 and "Capacity (MW): &#39;abc&#39;" in answer.text,
          answer.summary())
finally:
    server.stop()
    workspace.remove()
common.finish()
