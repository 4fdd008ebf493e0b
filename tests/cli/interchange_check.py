#!/usr/bin/env python3
"""Checks for tests/cli/interchange.t: files tiendo reads or writes, parsed back independently.

    interchange_check.py pdp7-years ANNEX PIPELINE_CSV   MW per planned year: the annex read here
                                                          against tiendo's pipeline CSV
    interchange_check.py xlsx WORKBOOK PROJECT MILESTONE  the workbook read with zipfile and
                                                          xml.etree: sheets, frozen headers, typed
                                                          cells, no formulas
    interchange_check.py geojson FILE CODE                RFC 7946 shape, positions in Vietnam
    interchange_check.py ics FILE                         RFC 5545 line grammar, folding, escaping
    interchange_check.py dot FILE EXPORT_JSON             DOT statement grammar, clusters, edges
                                                          against the exported dependencies
"""
import datetime
import json
import zipfile
import xml.etree.ElementTree as ElementTree
import csv
import re
import sys
from decimal import Decimal


def pdp7_years(annex_path, pipeline_path):
    """The annex's columns are separated by runs of blanks; the year is the first word and the MW
    the first column after the name."""
    expected = {}
    with open(annex_path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("year"):
                continue
            year, _, _, rest = line.split(None, 3)
            capacity = re.split(r"\s{2,}", rest.strip())[1]
            expected[year] = expected.get(year, Decimal(0)) + Decimal(capacity)
    with open(pipeline_path, encoding="utf-8") as handle:
        actual = {row["cod_year"]: Decimal(row["MW"]) for row in csv.DictReader(handle)
                  if row["cod_year"] != "total"}
    if actual != expected:
        for year in sorted(set(expected) | set(actual)):
            if expected.get(year) != actual.get(year):
                print(f"{year}: file {expected.get(year)} MW, tiendo {actual.get(year)} MW")
        return 1
    print(f"MW per year equal the file's: {len(expected)} years, {sum(expected.values())} MW")
    return 0


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def column_index(reference):
    letters = re.match(r"[A-Z]+", reference).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def xlsx(path, project_code, milestone_reference):
    """Reads the workbook as Excel would: the sheets the workbook lists, shared strings, cell
    types and the number formats of the styles."""
    archive = zipfile.ZipFile(path)
    if archive.testzip() is not None:
        print("corrupt zip member")
        return 1
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in relations}
    strings = []
    if "xl/sharedStrings.xml" in archive.namelist():
        for item in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).iter(MAIN + "si"):
            strings.append("".join(t.text or "" for t in item.iter(MAIN + "t")))
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    formats = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(MAIN + "numFmt")}
    cell_formats = [int(xf.get("numFmtId", "0"))
                    for xf in styles.find(MAIN + "cellXfs").iter(MAIN + "xf")]
    sheets = {}
    for sheet in workbook.iter(MAIN + "sheet"):
        name = sheet.get("name")
        root = ElementTree.fromstring(
            archive.read("xl/" + targets[sheet.get(RELATIONSHIPS + "id")]))
        pane = root.find(f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane")
        frozen = pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1"
        formulas = len(list(root.iter(MAIN + "f")))
        rows = []
        for row in root.iter(MAIN + "row"):
            cells = {}
            for cell in row.iter(MAIN + "c"):
                value = cell.find(MAIN + "v")
                kind = cell.get("t", "n")
                text = value.text if value is not None else None
                if kind == "s":
                    cells[column_index(cell.get("r"))] = ("text", strings[int(text)])
                elif kind in ("str", "inlineStr"):
                    cells[column_index(cell.get("r"))] = ("text", text)
                else:
                    number_format = cell_formats[int(cell.get("s", "0"))]
                    code = formats.get(number_format, "")
                    if re.search(r"[dmy]", code):
                        day = datetime.date(1899, 12, 30) + datetime.timedelta(days=float(text))
                        cells[column_index(cell.get("r"))] = ("date", f"{day} as {code}")
                    else:
                        cells[column_index(cell.get("r"))] = ("number", text)
            rows.append(cells)
        header = [rows[0][i][1] for i in sorted(rows[0])]
        records = [{header[i]: cell for i, cell in row.items()} for row in rows[1:]]
        sheets[name] = records
        print(f"sheet {name}: {len(records)} rows, header frozen: {frozen}, formulas: {formulas},"
              f" columns: {','.join(header)}")
    project = [r for r in sheets["projects"] if r["code"][1] == project_code][0]
    for column in ("name", "capacity_mw", "stage", "gem_status", "eia860_status"):
        kind, value = project.get(column, ("empty", ""))
        print(f"{project_code} {column}: {value} ({kind})")
    code, key = milestone_reference.rsplit(":", 1)
    milestone = [r for r in sheets["milestones"] if r["project"][1] == code and r["key"][1] == key]
    for column in ("duration_days", "planned", "actual", "forecast"):
        kind, value = milestone[0].get(column, ("empty", ""))
        print(f"{milestone_reference} {column}: {value} ({kind})")
    # Text that a spreadsheet would run as a formula must have stayed text.
    risky = [cell[1] for records in sheets.values() for record in records
             for cell in record.values() if cell[0] == "text" and cell[1][:1] in "=+-@"]
    print(f"text cells starting with = + - @, all stored as text: {len(risky)}")
    for value in sorted(risky)[:6]:
        print(f"  {value}")
    return 0


def geojson(path, code):
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    assert document["type"] == "FeatureCollection", document["type"]
    features = document["features"]
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        # Vietnam lies between 8 and 24 degrees north and 102 and 110 degrees east: a swapped
        # position would fall outside.
        assert 8 <= latitude <= 24 and 102 <= longitude <= 110, feature["id"]
        assert feature["properties"]["lat"] == latitude and feature["properties"]["lon"] == longitude
    print(f"{len(features)} Point features, every position inside Vietnam, longitude first")
    feature = [f for f in features if f["id"] == code][0]
    properties = feature["properties"]
    print(code, feature["geometry"]["coordinates"], properties["name"], properties["technology"],
          properties["capacity_mw"], properties["stage"], properties["gem_status"],
          properties["eia860_status"])
    return 0


CONTENT_LINE = re.compile(r"([A-Z][A-Z0-9-]*)((?:;[A-Z][A-Z0-9-]*=[^;:,\"]+)*):(.*)")


def ics(path):
    with open(path, "rb") as handle:
        data = handle.read()
    physical = data.split(b"\r\n")
    if physical[-1] != b"":
        print("the file does not end in CRLF")
        return 1
    physical = physical[:-1]
    problems = []
    for number, line in enumerate(physical, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare CR or LF")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: folded inside a UTF-8 character")
    folded = sum(1 for line in physical if line.startswith(b" "))
    logical = []
    for line in physical:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    stack, events, event, kinds = [], [], None, {}
    for line in (item.decode("utf-8") for item in logical):
        match = CONTENT_LINE.fullmatch(line)
        if not match:
            problems.append(f"not a content line: {line[:40]}")
            continue
        name, value = match.group(1), match.group(3)
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                event = {}
        elif name == "END":
            if not stack or stack.pop() != value:
                problems.append(f"END:{value} without its BEGIN")
            if value == "VEVENT":
                events.append(event)
                event = None
        elif event is not None:
            event[name] = (match.group(2), value)
        if name in ("SUMMARY", "DESCRIPTION") and re.search(r"(?<!\\)(\\\\)*[,;]", value):
            problems.append(f"unescaped , or ; in {name}: {value[:40]}")
    if stack:
        problems.append(f"unclosed {stack}")
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if required not in event:
                problems.append(f"VEVENT without {required}")
        parameters, start = event["DTSTART"]
        datetime.datetime.strptime(start, "%Y%m%d")
        assert parameters == ";VALUE=DATE", parameters
        kind = event["CATEGORIES"][1]
        kinds[kind] = kinds.get(kind, 0) + 1
    for problem in problems[:10]:
        print(problem)
    if problems:
        return 1
    longest = max(len(line) for line in physical)
    print(f"{len(events)} VEVENTs ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))});"
          f" {len(physical)} lines, all CRLF, longest {longest} octets, {folded} folded")
    unescape = lambda text: re.sub(r"\\([\\;,nN])",
                                   lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)
    for event in events[:2]:
        print(event["DTSTART"][1], unescape(event["SUMMARY"][1]))
    return 0


QUOTED = r'"(?:[^"\\]|\\.)*"'
ATTRIBUTES = rf"\[(?:[a-z]+=(?:{QUOTED}|[A-Za-z0-9.]+)(?:, )?)+\]"
DOT_STATEMENTS = [
    ("open", re.compile(r"digraph [A-Za-z_][A-Za-z0-9_]* \{")),
    ("default", re.compile(rf"(?:graph|node|edge) {ATTRIBUTES};")),
    ("cluster", re.compile(rf"subgraph ({QUOTED}) \{{")),
    ("label", re.compile(rf"label={QUOTED};")),
    ("edge", re.compile(rf"({QUOTED}) -> ({QUOTED}) ({ATTRIBUTES});")),
    ("node", re.compile(rf"({QUOTED}) ({ATTRIBUTES});")),
    ("close", re.compile(r"\}")),
]


def dot(path, export_path):
    with open(path, encoding="utf-8") as handle:
        lines = [line.strip() for line in handle.read().splitlines()]
    with open(export_path, encoding="utf-8") as handle:
        exported = json.load(handle)
    depth, clusters, nodes, red_nodes, edges, red_edges = 0, 0, set(), set(), [], []
    for number, line in enumerate(lines, 1):
        for kind, pattern in DOT_STATEMENTS:
            match = pattern.fullmatch(line)
            if match:
                break
        else:
            print(f"line {number}: not a DOT statement: {line[:60]}")
            return 1
        if kind in ("open", "cluster"):
            depth += 1
            clusters += kind == "cluster"
            if kind == "cluster" and not match.group(1).startswith('"cluster_'):
                print(f"line {number}: a subgraph that Graphviz would not draw as a cluster")
                return 1
        elif kind == "close":
            depth -= 1
        elif kind == "node":
            nodes.add(json.loads(match.group(1)))
            if 'color="red"' in match.group(2):
                red_nodes.add(json.loads(match.group(1)))
        elif kind == "edge":
            edge = (json.loads(match.group(1)), json.loads(match.group(2)))
            edges.append(edge)
            if 'color="red"' in match.group(3):
                red_edges.append(edge)
    if depth != 0:
        print(f"unbalanced braces: {depth}")
        return 1
    milestones = {f"{m['project']}:{m['key']}" for m in exported["milestones"]}
    dependencies = sorted((d["from"], d["to"]) for d in exported["dependencies"])
    projects = {m["project"] for m in exported["milestones"]}
    assert nodes == milestones, "the nodes are not the exported milestones"
    assert sorted(edges) == dependencies, "the edges are not the exported dependencies"
    assert clusters == len(projects), "not one cluster per project with milestones"
    assert all(a in red_nodes and b in red_nodes for a, b in red_edges), "a red edge between" \
        " milestones that are not both critical"
    print(f"{clusters} clusters, {len(nodes)} nodes ({len(red_nodes)} critical), {len(edges)}"
          f" edges ({len(red_edges)} critical), braces balanced; nodes and edges equal the export")
    for edge in sorted(red_edges)[:3]:
        print(f"  critical: {edge[0]} -> {edge[1]}")
    return 0


def main():
    check = sys.argv[1]
    if check == "pdp7-years":
        return pdp7_years(sys.argv[2], sys.argv[3])
    if check == "xlsx":
        return xlsx(sys.argv[2], sys.argv[3], sys.argv[4])
    if check == "geojson":
        return geojson(sys.argv[2], sys.argv[3])
    if check == "ics":
        return ics(sys.argv[2])
    if check == "dot":
        return dot(sys.argv[2], sys.argv[3])
    print(f"unknown check {check}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
