// The workbook reader's pieces that a golden test shows only in passing: a number cell's text and
// the names of a spreadsheet's columns. Whole workbooks are tested in tests/cli/excel.t.
#include <doctest/doctest.h>

#include <string>

#include "domain/edit.h"
#include "io/xlsx_reader.h"

using namespace tiendo;

TEST_CASE("a number cell becomes its shortest exact decimal, never float noise or an exponent") {
  CHECK(io::shortest_decimal(55.5) == "55.5");
  CHECK(io::shortest_decimal(1435.2) == "1435.2");
  CHECK(io::shortest_decimal(30) == "30");
  CHECK(io::shortest_decimal(0.000001) == "0.000001");
  CHECK(io::shortest_decimal(-0.0) == "0");
  CHECK(io::shortest_decimal(-12.25) == "-12.25");
  CHECK(io::shortest_decimal(1e21) == "1000000000000000000000");
  CHECK(io::shortest_decimal(0.1 + 0.2) == "0.30000000000000004");
}

TEST_CASE("columns are named by letters as a spreadsheet names them") {
  CHECK(column_letters(0) == "A");
  CHECK(column_letters(25) == "Z");
  CHECK(column_letters(26) == "AA");
  CHECK(column_letters(701) == "ZZ");
  CHECK(column_letters(702) == "AAA");
  CHECK(column_letters(16383) == "XFD");
}

TEST_CASE("a problem of a sheet's cell names the file, sheet, row, column and value") {
  ProblemList problems;
  problems.name_cells("book.xlsx: sheet 'Mốc'", {"project", "key", "planned"});
  problems.add(InputLocation{"book.xlsx: sheet 'Mốc'", 5}, "planned", "31/02/2019",
               "no such day in the calendar");
  problems.add(InputLocation{"book.xlsx: sheet 'Mốc'", 6}, "header", "x", "column named twice");
  problems.add(InputLocation{"projects.csv", 7}, "planned", "x", "not a date");
  REQUIRE(problems.size() == 3);
  CHECK(problems.lines()[0] ==
        "book.xlsx: sheet 'Mốc', row 5, column C (planned): '31/02/2019': no such day in the "
        "calendar");
  CHECK(problems.lines()[1] == "book.xlsx: sheet 'Mốc', row 6: header: 'x': column named twice");
  CHECK(problems.lines()[2] == "projects.csv:7: planned: 'x': not a date");
}
