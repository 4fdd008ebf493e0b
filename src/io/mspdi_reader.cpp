// Microsoft Project's XML export (MSPDI, issue 31): <Project xmlns="http://schemas.microsoft.com/
// project"> with its Calendars and Tasks. Resources, assignments and timephased data are skipped.
//
// The file is parsed with expat a piece at a time, as the workbook reader parses a sheet: depth,
// token and value sizes and the file's size are bounded, a DOCTYPE (and so any entity) is refused,
// and nothing recurses as the input nests. The parse only gathers each element's text with its
// line; the values are checked and converted afterwards, so that every problem names the file,
// element, line, field and value.
#include "io/mspdi_reader.h"

#include <expat.h>
#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/date.h"
#include "domain/error.h"
#include "domain/text.h"
#include "io/calendar_builder.h"

namespace tiendo::io {
namespace {

constexpr std::string_view mspdi_namespace = "http://schemas.microsoft.com/project";
constexpr std::size_t piece_size = 64 * 1024;

// A value as the file wrote it, and the line its element began on.
struct Value {
  std::string text;
  std::size_t line = 0;
  bool present = false;
};

struct RawWorkingTime {
  Value from, to;
};

// A WeekDay (DayType 1–7 a weekday, 0 the older form of an exception) or an Exception.
struct RawDay {
  Value day_type, day_working, from_date, to_date, type;
  std::vector<RawWorkingTime> times;
  std::size_t line = 0;
};

// A WorkWeek: other weekday hours over a range of dates (MS Project 2007 on).
struct RawWorkWeek {
  Value from_date, to_date;
  std::vector<RawDay> weekdays;
  std::size_t line = 0;
};

struct RawCalendar {
  Value uid, name, base, is_base;
  std::vector<RawDay> weekdays;    // WeekDays/WeekDay
  std::vector<RawDay> exceptions;  // Exceptions/Exception (MS Project 2007 on)
  std::vector<RawWorkWeek> work_weeks;
  std::size_t line = 0;
};

struct RawLink {
  Value uid, type, lag, lag_format, cross_project;
  std::size_t line = 0;
};

struct RawBaseline {
  Value number, start, finish;
};

struct RawTask {
  std::map<std::string, Value, std::less<>> fields;
  std::vector<RawLink> links;
  std::vector<RawBaseline> baselines;
  std::size_t line = 0;
  const Value& field(std::string_view name) const {
    static const Value none;
    auto found = fields.find(name);
    return found == fields.end() ? none : found->second;
  }
};

struct RawProject {
  std::map<std::string, Value, std::less<>> fields;
  std::vector<RawCalendar> calendars;
  std::vector<RawTask> tasks;
  const Value& field(std::string_view name) const {
    static const Value none;
    auto found = fields.find(name);
    return found == fields.end() ? none : found->second;
  }
};

// The task fields the reader uses; others (notes, costs, custom fields) are not held.
bool task_field_used(std::string_view name) {
  static const std::vector<std::string_view> used = {"UID",
                                                     "ID",
                                                     "Name",
                                                     "WBS",
                                                     "OutlineLevel",
                                                     "Summary",
                                                     "Milestone",
                                                     "Duration",
                                                     "RemainingDuration",
                                                     "Start",
                                                     "Finish",
                                                     "EarlyStart",
                                                     "EarlyFinish",
                                                     "ActualStart",
                                                     "ActualFinish",
                                                     "PercentComplete",
                                                     "ConstraintType",
                                                     "ConstraintDate",
                                                     "CalendarUID",
                                                     "IsNull",
                                                     "Active",
                                                     "Manual"};
  return std::find(used.begin(), used.end(), name) != used.end();
}

bool project_field_used(std::string_view name) {
  return name == "Name" || name == "Title" || name == "StatusDate" || name == "CalendarUID" ||
         name == "MinutesPerDay" || name == "ScheduleFromStart" || name == "HonorConstraints";
}

// Gathers the elements the reader uses, by their path from the root.
class Gatherer {
 public:
  Gatherer(std::string file, const MspdiLimits& limits)
      : m_file(std::move(file)), m_limits(limits) {}

  void parse() {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(m_file.c_str(), "rb"),
                                                           std::fclose);
    if (!stream)
      throw InvalidInput(message("{}: cannot be read", m_file));
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreateNS(nullptr, '|'),
                                                                   XML_ParserFree);
    if (!parser)
      throw InvalidInput(message("{}: out of memory", m_file));
    m_parser = parser.get();
    XML_SetUserData(m_parser, this);
    XML_SetElementHandler(m_parser, on_start, on_end);
    XML_SetCharacterDataHandler(m_parser, on_text);
    XML_SetStartDoctypeDeclHandler(m_parser, on_doctype);
    XML_SetEntityDeclHandler(m_parser, on_entity);
    XML_SetParamEntityParsing(m_parser, XML_PARAM_ENTITY_PARSING_NEVER);
    std::uint64_t read = 0;
    while (true) {
      void* buffer = XML_GetBuffer(m_parser, static_cast<int>(piece_size));
      if (!buffer)
        throw InvalidInput(message("{}: out of memory", m_file));
      std::size_t count = std::fread(buffer, 1, piece_size, stream.get());
      if (std::ferror(stream.get()))
        throw InvalidInput(message("{}: cannot be read", m_file));
      read += count;
      if (read > m_limits.total_bytes)
        throw InvalidInput(
            message("{}: more than {} bytes, refused (past the size an MS Project export may "
                    "have)",
                    m_file, m_limits.total_bytes));
      bool last = count == 0;
      if (XML_ParseBuffer(m_parser, static_cast<int>(count), last) == XML_STATUS_ERROR) {
        if (m_problem.id.empty())
          m_problem = m_seen_root
                          ? message("{}: not well-formed XML (line {}: {})", m_file,
                                    XML_GetCurrentLineNumber(m_parser),
                                    XML_ErrorString(XML_GetErrorCode(m_parser)))
                          : message("{}: not well-formed XML (line {}: {}); not an MS Project "
                                    "XML (MSPDI) file",
                                    m_file, XML_GetCurrentLineNumber(m_parser),
                                    XML_ErrorString(XML_GetErrorCode(m_parser)));
        throw InvalidInput(m_problem);
      }
      if (!m_problem.id.empty())
        throw InvalidInput(m_problem);
      // What expat holds unparsed (one tag, comment or instruction) is what was read past the end
      // of the last thing it handed over: a token past the limit is refused before it fills memory.
      if (read - m_handed_over > m_limits.token_bytes)
        throw InvalidInput(message("{}: an XML tag longer than {} bytes near line {}, refused",
                                   m_file, m_limits.token_bytes,
                                   XML_GetCurrentLineNumber(m_parser)));
      if (last)
        break;
    }
    if (!m_seen_root)
      throw InvalidInput(message("{}: not an MS Project XML (MSPDI) file (it is empty)", m_file));
  }

