// Primavera P6's XER export (issue 31): a tab-separated text of tables, each "%T NAME", one
// "%F field..." line and "%R value..." rows, closed by "%E". Only the tables a schedule needs are
// read (PROJECT, SCHEDOPTIONS, CALENDAR, PROJWBS, TASK, TASKPRED); the rest are skipped.
//
// The file is read whole, within a size limit, and every nested structure (a calendar's
// clndr_data) is parsed with an explicit stack of bounded depth, never by recursion that follows
// the input.
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/date.h"
#include "domain/error.h"
#include "domain/text.h"
#include "io/calendar_builder.h"
#include "io/contractor_schedule.h"
#include "io/text_file.h"

namespace tiendo::io {
namespace {

// A P6 export of a large project (tens of thousands of activities with their resources and codes)
// is tens of megabytes; past this, a file is refused rather than read into memory.
constexpr std::size_t maximum_file_bytes = std::size_t{256} * 1024 * 1024;
// A calendar's clndr_data nests CalendarData > DaysOfWeek > day > period: four levels; allow a
// few more for the VIEW and future parts, and refuse deeper text.
constexpr std::size_t maximum_calendar_depth = 16;

// --- Encodings ------------------------------------------------------------------------------

// Windows code pages 1252 and 1258 from 0x80 to 0xFF; 0 marks a byte the code page leaves
// undefined (read as U+FFFD).
constexpr std::array<char32_t, 32> windows_c1 = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t windows_1252(unsigned char byte) {
  if (byte < 0x80)
    return byte;
  if (byte < 0xA0)
    return windows_c1[byte - 0x80];
  return byte;  // Latin-1 above 0xA0.
}

char32_t windows_1258(unsigned char byte) {
  switch (byte) {
    // Where 1258 leaves the Western letters of 1252 undefined.
    case 0x8A: case 0x8E: case 0x9A: case 0x9E: return 0;
    // Vietnamese letters and the combining tone marks.
    case 0xC3: return 0x0102;  // Ă
    case 0xCC: return 0x0300;  // combining grave (huyền)
    case 0xD0: return 0x0110;  // Đ
    case 0xD2: return 0x0309;  // combining hook above (hỏi)
    case 0xD5: return 0x01A0;  // Ơ
    case 0xDD: return 0x01AF;  // Ư
    case 0xDE: return 0x0303;  // combining tilde (ngã)
    case 0xE3: return 0x0103;  // ă
    case 0xEC: return 0x0301;  // combining acute (sắc)
    case 0xF0: return 0x0111;  // đ
    case 0xF2: return 0x0323;  // combining dot below (nặng)
    case 0xF5: return 0x01A1;  // ơ
    case 0xFD: return 0x01B0;  // ư
    case 0xFE: return 0x20AB;  // ₫
    default: return windows_1252(byte);
  }
}

void append_utf8(std::string& text, char32_t code) {
  if (code == 0)
    code = 0xFFFD;
  if (code < 0x80) {
    text += static_cast<char>(code);
  } else if (code < 0x800) {
    text += static_cast<char>(0xC0 | (code >> 6));
    text += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    text += static_cast<char>(0xE0 | (code >> 12));
    text += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    text += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Whether bytes in Windows-1258 are the more likely reading: the file says its currency is the
// dong, or a 1258 tone mark (a byte 1252 reads as a rare capital: Ì Ò Þ ì ò) follows a letter.
bool looks_vietnamese(std::string_view bytes) {
  auto header_end = bytes.find('\n');
  std::string_view header = bytes.substr(0, header_end);
  if (header.find("\tVND") != std::string_view::npos)
    return true;
  std::size_t marks = 0;
  for (std::size_t i = 1; i < bytes.size(); ++i) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    auto before = static_cast<unsigned char>(bytes[i - 1]);
    bool tone = byte == 0xCC || byte == 0xD2 || byte == 0xDE || byte == 0xEC || byte == 0xF2;
    bool letter = (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') ||
                  before >= 0xC0;
    if (tone && letter)
      ++marks;
  }
  return marks > 0;
}

// The file as UTF-8: as it is when it is valid UTF-8 (a byte-order mark dropped), otherwise read
// as Windows-1258 or 1252. Names are normalised to NFC where they are taken (see `text`).
std::string to_utf8(std::string bytes, std::string& encoding) {
  if (bytes.starts_with("\xEF\xBB\xBF"))
    bytes.erase(0, 3);
  if (is_valid_utf8(bytes)) {
    encoding = "utf-8";
    return bytes;
  }
  bool vietnamese = looks_vietnamese(bytes);
  encoding = vietnamese ? "windows-1258" : "windows-1252";
  std::string text;
  text.reserve(bytes.size() + bytes.size() / 8);
  for (char byte : bytes) {
    auto value = static_cast<unsigned char>(byte);
    if (value < 0x80)
      text += byte;
    else
      append_utf8(text, vietnamese ? windows_1258(value) : windows_1252(value));
  }
  return text;
}

std::string normalised(std::string_view text) {
  if (text.empty())
    return {};
  bool ascii = true;
  for (char byte : text)
    if (static_cast<unsigned char>(byte) >= 0x80)
      ascii = false;
  if (ascii)
    return std::string(text);
  std::string copy(text);
  auto* composed = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(copy.c_str()));
  if (!composed)
    return copy;
  std::string result(reinterpret_cast<const char*>(composed));
  std::free(composed);
  return result;
}

// --- Tables -----------------------------------------------------------------------------------

struct Table {
  std::vector<std::string> fields;
  std::unordered_map<std::string, std::size_t> field_index;
  std::vector<std::vector<std::string_view>> rows;
  std::vector<std::size_t> lines;  // The file's line of each row.
  std::size_t line = 0;            // The %T line.
};

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      parts.push_back(line.substr(start));
      return parts;
    }
    parts.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

// The tables the reader uses.
const std::set<std::string, std::less<>> tables_read = {"PROJECT",  "SCHEDOPTIONS", "CALENDAR",
                                                        "PROJWBS", "TASK",         "TASKPRED"};

class XerFile {
 public:
  XerFile(std::string file, std::string text) : m_file(std::move(file)), m_text(std::move(text)) {}

