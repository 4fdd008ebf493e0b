#!/usr/bin/env python3
"""Writes small workbooks by hand (the standard library's zipfile, no spreadsheet program), each
with one thing a workbook from outside may carry: python3 workbooks.py OUTDIR.

Every workbook is a real .xlsx apart from what it is made to show: a formula, a date that is no
date, an unknown column, a wrong type, a merged header, a zip that is no workbook, a zip bomb,
XML with a DOCTYPE. The good ones test what must be read: 1904 dates, shared rich-text strings,
inline strings, typed dates in both systems, Vietnamese sheet names.
"""
import os
import struct
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
</Types>"""


def column_letters(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(reference, value):
    """A cell's XML: str as an inline string, int/float as a number, ('date', serial) as a date
    cell (style 1, dd/mm/yyyy), ('month', serial) style 2 (mm/yyyy), ('f', text) a formula,
    ('s', index) a shared string, ('raw', xml) as given."""
    if isinstance(value, tuple):
        kind, content = value
        if kind == "date":
            return f'<c r="{reference}" s="1"><v>{content}</v></c>'
        if kind == "month":
            return f'<c r="{reference}" s="2"><v>{content}</v></c>'
        if kind == "f":
            return f'<c r="{reference}"><f>{content}</f><v>0</v></c>'
        if kind == "s":
            return f'<c r="{reference}" t="s"><v>{content}</v></c>'
        if kind == "raw":
            return content
    if isinstance(value, (int, float)):
        return f'<c r="{reference}"><v>{value}</v></c>'
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def sheet_xml(rows, merged=(), prologue=""):
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<worksheet xmlns="{MAIN}"><sheetData>']
    for r, row in enumerate(rows, start=1):
        cells = "".join(cell(f"{column_letters(c)}{r}", v) for c, v in enumerate(row) if v is not None)
        lines.append(f'<row r="{r}">{cells}</row>')
    lines.append("</sheetData>")
    if merged:
        lines.append(f'<mergeCells count="{len(merged)}">')
        lines.extend(f'<mergeCell ref="{m}"/>' for m in merged)
        lines.append("</mergeCells>")
    lines.append("</worksheet>")
    return "".join(lines)


STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="mm/yyyy"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>
<xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>"""


