#pragma once
// RFC 4180 CSV through libcsv, strict: an open quote or a row with the wrong number of fields is
// reported with its row number (the header is row 1, as a spreadsheet shows it).
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace tiendo::io {

struct CsvRow {
  std::int64_t number = 0;
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

// Parses the whole text (a UTF-8 byte order mark is skipped). Problems, formatted as
// "file:row: reason", are appended to `problems`; rows with problems are left out of the table.
CsvTable parse_csv(std::string_view text, std::string_view file_name,
                   std::vector<std::string>& problems);

// Reads a file; a file that cannot be read is reported as a problem.
CsvTable read_csv_file(const std::string& path, std::vector<std::string>& problems);

// A cell a spreadsheet would run as a formula (=, +, -, @ and not a number) gets a leading '.
// Reading removes exactly that prefix, so export then import gives back the same text.
std::string neutralise_formula(std::string_view cell);
std::string restore_formula(std::string_view cell);

// Writes one CSV line (quoted where needed, formulas neutralised) ending in "\n".
void write_csv_row(std::ostream& out, const std::vector<std::string>& cells);

}  // namespace tiendo::io
