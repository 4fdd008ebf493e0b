#!/usr/bin/env python3
"""doc.report_docx: the periodic report as a Word document, read back as a department would.

On a generated portfolio of 2,000 projects: `tiendo report --format docx` and the workspace's
/report.docx are read back with python-docx (Debian python3-docx): the headings are Word headings,
the late projects are a Word table of 50 rows with Vietnamese numbers (1.435,2) and a line for the
rest, the charts are PNG images. LibreOffice (Debian libreoffice-writer-nogui) converts it to PDF
and poppler's pdftoppm renders the first page to PNG for a person to look at (the path is printed).
A binary document is refused on a terminal. Runs once, not under the sanitizers.

Usage: report_docx_test.py PATH_TO_TIENDO
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
import common  # noqa: E402

try:
    import docx  # noqa: F401
except ImportError:
    # Debian's python3-docx belongs to Debian's Python; another python3 (pyenv) runs us again.
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(sys.argv[0]),
                                       *sys.argv[1:]])
    print("FAIL: python3-docx is not installed (Debian: apt-get install python3-docx; "
          "`make deps` does it)")
    sys.exit(1)
import docx  # noqa: E402

VIETNAMESE_NUMBER = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$|^\d+,\d+$")
check = common.check


def read_back(path, label):
    document = docx.Document(path)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    check(f"{label}: the title is a Word title", titles == ["Tình hình phát triển các dự án điện"],
          titles)
    check(f"{label}: the sections are Word headings",
          "3. Dự án chậm tiến độ" in headings and "1. Kết quả đến cuối kỳ" in headings, headings)
    delayed = [t for t in document.tables if t.rows[0].cells[0].text == "Tên dự án"]
    check(f"{label}: the late projects are one Word table", len(delayed) == 1, len(delayed))
    if delayed:
        table = delayed[0]
        check(f"{label}: 50 late projects and the header", len(table.rows) == 51, len(table.rows))
        numbers = [row.cells[1].text for row in table.rows[1:]]
        check(f"{label}: MW written the Vietnamese way (1.435,2)",
              any(VIETNAMESE_NUMBER.match(n) for n in numbers) and
              not any(re.match(r"^\d+\.\d$", n) for n in numbers), numbers[:10])
    rest = [p.text for p in document.paragraphs if p.text.startswith("và ") and "dự án khác" in
            p.text]
    check(f"{label}: a line counts the rest ('và … dự án khác, … MW')",
          len(rest) == 1 and re.match(r"^và [\d.]+ dự án khác, [\d.,]+ MW$", rest[0]), rest)
    images = document.inline_shapes
    check(f"{label}: the charts are images", len(images) >= 5, len(images))
    return document


def main():
    workspace = common.Workspace("docx")
    try:
        workspace.cli("generate", "--projects", "2000", "--seed", "3", "--out", "generated")
        workspace.cli("init")
        workspace.cli("import", "generated/projects.csv", "generated/milestones.csv",
                      "generated/dependencies.csv")
        period = ["--from", "2026-04-01", "--to", "2026-06-30"]
        written = workspace.cli("--lang", "vi", "report", *period, "--out", "report.docx")
        check("report --format docx by the file name", "report.docx" in written.stdout,
              written.stdout)
        path = os.path.join(workspace.work, "report.docx")
        read_back(path, "tiendo report")

        # A binary document is refused on a terminal, and written when standard output is not one.
        import pty
        leader, follower = pty.openpty()
        refused = subprocess.run([common.TIENDO, "--db", workspace.db, "report", *period,
                                  "--format", "docx", "--out", "-"], stdout=follower,
                                 stderr=subprocess.PIPE, text=True, env=workspace.env,
                                 timeout=300)
        os.close(follower)
        os.close(leader)
        check("docx refused on a terminal (exit 2, one line)",
              refused.returncode == 2 and "terminal" in refused.stderr and
              refused.stderr.count("\n") == 1, (refused.returncode, refused.stderr))
        piped = subprocess.run([common.TIENDO, "--db", workspace.db, "report", *period,
                                "--format", "docx", "--out", "-"], capture_output=True,
                               env=workspace.env, timeout=300)
        check("docx to a pipe is a zip", piped.returncode == 0 and piped.stdout[:2] == b"PK",
              piped.stderr[:300])

        # The workspace's /report.docx, the same parameters as /report.
        workspace.add_account("officer", "viewer")
        server = workspace.serve()
        try:
            session = server.login("officer")
            answer = server.get("/report.docx?from=01/04/2026&to=30/06/2026", session)
            check("/report.docx answers a Word document",
                  answer.status == 200 and "wordprocessingml" in (answer.header("Content-Type")
                                                                   or ""), answer.status)
            web_path = os.path.join(workspace.work, "web.docx")
            with open(web_path, "wb") as file:
                file.write(answer.body)
            read_back(web_path, "/report.docx")
            english = server.get("/report.docx?from=2026-04-01&to=2026-06-30&lang=en", session)
            document = docx.Document(__import__("io").BytesIO(english.body))
            check("/report.docx?lang=en is in English",
                  any(p.text == "3. Delayed projects" for p in document.paragraphs))
        finally:
            server.stop()

        # LibreOffice converts it; the first page is rendered for a person to look at.
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("SKIPPED (LibreOffice): soffice is not installed and the package "
                  "libreoffice-writer-nogui could not be installed here (`make deps` installs it)")
        else:
            profile = os.path.join(workspace.work, "lo-profile")
            converted = subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", workspace.work, path],
                capture_output=True, text=True, timeout=600)
            pdf = os.path.join(workspace.work, "report.pdf")
            check("LibreOffice converts the document to PDF",
                  converted.returncode == 0 and os.path.exists(pdf) and
                  os.path.getsize(pdf) > 10000, converted.stderr[-500:])
            if os.path.exists(pdf) and shutil.which("pdftoppm"):
                out_dir = os.path.join(os.getcwd(), "doc-output")
                os.makedirs(out_dir, exist_ok=True)
                prefix = os.path.join(out_dir, "report-docx-page")
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", pdf, prefix],
                               check=True, timeout=300)
                pages = sorted(f for f in os.listdir(out_dir) if f.startswith("report-docx-page"))
                check("the first page rendered to PNG", pages, pages)
                pages_text = subprocess.run(["pdfinfo", pdf], capture_output=True,
                                            text=True).stdout
                print("PDF:", " ".join(line for line in pages_text.splitlines()
                                       if line.startswith(("Pages", "Page size"))))
                print("look at:", ", ".join(os.path.join(out_dir, p) for p in pages))
    finally:
        workspace.remove()
    common.finish()


main()