  RawProject project;

 private:
  std::size_t line() const { return static_cast<std::size_t>(XML_GetCurrentLineNumber(m_parser)); }
  // Message ids with their values, so that a page words them in its language.
  void fail(Message problem) {
    if (m_problem.id.empty())
      m_problem = std::move(problem);
    XML_StopParser(m_parser, XML_FALSE);
  }
  void handed_over() {
    m_handed_over = static_cast<std::uint64_t>(XML_GetCurrentByteIndex(m_parser)) +
                    static_cast<std::uint64_t>(XML_GetCurrentByteCount(m_parser));
  }

  // The path below the root ("Tasks/Task/PredecessorLink"), as a view of m_path.
  std::string_view below_root() const {
    std::string_view path(m_path);
    auto slash = path.find('/');
    return slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }

  void start(const char* qualified) {
    std::string_view name(qualified);
    std::string_view space;
    if (auto bar = name.rfind('|'); bar != std::string_view::npos) {
      space = name.substr(0, bar);
      name = name.substr(bar + 1);
    }
    if (!m_seen_root) {
      m_seen_root = true;
      if (name != "Project" || space != mspdi_namespace)
        return fail(space.empty()
                        ? message("{}: not an MS Project XML (MSPDI) file (line {}: its root is "
                                  "<{}>, not <Project xmlns=\"{}\">)",
                                  m_file, line(), printable(name.substr(0, 60)), mspdi_namespace)
                        : message("{}: not an MS Project XML (MSPDI) file (line {}: its root is "
                                  "<{}> in namespace {}, not <Project xmlns=\"{}\">)",
                                  m_file, line(), printable(name.substr(0, 60)),
                                  printable(space.substr(0, 80)), mspdi_namespace));
    }
    if (++m_depth > m_limits.depth)
      return fail(message("{}: XML nested deeper than {} levels at line {}, refused (an MS "
                          "Project file's is not)",
                          m_file, m_limits.depth, line()));
    m_lengths.push_back(m_path.size());
    if (!m_path.empty())
      m_path += '/';
    m_path += name;
    m_text.clear();
    m_text_too_long = false;
    m_text_line = line();

    auto path = below_root();
    if (path == "Calendars/Calendar") {
      project.calendars.emplace_back().line = line();
    } else if (path == "Calendars/Calendar/WeekDays/WeekDay") {
      project.calendars.back().weekdays.emplace_back().line = line();
    } else if (path == "Calendars/Calendar/Exceptions/Exception") {
      project.calendars.back().exceptions.emplace_back().line = line();
    } else if (path == "Calendars/Calendar/WeekDays/WeekDay/WorkingTimes/WorkingTime") {
      project.calendars.back().weekdays.back().times.emplace_back();
    } else if (path == "Calendars/Calendar/Exceptions/Exception/WorkingTimes/WorkingTime") {
      project.calendars.back().exceptions.back().times.emplace_back();
    } else if (path == "Calendars/Calendar/WorkWeeks/WorkWeek") {
      project.calendars.back().work_weeks.emplace_back().line = line();
    } else if (path == "Calendars/Calendar/WorkWeeks/WorkWeek/WeekDays/WeekDay") {
      project.calendars.back().work_weeks.back().weekdays.emplace_back().line = line();
    } else if (path ==
               "Calendars/Calendar/WorkWeeks/WorkWeek/WeekDays/WeekDay/WorkingTimes/WorkingTime") {
      project.calendars.back().work_weeks.back().weekdays.back().times.emplace_back();
    } else if (path == "Tasks/Task") {
      project.tasks.emplace_back().line = line();
    } else if (path == "Tasks/Task/PredecessorLink") {
      project.tasks.back().links.emplace_back().line = line();
    } else if (path == "Tasks/Task/Baseline") {
      project.tasks.back().baselines.emplace_back();
    }
  }