  [[noreturn]] void fail(std::size_t line, std::string_view problem) const {
    throw InvalidInput(message("{} line {}: {}", m_file, line, problem));
  }

  void parse() {
    std::size_t position = 0;
    std::size_t line_number = 0;
    Table* current = nullptr;
    bool seen_header = false;
    bool ended = false;
    while (position < m_text.size()) {
      auto end = m_text.find('\n', position);
      if (end == std::string::npos)
        end = m_text.size();
      std::string_view line(m_text.data() + position, end - position);
      position = end + 1;
      ++line_number;
      if (line.ends_with('\r'))
        line.remove_suffix(1);
      if (!seen_header) {
        if (!line.starts_with("ERMHDR"))
          fail(line_number, "not a Primavera P6 XER file (it does not begin with ERMHDR)");
        seen_header = true;
        continue;
      }
      if (line.empty())
        continue;
      if (line.starts_with("%E")) {
        ended = true;
        break;
      }
      auto parts = split_tabs(line);
      if (parts[0] == "%T") {
        if (parts.size() < 2 || parts[1].empty())
          fail(line_number, "a %T line without a table name");
        if (tables_read.contains(parts[1])) {
          if (m_tables.contains(std::string(parts[1])))
            fail(line_number, message("table {} appears twice", parts[1]).english());
          current = &m_tables[std::string(parts[1])];
          current->line = line_number;
        } else {
          current = nullptr;
        }
        m_current_name = std::string(parts[1]);
        m_have_fields = false;
      } else if (parts[0] == "%F") {
        if (m_current_name.empty())
          fail(line_number, "a %F line before any %T");
        m_have_fields = true;
        if (!current)
          continue;
        for (std::size_t i = 1; i < parts.size(); ++i) {
          current->field_index.emplace(std::string(parts[i]), current->fields.size());
          current->fields.emplace_back(parts[i]);
        }
      } else if (parts[0] == "%R") {
        if (!m_have_fields)
          fail(line_number, "a %R line before the table's %F line");
        if (!current)
          continue;
        parts.erase(parts.begin());
        if (parts.size() > current->fields.size())
          fail(line_number, message("table {} row {} has {} values for {} fields", m_current_name,
                                    current->rows.size() + 1, parts.size(),
                                    current->fields.size())
                                .english());
        current->rows.push_back(std::move(parts));
        current->lines.push_back(line_number);
      } else {
        fail(line_number, message("'{}' is not an XER line (%T, %F, %R or %E)",
                                  printable(line.substr(0, 40)))
                              .english());
      }
    }
    if (!seen_header)
      fail(1, "not a Primavera P6 XER file (it is empty)");
    if (!ended)
      fail(line_number, "the file ends without %E (cut short?)");
  }

