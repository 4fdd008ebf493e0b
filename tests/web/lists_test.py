#!/usr/bin/env python3
"""The lists a department officer works from, over real HTTP (issue 29, section 3).

/projects and /alerts start from the user's provinces, and a link widens them to the whole
country; /projects?late=1 keeps the projects whose COD is now forecast later than planned; both
lists sort by every column in both directions (empty values last, ties in the portfolio's order)
and page by number; /alerts.xlsx holds the alerts page's rows with Vietnamese headings (read back
with openpyxl); and the as-of date and filters go with every link: dashboard -> alerts -> project
-> back to the same list. /projects also shows each project's forecast COD P50 and the chance of
its own target COD (issue 30, section 3), from the forecast the workspace draws in the background:
"đang tính" until it is drawn, then the API's figures with the time they were drawn, sortable.

Usage: lists_test.py PATH_TO_TIENDO
"""
import html
import os
import re
import sys
import time
import unicodedata
import urllib.parse

try:
    import openpyxl  # noqa: F401
except ImportError:
    # Debian's openpyxl belongs to Debian's Python; another python3 runs this again with it.
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(sys.argv[0]),
                                      *sys.argv[1:]])
    print("FAIL: python3-openpyxl is not installed (Debian: apt-get install python3-openpyxl)")
    sys.exit(1)
import io

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import check  # noqa: E402

CAN_THO = "Cần Thơ"
VINH_LONG = "Vĩnh Long"
# code, name, technology, province, MW, COD planned, COD forecast, reason
PROJECTS = [
    ("CT-A", "Điện mặt trời Ô Môn", "solar_farm", CAN_THO, "50", "2026-06-30", "2027-03-31",
     "financing:nhà thầu thiếu vốn"),
    ("CT-B", "Điện gió Thới Lai", "wind_onshore", CAN_THO, "30", "2027-12-31", "2027-12-31", ""),
    ("CT-C", "Điện mặt trời Bình Thủy", "solar_farm", CAN_THO, "10", "2026-09-30", "2026-12-31",
     "grid:đường dây 110 kV chưa đóng điện"),
    ("CT-D", "Nhiệt điện Cái Răng", "coal", CAN_THO, "", None, None, ""),
    ("VL-E", "Điện gió Vĩnh Long", "wind_onshore", VINH_LONG, "100", "2025-12-31", "2026-12-31",
     "site_clearance:chưa bàn giao đất"),
]


def build(workspace):
    workspace.cli("init")
    for code, name, technology, province, mw, planned, forecast, reason in PROJECTS:
        arguments = ["project", "add", code, "--name", name, "--technology", technology,
                     "--province", province]
        if mw:
            arguments += ["--capacity", mw]
        workspace.cli(*arguments)
        if planned:
            workspace.cli("milestone", "add", f"{code}:construction_start", "--planned",
                          "2025-01-31", "--actual", "2025-02-15", "--duration", "30")
            arguments = ["milestone", "add", f"{code}:cod", "--planned", planned,
                         "--forecast", forecast]
            if reason:
                arguments += ["--reason", reason]
            workspace.cli(*arguments)
            workspace.cli("depend", "add", f"{code}:construction_start", f"{code}:cod")
    # An open step before CT-A's COD, so that the report's Gantt has a link to draw.
    workspace.cli("milestone", "add", "CT-A:grid_connection", "--planned", "2026-05-31",
                  "--forecast", "2027-02-28")
    workspace.cli("depend", "add", "CT-A:grid_connection", "CT-A:cod")
    # A target COD, for the list's chance-of-the-target column.
    workspace.cli("project", "set", "CT-A", "--target-cod", "2027-06-30")
    workspace.add_account("lan", "editor", CAN_THO)
    workspace.add_account("doc", "viewer", CAN_THO)
    workspace.add_account("admin", "admin")


def rows_of(page):
    """The rows of the page's list table: each a dict from data-label to the cell's text."""
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(1) if body else "", re.S):
        cells = {}
        for label, cell in re.findall(r'<td data-label="([^"]*)"[^>]*>(.*?)</td>', row, re.S):
            cells[html.unescape(label)] = html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        rows.append(cells)
    return rows