def workbook(path, sheets, date1904=False, shared=None, extra=None, sheet_prologue=""):
    """sheets: [(name, rows, merged)]; shared: the shared strings' XML items."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
                      f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
                      "</Relationships>")
        entries = "".join(
            f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (name, _, _) in enumerate(sheets))
        pr = '<workbookPr date1904="1"/>' if date1904 else ""
        book.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
                      f"{pr}<sheets>{entries}</sheets></workbook>")
        relations = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{RELS}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets)))
        relations += f'<Relationship Id="rS" Type="{RELS}/styles" Target="styles.xml"/>'
        if shared is not None:
            relations += f'<Relationship Id="rT" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as entry:
                entry.write(f'<?xml version="1.0"?><sst xmlns="{MAIN}">'.encode())
                # An item may be given as pieces, so that a huge one is never held whole.
                for item in shared:
                    for piece in ([item] if isinstance(item, str) else item):
                        entry.write(piece.encode())
                entry.write(b"</sst>")
        book.writestr("xl/_rels/workbook.xml.rels",
                      f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">{relations}</Relationships>')
        book.writestr("xl/styles.xml", STYLES)
        for i, (_, rows, merged) in enumerate(sheets):
            book.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheet_xml(rows, merged, sheet_prologue))
        for name, content in (extra or {}).items():
            book.writestr(name, content)


PROJECTS = ["code", "name", "technology", "province", "capacity_mw"]
MILESTONES = ["project", "key", "planned", "forecast", "reason"]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    project = ["XL-GIO-1", "Điện gió Xuân Lộc 1", "wind_onshore", "Sóc Trăng", 55.5]

    # Good: 1904 dates, shared rich-text and inline strings, a month cell, text dates in every
    # form, a blank row above the header and one between rows, empty cells absent, Vietnamese
    # sheet names, another sheet skipped.
    shared = ['<si><r><t>Điện gió </t></r><r><rPr><b/></rPr><t>Bạc Liêu 2</t></r>'
              '<rPh><t>ignored</t></rPh></si>', '<si><t>wind_nearshore</t></si>']
    workbook(os.path.join(out, "good-1904.xlsx"), [
        ("Dự án", [PROJECTS, project,
                   ["XL-GIO-2", ("s", 0), ("s", 1), "Bạc Liêu", 1435.2]], ()),
        ("Mốc", [[], MILESTONES,
                 ["XL-GIO-1", "cod", ("date", 42230), ("month", 42246), None],
                 [],
                 ["XL-GIO-2", "cod", "15/08/2019", "08/2020", "grid:đường dây 110 kV chậm"],
                 ["XL-GIO-2", "construction_start", "2019", None, None]], ()),
        ("Ghi chú", [["ghi chú", "người lập"], ["bản của Sở", "Trần Thị Bích"]], ()),
    ], date1904=True, shared=shared)

    # Every cell problem in one workbook: a formula, a date that is no day, an unknown column, a
    # wrong type, a value under no header, an error value, the 1900 system's 29/02/1900.
    workbook(os.path.join(out, "cells.xlsx"), [
        ("Dự án", [PROJECTS,
                   ["XL-1", "Một", "coal", "Sóc Trăng", ("f", "SUM(A1:A2)")],
                   ["XL-2", "Hai", "coal", "Sóc Trăng", "lớn"],
                   ["XL-3", "Ba", "coal", "Sóc Trăng", 10]], ()),
        ("Mốc", [MILESTONES,
                 ["XL-3", "cod", "31/02/2019", None, None],
                 ["XL-3", "ppa", ("date", 60), None, None],
                 ["XL-3", "grid_connection", None, None, None, "thừa"],
                 ["XL-3", "land", ("raw", '<c r="C5" t="e"><v>#N/A</v></c>'), None, None],
                 ["XL-3", "constrution_start", "2019", None, None],
                 ["XL-3", "investment_policy", ("date", 43692), ("date", 43600.5), "bão"],
                 ["XL-3", "construction_start", ("date", 0), None, None]], ()),
        ("Liên kết", [["from", "to", "ghi_chu"], ["XL-3:ppa", "XL-3:cod", "gấp"]], ()),
    ])

    workbook(os.path.join(out, "merged.xlsx"), [
        ("Dự án", [PROJECTS, project], ("D1:E1",))])

    with zipfile.ZipFile(os.path.join(out, "not-a-workbook.xlsx"), "w") as archive:
        archive.writestr("readme.txt", "một tệp zip, không phải sổ tính")

    with open(os.path.join(out, "plain-text.xlsx"), "w", encoding="utf-8") as text:
        text.write("code,name\n")

    # A zip bomb: a sheet of 1.5 GiB of blanks, which deflates to about 1.5 MiB.
    with zipfile.ZipFile(os.path.join(out, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b" " * (1 << 20)
            for _ in range(1536):
                entry.write(block)

    # A zip that lies about its size: its sheet declares 1,000 bytes and inflates to far more,
    # which only the check while inflating finds.
    rows = [PROJECTS] + [[f"XL-{i}", "Tên", "coal", "Sóc Trăng", 10] for i in range(2000)]
    liar = os.path.join(out, "liar.xlsx")
    workbook(liar, [("Dự án", rows, ())])
    with zipfile.ZipFile(liar) as archive:
        offset = archive.getinfo("xl/worksheets/sheet1.xml").header_offset
    with open(liar, "rb") as handle:
        data = bytearray(handle.read())
    struct.pack_into("<I", data, offset + 22, 1000)  # the local header's uncompressed size
    at = data.find(b"PK\x01\x02")
    while at >= 0:  # the central directory's
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, at + 24, 1000)
        at = data.find(b"PK\x01\x02", at + 4)
    with open(liar, "wb") as handle:
        handle.write(data)

    # Billion laughs: entities declared in a DOCTYPE, each ten of the one before.
    laughs = '<!DOCTYPE worksheet [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
    workbook(os.path.join(out, "laughs.xlsx"),
             [("Dự án", [PROJECTS, ["XL-1", ("raw", '<c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c>')]], ())],
             sheet_prologue=laughs)
    # An external entity: a file of the machine read into a cell.
    workbook(os.path.join(out, "external.xlsx"),
             [("Dự án", [PROJECTS, ["XL-1", ("raw", '<c r="B2" t="inlineStr"><is><t>&secret;</t></is></c>')]], ())],
             sheet_prologue='<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>')

    # Nesting without end: a hundred thousand open elements in a cell, refused at a depth bound
    # before expat holds a record for each.
    workbook(os.path.join(out, "deep.xlsx"),
             [("Dự án", [PROJECTS, ["XL-1", ("raw", '<c r="B2" t="inlineStr"><is>' + "<a>" * 100000 + "</a>" * 100000 + "</is></c>")]], ())])
    # Five thousand formulas: every one is a problem, but only the first thousand are listed.
    workbook(os.path.join(out, "formulas.xlsx"),
             [("Dự án", [PROJECTS] + [[f"XL-{i}", "Tên", "coal", "Sóc Trăng", ("f", "1+1")] for i in range(5000)], ())])

    # The edges of a cell: serial 0 of the 1904 system is its first day, 1 January 1904 (the
    # 1900 system's 0 is no day, in cells.xlsx), and a shared-string cell without a value, as a
    # writer leaves a formatted empty cell, is blank.
    workbook(os.path.join(out, "edges-1904.xlsx"), [
        ("Dự án", [PROJECTS, ["XL-E-1", "Điện mặt trời Hòa Bình", "solar_farm", "Bạc Liêu",
                              ("raw", '<c r="E2" s="0" t="s"/>')]], ()),
        ("Mốc", [MILESTONES, ["XL-E-1", "cod", ("date", 0), None, None]], ()),
    ], date1904=True, shared=["<si><t>solar_farm</t></si>"])

    # Too long to hold: a cell's value, a shared string and one tag, each far longer than a cell
    # may be and deflating to at most a few hundred kilobytes, refused as they grow rather than
    # once held.
    workbook(os.path.join(out, "long-value.xlsx"),
             [("Dự án", [PROJECTS, ["XL-1", "Tên", "coal", "Sóc Trăng",
                                    ("raw", '<c r="E2"><v>' + "1" * (8 << 20) + "</v></c>")]], ())])
    workbook(os.path.join(out, "long-shared.xlsx"),
             [("Dự án", [PROJECTS, ["XL-1", ("s", 0), "coal", "Sóc Trăng", 10]], ())],
             shared=[["<si><t>"] + ["ạ" * (1 << 20)] * 200 + ["</t></si>"]])
    workbook(os.path.join(out, "long-tag.xlsx"),
             [("Dự án", [PROJECTS, ["XL-1", "Tên", "coal", "Sóc Trăng",
                                    ("raw", '<c r="E2" x="' + "x" * (8 << 20) + '"><v>1</v></c>')]], ())])

    # Only other sheets: nothing is a tiendo table.
    workbook(os.path.join(out, "other.xlsx"), [("Tổng hợp", [["tỉnh", "MW"], ["Sóc Trăng", 10]], ())])


if __name__ == "__main__":
    main()
