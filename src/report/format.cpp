#include "report/format.h"

#include <date/date.h>

#include <fmt/format.h>
#include <utf8proc.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

#include "domain/text.h"
#include "io/csv.h"

namespace tiendo::report {
namespace {

std::string group_thousands(std::string digits, char separator) {
  std::string result;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count > 0 && count % 3 == 0)
      result.insert(result.begin(), separator);
    result.insert(result.begin(), *it);
    ++count;
  }
  return result;
}

}  // namespace

std::string format_integer(long long value, Language language) {
  char separator = language == Language::Vietnamese ? '.' : ',';
  std::string digits = fmt::format("{}", value < 0 ? -value : value);
  return (value < 0 ? "-" : "") + group_thousands(digits, separator);
}

std::string format_megawatts(Capacity capacity, Language language) {
  std::string text = capacity.megawatts_text();
  auto point = text.find('.');
  std::string whole = text.substr(0, point);
  std::string fraction = point == std::string::npos ? "" : text.substr(point + 1);
  bool vietnamese = language == Language::Vietnamese;
  std::string result = group_thousands(whole, vietnamese ? '.' : ',');
  if (!fraction.empty())
    result += (vietnamese ? "," : ".") + fraction;
  return result;
}

std::string format_date(const Date& date, Language language) {
  return language == Language::Vietnamese ? date.vietnamese() : date.iso();
}

std::string format_moment(std::string_view at_utc, Language language) {
  auto number = [&](std::size_t from, std::size_t length) -> int {
    int value = 0;
    for (std::size_t index = from; index < from + length; ++index) {
      char digit = at_utc[index];
      if (digit < '0' || digit > '9')
        return -1;
      value = value * 10 + (digit - '0');
    }
    return value;
  };
  if (at_utc.size() != 20 || at_utc[4] != '-' || at_utc[7] != '-' || at_utc[10] != 'T' ||
      at_utc[13] != ':' || at_utc[16] != ':' || at_utc[19] != 'Z')
    return std::string(at_utc);
  int year = number(0, 4), month = number(5, 2), day = number(8, 2), hour = number(11, 2),
      minute = number(14, 2);
  date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                           date::day{static_cast<unsigned>(day)}};
  if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      !ymd.ok())
    return std::string(at_utc);
  auto local = date::sys_days{ymd} + std::chrono::hours{hour + 7} + std::chrono::minutes{minute};
  auto local_day = date::floor<date::days>(local);
  date::year_month_day shown{local_day};
  auto time = date::make_time(local - local_day);
  if (language == Language::Vietnamese)
    return fmt::format("{:02}/{:02}/{:04} {:02}:{:02}", static_cast<unsigned>(shown.day()),
                       static_cast<unsigned>(shown.month()), static_cast<int>(shown.year()),
                       time.hours().count(), time.minutes().count());
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", static_cast<int>(shown.year()),
                     static_cast<unsigned>(shown.month()), static_cast<unsigned>(shown.day()),
                     time.hours().count(), time.minutes().count());
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    utf8proc_int32_t codepoint = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes, remaining, &codepoint);
    if (length <= 0) {
      ++width;
      ++bytes;
      --remaining;
      continue;
    }
    width += static_cast<std::size_t>(std::max(0, utf8proc_charwidth(codepoint)));
    bytes += length;
    remaining -= length;
  }
  return width;
}

std::string json_string(std::string_view raw) {
  // JSON cannot carry bytes that are not UTF-8 (an older database may hold some): such text is
  // written as json_text (views.h) writes it, each stray byte as U+FFFD. The rest, nearly every
  // string, is escaped below without building a JSON value.
  if (!is_valid_utf8(raw))
    return nlohmann::json(std::string(raw))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string_view text = raw;
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\r':
        quoted += "\\r";
        break;
      case '\t':
        quoted += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          quoted += fmt::format("\\u{:04x}", static_cast<int>(c));
        else
          quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

void render_table(std::ostream& out, const Table& table) {
  // A cell is one line of printable text: a line break or an escape sequence stored in an older
  // database is shown escaped, so it can neither forge a row nor command the terminal.
  auto shown = [](const std::vector<std::string>& cells, std::size_t c) {
    return c < cells.size() ? printable(cells[c]) : std::string();
  };
  std::vector<std::size_t> widths(table.headers.size(), 0);
  for (std::size_t c = 0; c < table.headers.size(); ++c)
    widths[c] = display_width(shown(table.headers, c));
  for (const auto& row : table.rows)
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], display_width(shown(row, c)));
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      std::string cell = shown(cells, c);
      std::size_t pad = widths[c] - display_width(cell);
      bool right = c < table.alignment.size() && table.alignment[c] == Align::Right;
      if (c > 0)
        line += "  ";
      if (right)
        line += std::string(pad, ' ') + cell;
      else
        line += cell + std::string(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out << line << '\n';
  };
  auto rule = [&] {
    std::size_t total = 0;
    for (auto width : widths)
      total += width;
    total += widths.empty() ? 0 : 2 * (widths.size() - 1);
    std::string line;
    for (std::size_t i = 0; i < total; ++i)
      line += "─";
    out << line << '\n';
  };
  print_row(table.headers);
  rule();
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    for (auto total : table.total_rows)
      if (total == r)
        rule();
    print_row(table.rows[r]);
  }
}

std::string format_one_decimal(double value, Language language) {
  std::string text = fmt::format("{:.1f}", value);
  if (language == Language::Vietnamese)
    std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string plain_number(std::string_view text, Language language) {
  if (text.empty() || text.find_first_not_of("0123456789.,-") != std::string_view::npos)
    return std::string(text);
  char grouping = language == Language::Vietnamese ? '.' : ',';
  std::string plain;
  for (char c : text) {
    if (c == grouping)
      continue;
    plain += c == ',' ? '.' : c;
  }
  return plain;
}

void render_csv(std::ostream& out, const Table& table, Language language, bool header) {
  if (header)
    io::write_printable_csv_row(out, table.headers);
  for (const auto& row : table.rows) {
    std::vector<std::string> cells = row;
    for (std::size_t c = 0; c < cells.size() && c < table.alignment.size(); ++c)
      if (table.alignment[c] == Align::Right)
        cells[c] = plain_number(cells[c], language);
    io::write_printable_csv_row(out, std::move(cells));
  }
}

}  // namespace tiendo::report
