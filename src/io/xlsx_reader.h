#pragma once
// Reading a workbook (.xlsx: Office Open XML) as tables: each worksheet gives rows of cell texts,
// exactly as a CSV file's rows, so that one import routine and all its rules serve both. The
// archive is read with libzip and its XML with expat, streamed: one piece of one sheet is held at
// a time, never a sheet whole, besides the workbook's table of shared strings.
//
// Cells become the text the CSV would hold: a number its shortest exact decimal (55.5, 1435.2), a
// date cell (Excel's serial days, 1900 or 1904 system, with a date format) the date at the
// precision its format shows (15/08/2019, 08/2019, 2019), a shared or inline string its text
// (rich-text runs joined). Refused, each naming the file, sheet, row, column and value: formulas,
// error values, values under no header, merged cells, a cell longer than a spreadsheet's cell. A
// zip that is not a workbook, a zip bomb (sizes are bounded before and while inflating), XML with a
// DOCTYPE (entity declarations, external entities) and an XML tag too long to hold are refused
// whole.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/csv.h"

namespace tiendo::io {

// Bounds a workbook must keep within, as Excel's own are (1,048,576 rows, 16,384 columns, 32,767
// characters a cell) and well above what a national portfolio's workbook needs (a workbook of
// 100,000 projects inflates to about 0.5 GiB).
struct WorkbookLimits {
  std::uint64_t total_bytes = std::uint64_t{2} << 30;  // inflated, all entries together
  std::uint64_t entry_bytes = std::uint64_t{1} << 30;  // inflated, one entry
  std::uint64_t entries = 10'000;
  std::uint64_t shared_string_bytes = std::uint64_t{512} << 20;
  // One cell's text (a value, an inline or a shared string) longer than this is refused as it
  // grows, so that a gigabyte-long cell is never held whole.
  std::size_t cell_characters = 32'767;
  // One XML tag, comment or processing instruction: expat holds such a token whole until its
  // end, so a longer one is refused before it fills memory. A workbook's longest tags (a sheet's
  // root with its namespaces) are a few kilobytes.
  std::uint64_t token_bytes = std::uint64_t{1} << 20;
};

// A .xlsx file by its name, or a zip archive by its first bytes (an upload may have lost its name).
bool is_workbook_file(const std::string& path);

// The worksheets of the workbook at `path`, in the workbook's order, each a source of rows named
// "PATH: sheet 'NAME'". What is wrong with the workbook as a whole is appended to `problems`
// (as "PATH: reason") and gives no sheets; what is wrong in a sheet's rows is appended while they
// are read.
std::vector<std::unique_ptr<CsvRows>> open_workbook(const std::string& path,
                                                    std::vector<std::string>& problems,
                                                    const WorkbookLimits& limits = {});

// The shortest decimal that reads back as the same double, never in exponent form ("1435.2",
// "0.000001"); what a spreadsheet's number cell becomes.
std::string shortest_decimal(double value);

}  // namespace tiendo::io
