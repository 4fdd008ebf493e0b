// libFuzzer target: the CSV reader must never crash, whatever bytes a file holds, and what it
// accepts must survive a write and a second read unchanged.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "io/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> problems;
  auto table = tiendo::io::parse_csv(text, "fuzz.csv", problems);
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