  const Table* table(std::string_view name) const {
    auto found = m_tables.find(std::string(name));
    return found == m_tables.end() ? nullptr : &found->second;
  }
  const std::string& file() const { return m_file; }

 private:
  std::string m_file;
  std::string m_text;
  std::map<std::string, Table> m_tables;
  std::string m_current_name;
  bool m_have_fields = false;
};

// One row of a table, whose fields are read by name and whose problems name file, table, row,
// line and field.
class Row {
 public:
  Row(const XerFile& file, std::string_view table_name, const Table& table, std::size_t index)
      : m_file(file), m_table_name(table_name), m_table(table), m_index(index) {}

  std::size_t number() const { return m_index + 1; }

  std::string_view raw(std::string_view field) const {
    auto found = m_table.field_index.find(std::string(field));
    if (found == m_table.field_index.end())
      return {};
    const auto& values = m_table.rows[m_index];
    return found->second < values.size() ? values[found->second] : std::string_view{};
  }
  bool has_field(std::string_view field) const {
    return m_table.field_index.contains(std::string(field));
  }

  // The value is quoted up to 80 bytes, as the MS Project reader quotes it: a refusal once quoted
  // a 15 MB name whole, into the page and the terminal.
  [[noreturn]] void fail(std::string_view field, std::string_view value,
                         std::string_view problem) const {
    throw InvalidInput(message("{}: table {} row {} (line {}), field {}: '{}' {}", m_file.file(),
                               m_table_name, number(), m_table.lines[m_index], field,
                               printable(value.substr(0, 80)), problem));
  }

  std::string required(std::string_view field) const {
    if (!has_field(field))
      throw InvalidInput(message("{}: table {} (line {}) has no field {}", m_file.file(),
                                 m_table_name, m_table.line, field));
    auto value = raw(field);
    if (value.empty())
      fail(field, value, "is empty");
    return std::string(value);
  }

  std::string name_text(std::string_view field) const {
    std::string value = normalised(raw(field));
    if (auto problem = text_problem(value); !problem.empty())
      fail(field, value, problem);
    return value;
  }

  // "2019-06-10 08:00" (seconds, when given, must be 00) as an instant; empty is none.
  std::optional<std::int64_t> instant(std::string_view field) const {
    auto value = raw(field);
    if (value.empty())
      return std::nullopt;
    auto bad = [&]() -> std::optional<std::int64_t> {
      fail(field, value, "is not a date and time (YYYY-MM-DD HH:MM)");
    };
    if (value.size() != 16 && value.size() != 19 && value.size() != 10)
      return bad();
    auto date = Date::try_parse(value.substr(0, 10));
    if (!date && m_notes && value[4] == '-' && value[7] == '-' &&
        Date::why_not_a_date(value.substr(0, 10)).find("supported") != std::string::npos) {
      // A date that is a date, only past the years tiendo holds: left out where it only
      // measures (target and early dates), with a line saying so.
      m_notes->push_back(message("{}: table {} row {} (line {}), field {}: '{}' is outside the "
                                 "supported years; left out",
                                 m_file.file(), m_table_name, number(), m_table.lines[m_index],
                                 field, value)
                             .english());
      return std::nullopt;
    }
    if (!date || value[4] != '-' || date->precision() != DatePrecision::Day)
      return bad();
    std::int64_t minutes = 0;
    if (value.size() >= 16) {
      if (value[10] != ' ' || value[13] != ':')
        return bad();
      int hour = 0;
      int minute = 0;
      auto hours = value.substr(11, 2);
      auto mins = value.substr(14, 2);
      if (std::from_chars(hours.data(), hours.data() + 2, hour).ptr != hours.data() + 2 ||
          std::from_chars(mins.data(), mins.data() + 2, minute).ptr != mins.data() + 2 ||
          hour > 23 || minute > 59)
        return bad();
      if (value.size() == 19 && value.substr(16) != ":00")
        return bad();
      minutes = hour * 60 + minute;
    }
    return std::int64_t{date->days()} * minutes_per_calendar_day + minutes;
  }

