#!/usr/bin/env python3
"""Output is valid whatever the database holds (issue 28, item 8).

Usage (from the source directory):  python3 tests/web/stored_bytes_test.py PATH_TO_TIENDO

A project's name and investor, a milestone's reason and source, and a change-log row are written
behind tiendo's back (Python's sqlite3, as another tool or an older version would) with a byte
that is not UTF-8, an escape character and a NUL. Then every writer is read back with a real
reader, strictly:
- the command line's export in every format: csv (the csv module), json and geojson (json),
  xlsx (openpyxl: opens without error, the cell holds the whole text with U+FFFD), ics and dot
  (strict UTF-8, no control byte), the report as HTML (html.parser) and Markdown;
- terminal output (project list/show, history, schedule, alerts): valid UTF-8, no raw ESC or NUL;
- the web workspace over HTTP: the API's JSON, the project page and history page (HTML), and the
  downloads (/export/*.csv, /export/portfolio.xlsx).
The expected text: each stray byte becomes U+FFFD; in JSON the control characters are JSON's own
escapes (the text comes back whole), elsewhere they are written as \\x1b and \\x00.

Each check prints "ok" or "FAIL" with its name. Exit 0 when every check passed, 1 otherwise.
"""
import csv
import http.client
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile
from html.parser import HTMLParser

try:
    import openpyxl
except ImportError:
    # Debian's python3-openpyxl belongs to Debian's Python; another python3 first on the PATH
    # does not see it, so the script runs itself again with Debian's.
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    print("FAIL: python3-openpyxl is not installed (Debian: apt-get install python3-openpyxl)")
    sys.exit(1)

if len(sys.argv) != 2:
    sys.exit("usage: stored_bytes_test.py PATH_TO_TIENDO")
TIENDO = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="tiendo-bytes-")
ENV = dict(os.environ, USER="bytetester", LC_ALL="C.UTF-8", TIENDO_TODAY="2026-12-07")
ENV.pop("TIENDO_DB", None)
DB = os.path.join(WORK, "bytes.db")
FAILED = []

CODE = "BB-1"
# As stored: a stray byte (0xFF), an escape sequence, a NUL, then more text that must not be lost.
RAW_NAME = b"T\xc3\xaan \xff\x1b[31m\x00hai"
RAW_INVESTOR = b"C\xe1 ty\x1b]0;x\x07"
RAW_REASON = b"grid:ch\xe1m\x1b[2J\x00end"
RAW_SOURCE = b"Q\xc4\x90 \xfe\x00 12"


def document(raw):
    """The text a file writer gives: U+FFFD for a stray byte, \\xNN for a control character."""
    text = raw.decode("utf-8", "replace")
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f else c
                   for c in text)


def json_value(raw):
    """The text a JSON writer gives: U+FFFD for a stray byte, control characters kept."""
    return raw.decode("utf-8", "replace")


def check(name, ok, detail=""):
    if ok:
        print(f"ok    {name}", flush=True)
    else:
        FAILED.append(name)
        print(f"FAIL  {name}\n      {detail}", flush=True)
    return bool(ok)


def cli(*args, stdin=None, expect=0):
    process = subprocess.run([TIENDO, "--db", DB, *args], input=stdin, capture_output=True,
                             env=ENV, cwd=WORK, timeout=120)
    if expect is not None and process.returncode != expect:
        raise RuntimeError(f"tiendo {' '.join(args)} exited {process.returncode}: "
                           f"{process.stderr.decode('utf-8', 'replace').strip()[:500]}")
    return process


