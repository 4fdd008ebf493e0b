#!/usr/bin/env python3
"""/pipeline draws what it lists, offers the province × stage table and downloads what it shows
(issue 30, §3), over real HTTP on loopback.

Usage (from the source directory):  python3 tests/web/pipeline_page_test.py PATH_TO_TIENDO

On a generated portfolio of 2,000 projects (CODs spread over decades) and on the demo:
- the page draws stacked bars by stage (by province when it groups by province) and MW by COD
  year in at most 16 columns, none gathering the past into one "≤ YEAR" column, their MW adding
  up to what GET /api/v1/pipeline?by=cod_year gives;
- view=crosstab is a province × stage table whose cells and totals are the API's figures;
  legacy_provinces=1 lists the provinces as recorded (before the 2025 merger);
- /pipeline.xlsx? with the same parameters is that table as a workbook (read back with
  openpyxl): Vietnamese headings, MW as numbers;
- a filter matching nothing says why its charts are empty; the CSV downloads begin with a UTF-8
  byte order mark (Excel shows the diacritics then).
"""
import html
import io
import re
import sys
import urllib.parse

try:
    import openpyxl  # noqa: F401
except ImportError:
    # Debian's openpyxl belongs to Debian's Python; another python3 runs this again with it.
    import os
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    print("FAIL: python3-openpyxl is not installed (Debian: apt-get install python3-openpyxl)")
    sys.exit(1)

sys.path.insert(0, __import__("os").path.dirname(__file__))
import common  # noqa: E402

check = common.check


def vietnamese_number(text):
    return float(text.replace(".", "").replace(",", ".")) if text else None


def table_cells(page, css_class):
    found = re.search(rf'<table class="[^"]*{css_class}[^"]*">(.*?)</table>', page, re.S)
    if not found:
        return [], []
    headers = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
               for h in re.findall(r"<th[^>]*>(.*?)</th>", found.group(1), re.S)]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells:
            rows.append(cells)
    return headers, rows


def main():
    import openpyxl

    workspace = common.Workspace("pipelinepage")
    workspace.cli("init")
    workspace.cli("generate", "--projects", "2000", "--seed", "5", "--out", "generated")
    workspace.cli("import", "generated/projects.csv", "generated/milestones.csv",
                  "generated/dependencies.csv")
    workspace.add_account("planner", "viewer")
    server = workspace.serve()
    try:
        session = server.login("planner")
        page = server.get("/pipeline?by=province&by=stage", session)
        check("/pipeline answers 200", page.status == 200, page.summary())
        check("it draws stacked bars by province and stage",
              'data-chart="pipeline-stages"' in page.text
              and "Công suất theo tỉnh và giai đoạn" in page.text, page.text[:300])
        chart = re.search(r'<svg class="chart" data-chart="pipeline-cod-year".*?</svg>', page.text,
                          re.S)
        columns = re.findall(r'class="column" data-mw="([0-9.]+)"><title>([^<]*)</title>',
                             chart.group(0)) if chart else []
        check("MW by COD year is drawn in 2 to 16 columns", 2 <= len(columns) <= 16,
              len(columns))
        check("no column gathers the past as '≤ YEAR'", "≤" not in (chart.group(0) if chart else
                                                                    "≤"), "")
        by_year = server.get("/api/v1/pipeline?by=cod_year", session).json()
        dated = sum(row["mw"] for row in by_year["rows"] if row["cod_year"] is not None)
        drawn = sum(float(mw) for mw, _ in columns)
        check("the columns add up to the MW of the projects with a COD year",
              abs(drawn - dated) < 0.01, (drawn, dated))

        cross = server.get("/pipeline?view=crosstab", session)
        headers, rows = table_cells(cross.text, "crosstab")
        api = server.get("/api/v1/pipeline?by=province,stage", session).json()
        expected = {}
        for row in api["rows"]:
            expected.setdefault(row["province"], 0.0)
            expected[row["province"]] += row["mw"]
        shown = {r[0]: vietnamese_number(r[-1]) for r in rows[:-1]}
        check("the province × stage table has a row per province with its total MW",
              set(shown) == set(expected)
              and all(abs(shown[p] - expected[p]) < 0.01 for p in expected), (shown, expected))
        check("its last row totals the whole pipeline",
              rows and abs(vietnamese_number(rows[-1][-1]) - api["total"]["mw"]) < 0.01,
              rows[-1:])
        legacy = server.get("/pipeline?view=crosstab&legacy_provinces=1", session)
        legacy_rows = table_cells(legacy.text, "crosstab")[1]
        api_legacy = server.get("/api/v1/pipeline?by=province&legacy_provinces=1", session).json()
        check("legacy_provinces=1 lists the provinces as recorded before the merger",
              len(legacy_rows) - 1 == len(api_legacy["rows"]) > len(rows) - 1,
              (len(legacy_rows), len(api_legacy["rows"]), len(rows)))

        workbook = server.get("/pipeline.xlsx?view=crosstab", session)
        check("/pipeline.xlsx?view=crosstab is a workbook",
              workbook.status == 200 and workbook.body[:2] == b"PK", workbook.summary())
        sheet = openpyxl.load_workbook(io.BytesIO(workbook.body)).active
        values = list(sheet.iter_rows(values_only=True))
        check("its headings are the page's, in Vietnamese", list(values[0]) == headers,
              (values[0], headers))
        check("its cells are the page's, MW as numbers",
              all(abs((values[i + 1][-1] or 0) - vietnamese_number(rows[i][-1])) < 0.001
                  and isinstance(values[i + 1][-1], (int, float)) for i in range(len(rows))),
              values[:3])
        grouped = server.get("/pipeline.xlsx?by=technology_group", session)
        sheet = openpyxl.load_workbook(io.BytesIO(grouped.body)).active
        values = list(sheet.iter_rows(values_only=True))
        check("/pipeline.xlsx?by=technology_group is the grouped list with Vietnamese headings",
              values[0][0] == "nhóm công nghệ" and values[0][-2:] == ("MW", "MWp"), values[:2])

        empty = server.get("/pipeline?stage=retired&province=" +
                           urllib.parse.quote("Cần Thơ"), session)
        check("a filter matching nothing says why the charts are empty",
              empty.status == 200 and ("không có gì để vẽ" in empty.text
                                       or "Không dự án nào khớp bộ lọc có ngày COD" in empty.text),
              empty.summary())
        for name in ("projects", "milestones", "dependencies"):
            download = server.get(f"/export/{name}.csv", session)
            check(f"/export/{name}.csv begins with a UTF-8 byte order mark",
                  download.body[:3] == b"\xef\xbb\xbf", download.body[:10])
        english = server.get("/pipeline?view=crosstab&lang=en", session)
        check("?lang=en is English", "Province × stage table" in english.text, "")
        check("the server is still running", server.alive())
    finally:
        server.stop()

    # The CSV a browser downloaded imports back, its byte order mark and all.
    copy = common.Workspace("pipelinebom")
    copy.cli("init")
    with open(f"{copy.work}/projects.csv", "wb") as out:
        out.write(b"\xef\xbb\xbf" + open(f"{workspace.work}/generated/projects.csv", "rb").read())
    imported = copy.cli("import", "projects.csv", expect=None)
    check("a CSV with a byte order mark imports", imported.returncode == 0, imported.stderr[:300])


if __name__ == "__main__":
    main()
    common.finish()