  // The same for a date that only measures: one outside the supported years is left out and noted.
  std::optional<std::int64_t> measuring_instant(std::string_view field,
                                                std::vector<std::string>& notes) const {
    m_notes = &notes;
    try {
      auto value = instant(field);
      m_notes = nullptr;
      return value;
    } catch (...) {
      m_notes = nullptr;
      throw;
    }
  }

  // Hours ("346", "0.5", "-8") as whole minutes; empty is 0.
  std::int64_t minutes(std::string_view field) const {
    auto value = raw(field);
    if (value.empty())
      return 0;
    double hours = 0;
    auto result = std::from_chars(value.data(), value.data() + value.size(), hours);
    if (result.ec != std::errc{} || result.ptr != value.data() + value.size() ||
        !std::isfinite(hours) || std::fabs(hours) > 1e7)
      fail(field, value, "is not a number of hours");
    return static_cast<std::int64_t>(std::llround(hours * 60.0));
  }

 private:
  const XerFile& m_file;
  std::string_view m_table_name;
  const Table& m_table;
  std::size_t m_index;
  mutable std::vector<std::string>* m_notes = nullptr;
};

// --- Calendars --------------------------------------------------------------------------------

// A node of clndr_data: "(0||NAME(key|value|key|value)(children))".
struct CalendarNode {
  std::string_view name;
  std::string_view attributes;
  std::vector<std::size_t> children;
};

std::vector<CalendarNode> parse_calendar_nodes(const Row& row, std::string_view data) {
  std::vector<CalendarNode> nodes;
  std::vector<std::size_t> open;  // Nodes whose children are being read.
  std::size_t at = 0;
  auto skip_space = [&] {
    // P6 writes its line breaks inside clndr_data as DEL (0x7F) characters.
    while (at < data.size() && (data[at] == ' ' || data[at] == '\t' || data[at] == '\r' ||
                                data[at] == '\n' || data[at] == '\x7f'))
      ++at;
  };
  auto bad = [&](std::string_view why) {
    row.fail("clndr_data", data.substr(at, 40), message("(at character {}) {}", at + 1, why).english());
  };
  skip_space();
  while (true) {
    skip_space();
    if (at >= data.size()) {
      if (!open.empty())
        bad("ends inside a bracket");
      break;
    }
    if (data[at] == ')') {
      // The end of the children of the innermost open node, then of the node itself.
      if (open.empty())
        bad("has a ')' without its '('");
      ++at;
      skip_space();
      if (at >= data.size() || data[at] != ')')
        bad("expected ')' closing a node");
      ++at;
      open.pop_back();
      if (open.empty()) {
        skip_space();
        if (at != data.size())
          bad("has text after its end");
        break;
      }
      continue;
    }
    if (data[at] != '(')
      bad("expected '('");
    if (open.empty() && !nodes.empty())
      bad("has a second top-level node");
    ++at;
    auto bars = data.find("||", at);
    auto name_end = data.find('(', at);
    if (bars == std::string_view::npos || name_end == std::string_view::npos || bars > name_end)
      bad("expected a node 'n||NAME('");
    CalendarNode node;
    node.name = data.substr(bars + 2, name_end - bars - 2);
    at = name_end + 1;
    auto attributes_end = data.find(')', at);
    if (attributes_end == std::string_view::npos)
      bad("a node's attributes do not end");
    node.attributes = data.substr(at, attributes_end - at);
    at = attributes_end + 1;
    skip_space();
    if (at >= data.size() || data[at] != '(')
      bad("expected '(' opening a node's children");
    ++at;
    if (open.size() >= maximum_calendar_depth)
      bad("nests deeper than a calendar does");
    nodes.push_back(node);
    std::size_t index = nodes.size() - 1;
    if (!open.empty())
      nodes[open.back()].children.push_back(index);
    open.push_back(index);
    // A node may have no children: "()" then closes right away with the node's own ')'.
  }
  if (nodes.empty())
    row.fail("clndr_data", data.substr(0, 40), "holds no calendar");
  return nodes;
}

std::map<std::string_view, std::string_view> attribute_pairs(std::string_view text) {
  std::map<std::string_view, std::string_view> pairs;
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto bar = text.find('|', start);
    if (bar == std::string_view::npos) {
      parts.push_back(text.substr(start));
      break;
    }
    parts.push_back(text.substr(start, bar - start));
    start = bar + 1;
  }
  for (std::size_t i = 0; i + 1 < parts.size(); i += 2)
    pairs[parts[i]] = parts[i + 1];
  return pairs;
}

std::int32_t clock_minutes(const Row& row, std::string_view text, bool is_end) {
  int hour = -1;
  int minute = -1;
  auto colon = text.find(':');
  if (colon != std::string_view::npos) {
    auto h = text.substr(0, colon);
    auto m = text.substr(colon + 1);
    if (std::from_chars(h.data(), h.data() + h.size(), hour).ptr != h.data() + h.size() ||
        std::from_chars(m.data(), m.data() + m.size(), minute).ptr != m.data() + m.size())
      hour = -1;
  }
  if (hour < 0 || hour > 24 || minute < 0 || minute > 59 || (hour == 24 && minute != 0))
    row.fail("clndr_data", text, "is not a time of day (HH:MM)");
  std::int32_t value = hour * 60 + minute;
  // P6 writes the end of a period that runs to midnight as 00:00.
  if (is_end && value == 0)
    value = 1440;
  return value;
}

DayPeriods periods_of(const Row& row, const std::vector<CalendarNode>& nodes,
                      const CalendarNode& day) {
  DayPeriods periods;
  for (auto child : day.children) {
    auto pairs = attribute_pairs(nodes[child].attributes);
    auto start = pairs.find("s");
    auto finish = pairs.find("f");
    if (start == pairs.end() || finish == pairs.end())
      row.fail("clndr_data", nodes[child].attributes, "is not a working period (s|HH:MM|f|HH:MM)");
    WorkingPeriod period{clock_minutes(row, start->second, false),
                         clock_minutes(row, finish->second, true)};
    if (period.start >= period.end)
      row.fail("clndr_data", nodes[child].attributes, "ends before it starts");
    periods.push_back(period);
  }
  // Overlapping or touching periods are merged: P6 accepts them, tiendo's calendar wants them apart.
  return merged_periods(std::move(periods));
}

// P6 numbers exception days as spreadsheets do: day 1 is 1900-01-01 and day 60 the 29 February
// 1900 that never was, so from day 61 on a day is 1899-12-30 plus its number.
constexpr std::int32_t excel_day_zero = -25569;  // 1899-12-30 as Date::days() (1970-01-01 is 0)

CalendarDefinition read_calendar_data(const Row& row, std::string_view data) {
  auto nodes = parse_calendar_nodes(row, data);
  CalendarDefinition definition;
  bool have_weekdays = false;
  // Walk the tree without recursion: the parts are at fixed depths below CalendarData.
  for (const auto& part_index : nodes[0].children) {
    const auto& part = nodes[part_index];
    if (part.name == "DaysOfWeek") {
      have_weekdays = true;
      for (auto day_index : part.children) {
        const auto& day = nodes[day_index];
        int p6_day = 0;
        if (std::from_chars(day.name.data(), day.name.data() + day.name.size(), p6_day).ptr !=
                day.name.data() + day.name.size() ||
            p6_day < 1 || p6_day > 7)
          row.fail("clndr_data", day.name, "is not a weekday (1 Sunday to 7 Saturday)");
        // P6 counts from Sunday = 1; tiendo from Monday = 0.
        definition.weekdays[weekday_from_sunday_first(p6_day)] =
            periods_of(row, nodes, day);
      }
    } else if (part.name == "Exceptions") {
      for (auto exception_index : part.children) {
        const auto& exception = nodes[exception_index];
        auto pairs = attribute_pairs(exception.attributes);
        auto day_text = pairs.find("d");
        int number = 0;
        if (day_text == pairs.end() ||
            std::from_chars(day_text->second.data(),
                            day_text->second.data() + day_text->second.size(), number)
                    .ptr != day_text->second.data() + day_text->second.size() ||
            number < 61)
          row.fail("clndr_data", exception.attributes, "is not an exception day (d|NUMBER)");
        std::int64_t day = std::int64_t{excel_day_zero} + number;
        if (!Date::supported(day))
          row.fail("clndr_data", exception.attributes, "is a day outside the supported years");
        definition.exceptions[static_cast<std::int32_t>(day)] = periods_of(row, nodes, exception);
      }
    }
  }
  if (!have_weekdays)
    row.fail("clndr_data", data.substr(0, 40), "has no DaysOfWeek");
  return definition;
}

// --- The schedule -----------------------------------------------------------------------------

ActivityKind activity_kind(const Row& row) {
  auto type = row.raw("task_type");
  if (type == "TT_Task" || type == "TT_Rsrc")
    return ActivityKind::Task;
  if (type == "TT_Mile")
    return ActivityKind::StartMilestone;
  if (type == "TT_FinMile")
    return ActivityKind::FinishMilestone;
  if (type == "TT_LOE")
    return ActivityKind::LevelOfEffort;
  if (type == "TT_WBS")
    return ActivityKind::Summary;
  row.fail("task_type", type, "is not an activity type (TT_Task, TT_Rsrc, TT_Mile, TT_FinMile, TT_LOE, TT_WBS)");
}

ConstraintKind constraint_kind(std::string_view type) {
  if (type.empty())
    return ConstraintKind::None;
  if (type == "CS_MSOA")
    return ConstraintKind::StartOnOrAfter;
  if (type == "CS_MEOB")
    return ConstraintKind::FinishOnOrBefore;
  return ConstraintKind::Other;
}

LinkType link_type(const Row& row) {
  auto type = row.raw("pred_type");
  if (type == "PR_FS")
    return LinkType::FinishToStart;
  if (type == "PR_SS")
    return LinkType::StartToStart;
  if (type == "PR_FF")
    return LinkType::FinishToFinish;
  if (type == "PR_SF")
    return LinkType::StartToFinish;
  row.fail("pred_type", type, "is not a relationship type (PR_FS, PR_SS, PR_FF, PR_SF)");
}

void read_options(const Row& row, ContractorProject& project) {
  if (auto lag = row.raw("sched_calendar_on_relationship_lag"); !lag.empty()) {
    if (lag == "rcal_Predecessor")
      project.lag_calendar = LagCalendar::Predecessor;
    else if (lag == "rcal_Successor")
      project.lag_calendar = LagCalendar::Successor;
    else if (lag == "rcal_ProjDefault")
      project.lag_calendar = LagCalendar::Project;
    else if (lag == "rcal_24Hour")
      project.lag_calendar = LagCalendar::TwentyFourHour;
    else
      row.fail("sched_calendar_on_relationship_lag", lag,
               "is not a lag calendar (rcal_Predecessor, rcal_Successor, rcal_ProjDefault, "
               "rcal_24Hour)");
  }
  if (row.raw("sched_progress_override") == "Y")
    project.out_of_sequence = OutOfSequence::ProgressOverride;
  else if (row.raw("sched_retained_logic") == "Y")
    project.out_of_sequence = OutOfSequence::RetainedLogic;
  else if (row.raw("sched_retained_logic") == "N" && row.raw("sched_progress_override") == "N")
    project.out_of_sequence = OutOfSequence::ActualDates;
}

}  // namespace

