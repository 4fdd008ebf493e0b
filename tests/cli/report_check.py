#!/usr/bin/env python3
"""Checks a report as a person would meet it.

`report_check.py charts FILE.html` prints, for every chart, the total it carries (data-total-mw) and
the sum of its bars, so a golden test pins both against hand-computed figures.
`report_check.py render FILE.html` renders the page in headless Chromium (Debian's chromium) to a
PNG and prints its size and whether it holds more than a blank page.
"""
import html.parser
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
                            "bars": 0.0, "count": 0, "critical": 0}
            self.charts.append(self.current)
        elif tag == "rect" and self.current is not None:
            if "data-mw" in values:
                self.current["bars"] += float(values["data-mw"])
                self.current["count"] += 1
            if values.get("data-critical") == "yes":
                self.current["critical"] += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.current = None


def charts(path):
    parser = Charts()
    parser.feed(open(path, encoding="utf-8").read())
    print(f"scripts {parser.scripts}, external resources {parser.external}")
    for chart in parser.charts:
        total = f"total {chart['total']} MW, " if chart["total"] is not None else ""
        print(f"{chart['name']}: {total}bars {chart['count']} summing {chart['bars']:g} MW"
              f"{', critical marks ' + str(chart['critical']) if chart['name'] == 'gantt' else ''}")


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
    {"charts": charts, "render": render}[sys.argv[1]](sys.argv[2])
