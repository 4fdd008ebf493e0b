#!/usr/bin/env python3
"""The planner's page /impact?ref=CODE:key&slip=DAYS (issue 30, §3) over real HTTP on loopback.

Usage (from the source directory):  python3 tests/web/impact_test.py PATH_TO_TIENDO

On the demo portfolio it finds the milestone whose slip moves the most projects' COD (asking
GET /api/v1/impact, the answer `tiendo impact` gives), then checks that the page shows the same
answer: every project whose COD moves with its days and both dates as dd/mm/yyyy, the MW total,
the "into a later year" mark exactly where the COD changes year, the milestones that move, and a
picture naming the projects; in Vietnamese by default and in English with ?lang=en. A project
name full of markup is shown as text; an unknown reference is a 404 page, a bad slip or a done
milestone a 400 page, each saying why; without a session the page leads to the login form.
"""
import html
import re
import sys
import urllib.parse

sys.path.insert(0, __import__("os").path.dirname(__file__))
import common  # noqa: E402

check = common.check


def vietnamese_date(iso):
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def table_rows(page, css_class):
    """The rows of the table with `css_class`, each a list of its cells' text."""
    found = re.search(rf'<table class="[^"]*{css_class}[^"]*">(.*?)</table>', page, re.S)
    if not found:
        return []
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if cells:
            rows.append([html.unescape(re.sub(r"<[^>]+>", " ", cell)).split() for cell in cells])
    return rows


def main():
    workspace = common.Workspace("impact")
    workspace.cli("demo")
    workspace.add_account("planner", "viewer")
    server = workspace.serve()
    try:
        session = server.login("planner")
        # The milestone whose slip moves the most projects' COD, and the answer of the API.
        best, answer = None, None
        sources = {d["from"] for d in workspace.cli_json("depend", "list")["dependencies"]}
        milestones = {f'{m["project"]}:{m["key"]}': m
                      for m in workspace.cli_json("milestone", "list")["milestones"]}
        for reference in sorted(sources):
            if milestones.get(reference, {}).get("actual"):
                continue
            result = server.get(f"/api/v1/impact?ref={urllib.parse.quote(reference)}&slip=400",
                                session)
            if result.status != 200:
                continue
            data = result.json()
            if answer is None or len(data["projects"]) > len(answer["projects"]):
                best, answer = reference, data
        if not check("the demo has a milestone whose slip moves a COD", best and answer["projects"],
                     answer):
            return
        page = server.get(f"/impact?ref={urllib.parse.quote(best)}&slip=400", session)
        check("/impact answers 200", page.status == 200, page.summary())
        rows = {row[0][0]: row for row in table_rows(page.text, "impact-projects")}
        for project in answer["projects"]:
            row = rows.get(project["project"])
            if not check(f"{project['project']} is listed among the projects whose COD moves",
                         row, sorted(rows)):
                continue
            texts = [" ".join(cell) for cell in row]
            check(f"{project['project']}: both CODs as dd/mm/yyyy and the days",
                  vietnamese_date(project["cod_before"]) in texts
                  and vietnamese_date(project["cod_after"]) in texts
                  and str(project["days"]) in texts, texts)
            later_year = project["cod_after"][:4] > project["cod_before"][:4]
            check(f"{project['project']}: 'sang năm sau' marked exactly when the COD changes year",
                  (texts[-1] == "có") == later_year, texts)
        check("no other project is listed", len(rows) == len(answer["projects"]),
              (sorted(rows), [p["project"] for p in answer["projects"]]))
        total = f'{answer["total_mw"]:,.1f}'.replace(",", "X").replace(".", ",") \
            .replace("X", ".").removesuffix(",0")
        summary = re.search(r'<p class="summary">(.*?)</p>', page.text, re.S)
        check("the sentence gives the MW whose COD moves, in Vietnamese numbers",
              summary and f"{total} MW" in html.unescape(summary.group(1)),
              (total, summary and summary.group(1)))
        moved = table_rows(page.text, "impact-milestones")
        check("the slipped milestone heads the milestones that move",
              moved and moved[0][0][0] == best.split(":")[0], moved[:1])
        check("each milestone is named by its Vietnamese label, the key small beside it",
              moved and all(row[1][-1] and not row[1][0].islower() for row in moved), moved[:3])
        check("the picture draws the slipped project and a project whose COD moves",
              '<svg class="impact-network"' in page.text
              and best.split(":")[0][:19] in page.text, page.text[:300])
        check("no ISO date on the Vietnamese page",
              not re.search(r"\b\d{4}-\d{2}-\d{2}\b", re.sub(r'value="[^"]*"', "",
                                                            page.text)), "")
        english = server.get(f"/impact?ref={urllib.parse.quote(best)}&slip=400&lang=en", session)
        check("the English page asks 'What if a milestone slips?'",
              english.status == 200 and "What if a milestone slips?" in english.text,
              english.summary())

        # A name full of markup is text, in the table and in the picture.
        hostile = '<img src=x onerror="alert(1)">'
        workspace.cli("project", "set", answer["projects"][0]["project"], "--name", hostile)
        page = server.get(f"/impact?ref={urllib.parse.quote(best)}&slip=400", session)
        check("a hostile project name is escaped",
              hostile not in page.text and "&lt;img src=x" in page.text, page.text[:200])

        unknown = server.get("/impact?ref=NO-SUCH:cod&slip=30", session)
        check("an unknown project is a 404 page saying so",
              unknown.status == 404 and 'class="error"' in unknown.text
              and "<html" in unknown.text, unknown.summary())
        for slip in ("0", "abc", "99999999"):
            bad = server.get(f"/impact?ref={urllib.parse.quote(best)}&slip={slip}", session)
            check(f"slip={slip} is a 400 page naming the slip",
                  bad.status == 400 and "slip" in bad.text, bad.summary())
        done = next((reference for reference, m in milestones.items() if m.get("actual")), None)
        if done:
            refused = server.get(f"/impact?ref={urllib.parse.quote(done)}&slip=30", session)
            check("a done milestone cannot slip: 400", refused.status == 400, refused.summary())
        anonymous = server.get(f"/impact?ref={urllib.parse.quote(best)}&slip=30")
        check("without a session the page leads to the login form",
              anonymous.status == 303 and "/login" in (anonymous.header("Location") or ""),
              anonymous.summary())
        check("the server is still running", server.alive())
    finally:
        server.stop()


if __name__ == "__main__":
    main()
    common.finish()