ContractorSchedule read_xer(const std::string& path) {
  auto bytes = read_text_file(path);
  if (!bytes)
    throw InvalidInput(message("{}: cannot be read", path));
  if (bytes->size() > maximum_file_bytes)
    throw InvalidInput(message("{}: {} bytes, more than the {} an XER file may have", path,
                               bytes->size(), maximum_file_bytes));
  std::string encoding;
  XerFile file(path, to_utf8(std::move(*bytes), encoding));
  file.parse();

  ContractorSchedule schedule;
  schedule.file = path;
  schedule.format = "xer";

  auto each_row = [&](std::string_view name, auto&& visit) {
    const Table* table = file.table(name);
    if (!table)
      return;
    for (std::size_t i = 0; i < table->rows.size(); ++i)
      visit(Row(file, name, *table, i));
  };
  auto require_table = [&](std::string_view name) {
    if (!file.table(name))
      throw InvalidInput(message("{}: the file has no table {}", path, name));
  };
  require_table("PROJECT");
  require_table("TASK");

  std::unordered_map<std::string, std::size_t> calendar_by_id;
  each_row("CALENDAR", [&](const Row& row) {
    ContractorCalendar calendar;
    calendar.id = row.required("clndr_id");
    calendar.name = row.name_text("clndr_name");
    calendar.row = row.number();
    calendar.definition = read_calendar_data(row, row.raw("clndr_data"));
    if (auto hours = row.raw("day_hr_cnt"); !hours.empty())
      if (auto minutes = row.minutes("day_hr_cnt"); minutes > 0)
        calendar.minutes_per_day = minutes;
    if (!calendar_by_id.emplace(calendar.id, schedule.calendars.size()).second)
      row.fail("clndr_id", calendar.id, "appears twice");
    schedule.calendars.push_back(std::move(calendar));
  });

  std::unordered_map<std::string, std::size_t> project_by_id;
  each_row("PROJECT", [&](const Row& row) {
    ContractorProject project;
    project.id = row.required("proj_id");
    project.short_name = row.name_text("proj_short_name");
    if (project.short_name.empty())
      row.fail("proj_short_name", "", "is empty");
    project.name = row.name_text("proj_short_name");
    project.data_date = row.instant("last_recalc_date");
    project.default_calendar_id = std::string(row.raw("clndr_id"));
    if (!project.default_calendar_id.empty() &&
        !calendar_by_id.contains(project.default_calendar_id))
      row.fail("clndr_id", project.default_calendar_id, "is not a calendar of the file (CALENDAR)");
    read_options(row, project);
    if (!project_by_id.emplace(project.id, schedule.projects.size()).second)
      row.fail("proj_id", project.id, "appears twice");
    schedule.projects.push_back(std::move(project));
  });
  if (schedule.projects.empty())
    throw InvalidInput(message("{}: table PROJECT holds no project", path));

  auto project_of = [&](const Row& row, std::string_view field) -> ContractorProject& {
    auto id = row.required(field);
    auto found = project_by_id.find(id);
    if (found == project_by_id.end())
      row.fail(field, id, "is not a project of the file (PROJECT)");
    return schedule.projects[found->second];
  };
  each_row("SCHEDOPTIONS", [&](const Row& row) { read_options(row, project_of(row, "proj_id")); });

  // The WBS name of each node, for grouping activities; its root (the project node) is left out.
  std::unordered_map<std::string, std::string> wbs_name;
  each_row("PROJWBS", [&](const Row& row) {
    // The project's own node names the project: PROJECT has only the short name.
    if (row.raw("proj_node_flag") == "Y") {
      if (auto found = project_by_id.find(std::string(row.raw("proj_id")));
          found != project_by_id.end())
        if (auto name = row.name_text("wbs_name"); !name.empty())
          schedule.projects[found->second].name = name;
      return;
    }
    wbs_name[std::string(row.raw("wbs_id"))] = row.name_text("wbs_name");
  });

  // Activities by task_id, across projects: relationships may join two projects of one file.
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> activity_by_id;
  each_row("TASK", [&](const Row& row) {
    auto& project = project_of(row, "proj_id");
    ContractorActivity activity;
    activity.internal_id = row.required("task_id");
    activity.id = row.name_text("task_code");
    if (activity.id.empty())
      row.fail("task_code", "", "is empty");
    activity.name = row.name_text("task_name");
    if (auto found = wbs_name.find(std::string(row.raw("wbs_id"))); found != wbs_name.end())
      activity.group = found->second;
    activity.kind = activity_kind(row);
    activity.calendar_id = row.required("clndr_id");
    if (!calendar_by_id.contains(activity.calendar_id))
      row.fail("clndr_id", activity.calendar_id, "is not a calendar of the file (CALENDAR)");
    activity.planned_minutes = row.minutes("target_drtn_hr_cnt");
    activity.remaining_minutes = row.minutes("remain_drtn_hr_cnt");
    if (activity.planned_minutes < 0)
      row.fail("target_drtn_hr_cnt", row.raw("target_drtn_hr_cnt"), "is negative");
    if (activity.remaining_minutes < 0)
      row.fail("remain_drtn_hr_cnt", row.raw("remain_drtn_hr_cnt"), "is negative");
    auto status = row.raw("status_code");
    if (status == "TK_NotStart") {
    } else if (status == "TK_Active") {
      activity.started = true;
    } else if (status == "TK_Complete") {
      activity.started = true;
      activity.finished = true;
    } else {
      row.fail("status_code", status, "is not a status (TK_NotStart, TK_Active, TK_Complete)");
    }
    activity.actual_start = row.instant("act_start_date");
    activity.actual_finish = row.instant("act_end_date");
    if (activity.started && !activity.actual_start)
      row.fail("act_start_date", "", "is empty for a started activity");
    if (activity.finished && !activity.actual_finish)
      row.fail("act_end_date", "", "is empty for a finished activity");
    if (!activity.finished)
      activity.actual_finish.reset();
    if (!activity.started)
      activity.actual_start.reset();
    activity.planned_start = row.measuring_instant("target_start_date", schedule.notes);
    activity.planned_finish = row.measuring_instant("target_end_date", schedule.notes);
    activity.early_start = row.measuring_instant("early_start_date", schedule.notes);
    activity.early_finish = row.measuring_instant("early_end_date", schedule.notes);
    auto constraint = row.raw("cstr_type");
    activity.constraint = constraint_kind(constraint);
    if (activity.constraint != ConstraintKind::None) {
      activity.constraint_text = std::string(constraint);
      activity.constraint_instant = row.instant("cstr_date");
      if (!activity.constraint_instant && activity.constraint != ConstraintKind::Other)
        row.fail("cstr_date", "", message("is empty for a constraint {}", constraint).english());
    }
    activity.row = row.number();
    auto project_index = static_cast<std::size_t>(&project - schedule.projects.data());
    if (!activity_by_id
             .emplace(activity.internal_id,
                      std::pair{project_index, project.activities.size()})
             .second)
      row.fail("task_id", activity.internal_id, "appears twice");
    project.activities.push_back(std::move(activity));
  });

  each_row("TASKPRED", [&](const Row& row) {
    ContractorRelationship relationship;
    relationship.successor = row.required("task_id");
    relationship.predecessor = row.required("pred_task_id");
    auto successor = activity_by_id.find(relationship.successor);
    if (successor == activity_by_id.end())
      row.fail("task_id", relationship.successor, "is not an activity of the file (TASK)");
    if (!activity_by_id.contains(relationship.predecessor))
      row.fail("pred_task_id", relationship.predecessor, "is not an activity of the file (TASK)");
    relationship.type = link_type(row);
    relationship.lag_minutes = row.minutes("lag_hr_cnt");
    relationship.row = row.number();
    // A relationship belongs to its successor's project, where tiendo's dependency is kept.
    schedule.projects[successor->second.first].relationships.push_back(std::move(relationship));
  });
  return schedule;
}

}  // namespace tiendo::io
