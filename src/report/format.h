#pragma once
// How numbers, dates and tables look to a person: Vietnamese reports write 1.435,2 MW and
// 15/07/2019; English ones 1,435.2 MW and 2019-07-15.
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "domain/capacity.h"
#include "domain/date.h"

namespace tiendo::report {

enum class Language { English, Vietnamese };
enum class OutputFormat { Table, Csv, Json };

// Exact: every decimal the capacity holds is printed, none invented.
std::string format_megawatts(Capacity capacity, Language language);
std::string format_integer(long long value, Language language);
// One decimal, no grouping: "12.5" (en) or "12,5" (vi), for rates and shares.
std::string format_one_decimal(double value, Language language);
std::string format_date(const Date& date, Language language);
// A moment the store keeps in UTC ("2026-12-07T03:39:45Z") as a reader in Vietnam reads it: in
// Vietnam's time (UTC+7, no summer time), to the minute, "07/12/2026 10:39" (vi) or
// "2026-12-07 10:39" (en). A text of another shape is given back as it is.
std::string format_moment(std::string_view at_utc, Language language);

enum class Align { Left, Right };

struct Table {
  std::vector<std::string> headers;
  std::vector<Align> alignment;  // Per column; missing entries are Left.
  std::vector<std::vector<std::string>> rows;
  // Rows (by index) that are totals get a rule above them.
  std::vector<std::size_t> total_rows;
};

// Columns padded to their widest cell, measured in characters as a terminal shows them.
void render_table(std::ostream& out, const Table& table);
// Same cells as CSV (header + rows), for --format csv. Numbers in right-aligned columns are
// written plainly (1435.2, no grouping) whatever the language, so spreadsheets read them as
// numbers.
// With header false only the rows are written: a long table is rendered in slices as it is built.
void render_csv(std::ostream& out, const Table& table, Language language = Language::English,
                bool header = true);
// "1.435,2" (vi) or "1,435.2" (en) back to "1435.2"; other text unchanged.
std::string plain_number(std::string_view text, Language language);

std::size_t display_width(std::string_view text);

// A JSON string literal (quoted, escaped), for commands that stream large JSON documents row by row
// instead of building them in memory.
std::string json_string(std::string_view text);

}  // namespace tiendo::report
