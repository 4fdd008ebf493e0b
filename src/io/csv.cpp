#include "io/csv.h"

#include <csv.h>
#include <fmt/format.h>

#include <charconv>
#include <ostream>

#include "io/text_file.h"

namespace tiendo::io {
namespace {

struct ParseState {
  CsvTable* table = nullptr;
  std::vector<std::string>* problems = nullptr;
  std::vector<std::string> current;
  std::int64_t row = 0;
  bool header_done = false;
  int previous_terminator = 0;
};

void on_field(void* data, std::size_t length, void* state_pointer) {
  auto* state = static_cast<ParseState*>(state_pointer);
  // An empty field may arrive as a null pointer.
  if (length == 0)
    state->current.emplace_back();
  else
    state->current.emplace_back(static_cast<const char*>(data), length);
}

void on_row(int terminator, void* state_pointer) {
  auto* state = static_cast<ParseState*>(state_pointer);
  std::vector<std::string> fields = std::move(state->current);
  state->current.clear();
  // A byte order mark after leading blank lines is still a byte order mark, not a column name.
  while (!state->header_done && !fields.empty() && fields[0].starts_with("\xEF\xBB\xBF"))
    fields[0].erase(0, 3);
  bool blank = fields.empty() || (fields.size() == 1 && fields[0].empty());
  // The parser reports every line ending, so that a blank line still counts when rows are
  // numbered as a spreadsheet shows them; the LF of a CRLF pair is the same line ending again.
  bool second_half_of_crlf = blank && terminator == '\n' && state->previous_terminator == '\r';
  state->previous_terminator = terminator;
  if (second_half_of_crlf)
    return;
  ++state->row;
  // A blank line is not a row of empty fields; skip it as spreadsheet exports do.
  if (blank)
    return;
  for (auto& field : fields)
    field = restore_formula(field);
  if (!state->header_done) {
    state->table->header = std::move(fields);
    state->header_done = true;
    return;
  }
  if (fields.size() != state->table->header.size()) {
    state->problems->push_back(fmt::format("{}:{}: row has {} fields, the header has {}",
                                           state->table->file, state->row, fields.size(),
                                           state->table->header.size()));
    return;
  }
  state->table->rows.push_back(CsvRow{state->row, std::move(fields)});
}

bool is_number(std::string_view text) {
  if (text.empty())
    return false;
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

bool needs_prefix(std::string_view cell) {
  if (cell.empty())
    return false;
  char first = cell.front();
  if (first == '=' || first == '+' || first == '-' || first == '@')
    return !is_number(cell);
  if (first == '\'')
    return needs_prefix(cell.substr(1));
  return false;
}

}  // namespace

CsvTable parse_csv(std::string_view text, std::string_view file_name,
                   std::vector<std::string>& problems) {
  CsvTable table;
  table.file = std::string(file_name);
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3);
  // libcsv would pass a NUL through inside a field; a NUL is never part of a name or a date.
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    std::int64_t line = 1;
    for (std::size_t i = 0; i < nul; ++i)
      line += text[i] == '\n';
    problems.push_back(
        fmt::format("{}:{}: contains a NUL byte (not a text CSV file)", file_name, line));
    return table;
  }
  csv_parser parser;
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
  ParseState state;
  state.table = &table;
  state.problems = &problems;
  std::size_t parsed = csv_parse(&parser, text.data(), text.size(), on_field, on_row, &state);
  if (parsed != text.size() || csv_fini(&parser, on_field, on_row, &state) != 0) {
    problems.push_back(fmt::format("{}:{}: malformed CSV ({}), e.g. a quote opened and not closed",
                                   file_name, state.row + 1, csv_strerror(csv_error(&parser))));
  }
  csv_free(&parser);
  if (!state.header_done)
    problems.push_back(fmt::format("{}: empty file, no header", file_name));
  return table;
}

CsvTable read_csv_file(const std::string& path, std::vector<std::string>& problems) {
  auto text = read_text_file(path);
  if (!text) {
    problems.push_back(fmt::format("{}: cannot read the file", path));
    return CsvTable{path, {}, {}};
  }
  return parse_csv(*text, path, problems);
}

std::string neutralise_formula(std::string_view cell) {
  return needs_prefix(cell) ? "'" + std::string(cell) : std::string(cell);
}

std::string restore_formula(std::string_view cell) {
  if (!cell.empty() && cell.front() == '\'' && needs_prefix(cell.substr(1)))
    return std::string(cell.substr(1));
  return std::string(cell);
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
  bool first = true;
  for (const auto& raw : cells) {
    if (!first)
      out << ',';
    first = false;
    std::string cell = neutralise_formula(raw);
    // The reader trims blanks around an unquoted field, so a cell that starts or ends with a
    // space or a tab is quoted to keep them.
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    bool quote = cell.find_first_of(",\"\r\n") != std::string::npos ||
                 (!cell.empty() && (blank(cell.front()) || blank(cell.back())));
    if (!quote) {
      out << cell;
      continue;
    }
    out << '"';
    for (char c : cell) {
      if (c == '"')
        out << '"';
      out << c;
    }
    out << '"';
  }
  out << '\n';
}

}  // namespace tiendo::io
