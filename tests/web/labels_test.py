#!/usr/bin/env python3
"""Milestones by their labels and delay reasons by their categories' labels (issue 29): the
milestone form's reason (a category from the list and a text), its rules (empty keeps, filled
replaces, a date moved later needs a reason on the form but not through the API), the
missing_reason alert, and no code ("financing:", a catalog key as a row label) on a Vietnamese
page."""
import html
import re

import common
from common import check

workspace = common.Workspace("labels")
cli = workspace.cli
cli("init")
cli("project", "add", "LB-1", "--name", "Điện gió Labels", "--technology", "wind_onshore",
    "--province", "Sóc Trăng", "--capacity", "50", "--target-cod", "2027-06-30")
cli("project", "add", "LB-LINE", "--name", "Đường dây 110 kV Labels", "--technology", "grid",
    "--province", "Sóc Trăng")
cli("milestone", "add", "LB-LINE:grid_line_energized", "--planned", "2027-03-31",
    "--forecast", "2028-03-31", "--reason", "grid:chờ đóng điện trạm 220 kV")
cli("milestone", "add", "LB-1:site_clearance", "--planned", "2026-06-30", "--duration", "60")
cli("milestone", "add", "LB-1:cod", "--planned", "2027-06-30", "--forecast", "2027-08-31",
    "--duration", "30")
cli("depend", "add", "LB-LINE:grid_line_energized", "LB-1:cod")
workspace.add_account("ed", "editor", "Sóc Trăng")
server = workspace.serve()
session = server.login("ed")


def milestone(code, key):
    listed = workspace.cli_json("milestone", "list", "--project", code)
    listed = listed["milestones"] if isinstance(listed, dict) else listed
    return next(m for m in listed if m["key"] == key)


def post(key, fields, code="LB-1", lang=""):
    url = f"/projects/{code}/milestones/{key}{lang}"
    hidden = server.form_fields(url, session)
    return server.post_form(url, session, {"csrf_token": hidden["csrf_token"],
                                           "version": hidden["version"], **fields})


def visible(page):
    """The text a person reads: tags, titles and attributes left out."""
    body = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


