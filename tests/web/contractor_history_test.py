"""The history page of a contractor's imported schedule, in Vietnamese and English (issue 31): the
exact values the import records (durations and lags in working minutes, an activity's calendar,
its constraints, a finish milestone, the project's scheduling rules and data date) are named in
words and written as the page writes days and times, never as column names or ISO timestamps;
/export/calendars.csv gives the department's calendars the import added.

    python3 tests/web/contractor_history_test.py build/tiendo
"""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import check  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

workspace = common.Workspace("contractorhistory")
workspace.cli("init")
workspace.add_account("lan", "viewer")
workspace.cli("import", os.path.join(ROOT, "fixtures", "p6", "synthetic-vn-1258.xer"),
              "--province", "Bạc Liêu", "--technology", "wind_nearshore", "--cod", "COD")
# A start-on-or-after constraint, a duration in working minutes and a finish event changed on an
# imported activity: each a line of the history.
constraint = os.path.join(workspace.work, "constraint.csv")
with open(constraint, "w", encoding="utf-8") as stream:
    stream.write("project,key,start_on_or_after,duration_minutes,finish_event\n"
                 "DG-BACLIEU-3,xd_100,2026-11-03T07:30,7680,yes\n")
workspace.cli("import", constraint)
# The project's P6 scheduling options changed (as a later file with other options would): named
# by their labels, never as the rules' text.
rules = os.path.join(workspace.work, "rules.csv")
with open(rules, "w", encoding="utf-8") as stream:
    stream.write("code,schedule_rules\n"
                 "DG-BACLIEU-3,p6 lag=24_hour out_of_sequence=actual_dates\n")
workspace.cli("import", rules)
server = workspace.serve()
try:
    lan = server.login("lan")
    page = server.get("/history?limit=200", lan)
    check("the history page answers", page.status == 200, page.status)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.body.decode()))
    for raw in ("duration_minutes", "schedule_rules", "data_date", "finish_event",
                "start_on_or_after", "2026-11-03T07:30", "lag=", "out_of_sequence", "24_hour"):
        check(f"no raw '{raw}' on the Vietnamese page", raw not in text)
    for words in ("thời gian (phút làm việc)", "quy tắc lập lịch", "ngày dữ liệu: 04/01/2027",
                  "bắt đầu không sớm hơn", "03/11/2026 07:30", "mốc kết thúc",
                  "P6 / MS Project; độ trễ theo lịch 24 giờ; ngày thực tế vượt logic"):
        check(f"the Vietnamese page says '{words}'", words in text)
    # The department's calendars download beside the three tables, as `tiendo export` writes them.
    calendars = server.get("/export/calendars.csv", lan)
    check("calendars.csv downloads", calendars.status == 200 and
          "calendar,weekdays,holidays,exceptions" in calendars.body.decode("utf-8-sig") and
          "dg-baclieu-3-10," in calendars.body.decode("utf-8-sig"), calendars.status)
    english = server.get("/history?limit=200&lang=en", lan)
    text = html.unescape(re.sub(r"<[^>]+>", " ", english.body.decode()))
    for words in ("duration (working minutes)", "scheduling rules: P6 / MS Project",
                  "start on or after", "finish milestone",
                  "P6 / MS Project; lags on a 24-hour calendar; actual dates override logic"):
        check(f"the English page says '{words}'", words in text)
finally:
    server.stop()
    workspace.remove()
common.finish()
