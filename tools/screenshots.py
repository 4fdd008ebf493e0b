#!/usr/bin/env python3
"""Takes the README's and docs/web.md's screenshots again from the seed portfolio, as a reader at a
desk sees the pages (headless Chromium, 1366 px wide, in Vietnamese, as of 30/06/2020):

    /usr/bin/python3 tools/screenshots.py build/tiendo [OUT_DIR]     (default docs/)

writes dashboard.png (the dashboard of an admin) and project.png (LS-KHANHKHE, Khánh Khê hydro).
Also writes every page of a department officer's day at 1366 and 390 px into OUT_DIR/pages/
when --all is given, for a person to look at before a change is called done.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "web"))
import common  # noqa: E402

AS_OF = "30/06/2020"
PAGES = [("dashboard", f"/?as_of={AS_OF}&scope=all"), ("project", f"/projects/LS-KHANHKHE?as_of={AS_OF}")]
ALL = [
    ("projects", "/projects?late=1&sort=-slip"), ("project-new", "/projects/new"),
    ("milestone-new", "/projects/LS-KHANHKHE/milestones/new"),
    ("milestone", "/projects/LS-KHANHKHE/milestones/cod"),
    ("alerts", "/alerts"), ("pipeline", "/pipeline?by=province&by=stage"),
    ("crosstab", "/pipeline?view=crosstab"), ("impact", "/impact?ref=LS-KHANHKHE:cod&slip=60"),
    ("forecast", "/forecast"), ("report", "/report"), ("history", "/history"),
    ("baselines", "/baselines"), ("users", "/admin/users"), ("account", "/account"),
    ("import", "/import"), ("missing", "/no-such-page"),
]


def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = os.path.abspath(arguments[1] if len(arguments) > 1 else "docs")
    common.browser_or_skip()
    workspace = common.Workspace("screenshots", today=None)
    workspace.cli("demo")
    workspace.add_account("admin", "admin")
    server = workspace.serve()
    try:
        browser = common.Browser(server, width=1366)
        browser.login("admin")
        for name, path in PAGES:
            browser.open(path)
            browser.driver.set_window_size(1366, 1000)
            browser.driver.save_screenshot(os.path.join(out, f"{name}.png"))
            print(f"wrote {os.path.join(out, name)}.png")
        browser.quit()
        if "--all" in sys.argv:
            os.makedirs(os.path.join(out, "pages"), exist_ok=True)
            for width in (1366, 390):
                browser = common.Browser(server, width=width)
                browser.login("admin")
                for name, path in PAGES + ALL:
                    browser.open(path)
                    target = os.path.join(out, "pages", f"{name}-{width}.png")
                    browser.screenshot(target)
                    sideways = browser.scrolls_sideways()
                    print(f"wrote {target}{'  (scrolls sideways!)' if sideways else ''}")
                browser.quit()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