  // Where an element's text goes, or nothing for one the reader does not use.
  Value* target(std::string_view path) {
    if (path.empty())
      return nullptr;
    auto slash = path.find('/');
    if (slash == std::string_view::npos)
      return project_field_used(path) ? &project.fields[std::string(path)] : nullptr;
    if (path.starts_with("Tasks/Task/")) {
      auto& task = project.tasks.back();
      auto rest = path.substr(11);
      if (rest.starts_with("PredecessorLink/")) {
        auto& link = task.links.back();
        auto field = rest.substr(16);
        if (field == "PredecessorUID")
          return &link.uid;
        if (field == "Type")
          return &link.type;
        if (field == "LinkLag")
          return &link.lag;
        if (field == "LagFormat")
          return &link.lag_format;
        if (field == "CrossProject")
          return &link.cross_project;
        return nullptr;
      }
      if (rest.starts_with("Baseline/")) {
        auto& baseline = task.baselines.back();
        auto field = rest.substr(9);
        if (field == "Number")
          return &baseline.number;
        if (field == "Start")
          return &baseline.start;
        if (field == "Finish")
          return &baseline.finish;
        return nullptr;
      }
      if (rest.find('/') == std::string_view::npos && task_field_used(rest))
        return &task.fields[std::string(rest)];
      return nullptr;
    }
    if (path.starts_with("Calendars/Calendar/")) {
      auto& calendar = project.calendars.back();
      auto rest = path.substr(19);
      if (rest == "UID")
        return &calendar.uid;
      if (rest == "Name")
        return &calendar.name;
      if (rest == "BaseCalendarUID")
        return &calendar.base;
      if (rest == "IsBaseCalendar")
        return &calendar.is_base;
      RawDay* day = nullptr;
      if (rest.starts_with("WorkWeeks/WorkWeek/")) {
        auto& week = calendar.work_weeks.back();
        rest = rest.substr(19);
        if (rest == "TimePeriod/FromDate")
          return &week.from_date;
        if (rest == "TimePeriod/ToDate")
          return &week.to_date;
        if (!rest.starts_with("WeekDays/WeekDay/"))
          return nullptr;
        day = &week.weekdays.back();
        rest = rest.substr(17);
      } else if (rest.starts_with("WeekDays/WeekDay/")) {
        day = &calendar.weekdays.back();
        rest = rest.substr(17);
      } else if (rest.starts_with("Exceptions/Exception/")) {
        day = &calendar.exceptions.back();
        rest = rest.substr(21);
      } else {
        return nullptr;
      }
      if (rest == "DayType")
        return &day->day_type;
      if (rest == "DayWorking")
        return &day->day_working;
      if (rest == "Type")
        return &day->type;
      if (rest == "TimePeriod/FromDate")
        return &day->from_date;
      if (rest == "TimePeriod/ToDate")
        return &day->to_date;
      if (rest == "WorkingTimes/WorkingTime/FromTime")
        return &day->times.back().from;
      if (rest == "WorkingTimes/WorkingTime/ToTime")
        return &day->times.back().to;
    }
    return nullptr;
  }

  void end() {
    auto path = below_root();
    if (Value* value = target(path)) {
      if (m_text_too_long)
        return fail(message("{}: element {} (line {}): a value longer than {} bytes, refused",
                            m_file, path, m_text_line, m_limits.value_bytes));
      value->text = m_text;
      value->line = m_text_line;
      value->present = true;
    }
    m_text.clear();
    --m_depth;
    m_path.resize(m_lengths.back());
    m_lengths.pop_back();
  }

  void text(std::string_view piece) {
    if (m_text.size() + piece.size() > m_limits.value_bytes) {
      m_text_too_long = true;
      return;
    }
    m_text += piece;
  }

  static void on_start(void* data, const char* name, const char**) {
    auto* self = static_cast<Gatherer*>(data);
    self->handed_over();
    if (self->m_problem.id.empty())
      self->start(name);
  }
  static void on_end(void* data, const char*) {
    auto* self = static_cast<Gatherer*>(data);
    self->handed_over();
    if (self->m_problem.id.empty())
      self->end();
  }
  static void on_text(void* data, const char* text, int length) {
    auto* self = static_cast<Gatherer*>(data);
    self->handed_over();
    if (self->m_problem.id.empty())
      self->text(std::string_view(text, static_cast<std::size_t>(length)));
  }
  static void on_doctype(void* data, const char*, const char*, const char*, int) {
    auto* self = static_cast<Gatherer*>(data);
    self->fail(message("{}: XML with a DOCTYPE (line {}), refused (MS Project writes none; "
                       "entities are neither declared nor expanded)",
                       self->m_file, self->line()));
  }
  static void on_entity(void* data, const char*, int, const char*, int, const char*, const char*,
                        const char*, const char*) {
    auto* self = static_cast<Gatherer*>(data);
    self->fail(
        message("{}: XML declaring an entity (line {}), refused", self->m_file, self->line()));
  }

  std::string m_file;
  const MspdiLimits& m_limits;
  XML_Parser m_parser = nullptr;
  Message m_problem;  // Its id empty while there is none.
  bool m_seen_root = false;
  int m_depth = 0;
  std::string m_path;
  std::vector<std::size_t> m_lengths;
  std::string m_text;
  bool m_text_too_long = false;
  std::size_t m_text_line = 0;
  std::uint64_t m_handed_over = 0;
};

// --- Values ---------------------------------------------------------------------------------

// Converts gathered values, each problem naming file, element, line, field and value.
class Reader {
 public:
  explicit Reader(std::string file) : m_file(std::move(file)) {}

  // Message ids whose last value is the reason, so that a page words both in its language (as
  // the XER reader's located messages are): formatted as plain text, they reached Vietnamese
  // pages in English.
  [[noreturn]] void fail(std::string_view element, const Value& value, std::string_view field,
                         std::string_view problem) const {
    throw InvalidInput(message("{}: element {} (line {}), field {}: '{}' {}", m_file, element,
                               value.line, field, printable(value.text.substr(0, 80)), problem));
  }
  [[noreturn]] void fail_missing(std::string_view element, std::size_t line, std::string_view field,
                                 std::string_view why = "is missing") const {
    throw InvalidInput(
        message("{}: element {} (line {}), field {}: {}", m_file, element, line, field, why));
  }

  std::string text_value(std::string_view element, const Value& value,
                         std::string_view field) const {
    std::string result = normalised(trimmed(value.text));
    if (auto problem = text_problem(result); !problem.empty())
      fail(element, value, field, problem);
    return result;
  }