def codes_of(page, label="Mã"):
    return [row[label] for row in rows_of(page)]


def fold(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn").lower()


def number(text):
    """A Vietnamese figure ("1.234,5", "+274") as a number."""
    return float(text.replace(".", "").replace(",", ".").replace("+", ""))


def day(text):
    d, m, y = text.split("/")
    return (int(y), int(m), int(d))


def ordered(values, key, descending):
    """True when the filled values are in order and every empty one comes after them."""
    filled = [v for v in values if v != ""]
    if values[:len(filled)] != filled:
        return False
    keys = [key(v) for v in filled]
    return keys == sorted(keys, reverse=descending)


def links(page):
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def query_of(href):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(href).query))


def test_scope(server, sessions):
    page = server.get("/projects", sessions["lan"]).text
    codes = codes_of(page)
    check("an editor of Cần Thơ starts from her province's projects",
          sorted(codes) == ["CT-A", "CT-B", "CT-C", "CT-D"], codes)
    check("the list says whose provinces it shows", "Các tỉnh của bạn" in page and
          CAN_THO in page, page[:400])
    widen = [href for href in links(page) if query_of(href).get("scope") == "all" and
             href.startswith("/projects")]
    check("a link widens the list to the whole country", widen, links(page)[:30])
    if widen:
        codes = codes_of(server.get(widen[0], sessions["lan"]).text)
        check("the widened list holds the other provinces' projects", "VL-E" in codes, codes)
    codes = codes_of(server.get("/projects", sessions["doc"]).text)
    check("a viewer with a province starts from it too", "VL-E" not in codes and
          "CT-A" in codes, codes)
    codes = codes_of(server.get("/projects", sessions["admin"]).text)
    check("an admin starts from the whole country", "VL-E" in codes and "CT-A" in codes, codes)
    codes = codes_of(server.get("/projects?province=" + urllib.parse.quote(VINH_LONG),
                                sessions["lan"]).text)
    check("a province chosen in the form is shown, whatever her own", codes == ["VL-E"], codes)

    page = server.get("/alerts", sessions["lan"]).text
    projects = {row.get("Mã dự án") for row in rows_of(page)}
    check("alerts start from her province", projects and "VL-E" not in projects and
          projects <= {"CT-A", "CT-B", "CT-C", "CT-D"}, projects)
    rows = rows_of(page)
    check("alerts show the project's name and province",
          rows and all(row.get("Tỉnh") == CAN_THO and row.get("Tên dự án") for row in rows),
          rows[:2])
    projects = {row.get("Mã dự án") for row in rows_of(server.get("/alerts?scope=all",
                                                                  sessions["lan"]).text)}
    check("/alerts?scope=all widens to the country", "VL-E" in projects, projects)
    page = server.get("/", sessions["lan"]).text
    late = [href for href in links(page) if href.startswith("/projects?late=1")]
    check("the dashboard links to the late projects of her province in one click", late,
          links(page)[:30])


def test_late(server, sessions):
    page = server.get("/projects?late=1", sessions["lan"]).text
    rows = rows_of(page)
    check("late=1 keeps the late projects of her province",
          sorted(row["Mã"] for row in rows) == ["CT-A", "CT-C"], rows)
    check("the late filter's box is ticked", re.search(r'name="late" value="1" checked', page),
          page[:300])
    by_code = {row["Mã"]: row for row in rows}
    if "CT-A" in by_code:
        row = by_code["CT-A"]
        check("a row shows COD planned and forecast (dd/mm/yyyy)",
              row["COD kế hoạch"] == "30/06/2026" and row["COD dự báo"] == "31/03/2027", row)
        check("a row shows its slip in days", row["Chậm (ngày)"] == "+274", row)
        check("a row shows its latest reason by its category's label",
              row["Lý do gần nhất"] == "Tài chính: nhà thầu thiếu vốn", row)
        check("a row counts its alerts", row["Cảnh báo"] and number(row["Cảnh báo"]) >= 1, row)
    check("no raw reason code on the list", "financing:" not in page and "grid:" not in page)
    page = server.get("/projects?late=1&scope=all", sessions["lan"]).text
    check("late=1 over the whole country", sorted(codes_of(page)) == ["CT-A", "CT-C", "VL-E"],
          codes_of(page))


