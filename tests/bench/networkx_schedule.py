#!/usr/bin/env python3
"""The peer a data-minded planner would write: the schedule of DESIGN.md in Python with networkx.

Usage: networkx_schedule.py DIR AS_OF [--check TIENDO_JSON]
Reads DIR/{projects,milestones,dependencies}.csv (tiendo's CSV formats), builds one networkx
DiGraph of every milestone, runs the forward and backward pass of the critical path method with
the same rules as tiendo (FS/SS/FF/SF with lags, actual, actual_start, planned, forecast, as-of),
and prints the schedule as JSON with the keys of `tiendo schedule --format json`. With --check it
instead compares its early and late finishes with a tiendo JSON file and reports differences, so
the benchmark knows both sides computed the same thing.
"""
import calendar
import csv
import datetime
import json
import sys

import networkx as nx

EPOCH = datetime.date(1970, 1, 1)


def day_number(text):
    """Days since 1970-01-01 of a tiendo date; a coarse date stands for the end of its period."""
    if not text:
        return None
    if "/" in text:
        parts = text.split("/")
        text = "-".join(reversed(parts))
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 1:
        day = datetime.date(parts[0], 12, 31)
    elif len(parts) == 2:
        day = datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    else:
        day = datetime.date(*parts)
    return (day - EPOCH).days


def iso(number):
    return None if number is None else (EPOCH + datetime.timedelta(days=number)).isoformat()


def load(directory):
    graph = nx.DiGraph()
    with open(f"{directory}/milestones.csv", newline="", encoding="utf-8-sig") as file:
        for row in csv.DictReader(file):
            graph.add_node(f"{row['project']}:{row['key']}",
                           project=row["project"], key=row["key"],
                           duration=int(row["duration_days"] or 0),
                           planned=day_number(row["planned"]), actual=day_number(row["actual"]),
                           actual_start=day_number(row["actual_start"]),
                           forecast=day_number(row["forecast"]))
    with open(f"{directory}/dependencies.csv", newline="", encoding="utf-8-sig") as file:
        for row in csv.DictReader(file):
            graph.add_edge(row["from"], row["to"], type=row["type"] or "FS",
                           lag=int(row["lag_days"] or 0))
    return graph


def schedule(graph, as_of):
    order = list(nx.topological_sort(graph))
    early_start, early_finish, driver = {}, {}, {}
    for node in order:
        data = graph.nodes[node]
        d = data["duration"]
        if data["actual"] is not None:
            early_finish[node] = data["actual"]
            early_start[node] = data["actual_start"] if data["actual_start"] is not None \
                else data["actual"] - d
            driver[node] = "actual"
            continue
        if data["actual_start"] is not None:
            early_start[node] = data["actual_start"]
            bounds = [(data["actual_start"] + d, "actual_start"), (as_of, "as_of")]
            for source, _, link in graph.in_edges(node, data=True):
                if link["type"] == "FF":
                    bounds.append((early_finish[source] + link["lag"], source))
                elif link["type"] == "SF":
                    bounds.append((early_start[source] + link["lag"], source))
            if data["planned"] is not None:
                bounds.append((data["planned"], "planned"))
            if data["forecast"] is not None:
                bounds.append((data["forecast"], "forecast"))
            early_finish[node], driver[node] = max(bounds, key=lambda bound: bound[0])
            continue
        bounds = [(as_of, "as_of")]
        for source, _, link in graph.in_edges(node, data=True):
            kind, lag = link["type"], link["lag"]
            if kind == "FS":
                bounds.append((early_finish[source] + lag, source))
            elif kind == "SS":
                bounds.append((early_start[source] + lag, source))
            elif kind == "FF":
                bounds.append((early_finish[source] + lag - d, source))
            else:
                bounds.append((early_start[source] + lag - d, source))
        if data["planned"] is not None:
            bounds.append((data["planned"] - d, "planned"))
        if data["forecast"] is not None:
            bounds.append((data["forecast"] - d, "forecast"))
        early_start[node], driver[node] = max(bounds, key=lambda bound: bound[0])
        early_finish[node] = early_start[node] + d

    late_finish = {}
    late_start = {}
    for node in reversed(order):
        data = graph.nodes[node]
        if data["actual"] is not None:
            continue
        d = data["duration"]
        candidates = []
        for _, target, link in graph.out_edges(node, data=True):
            if graph.nodes[target]["actual"] is not None:
                continue
            kind, lag = link["type"], link["lag"]
            if kind == "FS":
                candidates.append(late_start[target] - lag)
            elif kind == "SS":
                candidates.append(late_start[target] - lag + d)
            elif kind == "FF":
                candidates.append(late_finish[target] - lag)
            else:
                candidates.append(late_finish[target] - lag + d)
        late_finish[node] = min(candidates) if candidates else early_finish[node]
        late_start[node] = late_finish[node] - d

    milestones = []
    for node in graph.nodes:
        data = graph.nodes[node]
        float_days = late_finish[node] - early_finish[node] if node in late_finish else None
        milestones.append({
            "project": data["project"], "key": data["key"],
            "planned": iso(data["planned"]), "actual": iso(data["actual"]),
            "early_start": iso(early_start[node]), "early_finish": iso(early_finish[node]),
            "late_finish": iso(late_finish.get(node)), "total_float_days": float_days,
            "critical": float_days is not None and float_days <= 0,
            "slip_days": None if data["planned"] is None else early_finish[node] - data["planned"],
            "driver": driver[node]})
    return milestones


def main():
    directory, as_of_text = sys.argv[1], sys.argv[2]
    graph = load(directory)
    milestones = schedule(graph, day_number(as_of_text))
    if len(sys.argv) > 4 and sys.argv[3] == "--check":
        with open(sys.argv[4], encoding="utf-8") as file:
            theirs = {(m["project"], m["key"]): m for m in json.load(file)["milestones"]}
        differences = 0
        for mine in milestones:
            other = theirs.get((mine["project"], mine["key"]))
            fields = ("early_start", "early_finish", "late_finish", "total_float_days", "critical")
            if other is None or any(mine[field] != other[field] for field in fields):
                differences += 1
                if differences <= 5:
                    print("differs:", mine, other, file=sys.stderr)
        print(f"{len(milestones)} milestones compared, {differences} differ")
        sys.exit(1 if differences or len(theirs) != len(milestones) else 0)
    json.dump({"as_of": as_of_text, "milestones": milestones}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