  std::optional<std::int64_t> integer(std::string_view element, const Value& value,
                                      std::string_view field) const {
    if (!value.present || trimmed(value.text).empty())
      return std::nullopt;
    auto text = trimmed(value.text);
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size())
      fail(element, value, field, "is not a whole number");
    return number;
  }

  std::optional<double> decimal(std::string_view element, const Value& value,
                                std::string_view field) const {
    if (!value.present || trimmed(value.text).empty())
      return std::nullopt;
    auto text = trimmed(value.text);
    double number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(number))
      fail(element, value, field, "is not a number");
    return number;
  }

  bool flag(std::string_view element, const Value& value, std::string_view field) const {
    if (!value.present)
      return false;
    auto text = trimmed(value.text);
    if (text == "1" || text == "true")
      return true;
    if (text == "0" || text == "false" || text.empty())
      return false;
    fail(element, value, field, "is not 0 or 1");
  }

  // "2019-06-10T08:00:00" as an instant (minutes since 1970-01-01 in the file's local time).
  std::optional<std::int64_t> instant(std::string_view element, const Value& value,
                                      std::string_view field) const {
    if (!value.present || trimmed(value.text).empty())
      return std::nullopt;
    auto text = trimmed(value.text);
    auto bad = [&] { fail(element, value, field, "is not a date and time (YYYY-MM-DDTHH:MM:SS)"); };
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
      bad();
    auto date = Date::try_parse(text.substr(0, 10));
    if (!date || date->precision() != DatePrecision::Day) {
      auto why = Date::why_not_a_date(text.substr(0, 10));
      if (why.find("supported") != std::string::npos)
        fail(element, value, field, "is outside the supported years");
      bad();
    }
    std::int64_t minutes = 0;
    if (text.size() > 10) {
      if (text[10] != 'T' || text.size() < 16 || text[13] != ':')
        bad();
      auto clock = clock_minutes(text.substr(11));
      if (!clock || *clock > 1440)
        bad();
      minutes = *clock;
    }
    return std::int64_t{date->days()} * minutes_per_calendar_day + minutes;
  }

  // "08:00:00" (or "08:00") as minutes of the day; "24:00:00" is 1440.
  static std::optional<std::int32_t> clock_minutes(std::string_view text) {
    if (text.size() != 5 && text.size() != 8 && !(text.size() > 8 && text[8] == '.'))
      return std::nullopt;
    auto number = [&](std::size_t at) -> int {
      int value = -1;
      if (at + 2 > text.size() ||
          std::from_chars(text.data() + at, text.data() + at + 2, value).ptr !=
              text.data() + at + 2)
        return -1;
      return value;
    };
    int hour = number(0);
    int minute = number(3);
    if (text[2] != ':' || hour < 0 || hour > 24 || minute < 0 || minute > 59 ||
        (hour == 24 && minute != 0))
      return std::nullopt;
    if (text.size() >= 8) {
      int second = number(6);
      if (text[5] != ':' || second < 0 || second > 59)
        return std::nullopt;
    }
    return hour * 60 + minute;
  }

  // An ISO 8601 duration as MS Project writes it ("PT40H0M0S", "-PT8H0M0S", "PT0.5H0M0S") as whole
  // minutes; a day is 24 hours, months and years are refused (MS Project writes hours).
  std::int64_t duration(std::string_view element, const Value& value,
                        std::string_view field) const {
    auto text = trimmed(value.text);
    auto bad = [&] { fail(element, value, field, "is not a duration (ISO 8601, e.g. PT40H0M0S)"); };
    bool negative = false;
    if (text.starts_with('-')) {
      negative = true;
      text.remove_prefix(1);
    }
    if (!text.starts_with('P') || text.size() < 2)
      bad();
    text.remove_prefix(1);
    double minutes = 0;
    bool in_time = false;
    bool any = false;
    while (!text.empty()) {
      if (text.front() == 'T') {
        if (in_time)
          bad();
        in_time = true;
        text.remove_prefix(1);
        continue;
      }
      double amount = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), amount);
      if (error != std::errc{} || end == text.data() + text.size() || !std::isfinite(amount) ||
          amount < 0)
        bad();
      char unit = *end;
      text.remove_prefix(static_cast<std::size_t>(end - text.data()) + 1);
      if (!in_time && unit == 'D')
        minutes += amount * 1440;
      else if (in_time && unit == 'H')
        minutes += amount * 60;
      else if (in_time && unit == 'M')
        minutes += amount;
      else if (in_time && unit == 'S')
        minutes += amount / 60;
      else
        bad();
      any = true;
    }
    if (!any || minutes > 1e10)
      bad();
    auto whole = static_cast<std::int64_t>(std::llround(minutes));
    return negative ? -whole : whole;
  }

  static std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                             text.front() == '\r'))
      text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                             text.back() == '\r'))
      text.remove_suffix(1);
    return text;
  }

  static std::string normalised(std::string_view text) {
    bool ascii = std::all_of(text.begin(), text.end(),
                             [](char byte) { return static_cast<unsigned char>(byte) < 0x80; });
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

  const std::string& file() const { return m_file; }

 private:
  std::string m_file;
};

// --- Calendars ------------------------------------------------------------------------------

// MS Project's default working time, for a working day that lists none.
const DayPeriods default_periods = {WorkingPeriod{8 * 60, 12 * 60},
                                    WorkingPeriod{13 * 60, 17 * 60}};

DayPeriods read_periods(const Reader& reader, const RawDay& day, std::string_view element) {
  DayPeriods periods;
  for (const auto& time : day.times) {
    if (!time.from.present && !time.to.present)
      continue;
    if (!time.from.present)
      reader.fail_missing(element, day.line, "FromTime");
    if (!time.to.present)
      reader.fail_missing(element, day.line, "ToTime");
    auto from = Reader::clock_minutes(Reader::trimmed(time.from.text));
    if (!from || *from >= 1440)
      reader.fail(element, time.from, "FromTime", "is not a time of day (HH:MM:SS)");
    auto to = Reader::clock_minutes(Reader::trimmed(time.to.text));
    if (!to)
      reader.fail(element, time.to, "ToTime", "is not a time of day (HH:MM:SS)");
    // A period that runs to midnight ends at 00:00:00.
    if (*to == 0)
      to = 1440;
    if (*to <= *from)
      reader.fail(element, time.to, "ToTime", "ends before its FromTime");
    periods.push_back(WorkingPeriod{*from, *to});
  }
  return merged_periods(std::move(periods));
}

// A day's periods: none when DayWorking is 0, its WorkingTimes (or MS Project's default hours)
// when it is 1.
DayPeriods day_periods(const Reader& reader, const RawDay& day, std::string_view element) {
  if (!reader.flag(element, day.day_working, "DayWorking"))
    return {};
  auto periods = read_periods(reader, day, element);
  return periods.empty() ? default_periods : periods;
}