def strict(data, name):
    """The bytes as UTF-8, strictly; a failed check (and the text with replacements) otherwise."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        check(f"{name} is valid UTF-8", False, str(error))
        return data.decode("utf-8", "replace")


def clean_text(data, name, allowed="\n\r\t"):
    """Checks that output is valid UTF-8 with no control character but `allowed`."""
    text = strict(data, name)
    bad = [c for c in text if (ord(c) < 0x20 and c not in allowed) or 0x7f <= ord(c) <= 0x9f]
    check(f"{name}: valid UTF-8, no raw control character", not bad,
          f"{[hex(ord(c)) for c in bad][:10]}")
    return text


def build_fixture():
    cli("init")
    cli("project", "add", CODE, "--name", "placeholder", "--technology", "solar_farm",
        "--province", "Sóc Trăng", "--capacity", "10", "--lat", "9.6", "--lon", "105.9")
    cli("milestone", "add", f"{CODE}:cod", "--planned", "2026-06-30", "--reason", "grid:x",
        "--source", "placeholder")
    PASSWORD = "secret-password-viewer"
    cli("user", "add", "viewer", "--role", "viewer", "--password-stdin",
        stdin=(PASSWORD + "\n").encode())
    # Behind tiendo's back: a bytes parameter binds as a BLOB, which CAST keeps byte for byte.
    connection = sqlite3.connect(DB)
    connection.execute("UPDATE project SET name = CAST(? AS TEXT), investor = CAST(? AS TEXT) "
                       "WHERE code = ?", (RAW_NAME, RAW_INVESTOR, CODE))
    # Longer than a workbook's cell holds (32,767 characters): cut there, never lost whole.
    connection.execute("UPDATE project SET site = ? WHERE code = ?", ("đ" * 40000, CODE))
    connection.execute("UPDATE milestone SET reason = CAST(? AS TEXT), source = CAST(? AS TEXT) "
                       "WHERE key = 'cod'", (RAW_REASON, RAW_SOURCE))
    # The change log is append-only, so a row is added as an older version would have written it.
    connection.execute("INSERT INTO change_log (at_utc, actor, project_code, entity, field, "
                       "old_value, new_value, reason, source) VALUES ('2026-01-01T00:00:00Z', "
                       "CAST(? AS TEXT), ?, ?, 'name', NULL, CAST(? AS TEXT), CAST(? AS TEXT), "
                       "CAST(? AS TEXT))", (RAW_INVESTOR, CODE, f"project:{CODE}", RAW_NAME,
                                           RAW_REASON, RAW_SOURCE))
    connection.commit()
    stored = connection.execute("SELECT length(CAST(name AS BLOB)) FROM project WHERE code = ?",
                                (CODE,)).fetchone()[0]
    connection.close()
    check("the name is stored whole, NUL included", stored == len(RAW_NAME), f"{stored}")
    return PASSWORD


# ----------------------------------------------------------------------------------------------
# The command line


def test_cli_exports():
    out = os.path.join(WORK, "csv")
    cli("export", "--out", out)
    with open(os.path.join(out, "projects.csv"), "rb") as handle:
        rows = list(csv.DictReader(io.StringIO(strict(handle.read(), "projects.csv"))))
    row = next(row for row in rows if row["code"] == CODE)
    check("export csv: the name is whole, U+FFFD and \\x escapes", row["name"] ==
          document(RAW_NAME) and row["investor"] == document(RAW_INVESTOR), f"{row}")
    with open(os.path.join(out, "milestones.csv"), "rb") as handle:
        rows = list(csv.DictReader(io.StringIO(strict(handle.read(), "milestones.csv"))))
    row = next(row for row in rows if row["project"] == CODE)
    check("export csv: the reason and source are whole", row["reason"] == document(RAW_REASON)
          and row["source"] == document(RAW_SOURCE), f"{row}")

    data = cli("export", "--format", "json").stdout
    exported = json.loads(strict(data, "export json"))
    project = next(p for p in exported["projects"] if p["code"] == CODE)
    milestone = next(m for m in exported["milestones"] if m["project"] == CODE)
    check("export json: the text whole with U+FFFD, control characters as JSON escapes",
          project["name"] == json_value(RAW_NAME) and
          project["investor"] == json_value(RAW_INVESTOR) and
          milestone["reason"] == json_value(RAW_REASON) and
          milestone["source"] == json_value(RAW_SOURCE), f"{project}\n      {milestone}")
    check("export json: no raw control byte", not re.search(rb"[\x00-\x09\x0b-\x1f]", data),
          f"{data[:200]!r}")

    data = cli("export", "--format", "geojson").stdout
    features = json.loads(strict(data, "export geojson"))["features"]
    check("export geojson: the name whole", features and
          features[0]["properties"]["name"] == json_value(RAW_NAME), f"{features}")

    book = os.path.join(WORK, "book.xlsx")
    cli("export", "--format", "xlsx", "--out", book)
    try:
        workbook = openpyxl.load_workbook(book)
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                 for cell in row if isinstance(cell, str)]
        check("export xlsx: openpyxl opens it; name, investor, reason and source whole",
              all(document(raw) in cells
                  for raw in (RAW_NAME, RAW_INVESTOR, RAW_REASON, RAW_SOURCE)),
              f"{[cell for cell in cells if 'hai' in cell or 'ty' in cell]}")
        long_cells = [cell for cell in cells if cell.startswith("đđđ")]
        check("export xlsx: a text longer than a cell holds is cut at 32,767 characters with …",
              len(long_cells) == 1 and len(long_cells[0]) == 32767 and
              long_cells[0].endswith("đ\u2026"), f"{[len(cell) for cell in long_cells]}")
    except Exception as error:  # noqa: BLE001 - any failure to read is the failure tested
        check("export xlsx: openpyxl opens it", False, repr(error))
    with zipfile.ZipFile(book) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                clean_text(archive.read(name), f"export xlsx {name}")

    for kind, name in (("ics", "calendar.ics"), ("dot", "network.dot")):
        target = os.path.join(WORK, name)
        cli("export", "--format", kind, "--out", target)
        with open(target, "rb") as handle:
            text = clean_text(handle.read(), f"export {kind} --out")
        check(f"export {kind}: the name with U+FFFD and \\x escapes",
              "\ufffd" in text and "\\x1b" in text, text[:300])
        text = clean_text(cli("export", "--format", kind).stdout, f"export {kind} to stdout")

    for kind in ("html", "md"):
        target = os.path.join(WORK, f"report.{kind}")
        cli("report", "--from", "2026-01-01", "--to", "2026-12-31", "--out", target)
        with open(target, "rb") as handle:
            text = clean_text(handle.read(), f"report {kind}")
        if kind == "html":
            parser = HTMLParser()
            parser.feed(text)
            parser.close()
        # Markdown escapes its own characters (a backslash, a bracket) with a backslash.
        expected = document(RAW_NAME) if kind == "html" else "".join(
            "\\" + c if c in "\\`*[]<>|" else c for c in document(RAW_NAME))
        check(f"report {kind}: the name whole, with U+FFFD and \\x escapes", expected in text,
              [line for line in text.splitlines() if "hai" in line])


def test_terminal():
    for args in (["project", "list"], ["project", "show", CODE], ["history", CODE],
                 ["milestone", "list", "--project", CODE], ["schedule", "--project", CODE],
                 ["alerts"], ["project", "list", "--format", "csv"],
                 ["export", "--what", "projects"], ["export", "--what", "milestones"]):
        output = cli(*args).stdout
        clean_text(output, f"tiendo {' '.join(args)}")


# ----------------------------------------------------------------------------------------------
# The web workspace


class Server:
    def __init__(self):
        self.process = subprocess.Popen(
            [TIENDO, "serve", "--db", DB, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
            stderr=open(os.path.join(WORK, "server.stderr"), "wb"), env=ENV, cwd=WORK)
        line = self.process.stdout.readline().decode()
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            raise RuntimeError(f"tiendo serve printed {line!r}")
        self.port = int(match.group(1))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def request(port, method, target, session=None, body=None, headers=None, cookies=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = dict(headers or {})
    jar = [f"tiendo_session={session}"] if session else []
    if cookies:
        jar.append(cookies)
    if jar:
        headers["Cookie"] = "; ".join(jar)
    connection.request(method, target, body=body, headers=headers)
    response = connection.getresponse()
    headers = dict(response.getheaders())
    # A login answers with two cookies (the session, and the login form's cookie removed): all
    # are kept, one per line.
    headers["Set-Cookie"] = "\n".join(v for k, v in response.getheaders()
                                      if k.lower() == "set-cookie")
    answer = (response.status, headers, response.read())
    connection.close()
    return answer


def cookie_of(headers, name):
    value = headers.get("Set-Cookie", "")
    found = re.search(name + r"=([^;]*)", value)
    return found.group(1) if found else None


def test_web(password):
    server = Server()
    try:
        port = server.port
        status, headers, body = request(port, "GET", "/login")
        token = cookie_of(headers, "tiendo_login") or ""
        hidden = dict(re.findall(rb'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
        fields = {key.decode(): value.decode() for key, value in hidden.items()}
        fields.update({"username": "viewer", "password": password})
        status, headers, body = request(
            port, "POST", "/login", None, urllib.parse.urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"}, f"tiendo_login={token}")
        session = cookie_of(headers, "tiendo_session")
        check("logged in", session is not None, f"{status} {body[:200]!r}")

        status, _, body = request(port, "GET", f"/api/v1/projects/{CODE}", session)
        project = json.loads(strict(body, "GET /api/v1/projects/CODE"))
        cod = next(m for m in project.get("milestones", []) if m["key"] == "cod")
        check("API: 200, the name and reason whole with U+FFFD, JSON escapes",
              status == 200 and project["name"] == json_value(RAW_NAME) and
              cod["reason"] == json_value(RAW_REASON), f"{status} {body[:300]!r}")
        for target in ("/api/v1/projects", "/api/v1/alerts", f"/api/v1/schedule?project={CODE}",
                       "/api/v1/pipeline?by=investor"):
            status, _, body = request(port, "GET", target, session)
            try:
                json.loads(strict(body, f"GET {target}"))
                parsed = True
            except ValueError:
                parsed = False
            check(f"API {target}: 200 and JSON", status == 200 and parsed,
                  f"{status} {body[:200]!r}")

        for target in (f"/projects/{CODE}", "/projects", "/history", f"/history?project={CODE}",
                       f"/projects/{CODE}/milestones/cod", "/report?from=2026-01-01&to=2026-12-31",
                       "/pipeline?by=investor"):
            status, _, body = request(port, "GET", target, session)
            text = clean_text(body, f"GET {target}")
            parser = HTMLParser()
            parser.feed(text)
            parser.close()
            check(f"GET {target}: 200", status == 200, f"{status}")
        status, _, body = request(port, "GET", f"/projects/{CODE}", session)
        check("project page: the name whole, U+FFFD and \\x escapes",
              document(RAW_NAME).replace("[", "[") in body.decode("utf-8", "replace"),
              body[:300])

        status, _, body = request(port, "GET", "/export/projects.csv", session)
        rows = list(csv.DictReader(io.StringIO(strict(body, "/export/projects.csv")
                                               .lstrip("\ufeff"))))
        check("download projects.csv: the name whole", any(
            row["name"] == document(RAW_NAME) for row in rows), f"{rows}")
        status, _, body = request(port, "GET", "/export/portfolio.xlsx", session)
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(body))
            cells = [cell for sheet in workbook.worksheets
                     for row in sheet.iter_rows(values_only=True) for cell in row]
            check("download portfolio.xlsx: openpyxl opens it, the name whole",
                  document(RAW_NAME) in cells, "")
        except Exception as error:  # noqa: BLE001
            check("download portfolio.xlsx: openpyxl opens it", False, repr(error))
    finally:
        server.stop()


def main():
    try:
        password = build_fixture()
        test_cli_exports()
        test_terminal()
        test_web(password)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"{'FAILED: ' + ', '.join(FAILED) if FAILED else 'all checks passed'}")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