try:
    form = server.get("/projects/LB-1/milestones/site_clearance", session).text
    check("the form lists the categories by their labels (reason_category)",
          'name="reason_category"' in form and ">Tài chính</option>" in form and
          '<option value="financing"' in form, form[:300])
    check("... with a text box (reason_text), starting empty",
          re.search(r'name="reason_text" type="text" value=""', form), form[:300])
    check("... and field names without the CSV column codes",
          "<code>planned</code>" not in form and "<code>" not in form, form[:300])
    check("... and the milestone by its catalog label",
          "Bồi thường, giải phóng mặt bằng" in form, form[:300])

    # Recorded done with a reason chosen from the list.
    answer = post("site_clearance", {"actual": "30/09/2026", "reason_category": "financing",
                                     "reason_text": "nhà thầu thiếu vốn", "source": "CV 5/SCT"})
    check("a reason from the list is stored as category:text -> 303 with a saved line",
          answer.status == 303 and "saved=site_clearance" in (answer.header("location") or ""),
          answer.summary())
    after = milestone("LB-1", "site_clearance")
    check("... stored as financing:nhà thầu thiếu vốn",
          after["reason"] == "financing:nhà thầu thiếu vốn" and after["source"] == "CV 5/SCT",
          after)
    page = server.get(answer.header("location"), session).text
    check("the project page says it saved", "Đã lưu: Bồi thường, giải phóng mặt bằng" in page,
          visible(page)[:400])
    check("the project page shows the reason by its label and the source",
          "Tài chính: nhà thầu thiếu vốn" in page and "CV 5/SCT" in page, visible(page)[:600])

    # Empty reason and source keep the stored ones; a date moved earlier needs no reason.
    answer = post("site_clearance", {"reason_category": "", "reason_text": "", "source": "",
                                     "planned": "2026-05-31"})
    after = milestone("LB-1", "site_clearance")
    check("reason and source left empty keep the stored ones",
          answer.status == 303 and after["reason"] == "financing:nhà thầu thiếu vốn" and
          after["source"] == "CV 5/SCT" and after["planned"] == "2026-05-31",
          f"{answer.summary()} {after}")

    # A forecast moved later without a reason: refused on the form, saying why in Vietnamese.
    count = len(workspace.changes())
    answer = post("cod", {"forecast": "31/12/2027"})
    check("a forecast moved later without a reason is refused on the form (400)",
          answer.status == 400 and "hãy chọn nhóm lý do chậm" in answer.text and
          "31/12/2027" in visible(answer.text), answer.summary())
    check("... writing nothing", len(workspace.changes()) == count)
    answer = post("cod", {"forecast": "31/12/2027"}, lang="?lang=en")
    check("... and in English on an English page",
          answer.status == 400 and "choose a reason category" in answer.text, answer.summary())
    answer = post("cod", {"forecast": "31/12/2027", "reason_category": "financing"})
    check("a category without a text is refused, naming the category by its label",
          answer.status == 400 and "Tài chính" in answer.text, answer.summary())
    answer = post("cod", {"forecast": "31/12/2027", "reason_text": "không có nhóm"})
    check("a text without a category is refused", answer.status == 400, answer.summary())

    # Through the API the same move is taken; alerts then note the missing reason.
    version = server.api("GET", "/api/v1/milestones/LB-1:cod", session).json()
    answer = server.api("PATCH", "/api/v1/milestones/LB-1:cod", session,
                        {"forecast": "2027-12-31"},
                        headers={"If-Match": f'"{version.get("version", "")}"'} if
                        version.get("version") is not None else None)
    check("PATCH moving the forecast later without a reason is accepted",
          answer.status == 200, answer.summary())
    alerts = workspace.cli_json("alerts")["alerts"]
    missing = [a for a in alerts if a["kind"] == "missing_reason"]
    check("alerts gain one info missing_reason alert, days the unexplained slip",
          len(missing) == 1 and missing[0]["milestone"] == "cod" and
          missing[0]["severity"] == "info" and missing[0]["days"] > 0, missing)
    api_alerts = server.api("GET", "/api/v1/alerts?kind=missing_reason", session).json()
    check("... the API lists it",
          any(a["kind"] == "missing_reason" for a in api_alerts.get("alerts", [])), api_alerts)
    page = server.get("/alerts?kind=missing_reason", session).text
    check("... and /alerts names it in Vietnamese", "thiếu lý do chậm" in page and
          "Vận hành thương mại (COD)" in page, visible(page)[:600])

    # A typed category:text is still read from a posted `reason` (older pages and scripts).
    answer = post("cod", {"reason": "grid:chờ đường dây LB-LINE"})
    after = milestone("LB-1", "cod")
    check("a posted reason category:text is still read",
          answer.status == 303 and after["reason"] == "grid:chờ đường dây LB-LINE",
          f"{answer.summary()} {after}")
    alerts = workspace.cli_json("alerts")["alerts"]
    check("a later change giving a reason clears the missing_reason alert",
          not [a for a in alerts if a["kind"] == "missing_reason"],
          [a for a in alerts if a["kind"] == "missing_reason"])
    api_alerts = server.api("GET", "/api/v1/alerts?kind=missing_reason", session).json()
    check("... on the server too (its portfolio in memory follows the change log)",
          not any(a["kind"] == "missing_reason" for a in api_alerts.get("alerts", [])),
          api_alerts)

    # Moved later with a reason from the list: taken.
    answer = post("cod", {"forecast": "31/01/2028", "reason_category": "financing",
                          "reason_text": "nhà thầu thiếu vốn"})
    check("a forecast moved later with a reason from the list is taken",
          answer.status == 303 and milestone("LB-1", "cod")["forecast"] == "2028-01-31",
          answer.summary())

    # Labels instead of keys, and no code, on the Vietnamese pages.
    for path in ("/projects/LB-1", "/projects/LB-1/milestones/cod", "/alerts", "/",
                 "/projects/LB-1/milestones/site_clearance"):
        page = server.get(path, session).text
        text = visible(page)
        check(f"{path}: no raw delay category code",
              not re.search(r"\b(financing|grid|site_clearance|supply_chain|permitting):", text),
              re.findall(r".{40}\b(?:financing|grid):.{20}", text))
    page = server.get("/projects/LB-1", session).text
    text = visible(page)
    check("the project page names milestones by their labels, the key small beside it",
          "Vận hành thương mại (COD)" in text and '<small class="key">cod</small>' in page,
          text[:600])
    check("the version column is gone and 'hoàn thành sớm' reads 'Dự kiến sớm nhất'",
          "Phiên bản" not in text and "Hoàn thành sớm" not in text and
          "Dự kiến sớm nhất" in text, text[:800])
    check("the driver sentence says why COD is late, with the line's reason",
          re.search(r"Vận hành thương mại \(COD\) chậm [\d.]+ ngày .*vì LB-LINE: Đóng điện "
                    r"đường dây chưa xong \(dự báo 31/03/2028, lý do: lưới điện: chờ đóng điện "
                    r"trạm 220 kV\)", text), re.findall(r"[^.]*chậm[^.]*", text)[:4])
    check("the Gantt rows are labelled by label",
          re.search(r'class="label">Vận hành thương mại', page), "")
    page = server.get("/projects/LB-1?lang=en", session).text
    check("the English driver sentence",
          re.search(r"commercial operation is [\d,]+ days late .*because LB-LINE: line energised "
                    r"is not done \(forecast 2028-03-31, reason: grid: chờ", visible(page)),
          re.findall(r"[^.]*late[^.]*", visible(page))[:4])
finally:
    server.stop()
common.finish()