PROJECT_COLUMNS = {
    "code": ("Mã", fold), "name": ("Tên dự án", fold), "technology": ("Công nghệ", None),
    "province": ("Tỉnh", fold), "mw": ("MW", number), "stage": ("Giai đoạn", None),
    "cod_planned": ("COD kế hoạch", day), "cod_forecast": ("COD dự báo", day),
    "slip": ("Chậm (ngày)", number), "alerts": ("Cảnh báo", number),
    "reason": ("Lý do gần nhất", fold), "cod_p50": ("COD P50 (dự báo)", day),
    "cod_chance": ("Kịp COD mục tiêu", lambda text: number(text.rstrip("%")))}


def vietnamese_date(iso):
    year, month, day_of_month = iso.split("-")
    return f"{day_of_month}/{month}/{year}"


def percent(probability):
    return f"{probability * 100:.1f}".replace(".", ",") + "%"


def test_forecast_columns(server, sessions):
    """Run first, before anything has asked for the forecast: the first list says it is being
    computed; once drawn, each row holds the API's P50 and chance of the target COD."""
    session = sessions["admin"]
    first = server.get("/projects?scope=all", session)
    rows = rows_of(first.text)
    check("before the forecast is drawn, its columns say 'đang tính' and the list still answers",
          first.status == 200 and rows and all(
              row.get("COD P50 (dự báo)") == "đang tính" and
              row.get("Kịp COD mục tiêu") == "đang tính" for row in rows)
          and "Dự báo đang được tính" in first.text, rows[:2])
    deadline = time.time() + 180
    while True:
        page = server.get("/projects?scope=all", session)
        if "dự báo tính lúc" in page.text or time.time() > deadline:
            break
        time.sleep(0.3)
    check("once drawn, the list says when, in Vietnam's time",
          re.search(r"COD P50 và khả năng kịp COD mục tiêu: dự báo tính lúc \d\d/\d\d/\d{4} "
                    r"\d\d:\d\d \(1\.000 lượt mô phỏng\)", page.text), page.text[:300])
    api = {p["project"]: p for p in server.get("/api/v1/forecast", session).json()["projects"]}
    wrong = []
    for row in rows_of(page.text):
        entry = api.get(row["Mã"])
        p50 = vietnamese_date(entry["cod_p50"]) if entry else ""
        chance = entry.get("p_cod_by_target_cod") if entry else None
        expected = percent(chance) if chance is not None else ""
        if row["COD P50 (dự báo)"] != p50 or row["Kịp COD mục tiêu"] != expected:
            wrong.append((row["Mã"], row["COD P50 (dự báo)"], row["Kịp COD mục tiêu"],
                          p50, expected))
    check("each row's COD P50 and chance of its target COD are the API's", not wrong, wrong)
    ct_a = next(row for row in rows_of(page.text) if row["Mã"] == "CT-A")
    check("the project with a target COD shows a chance, the others none",
          ct_a["Kịp COD mục tiêu"].endswith("%") and all(
              row["Kịp COD mục tiêu"] == "" for row in rows_of(page.text)
              if row["Mã"] != "CT-A"), rows_of(page.text))
    other_day = server.get("/projects?scope=all&as_of=2026-10-01", session).text
    check("as of another day the list says the forecast is drawn as of today only",
          "Dự báo chỉ được tính theo ngày hôm nay." in other_day and all(
              row["COD P50 (dự báo)"] == "" for row in rows_of(other_day)), other_day[:300])
    english = server.get("/projects?scope=all&lang=en", session).text
    check("in English the columns and the line are English",
          "COD P50 (forecast)" in english and "Chance of the target COD" in english
          and "forecast drawn at" in english, english[:300])


