"""The history page after a contractor's later update (issue 31): every row's source names the
file and its data date, written as the page writes dates (01/02/2027 in Vietnamese, never the
stored 2027-02-01), and the fields only an imported milestone holds (working minutes, a constraint's
date and time, the data date) by their labels, their dates as the page writes dates.

Usage: contractor_history_test.py TIENDO"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

workspace = common.Workspace("contractorhistory")
for name in ("synthetic-vn-1258.xer", "synthetic-vn-1258-update.xer"):
    shutil.copy(os.path.join(ROOT, "fixtures", "p6", name), workspace.work)
workspace.cli("init")
workspace.cli("import", "synthetic-vn-1258.xer", "--province", "Bạc Liêu", "--technology",
              "wind_nearshore", "--cod", "COD")
workspace.cli("import", "synthetic-vn-1258-update.xer", "--baseline", "nhà thầu 01/2027")
workspace.add_account("admin", "admin")
server = workspace.serve()
try:
    session = server.login("admin")
    page = server.get("/history?project=DG-BACLIEU-3", session)
    common.check("the history page answers", page.status == 200, page.status)
    text = page.text
    common.check("the source names the file and its data date in Vietnamese",
                 "synthetic-vn-1258-update.xer (ngày dữ liệu 01/02/2027)" in text, text[:3000])
    common.check("the first file's source too",
                 "synthetic-vn-1258.xer (ngày dữ liệu 04/01/2027)" in text)
    common.check("no stored ISO date in a source", "(data date 20" not in text)
    for label in ("thời gian (phút làm việc)", "hoàn thành không muộn hơn", "ngày dữ liệu"):
        common.check(f"the field label {label}", label in text)
    common.check("a constraint's day as the page writes dates, its time as it is",
                 "15/04/2027 17:00" in text and "2027-04-15" not in text)
    rows = re.findall(r"<tr id=\"change-\d+\">(.*?)</tr>", text, flags=re.S)
    shown = [re.sub(r"<[^>]+>", " ", row) for row in rows]
    iso = [row for row in shown if re.search(r"\b20\d\d-\d\d-\d\d\b", row)]
    common.check("the change rows are there", len(rows) >= 12, len(rows))
    common.check("no ISO date in any change row", not iso, iso[:3])
    english = server.get("/history?project=DG-BACLIEU-3&lang=en", session)
    common.check("in English, the data date by its English words",
                 "synthetic-vn-1258-update.xer (data date " in english.text
                 and "ngày dữ liệu" not in english.text)
finally:
    server.stop()
    workspace.remove()
common.finish()
