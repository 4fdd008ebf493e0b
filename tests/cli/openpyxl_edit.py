#!/usr/bin/env python3
"""Edits a workbook tiendo exported as a department's staff would in a spreadsheet, with another
program (openpyxl, Debian's python3-openpyxl): python3 openpyxl_edit.py IN.xlsx OUT.xlsx.

The sheets get Vietnamese names; a project's capacity and name are edited; a forecast becomes a
typed date cell; a row is appended to each of projects, milestones and dependencies, with a typed
date, a text date and a coarse text date; a sheet of notes is added, which import skips.
"""
import datetime
import os
import sys

try:
    import openpyxl
except ImportError:
    # Debian's python3-openpyxl belongs to Debian's Python; another python3 first on the PATH
    # (pyenv, a virtual environment) does not see it, so the script runs itself again with that.
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__), *sys.argv[1:]])
    print("FAIL: python3-openpyxl is not installed (Debian: apt-get install python3-openpyxl)")
    sys.exit(1)


def column(sheet, name):
    for cell in sheet[1]:
        if cell.value == name:
            return cell.column
    raise KeyError(name)


def row_of(sheet, code_column, code, key_column=None, key=None):
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, code_column).value == code and \
                (key_column is None or sheet.cell(row, key_column).value == key):
            return row
    raise KeyError(code)


def main():
    book = openpyxl.load_workbook(sys.argv[1])
    projects, milestones, dependencies = book["projects"], book["milestones"], book["dependencies"]
    projects.title, milestones.title, dependencies.title = "Dự án", "Mốc tiến độ", "Liên kết"

    code = column(projects, "code")
    row = row_of(projects, code, "LS-KHANHKHE")
    projects.cell(row, column(projects, "capacity_mw")).value = 55.5
    projects.cell(row, column(projects, "name")).value = "Điện gió Khánh Khê (giai đoạn 1)"

    project, key = column(milestones, "project"), column(milestones, "key")
    row = row_of(milestones, project, "LS-KHANHKHE", key, "cod")
    forecast = milestones.cell(row, column(milestones, "forecast"))
    forecast.value = datetime.datetime(2021, 10, 31)
    forecast.number_format = "dd/mm/yyyy"
    milestones.cell(row, column(milestones, "reason")).value = "grid:chờ đường dây 110 kV"

    new = projects.max_row + 1
    for name, value in [("code", "LS-MOI-1"), ("name", "Điện mặt trời Mới 1"),
                        ("technology", "solar_farm"), ("province", "Lạng Sơn"),
                        ("capacity_mw", 1435.2), ("source", "Báo cáo quý III")]:
        projects.cell(new, column(projects, name)).value = value
    target = projects.cell(new, column(projects, "target_cod"))
    target.value = datetime.datetime(2024, 12, 31)
    target.number_format = "yyyy"

    for key_name, planned, forecast in [("construction_start", datetime.date(2023, 3, 15), None),
                                        ("cod", "12/2024", "2025")]:
        new = milestones.max_row + 1
        milestones.cell(new, project).value = "LS-MOI-1"
        milestones.cell(new, key).value = key_name
        cell = milestones.cell(new, column(milestones, "planned"))
        cell.value = planned
        if isinstance(planned, datetime.date):
            cell.number_format = "dd/mm/yyyy"
        if forecast:
            milestones.cell(new, column(milestones, "forecast")).value = forecast

    new = dependencies.max_row + 1
    dependencies.cell(new, column(dependencies, "from")).value = "LS-MOI-1:construction_start"
    dependencies.cell(new, column(dependencies, "to")).value = "LS-MOI-1:cod"
    dependencies.cell(new, column(dependencies, "type")).value = "FS"
    dependencies.cell(new, column(dependencies, "lag_days")).value = 30

    notes = book.create_sheet("Ghi chú")
    notes.append(["người sửa", "ngày"])
    notes.append(["Trần Thị Bích", datetime.date(2024, 1, 5)])
    book.save(sys.argv[2])


if __name__ == "__main__":
    main()