def test_project_sorting(server, sessions):
    session = sessions["admin"]
    everything = sorted(project[0] for project in PROJECTS)
    for column, (label, key) in PROJECT_COLUMNS.items():
        ascending = rows_of(server.get(f"/projects?sort={column}", session).text)
        descending = rows_of(server.get(f"/projects?sort=-{column}", session).text)
        codes_up = [row["Mã"] for row in ascending]
        codes_down = [row["Mã"] for row in descending]
        check(f"sort={column} and sort=-{column} list every project",
              sorted(codes_up) == everything and sorted(codes_down) == everything,
              (codes_up, codes_down))
        if key:
            values_up = [row.get(label, "") for row in ascending]
            values_down = [row.get(label, "") for row in descending]
            check(f"sort={column} goes up, empty last", ordered(values_up, key, False), values_up)
            check(f"sort=-{column} goes down, empty last", ordered(values_down, key, True),
                  values_down)
        else:
            # Sorted by a key the page shows as a label: equal labels stand together, and the
            # other direction turns the groups around.
            groups_up = [row[label] for row in ascending]
            groups_down = [row[label] for row in descending]
            runs = [g for i, g in enumerate(groups_up) if i == 0 or groups_up[i - 1] != g]
            runs_down = [g for i, g in enumerate(groups_down) if i == 0 or
                         groups_down[i - 1] != g]
            check(f"sort={column} keeps equal values together and sort=-{column} reverses them",
                  len(runs) == len(set(runs)) and runs_down == runs[::-1], (runs, runs_down))
    # Stable: the two solar farms (equal technology) keep the portfolio's order both ways.
    for sort in ("technology", "-technology"):
        codes = codes_of(server.get(f"/projects?sort={sort}", session).text)
        check(f"sort={sort} keeps equal rows in the portfolio's order",
              codes.index("CT-A") < codes.index("CT-C"), codes)
    page = server.get("/projects?sort=-slip", session).text
    heading = re.search(r'<th[^>]*aria-sort="descending"[^>]*><a[^>]*href="([^"]+)"', page)
    check("the sorted heading is marked and links to the other direction",
          heading and query_of(html.unescape(heading.group(1))).get("sort") == "slip",
          heading.group(0) if heading else page[:300])
    answer = server.get("/projects?sort=nothing", session)
    check("an unknown sort key is a 400 naming sort, in Vietnamese", answer.status == 400 and
          "sắp xếp: &#39;nothing&#39;" in answer.text, answer.summary())
    answer = server.get("/projects?sort=nothing&lang=en", session)
    check("... and in English", answer.status == 400 and
          "sort: &#39;nothing&#39;" in answer.text, answer.summary())


ALERT_COLUMNS = {
    "severity": ("Mức độ", {"Thông tin": 0, "Cảnh báo": 1, "Nghiêm trọng": 2}.get),
    "kind": ("Loại", None), "project": ("Mã dự án", fold), "name": ("Tên dự án", fold),
    "province": ("Tỉnh", fold), "milestone": ("Mốc", None), "days": ("Số ngày", number),
    "mw": ("MW", number), "reason": ("Lý do", fold)}


def test_alert_sorting(server, sessions):
    session = sessions["admin"]
    base = rows_of(server.get("/alerts", session).text)
    check("the alerts page lists alerts", len(base) >= 4, base[:2])
    for column, (label, key) in ALERT_COLUMNS.items():
        ascending = rows_of(server.get(f"/alerts?sort={column}", session).text)
        descending = rows_of(server.get(f"/alerts?sort=-{column}", session).text)
        check(f"alerts sort={column} and -{column} keep every alert",
              len(ascending) == len(base) == len(descending), (len(ascending), len(base)))
        values_up = [row.get(label, "") for row in ascending]
        values_down = [row.get(label, "") for row in descending]
        if key and all(key(v) is not None for v in values_up if v):
            check(f"alerts sort={column} goes up", ordered(values_up, key, False), values_up)
            check(f"alerts sort=-{column} goes down", ordered(values_down, key, True),
                  values_down)
        else:
            runs = [g for i, g in enumerate(values_up) if i == 0 or values_up[i - 1] != g]
            runs_down = [g for i, g in enumerate(values_down) if i == 0 or
                         values_down[i - 1] != g]
            filled = [g for g in runs if g]
            check(f"alerts sort={column} groups equal values, -{column} reverses them",
                  len(runs) == len(set(runs)) and [g for g in runs_down if g] == filled[::-1],
                  (runs, runs_down))
    check("no raw reason code among the alerts", "financing:" not in
          server.get("/alerts", session).text)


