#!/usr/bin/env python3
"""The planner's /forecast page and the dashboard's fan chart, drawn off the request threads
(issue 30, §1 and §3), over real HTTP on loopback.

Usage (from the source directory):  python3 tests/web/forecast_page_test.py PATH_TO_TIENDO

On the demo portfolio, with one project given a target COD and one plant given a plan:
- /forecast shows, once the background forecast is drawn, every project's COD P10 / P50 / P90 and
  the chance of its own target COD exactly as GET /api/v1/forecast (the API's 1,000 draws, seed 1)
  gives them, with the time it was drawn and the backtest's figures in words;
- after a write, the next /forecast and dashboard answer at once with the forecast drawn before
  it (saying so) or the new one, and soon with the new one, equal to the API's new answer;
- ?by=province draws MW online by province; ?target= adds the chance of COD by that date, equal
  to the API's; a bad target is a 400 page naming it; ?lang=en is English;
- `tiendo forecast --format json` gives each project its target COD and that chance too.
"""
import html
import re
import sys
import time
import urllib.parse

sys.path.insert(0, __import__("os").path.dirname(__file__))
import common  # noqa: E402

check = common.check


def vietnamese_date(iso):
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def percent(probability):
    return f"{probability * 100:.1f}".replace(".", ",") + "%"


def rows_of(page, css_class):
    found = re.search(rf'<table class="[^"]*{css_class}[^"]*">(.*?)</table>', page, re.S)
    if not found:
        return {}
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S):
        cells = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
                 for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells:
            rows[cells[0].split()[0]] = cells
    return rows


def wait_for_page(server, session, target, marker, seconds=180):
    deadline = time.time() + seconds
    while True:
        answer = server.get(target, session)
        if marker(answer) or time.time() > deadline:
            return answer
        time.sleep(0.3)


def compare(name, page_rows, api, target_column=False):
    """Every API project with a capacity (the page lists the largest first, all of them here)."""
    wrong = []
    for project in api["projects"]:
        row = page_rows.get(project["project"])
        if row is None:
            wrong.append((project["project"], "missing"))
            continue
        expected = [vietnamese_date(project[f"cod_p{p}"]) for p in (10, 50, 90)]
        if row[4:7] != expected:
            wrong.append((project["project"], row[4:7], expected))
        chance = project.get("p_cod_by_target_cod")
        if (row[7] if len(row) > 7 else "") != (percent(chance) if chance is not None else ""):
            wrong.append((project["project"], row[7:8], chance))
        if target_column and row[8] != percent(project["p_cod_by_target"]):
            wrong.append((project["project"], row[8], project["p_cod_by_target"]))
    check(name, not wrong and len(page_rows) == len(api["projects"]),
          (wrong[:5], len(page_rows), len(api["projects"])))


def main():
    workspace = common.Workspace("forecastpage")
    workspace.cli("demo")
    done = {f'{m["project"]}' for m in workspace.cli_json("milestone", "list")["milestones"]
            if m["key"] == "cod" and m.get("actual")}
    chosen = next(p["project"] for p in workspace.cli_json("forecast")["projects"]
                  if p["mw"] and p["project"] not in done)
    workspace.cli("project", "set", chosen, "--target-cod", "2027-06-30")
    workspace.add_account("planner", "viewer")
    workspace.add_account("admin", "admin")

    cli = workspace.cli_json("forecast")
    entry = next(p for p in cli["projects"] if p["project"] == chosen)
    check("forecast --format json gives a project its target COD and the chance of it",
          entry["target_cod"] == "2027-06-30" and 0 <= entry["p_cod_by_target_cod"] <= 1, entry)
    other = next(p for p in cli["projects"] if p["project"] != chosen and p["target_cod"] is None)
    check("a project without a target COD has null for both",
          other["target_cod"] is None and other["p_cod_by_target_cod"] is None, other)

    server = workspace.serve()
    try:
        session = server.login("planner")
        page = wait_for_page(server, session, "/forecast",
                             lambda a: "forecast-projects" in a.text)
        check("/forecast answers 200 with the projects once the forecast is drawn",
              page.status == 200 and "forecast-projects" in page.text, page.summary())
        api = server.get("/api/v1/forecast", session).json()
        compare("/forecast gives every project the API's P10/P50/P90 and chance of its target",
                rows_of(page.text, "forecast-projects"), api)
        check("the page says when the forecast was drawn, in Vietnam's time",
              re.search(r"Tính lúc \d\d/\d\d/\d{4} \d\d:\d\d, theo số liệu hiện tại", page.text),
              page.text[:300])
        check("the backtest's figures are stated in words", "79,4%" in page.text, "")
        check("the fan chart of MW online is drawn", 'data-chart="mw-online-fan"' in page.text, "")

        # A write: the plan of an open COD moves two years; the next pages answer at once.
        cod = next(m for m in workspace.cli_json("milestone", "list", "--project", chosen)
                   ["milestones"] if m["key"] == "cod")
        admin = server.login("admin")
        version = server.form_fields(f"/projects/{chosen}/milestones/cod", admin).get("version")
        moved = server.api("PATCH", f"/api/v1/milestones/{chosen}:cod", admin,
                           {"planned": "2029-12-31", "forecast": "2029-12-31",
                            "reason": "financing:test"},
                           headers={"If-Match": version} if version else None)
        check("the milestone was moved", moved.status == 200, moved.summary())
        started = time.time()
        after = server.get("/forecast", session)
        dashboard = server.get("/", session)
        check("after a write, /forecast and the dashboard answer (old forecast or new)",
              after.status == 200 and dashboard.status == 200
              and ("forecast-projects" in after.text or "đang được tính" in after.text),
              after.summary())
        new_api = server.get("/api/v1/forecast", session).json()
        page = wait_for_page(server, session, "/forecast",
                             lambda a: "theo số liệu hiện tại" in a.text)
        compare("soon /forecast shows the new forecast, equal to the API's",
                rows_of(page.text, "forecast-projects"), new_api)
        check("the moved plant's P50 is no earlier than the new plan",
              next(p for p in new_api["projects"] if p["project"] == chosen)["cod_p50"]
              >= "2029-12-31" or cod.get("actual"), new_api["projects"][:2])
        print(f"      (the new forecast was on the page {time.time() - started:.1f} s after the "
              "write)")

        grouped = server.get("/forecast?by=province", session)
        check("?by=province draws MW online by province",
              grouped.status == 200 and "forecast-groups" in grouped.text
              and "Trà Vinh" in grouped.text, grouped.summary())
        targeted = server.get("/forecast?target=31/12/2027", session)
        target_api = server.get("/api/v1/forecast?target=2027-12-31", session).json()
        compare("?target= adds the chance of COD by that date, as the API gives it",
                rows_of(targeted.text, "forecast-projects"), target_api, target_column=True)
        bad = server.get("/forecast?target=31/02/2027", session)
        check("a target that is no date is a 400 page naming it",
              bad.status == 400 and "31/02/2027" in html.unescape(bad.text), bad.summary())
        english = server.get("/forecast?lang=en", session)
        check("?lang=en is English", "COD forecast" in english.text
              and "Projects, the largest first" in english.text, english.summary())
        check("the server is still running", server.alive())
    finally:
        server.stop()


if __name__ == "__main__":
    main()
    common.finish()
