#!/usr/bin/env python3
"""web.report_bounds_test: the periodic report keeps its bounds on a national-scale portfolio.

On 2,000 generated projects (hundreds of them late): the HTML file, the Markdown and the workspace's
/report list the 50 late projects with the most MW, largest first, and one line for the rest ("và
N dự án khác, M MW", on the page a link to the alerts filtered as the report is); the Gantt draws
the 30 largest; the COD-year chart has at most twelve columns; /report sits in the workspace
(navigation, the workspace's style sheet, a print style sheet for A4). Functional, not timed:
`make bench` times the report at 20,000 projects.

Usage: report_bounds_test.py PATH_TO_TIENDO
"""
import html.parser
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

check = common.check


class Report(html.parser.HTMLParser):
    """The delayed table's rows and the charts' projects, columns and headings."""

    def __init__(self):
        super().__init__()
        self.table = None
        self.rows = {}
        self.more = {}
        self.more_links = []
        self.row_class = None
        self.cell = 0
        self.cells = []
        self.charts = {}
        self.chart = None
        self.text_class = None
        self.headings = []
        self.stylesheets = []
        self.navigation = False

    def handle_starttag(self, tag, attributes):
        values = dict(attributes)
        classes = (values.get("class") or "").split()
        if tag == "table":
            self.table = next((c for c in classes if c != "report"), None)
            self.rows[self.table] = []
        elif tag == "tr" and self.table:
            self.row_class = values.get("class")
            self.cells = []
        elif tag == "td" and self.table:
            self.cells.append("")
        elif tag == "a" and self.table and self.row_class == "more":
            self.more_links.append(values.get("href"))
        elif tag == "svg" and "data-chart" in values:
            self.chart = values["data-chart"]
            self.charts[self.chart] = {"projects": values.get("data-projects"), "columns": 0,
                                       "headings": 0, "empty": values.get("data-empty")}
        elif tag == "rect" and self.chart and "data-mw" in values:
            self.charts[self.chart]["columns"] += 1
        elif tag == "text" and self.chart:
            self.text_class = values.get("class")
            if self.text_class == "heading":
                self.charts[self.chart]["headings"] += 1
        elif tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(values.get("href"))
        elif tag == "header" and "top" in classes:
            self.navigation = True

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
        elif tag == "tr" and self.table:
            if self.row_class == "more":
                self.more[self.table] = " ".join(self.cells).strip()
            elif self.cells:
                self.rows[self.table].append(self.cells)
        elif tag == "svg":
            self.chart = None

    def handle_data(self, data):
        if self.table and self.cells:
            self.cells[-1] += data


def mw(cell):
    return float(cell.replace(".", "").replace(",", ".")) if cell else 0.0


def check_report(text, label, page=False):
    parsed = Report()
    parsed.feed(text)
    delayed = parsed.rows.get("delayed", [])
    check(f"{label}: 50 late projects listed", len(delayed) == 50, len(delayed))
    capacities = [mw(row[1]) for row in delayed]
    check(f"{label}: largest first", capacities == sorted(capacities, reverse=True),
          capacities[:10])
    more = parsed.more.get("delayed", "")
    check(f"{label}: one line for the rest", re.match(r"^và [\d.]+ dự án khác, [\d.,]+ MW$", more),
          more)
    gantt = parsed.charts.get("gantt", {})
    check(f"{label}: the Gantt draws the 30 largest",
          gantt.get("projects") == "30" and gantt.get("headings") == 30, gantt)
    cod = parsed.charts.get("cod-year", {})
    check(f"{label}: the COD-year chart has at most twelve columns",
          0 < cod.get("columns", 0) <= 12, cod)
    check(f"{label}: at most 50 rows in every list",
          all(len(rows) <= 50 for name, rows in parsed.rows.items() if name != "online"),
          {name: len(rows) for name, rows in parsed.rows.items()})
    check(f"{label}: a few hundred kilobytes at most", len(text.encode()) < 1_000_000,
          len(text.encode()))
    return parsed


def main():
    workspace = common.Workspace("bounds")
    try:
        workspace.cli("generate", "--projects", "2000", "--seed", "3", "--out", "generated")
        workspace.cli("init")
        workspace.cli("import", "generated/projects.csv", "generated/milestones.csv",
                      "generated/dependencies.csv")
        period = ["--from", "2026-04-01", "--to", "2026-06-30"]
        workspace.cli("--lang", "vi", "report", *period, "--out", "report.html")
        with open(os.path.join(workspace.work, "report.html"), encoding="utf-8") as file:
            check_report(file.read(), "report.html")
        workspace.cli("--lang", "vi", "report", *period, "--out", "report.md")
        with open(os.path.join(workspace.work, "report.md"), encoding="utf-8") as file:
            markdown = file.read()
        section = markdown.split("## 3.")[1].split("## 4.")[0]
        rows = [line for line in section.splitlines() if line.startswith("| ")]
        check("report.md: 50 late projects and the header", len(rows) == 51, len(rows))
        check("report.md: one line for the rest", re.search(r"\nvà [\d.]+ dự án khác, [\d.,]+ MW\n",
                                                            section), section[-300:])

        workspace.add_account("officer", "viewer")
        server = workspace.serve()
        try:
            session = server.login("officer")
            answer = server.get("/report?from=01/04/2026&to=30/06/2026", session)
            check("/report answers", answer.status == 200, answer.status)
            parsed = check_report(answer.text, "/report", page=True)
            check("/report: the rest links to the alerts filtered as the report is",
                  parsed.more_links == ["/alerts?as_of=2026-06-30"], parsed.more_links)
            check("/report sits in the workspace (navigation, the workspace's style sheet)",
                  parsed.navigation and any("tiendo.css" in (s or "") for s in parsed.stylesheets),
                  parsed.stylesheets)
            check("/report prints on A4 (report.css)", "/assets/report.css" in parsed.stylesheets,
                  parsed.stylesheets)
            css = server.get("/assets/report.css").text
            check("report.css: @page A4, no navigation in print",
                  "size: A4" in css and "header.top" in css, css[:200])
            check("/report: dates dd/mm/yyyy in the period form",
                  'value="01/04/2026"' in answer.text and 'value="30/06/2026"' in answer.text)
            check("/report links the Word document",
                  "/report.docx?from=2026-04-01&amp;to=2026-06-30" in answer.text)
            alerts = server.get("/alerts?as_of=2026-06-30", session)
            check("the linked alerts list answers", alerts.status == 200, alerts.status)
            bad = server.get("/report?from=30/06/2026&to=01/04/2026", session)
            check("/report: a period that ends before it starts is refused (400)",
                  bad.status == 400, bad.status)
        finally:
            server.stop()
    finally:
        workspace.remove()
    common.finish()


main()