def test_paging(server, sessions):
    session = sessions["lan"]
    first = server.get("/projects?limit=2&sort=code", session).text
    check("page 1 of 2 shows two projects", codes_of(first) == ["CT-A", "CT-B"] and
          "Trang 1 / 2 · 4 dự án" in first, codes_of(first))
    numbers = [href for href in links(first) if query_of(href).get("page") == "2"]
    check("the pager links to page 2 by number, keeping the sort and size",
          numbers and query_of(numbers[0]).get("sort") == "code" and
          query_of(numbers[0]).get("limit") == "2", numbers)
    second = server.get("/projects?limit=2&sort=code&page=2", session).text
    check("page 2 shows the rest", codes_of(second) == ["CT-C", "CT-D"] and
          'aria-current="page">2<' in second, codes_of(second))
    last = server.get("/projects?limit=2&sort=code&page=99", session).text
    check("a page past the last shows the last", codes_of(last) == ["CT-C", "CT-D"],
          codes_of(last))
    answer = server.get("/projects?page=0", session)
    check("page=0 is a 400", answer.status == 400, answer.summary())


def test_workbook(server, sessions):
    import openpyxl
    answer = server.get("/alerts?sort=-days&scope=all", sessions["lan"])
    shown = rows_of(answer.text)
    download = [href for href in links(answer.text) if href.startswith("/alerts.xlsx")]
    check("the alerts page links its workbook with its own parameters",
          download and query_of(download[0]).get("sort") == "-days" and
          query_of(download[0]).get("scope") == "all", download)
    if not download:
        return
    answer = server.get(download[0], sessions["lan"])
    check("/alerts.xlsx answers a workbook", answer.status == 200 and
          "spreadsheetml" in (answer.header("Content-Type") or "") and
          "attachment" in (answer.header("Content-Disposition") or ""), answer.summary())
    book = openpyxl.load_workbook(io.BytesIO(answer.body))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    headers = list(rows[0]) if rows else []
    check("the workbook's headings are the page's, in Vietnamese",
          headers[:8] == ["Mức độ", "Loại", "Mã dự án", "Tên dự án", "Tỉnh", "Mốc", "Số ngày",
                          "MW"], headers)
    check("the workbook holds the page's rows in the page's order",
          [row[2] for row in rows[1:]] == [row["Mã dự án"] for row in shown] and
          [row[4] for row in rows[1:]] == [row["Tỉnh"] for row in shown], rows[:4])
    check("days are numbers in the workbook", all(isinstance(row[6], (int, float))
                                                   for row in rows[1:]), rows[1:3])
    reasons = [row[9] for row in rows[1:] if row[9]]
    check("reasons read by their category's label",
          reasons and not any(":" in r.split(" ")[0] and r.split(":")[0].islower() and
                              "_" in r.split(":")[0] for r in reasons) and
          "Tài chính: nhà thầu thiếu vốn" in reasons, reasons)
    mine = server.get("/alerts.xlsx", sessions["lan"])
    provinces = {row[4] for row in list(openpyxl.load_workbook(
        io.BytesIO(mine.body)).active.iter_rows(values_only=True))[1:]}
    check("the workbook without scope=all holds her province only", provinces == {CAN_THO},
          provinces)