// The days FromDate..ToDate cover (ToDate is the last minute of the last day, 23:59).
// What the file's calendars may still make the reader walk (MspdiLimits::exception_days_in_file).
struct DayBudget {
  std::size_t left = 0;
  // Takes `days` off the budget; false when it has not so many left.
  bool take(std::size_t days) {
    if (days > left)
      return false;
    left -= days;
    return true;
  }
};

constexpr std::string_view past_file_days =
    "takes the file's calendars past the exception days tiendo reads in one file, refused";

void add_exception_days(const Reader& reader, const RawDay& day, std::string_view element,
                        const DayPeriods& periods, std::map<std::int32_t, DayPeriods>& exceptions,
                        std::size_t limit, DayBudget& budget) {
  if (!day.from_date.present)
    reader.fail_missing(element, day.line, "TimePeriod/FromDate");
  auto from = reader.instant(element, day.from_date, "FromDate");
  auto to = day.to_date.present ? reader.instant(element, day.to_date, "ToDate") : from;
  if (!from)
    reader.fail_missing(element, day.line, "TimePeriod/FromDate");
  if (!to)
    to = from;
  auto first = static_cast<std::int32_t>(*from / minutes_per_calendar_day);
  // An end at 00:00 closes the day before it.
  auto last = static_cast<std::int32_t>((*to - 1) / minutes_per_calendar_day);
  last = std::max(last, first);
  if (*to < *from)
    reader.fail(element, day.to_date, "ToDate", "is before its FromDate");
  if (!budget.take(static_cast<std::size_t>(last - first) + 1))
    reader.fail(element, day.to_date, "ToDate", past_file_days);
  for (std::int32_t each = first; each <= last; ++each) {
    exceptions[each] = periods;
    if (exceptions.size() > limit)
      reader.fail(element, day.to_date, "ToDate",
                  fmt::format("takes the calendar's exceptions past {} days, refused", limit));
  }
}

struct CalendarParts {
  std::array<std::optional<DayPeriods>, 7> weekdays;  // Monday first; empty: the base's.
  std::map<std::int32_t, DayPeriods> exceptions;
  std::string base;
};

CalendarParts read_calendar_parts(const Reader& reader, const RawCalendar& raw,
                                  const MspdiLimits& limits, DayBudget& budget) {
  CalendarParts parts;
  std::map<std::int32_t, DayPeriods> older_form;
  for (const auto& day : raw.weekdays) {
    auto type = reader.integer("WeekDay", day.day_type, "DayType");
    if (!type)
      reader.fail_missing("WeekDay", day.line, "DayType");
    if (*type < 0 || *type > 7)
      reader.fail("WeekDay", day.day_type, "DayType",
                  "is not 0 (an exception) or 1–7 (Sunday to Saturday)");
    auto periods = day_periods(reader, day, "WeekDay");
    if (*type == 0)
      add_exception_days(reader, day, "WeekDay", periods, older_form, limits.exception_days,
                         budget);
    else
      // MS Project counts from Sunday = 1; tiendo from Monday = 0.
      parts.weekdays[weekday_from_sunday_first(static_cast<int>(*type))] = periods;
  }
  // MS Project 2007 on writes each exception twice: as an Exception (with its recurrence) and as
  // the occurrences it expands to, in the older form (WeekDay DayType 0), which is whole and wins.
  // A daily range (Exception Type 1) is read too, for files another tool wrote; a recurring one is
  // read through its older form, and refused where the file has none.
  parts.exceptions = std::move(older_form);
  bool have_older_form = !parts.exceptions.empty();
  for (const auto& exception : raw.exceptions) {
    auto type = reader.integer("Exception", exception.type, "Type");
    if (type && *type != 1) {
      if (have_older_form)
        continue;
      reader.fail("Exception", exception.type, "Type",
                  "is a recurring exception without the days it falls on (WeekDay DayType 0); "
                  "only daily ranges (Type 1) are read");
    }
    std::map<std::int32_t, DayPeriods> days;
    add_exception_days(reader, exception, "Exception", day_periods(reader, exception, "Exception"),
                       days, limits.exception_days, budget);
    for (auto& [day, periods] : days)
      parts.exceptions.emplace(day, std::move(periods));
    if (parts.exceptions.size() > limits.exception_days)
      reader.fail("Exception", exception.to_date, "ToDate",
                  fmt::format("takes the calendar's exceptions past {} days, refused",
                              limits.exception_days));
  }
  // Work weeks give other weekday hours over a range of dates; an exception's day keeps its own.
  // They become exceptions of each day of the range whose weekday the work week states.
  for (const auto& week : raw.work_weeks) {
    std::array<std::optional<DayPeriods>, 7> hours;
    for (const auto& day : week.weekdays) {
      auto type = reader.integer("WorkWeek", day.day_type, "DayType");
      if (!type)
        reader.fail_missing("WorkWeek", day.line, "DayType");
      if (*type < 1 || *type > 7)
        reader.fail("WorkWeek", day.day_type, "DayType", "is not 1–7 (Sunday to Saturday)");
      hours[weekday_from_sunday_first(static_cast<int>(*type))] = day_periods(reader, day, "WorkWeek");
    }
    RawDay range;
    range.from_date = week.from_date;
    range.to_date = week.to_date;
    range.line = week.line;
    std::map<std::int32_t, DayPeriods> days;
    add_exception_days(reader, range, "WorkWeek", {}, days, limits.exception_days, budget);
    for (const auto& [day, unused] : days)
      if (const auto& periods = hours[static_cast<std::size_t>(weekday_of(day))])
        parts.exceptions.emplace(day, *periods);
    if (parts.exceptions.size() > limits.exception_days)
      reader.fail("WorkWeek", week.to_date, "ToDate",
                  fmt::format("takes the calendar's exceptions past {} days, refused",
                              limits.exception_days));
  }
  return parts;
}

// --- Tasks ----------------------------------------------------------------------------------

