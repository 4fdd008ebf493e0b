#!/usr/bin/env python3
"""Checks a report as a person would meet it.

`report_check.py charts FILE.html` prints, for every chart, the total it carries (data-total-mw) and
the sum of its bars, so a golden test pins both against hand-computed figures; for the fan chart of
MW online, its draws and seed and each year's P10 / P50 / P90, and whether they are in order.
`report_check.py fan FILE.html FORECAST.json` compares the fan chart's years with the `mw_online` of
`forecast --format json` and says how many years have a spread (P10 < P90).
`report_check.py render FILE.html` renders the page in headless Chromium (Debian's chromium) to a
PNG and prints its size and whether it holds more than a blank page.
"""
import html.parser
import json
import os
import struct
import subprocess
import sys
import tempfile


class Charts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts, self.current, self.scripts, self.external = [], None, 0, 0

    def handle_starttag(self, tag, attributes):
        values = dict(attributes)
        if tag == "script":
            self.scripts += 1
        if tag in ("link", "img", "iframe") and any(
                str(values.get(key, "")).startswith(("http:", "https:", "//"))
                for key in ("href", "src")):
            self.external += 1
        if tag == "svg" and "data-chart" in values:
            self.current = {"name": values["data-chart"], "total": values.get("data-total-mw"),
                            "bars": 0.0, "count": 0, "critical": 0, "years": [],
                            "draws": values.get("data-draws"), "seed": values.get("data-seed")}
            self.charts.append(self.current)
        elif tag == "rect" and self.current is not None:
            if "data-mw" in values:
                self.current["bars"] += float(values["data-mw"])
                self.current["count"] += 1
            if values.get("data-critical") == "yes":
                self.current["critical"] += 1
        elif tag == "circle" and self.current is not None and "data-year" in values:
            self.current["years"].append(tuple(values[key] for key in
                                               ("data-year", "data-p10", "data-p50", "data-p90")))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.current = None


def charts(path):
    parser = Charts()
    parser.feed(open(path, encoding="utf-8").read())
    print(f"scripts {parser.scripts}, external resources {parser.external}")
    for chart in parser.charts:
        if chart["name"] == "mw-online-fan":
            bands = [(year, float(p10), float(p50), float(p90))
                     for year, p10, p50, p90 in chart["years"]]
            ordered = all(p10 <= p50 <= p90 for _, p10, p50, p90 in bands) and all(
                a[i] <= b[i] for a, b in zip(bands, bands[1:]) for i in (1, 2, 3))
            print(f"mw-online-fan: {chart['draws']} draws, seed {chart['seed']}, "
                  f"{len(bands)} years, in order: {'yes' if ordered else 'NO'}")
            for year, p10, p50, p90 in bands:
                print(f"  {year}: P10 {p10:g} / P50 {p50:g} / P90 {p90:g} MW")
            continue
        total = f"total {chart['total']} MW, " if chart["total"] is not None else ""
        print(f"{chart['name']}: {total}bars {chart['count']} summing {chart['bars']:g} MW"
              f"{', critical marks ' + str(chart['critical']) if chart['name'] == 'gantt' else ''}")


def fan(path, forecast_path):
    parser = Charts()
    parser.feed(open(path, encoding="utf-8").read())
    chart = next(c for c in parser.charts if c["name"] == "mw-online-fan")
    drawn = [(int(year), float(p10), float(p50), float(p90))
             for year, p10, p50, p90 in chart["years"]]
    forecast = json.load(open(forecast_path, encoding="utf-8"))
    expected = [(row["year"], row["p10"], row["p50"], row["p90"]) for row in forecast["mw_online"]]
    spread = sum(1 for _, p10, _, p90 in drawn if p10 < p90)
    print(f"fan chart = forecast --draws {forecast['draws']} --seed {forecast['seed']}: "
          f"{'yes' if drawn == expected else 'NO'} ({len(drawn)} years, {spread} with a spread)")


def render(path):
    with tempfile.TemporaryDirectory() as profile:
        png = os.path.join(profile, "page.png")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--window-size=900,1400",
                        f"--screenshot={png}", "file://" + os.path.abspath(path)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=True)
        data = open(png, "rb").read()
        width, height = struct.unpack(">II", data[16:24])
        # A blank white page compresses to a few kilobytes; text and charts do not.
        print(f"rendered {width}x{height} PNG, {'with content' if len(data) > 30000 else 'BLANK'}")


if __name__ == "__main__":
    {"charts": charts, "render": render, "fan": fan}[sys.argv[1]](*sys.argv[2:])
