// libFuzzer target: the CSV reader must never crash, whatever bytes a file holds; text fed in
// pieces (as a file is read) must read as the whole text does; and what it accepts must survive
// a write and a second read unchanged.
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> problems;
  auto table = tiendo::io::parse_csv(text, "fuzz.csv", problems);

  // The same text in three pieces cut where the first byte says, rows taken between pieces.
  std::size_t cut = size == 0 ? 0 : data[0] % (size + 1);
  std::vector<std::string> piece_problems;
  tiendo::io::CsvParser parser("fuzz.csv", piece_problems);
  std::vector<tiendo::io::CsvRow> rows;
  tiendo::io::CsvRow row;
  for (auto piece :
       {std::string_view(text).substr(0, cut), std::string_view(text).substr(cut, (size - cut) / 2),
        std::string_view(text).substr(cut + (size - cut) / 2)}) {
    parser.feed(piece);
    while (parser.take(row))
      rows.push_back(row);
  }
  parser.finish();
  while (parser.take(row))
    rows.push_back(row);
  if (piece_problems != problems || parser.header() != table.header ||
      rows.size() != table.rows.size())
    __builtin_trap();
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].number != table.rows[i].number || rows[i].fields != table.rows[i].fields)
      __builtin_trap();

  if (!problems.empty() || table.header.empty())
    return 0;
  std::ostringstream written;
  tiendo::io::write_csv_row(written, table.header);
  for (const auto& row : table.rows)
    tiendo::io::write_csv_row(written, row.fields);
  std::vector<std::string> again_problems;
  auto again = tiendo::io::parse_csv(written.str(), "again.csv", again_problems);
  // Leading and trailing blanks of unquoted fields are trimmed by the reader, so compare the
  // second reading with a third: writing what was read must be stable.
  std::ostringstream rewritten;
  tiendo::io::write_csv_row(rewritten, again.header);
  for (const auto& row : again.rows)
    tiendo::io::write_csv_row(rewritten, row.fields);
  if (rewritten.str() != written.str())
    __builtin_trap();
  return 0;
}