LinkType link_type(const Reader& reader, const RawLink& link) {
  auto type = reader.integer("PredecessorLink", link.type, "Type");
  if (!type)
    return LinkType::FinishToStart;  // MS Project leaves out the default, finish-to-start.
  switch (*type) {
    case 0:
      return LinkType::FinishToFinish;
    case 1:
      return LinkType::FinishToStart;
    case 2:
      return LinkType::StartToFinish;
    case 3:
      return LinkType::StartToStart;
    default:
      reader.fail("PredecessorLink", link.type, "Type",
                  "is not a link type (0 FF, 1 FS, 2 SF, 3 SS)");
  }
}

std::string_view constraint_name(std::int64_t type) {
  switch (type) {
    case 0:
      return "As Soon As Possible";
    case 1:
      return "As Late As Possible";
    case 2:
      return "Must Start On";
    case 3:
      return "Must Finish On";
    case 4:
      return "Start No Earlier Than";
    case 5:
      return "Start No Later Than";
    case 6:
      return "Finish No Earlier Than";
    case 7:
      return "Finish No Later Than";
    default:
      return {};
  }
}

}  // namespace

ContractorSchedule read_mspdi(const std::string& path, const MspdiLimits& limits) {
  Gatherer gatherer(path, limits);
  gatherer.parse();
  const RawProject& raw = gatherer.project;
  Reader reader(path);

  ContractorSchedule schedule;
  schedule.file = path;
  schedule.format = "mspdi";

  std::optional<std::int64_t> minutes_per_day;
  if (auto minutes = reader.integer("Project", raw.field("MinutesPerDay"), "MinutesPerDay")) {
    if (*minutes <= 0 || *minutes > 1440)
      reader.fail("Project", raw.field("MinutesPerDay"), "MinutesPerDay",
                  "is not a number of minutes in a day (1 to 1440)");
    minutes_per_day = *minutes;
  }

  // Calendars: each one's own parts, then a derived calendar's missing weekdays and exceptions
  // from its base, following the chain of bases with a loop that stops at a repeat.
  std::vector<CalendarParts> parts;
  std::unordered_map<std::string, std::size_t> calendar_by_id;
  DayBudget budget{limits.exception_days_in_file};
  for (const auto& raw_calendar : raw.calendars) {
    if (!raw_calendar.uid.present || Reader::trimmed(raw_calendar.uid.text).empty())
      reader.fail_missing("Calendar", raw_calendar.line, "UID");
    ContractorCalendar calendar;
    calendar.id = std::string(Reader::trimmed(raw_calendar.uid.text));
    calendar.name = reader.text_value("Calendar", raw_calendar.name, "Name");
    calendar.row = raw_calendar.line;
    calendar.minutes_per_day = minutes_per_day;
    auto calendar_parts = read_calendar_parts(reader, raw_calendar, limits, budget);
    calendar_parts.base = std::string(Reader::trimmed(raw_calendar.base.text));
    // A base calendar has none of its own, whatever BaseCalendarUID says (MS Project 2019 writes
    // 0 there, earlier versions -1).
    if (calendar_parts.base == "-1" ||
        reader.flag("Calendar", raw_calendar.is_base, "IsBaseCalendar"))
      calendar_parts.base.clear();
    if (!calendar_by_id.emplace(calendar.id, schedule.calendars.size()).second)
      reader.fail("Calendar", raw_calendar.uid, "UID", "appears twice");
    schedule.calendars.push_back(std::move(calendar));
    parts.push_back(std::move(calendar_parts));
  }
  for (std::size_t index = 0; index < parts.size(); ++index) {
    auto& definition = schedule.calendars[index].definition;
    auto weekdays = parts[index].weekdays;
    auto exceptions = parts[index].exceptions;
    std::size_t current = index;
    std::size_t steps = 0;
    while (!parts[current].base.empty()) {
      auto found = calendar_by_id.find(parts[current].base);
      if (found == calendar_by_id.end())
        reader.fail("Calendar", raw.calendars[current].base, "BaseCalendarUID",
                    "is not a calendar of the file");
      if (++steps > parts.size())
        reader.fail("Calendar", raw.calendars[index].base, "BaseCalendarUID",
                    "leads round a circle of base calendars");
      current = found->second;
      if (!budget.take(parts[current].exceptions.size()))
        reader.fail("Calendar", raw.calendars[index].base, "BaseCalendarUID", past_file_days);
      for (std::size_t day = 0; day < 7; ++day)
        if (!weekdays[day])
          weekdays[day] = parts[current].weekdays[day];
      // The derived calendar's own exceptions win over its base's.
      for (const auto& [day, periods] : parts[current].exceptions)
        exceptions.emplace(day, periods);
    }
    for (std::size_t day = 0; day < 7; ++day)
      // A weekday no calendar of the chain states is MS Project's default: Monday to Friday
      // 08:00–12:00, 13:00–17:00.
      definition.weekdays[day] =
          weekdays[day] ? *weekdays[day] : (day < 5 ? default_periods : DayPeriods{});
    definition.exceptions = std::move(exceptions);
  }

  ContractorProject project;
  project.id = "1";
  auto title = reader.text_value("Project", raw.field("Title"), "Title");
  auto name = reader.text_value("Project", raw.field("Name"), "Name");
  if (name.ends_with(".xml") || name.ends_with(".mpp"))
    name.resize(name.size() - 4);
  project.name = !title.empty() ? title : name;
  project.short_name = !title.empty() ? title : name;
  if (project.short_name.empty()) {
    auto slash = path.find_last_of('/');
    project.short_name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    if (auto dot = project.short_name.rfind('.'); dot != std::string::npos && dot > 0)
      project.short_name.resize(dot);
    project.name = project.short_name;
  }
  // The data date is the status date alone: CurrentDate is only the day the file was saved (MS
  // Project's "today"), which measures no progress; a file without a StatusDate has none.
  project.data_date = reader.instant("Project", raw.field("StatusDate"), "StatusDate");
  project.default_calendar_id = std::string(Reader::trimmed(raw.field("CalendarUID").text));
  if (project.default_calendar_id == "-1")
    project.default_calendar_id.clear();
  if (!project.default_calendar_id.empty() && !calendar_by_id.contains(project.default_calendar_id))
    reader.fail("Project", raw.field("CalendarUID"), "CalendarUID",
                "is not a calendar of the file");
  // MS Project counts a link's lag on the successor's calendar (its task calendar, else the
  // project's): MPXJ's MicrosoftScheduler, written to reproduce MS Project's dates, moves every
  // lag on the successor's effective calendar (docs/schedule.md, "MS Project's lags").
  project.lag_calendar = LagCalendar::Successor;
  // The file's scheduling options that change dates: what tiendo cannot schedule the same way is
  // refused with a line saying so, never read as if it were the default.
  if (raw.field("ScheduleFromStart").present &&
      !reader.flag("Project", raw.field("ScheduleFromStart"), "ScheduleFromStart"))
    reader.fail("Project", raw.field("ScheduleFromStart"), "ScheduleFromStart",
                "schedules the project back from its finish date; tiendo schedules forward from "
                "the start, so the file is refused");
  const bool honour_constraints =
      reader.flag("Project", raw.field("HonorConstraints"), "HonorConstraints");

  // Tasks, in outline order: each one's group is the name of the last task one level above it.
  std::vector<std::string> outline_names;
  std::unordered_map<std::string, std::size_t> task_by_uid;
  std::unordered_set<std::string> left_out;
  std::vector<const RawTask*> raw_of_activity;
  std::vector<std::string> manual_tasks;
  for (const auto& task : raw.tasks) {
    auto uid = reader.integer("Task", task.field("UID"), "UID");
    if (!uid)
      reader.fail_missing("Task", task.line, "UID");
    // UID 0 is the project's own summary task; a null task is a blank row.
    // An inactive task (Active 0, MS Project 2010 on) no longer schedules anything: it is left
    // out with its links, as MS Project leaves it out of the schedule.
    bool inactive =
        task.field("Active").present && !reader.flag("Task", task.field("Active"), "Active");
    if (*uid == 0 || reader.flag("Task", task.field("IsNull"), "IsNull") || inactive) {
      left_out.insert(std::to_string(*uid));
      continue;
    }
    ContractorActivity activity;
    activity.internal_id = std::to_string(*uid);
    activity.id = std::string(Reader::trimmed(task.field("ID").text));
    if (activity.id.empty())
      activity.id = activity.internal_id;
    reader.integer("Task", task.field("ID"), "ID");
    activity.name = reader.text_value("Task", task.field("Name"), "Name");
    activity.row = task.line;

    auto level = reader.integer("Task", task.field("OutlineLevel"), "OutlineLevel").value_or(1);
    if (level < 0 || level > 10'000)
      reader.fail("Task", task.field("OutlineLevel"), "OutlineLevel", "is not an outline level");
    auto depth = static_cast<std::size_t>(level);
    if (depth >= 2 && depth - 1 <= outline_names.size())
      activity.group = outline_names[depth - 2];
    outline_names.resize(std::max<std::size_t>(depth, 1) - 1);
    outline_names.push_back(activity.name);

    if (reader.flag("Task", task.field("Summary"), "Summary"))
      activity.kind = ActivityKind::Summary;
    else if (reader.flag("Task", task.field("Milestone"), "Milestone"))
      activity.kind = ActivityKind::StartMilestone;

    auto calendar = std::string(Reader::trimmed(task.field("CalendarUID").text));
    if (calendar.empty() || calendar == "-1")
      calendar = project.default_calendar_id;
    if (calendar.empty())
      reader.fail_missing("Task", task.line, "CalendarUID",
                          "is missing, and the project names no calendar (Project CalendarUID)");
    if (!calendar_by_id.contains(calendar)) {
      if (task.field("CalendarUID").present && calendar != project.default_calendar_id)
        reader.fail("Task", task.field("CalendarUID"), "CalendarUID",
                    "is not a calendar of the file");
      reader.fail("Project", raw.field("CalendarUID"), "CalendarUID",
                  "is not a calendar of the file");
    }
    activity.calendar_id = calendar;

    if (task.field("Duration").present)
      activity.planned_minutes = reader.duration("Task", task.field("Duration"), "Duration");
    if (activity.planned_minutes < 0)
      reader.fail("Task", task.field("Duration"), "Duration", "is negative");
    activity.actual_start = reader.instant("Task", task.field("ActualStart"), "ActualStart");
    activity.actual_finish = reader.instant("Task", task.field("ActualFinish"), "ActualFinish");
    auto percent = reader.decimal("Task", task.field("PercentComplete"), "PercentComplete");
    if (percent && (*percent < 0 || *percent > 100))
      reader.fail("Task", task.field("PercentComplete"), "PercentComplete",
                  "is not a percentage (0 to 100)");
    activity.started = activity.actual_start.has_value();
    activity.finished = activity.actual_finish.has_value();
    if (activity.finished && !activity.started)
      reader.fail_missing("Task", task.line, "ActualStart",
                          "is missing for a task with an ActualFinish");
    if (task.field("RemainingDuration").present)
      activity.remaining_minutes =
          reader.duration("Task", task.field("RemainingDuration"), "RemainingDuration");
    else
      activity.remaining_minutes = activity.finished ? 0 : activity.planned_minutes;
    if (activity.remaining_minutes < 0)
      reader.fail("Task", task.field("RemainingDuration"), "RemainingDuration", "is negative");

    auto start = reader.instant("Task", task.field("Start"), "Start");
    auto finish = reader.instant("Task", task.field("Finish"), "Finish");
    auto early_start = reader.instant("Task", task.field("EarlyStart"), "EarlyStart");
    auto early_finish = reader.instant("Task", task.field("EarlyFinish"), "EarlyFinish");
    activity.early_start = early_start ? early_start : start;
    activity.early_finish = early_finish ? early_finish : finish;

    for (const auto& baseline : task.baselines) {
      auto number = reader.integer("Baseline", baseline.number, "Number");
      if (number.value_or(0) != 0)
        continue;
      activity.planned_start = reader.instant("Baseline", baseline.start, "Start");
      activity.planned_finish = reader.instant("Baseline", baseline.finish, "Finish");
    }

    auto constraint =
        reader.integer("Task", task.field("ConstraintType"), "ConstraintType").value_or(0);
    if (constraint_name(constraint).empty())
      reader.fail("Task", task.field("ConstraintType"), "ConstraintType",
                  "is not a constraint type (0 to 7)");
    // With HonorConstraints 1 a Must Start On, Must Finish On, Start No Later Than or Finish No
    // Later Than date wins over the task's links and moves its dates earlier than they allow,
    // which tiendo's schedule never does (DESIGN.md): refused rather than computed otherwise.
    if (honour_constraints && (constraint == 2 || constraint == 3 || constraint == 5 ||
                               constraint == 7))
      reader.fail("Task", task.field("ConstraintType"), "ConstraintType",
                  fmt::format("({}) overrides the task's links, as the project's HonorConstraints 1 "
                              "says; tiendo lets links win, so the file is refused",
                              constraint_name(constraint)));
    if (constraint != 0) {
      activity.constraint = constraint == 4   ? ConstraintKind::StartOnOrAfter
                            : constraint == 7 ? ConstraintKind::FinishOnOrBefore
                                              : ConstraintKind::Other;
      activity.constraint_text = std::string(constraint_name(constraint));
      activity.constraint_instant =
          reader.instant("Task", task.field("ConstraintDate"), "ConstraintDate");
      if (!activity.constraint_instant && constraint != 1)
        reader.fail_missing(
            "Task", task.line, "ConstraintDate",
            fmt::format("is missing for the constraint {}", activity.constraint_text));
    }

    // A manually scheduled task (Manual 1, MS Project 2010 on) keeps the dates its user typed,
    // whatever its links say; tiendo schedules every task by its links, so each is said.
    if (reader.flag("Task", task.field("Manual"), "Manual") &&
        activity.kind != ActivityKind::Summary)
      manual_tasks.push_back(activity.internal_id);
    if (!task_by_uid.emplace(activity.internal_id, project.activities.size()).second)
      reader.fail("Task", task.field("UID"), "UID", "appears twice");
    project.activities.push_back(std::move(activity));
    raw_of_activity.push_back(&task);
  }

  for (std::size_t index = 0; index < project.activities.size(); ++index) {
    const auto& successor = project.activities[index];
    for (const auto& link : raw_of_activity[index]->links) {
      // A link to a task of another project file names that file; tiendo reads one file.
      if (reader.flag("PredecessorLink", link.cross_project, "CrossProject"))
        reader.fail("PredecessorLink", link.cross_project, "CrossProject",
                    "links to a task of another project file, which is not read");
      auto uid = reader.integer("PredecessorLink", link.uid, "PredecessorUID");
      if (!uid)
        reader.fail_missing("PredecessorLink", link.line, "PredecessorUID");
      if (left_out.contains(std::to_string(*uid)))
        continue;
      auto found = task_by_uid.find(std::to_string(*uid));
      if (found == task_by_uid.end())
        reader.fail("PredecessorLink", link.uid, "PredecessorUID", "is not a task of the file");
      ContractorRelationship relationship;
      relationship.predecessor = std::to_string(*uid);
      relationship.successor = successor.internal_id;
      relationship.type = link_type(reader, link);
      relationship.row = link.line;
      auto lag = reader.integer("PredecessorLink", link.lag, "LinkLag").value_or(0);
      auto format = reader.integer("PredecessorLink", link.lag_format, "LagFormat").value_or(7);
      // Percent lags (19, 51; elapsed 20, 52) are a share of the predecessor's duration, LinkLag
      // the percentage itself; all others are tenths of a minute.
      bool percent = format == 19 || format == 20 || format == 51 || format == 52;
      // An elapsed percentage is a share of the predecessor's duration counted on the clock, of
      // which no real file shows MS Project's dates: refused rather than guessed.
      if ((format == 20 || format == 52) && lag != 0)
        reader.fail("PredecessorLink", link.lag_format, "LagFormat",
                    "is an elapsed percentage lag (a share of the predecessor's duration on the "
                    "24-hour clock), which tiendo does not schedule; the file is refused");
      if (percent) {
        double share = static_cast<double>(lag) / 100.0;
        relationship.lag_minutes = static_cast<std::int64_t>(std::llround(
            share * static_cast<double>(project.activities[found->second].planned_minutes)));
      } else {
        if (std::llabs(lag) > std::int64_t{1} << 50)
          reader.fail("PredecessorLink", link.lag, "LinkLag", "is past any schedule");
        relationship.lag_minutes =
            static_cast<std::int64_t>(std::llround(static_cast<double>(lag) / 10.0));
      }
      relationship.lag_elapsed = format == 4 || format == 6 || format == 8 || format == 10 ||
                                 format == 12 || format == 20 || format == 36 || format == 38 ||
                                 format == 40 || format == 42 || format == 44 || format == 52;
      project.relationships.push_back(std::move(relationship));
    }
  }
  if (!manual_tasks.empty()) {
    const std::size_t shown = std::min<std::size_t>(manual_tasks.size(), 10);
    schedule.notes.push_back(fmt::format(
        "{}: {} manually scheduled tasks (element Task, field Manual 1; UID {}{}) keep the dates "
        "typed in MS Project there; tiendo schedules them by their links as automatic tasks",
        path, manual_tasks.size(),
        fmt::join(manual_tasks.begin(), manual_tasks.begin() + static_cast<std::ptrdiff_t>(shown),
                  ", "),
        manual_tasks.size() > shown ? ", ..." : ""));
  }
  schedule.projects.push_back(std::move(project));
  return schedule;
}

bool is_mspdi_file(const std::string& path) {
  if (path.size() < 4)
    return false;
  std::string extension = path.substr(path.size() - 4);
  for (auto& character : extension)
    character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
  return extension == ".xml";
}

ContractorSchedule read_mspdi(const std::string& path) {
  return read_mspdi(path, MspdiLimits{});
}

}  // namespace tiendo::io