def test_links_carry(server, sessions):
    session = sessions["lan"]
    dashboard = server.get("/?as_of=2026-10-01", session).text
    alerts = [href for href in links(dashboard) if href.startswith("/alerts?")]
    check("dashboard -> alerts carries the as-of date",
          alerts and query_of(alerts[0]).get("as_of") == "2026-10-01", alerts)
    late = [href for href in links(dashboard) if href.startswith("/projects?late=1")]
    check("dashboard -> late projects carries the as-of date",
          late and query_of(late[0]).get("as_of") == "2026-10-01", late)

    listing = "/alerts?as_of=2026-10-01&min_severity=info&sort=province"
    page = server.get(listing, session).text
    project = [href for href in links(page) if href.startswith("/projects/CT-")]
    check("alerts -> project carries the as-of date and the list",
          project and query_of(project[0]).get("as_of") == "2026-10-01" and
          query_of(project[0]).get("back", "").startswith("/alerts?"), project[:3])
    if project:
        back = query_of(project[0])["back"]
        check("the list the project leads back to keeps the filters and sort",
              query_of(back).get("min_severity") == "info" and
              query_of(back).get("sort") == "province" and
              query_of(back).get("as_of") == "2026-10-01", back)
        page = server.get(project[0], session).text
        check("the project page is scheduled at the carried date",
              "01/10/2026" in page, page[:600])
        check("the project page leads back to the same list",
              re.search(r'<a href="([^"]+)" rel="up">', page) and
              html.unescape(re.search(r'<a href="([^"]+)" rel="up">', page).group(1)) == back,
              re.findall(r'<a href="[^"]+" rel="up">[^<]*', page))

    listing = "/projects?late=1&as_of=2026-10-01&scope=all&sort=-slip"
    page = server.get(listing, session).text
    headings = [html.unescape(h) for h in re.findall(r'<a class="sort" href="([^"]+)"', page)]
    check("every sort heading keeps the list's filters and date",
          headings and all(query_of(h).get("late") == "1" and
                           query_of(h).get("as_of") == "2026-10-01" and
                           query_of(h).get("scope") == "all" for h in headings), headings[:3])
    project = [href for href in links(page)
               if href.startswith("/projects/") and not href.startswith("/projects/new")]
    check("projects -> project carries the list",
          project and query_of(query_of(project[0]).get("back", "")).get("late") == "1",
          project[:2])
    check("the form keeps scope and sort in hidden fields",
          'name="scope" value="all"' in page and 'name="sort" value="-slip"' in page)
    english = server.get(listing + "&lang=en", session).text
    project = [href for href in links(english) if href.startswith("/projects/")]
    check("an English list's links stay in English", project and "lang=en" in project[0],
          project[:2])
    hostile = server.get("/projects/CT-A?back=//evil.example/x", session).text
    check("a back link to another host is not followed",
          "evil.example" not in hostile, re.findall(r'rel="up"[^<]*', hostile))


def test_gantt(server, sessions):
    page = server.get("/projects/CT-A", sessions["lan"]).text
    links = re.search(r'<g class="links" data-links="(\d+)">', page)
    check("the project's Gantt draws an arrow per link between its milestones",
          links and links.group(1) == "2" and page.count('class="link-head"') >= 3, page[-300:])
    check("the project's Gantt legend is text above the chart",
          re.search(r'<ul class="gantt-legend">.*Quan hệ phụ thuộc.*</ul><svg class="gantt"', page,
                    re.S), "")
    years = re.findall(r'class="axis-label">(\d{4})<', page)
    check("the project's Gantt names each year once", years and len(years) == len(set(years)),
          years)
    # The report's Gantt draws one strip per project (the 30 largest), so links between one
    # project's milestones are on the project's page; the report keeps its axis and legend.
    report = server.get("/report", sessions["lan"]).text
    years = re.findall(r'class="legend">(\d{4})<', report)
    check("the report's Gantt names each year once", len(years) == len(set(years)), years)


def main():
    workspace = common.Workspace("lists")
    build(workspace)
    server = workspace.serve()
    try:
        sessions = {name: server.login(name) for name in ("lan", "doc", "admin")}
        test_forecast_columns(server, sessions)
        test_scope(server, sessions)
        test_late(server, sessions)
        test_project_sorting(server, sessions)
        test_alert_sorting(server, sessions)
        test_paging(server, sessions)
        test_workbook(server, sessions)
        test_links_carry(server, sessions)
        test_gantt(server, sessions)
    finally:
        server.stop()
        workspace.remove()
    common.finish()


if __name__ == "__main__":
    main()
