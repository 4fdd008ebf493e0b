#!/usr/bin/env python3
"""Writes a deterministic synthetic portfolio as the three tiendo CSVs, for the schedule benchmark.

Usage: make_portfolio.py PROJECTS OUT_DIR [SEED]
Each plant has 20 milestones in a chain (a few of them phases), and every tenth project is a
110 kV line whose energisation gates the COD of the nine plants after it. About a third of the
milestones are done. This stands in until `tiendo generate` exists.
"""
import csv
import datetime
import os
import random
import sys

KEYS = ["survey", "plan_inclusion", "investment_policy", "investment_certificate",
        "feasibility_study", "land_allocation", "site_clearance", "eia_approval",
        "grid_connection_agreement", "ppa_signed", "construction_permit", "financial_close",
        "construction_start", "equipment_delivery", "reservoir_impoundment", "commissioning",
        "cod", "step_a", "step_b", "step_c"]
TECHNOLOGIES = ["wind_onshore", "solar_farm", "hydro_small", "biomass", "gas"]
PROVINCES = ["Sóc Trăng", "Trà Vinh", "Thái Bình", "Lạng Sơn", "Quảng Ngãi", "Bình Định"]


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    os.makedirs(out, exist_ok=True)
    base = datetime.date(2018, 1, 1)
    with open(os.path.join(out, "projects.csv"), "w", newline="", encoding="utf-8") as projects, \
         open(os.path.join(out, "milestones.csv"), "w", newline="", encoding="utf-8") as milestones, \
         open(os.path.join(out, "dependencies.csv"), "w", newline="", encoding="utf-8") as links:
        p = csv.writer(projects, lineterminator="\n")
        m = csv.writer(milestones, lineterminator="\n")
        d = csv.writer(links, lineterminator="\n")
        p.writerow(["code", "name", "technology", "province", "capacity_mw", "stage", "source"])
        m.writerow(["project", "key", "duration_days", "planned", "actual", "source"])
        d.writerow(["from", "to", "type", "lag_days"])
        line = None
        for index in range(count):
            code = f"SYN-{index:06d}"
            grid = index % 10 == 0
            technology = "grid" if grid else rng.choice(TECHNOLOGIES)
            capacity = "" if grid else f"{rng.randint(5, 500)}.{rng.randint(0, 9)}"
            p.writerow([code, f"Dự án tổng hợp {index}", technology, rng.choice(PROVINCES),
                        capacity, "in_plan", "synthetic benchmark data"])
            keys = ["site_clearance", "grid_line_energized"] if grid else KEYS
            day = base + datetime.timedelta(days=rng.randint(0, 700))
            done_until = rng.randint(0, len(keys))
            previous = None
            for position, key in enumerate(keys):
                duration = rng.choice([0, 0, 0, 30, 90])
                day += datetime.timedelta(days=rng.randint(10, 120))
                actual = day.isoformat() if position < done_until else ""
                m.writerow([code, key, duration, day.isoformat(), actual, "synthetic"])
                if previous:
                    d.writerow([f"{code}:{previous}", f"{code}:{key}", "FS", rng.choice([0, 0, 7, -5])])
                previous = key
            if grid:
                line = code
            elif line:
                d.writerow([f"{line}:grid_line_energized", f"{code}:cod", "FS", 30])


if __name__ == "__main__":
    main()
