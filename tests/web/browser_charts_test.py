#!/usr/bin/env python3
"""The dashboard's charts in a real browser (headless Chromium) on a generated portfolio of 2,000
projects, whose COD years fill ten five-year columns (their labels written on a slant): every
label and figure of every chart lies inside its chart, none cut at an edge, and no two labels of
a chart overlap; at 1366 and 390 px. And a department of a legacy province (Trà Vinh, part of
Vĩnh Long since 2025) sees its own projects counted on its dashboard, as many as its province
holds (its plants; a phased one by its phases), beside its alerts. Screenshots go to the build folder (or $TIENDO_SCREENSHOTS)."""
import csv
import os
import re

import common
from common import check

common.browser_or_skip()

SHOTS = os.environ.get("TIENDO_SCREENSHOTS") or os.path.join(
    os.path.dirname(os.path.abspath(common.TIENDO or ".")), "screenshots-charts")
os.makedirs(SHOTS, exist_ok=True)

workspace = common.Workspace("browsercharts")
cli = workspace.cli
cli("init")
cli("generate", "--projects", "2000", "--seed", "3", "--out", "generated")
cli("import", "generated/projects.csv", "generated/milestones.csv", "generated/dependencies.csv")
# The pipeline counts plants, not lines, and a phased project by its phases (a parent's own row
# is not counted): those of Trà Vinh, as the file records them.
with open(os.path.join(workspace.work, "generated", "projects.csv"), encoding="utf-8") as file:
    rows = list(csv.DictReader(file))
parents = {row["parent"] for row in rows if row["parent"]}
in_tra_vinh = sum(1 for row in rows if row["province"] == "Trà Vinh" and
                  row["technology"] != "grid" and row["code"] not in parents)
workspace.add_account("quan", "admin")
workspace.add_account("thu", "editor", "Trà Vinh")
server = workspace.serve()
browser = None

# For each chart: its box, and the box and text of each of its texts (rotated ones by the box
# that holds them).
MEASURE = """
return Array.from(document.querySelectorAll('svg.chart')).map(svg => {
  const box = svg.getBoundingClientRect();
  return {name: svg.dataset.chart || '', box: [box.left, box.top, box.right, box.bottom],
          texts: Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim())
            .map(t => { const r = t.getBoundingClientRect();
                        return {text: t.textContent, label: t.classList.contains('label'),
                                box: [r.left, r.top, r.right, r.bottom]}; })};
});
"""


def charts_readable(where):
    charts = browser.driver.execute_script(MEASURE)
    check(f"{where}: the dashboard draws its charts", len(charts) >= 2, str(len(charts)))
    for chart in charts:
        left, top, right, bottom = chart["box"]
        outside = [t["text"] for t in chart["texts"]
                   if t["box"][0] < left - 1 or t["box"][2] > right + 1 or
                   t["box"][1] < top - 1 or t["box"][3] > bottom + 1]
        check(f"{where}: every text of chart {chart['name']} lies inside it", not outside,
              f"{outside[:5]} outside {chart['box']}")
        # Labels one after the other: level ones must not touch; slanted ones (at -35 degrees,
        # ending under their columns) must end at least 18 px apart, so that the lines of text
        # (11 px high) stay apart across the slant.
        labels = sorted((t for t in chart["texts"] if t["label"]), key=lambda t: t["box"][2])
        overlapping = []
        for a, b in zip(labels, labels[1:]):
            slanted = a["box"][3] - a["box"][1] > 20 or b["box"][3] - b["box"][1] > 20
            if (b["box"][2] - a["box"][2] < 18) if slanted else (b["box"][0] < a["box"][2] - 1):
                if a["box"][1] < b["box"][3] and b["box"][1] < a["box"][3]:
                    overlapping.append((a["text"], b["text"]))
        check(f"{where}: no two labels of chart {chart['name']} overlap", not overlapping,
              str(overlapping[:3]))
    return charts


try:
    browser = common.Browser(server)
    browser.login("quan")
    browser.open("/")
    charts = charts_readable("1366 px")
    cod = next((c for c in charts if c["name"] == "cod-year"), None)
    columns = [t["text"] for t in (cod or {"texts": []})["texts"] if t["label"]]
    check("the COD chart has enough columns to write its labels on a slant", len(columns) >= 9,
          str(columns))
    browser.screenshot(os.path.join(SHOTS, "dashboard-1366.png"))
    browser.resize(390)
    browser.open("/")
    charts_readable("390 px")
    browser.screenshot(os.path.join(SHOTS, "dashboard-390.png"))
    browser.quit()

    # The Trà Vinh officer's dashboard counts her province's projects.
    browser = common.Browser(server)
    browser.login("thu")
    browser.open("/")
    text = browser.text()
    match = re.search(r"Dự án\s+([\d.]+)", text)
    shown = int(match.group(1).replace(".", "")) if match else -1
    check("a legacy province's officer sees its projects counted", in_tra_vinh > 0 and
          shown == in_tra_vinh, f"{shown} shown, {in_tra_vinh} recorded in Trà Vinh")
    browser.screenshot(os.path.join(SHOTS, "dashboard-tra-vinh-1366.png"))
finally:
    if browser:
        browser.quit()
    server.stop()
common.finish()
