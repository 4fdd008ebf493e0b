#include "domain/edit.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

#include "domain/error.h"
#include "domain/milestone_catalog.h"
#include "domain/schedule_rules.h"
#include "domain/text.h"

namespace tiendo {

// The columns from `calendar` (projects), `duration_minutes` (milestones) and `lag_minutes`
// (dependencies) on hold what a contractor's schedule brings (issue 31): export writes each only
// when some row has a value in it (io/tiendo_csv.cpp), so that a portfolio without them exports
// as it did before they existed.
const std::vector<std::string_view> project_columns = {
    "code",   "name",  "technology", "province", "capacity_mw", "capacity_mwp", "investor",
    "parent", "stage", "target_cod", "lat",      "lon",         "site",         "source",
    "calendar", "schedule_rules", "data_date"};
const std::vector<std::string_view> milestone_columns = {
    "project",      "key",    "name",     "duration_days", "planned",
    "actual_start", "actual", "forecast", "reason",        "source",
    "duration_minutes", "calendar", "start_on_or_after", "finish_on_or_before", "finish_event",
    "as_late_as_possible"};
const std::vector<std::string_view> dependency_columns = {
    "from", "to", "type", "lag_days", "lag_minutes", "lag_calendar"};

std::string InputLocation::prefix() const {
  if (file.empty())
    return "";
  if (row <= 0)
    return fmt::format("{}: ", file);
  return fmt::format("{}:{}: ", file, row);
}

void ProblemList::name_cells(std::string table, std::vector<std::string> columns) {
  m_sheets.emplace_back(std::move(table), std::move(columns));
}

std::string column_letters(std::size_t column) {
  std::string letters;
  for (std::size_t rest = column + 1; rest > 0; rest = (rest - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (rest - 1) % 26));
  return letters;
}

std::string cell_problem(std::string_view table, std::int64_t row, std::size_t column,
                         std::string_view field, std::string_view value, std::string_view reason) {
  std::string cell = field.empty()
                         ? fmt::format("column {}", column_letters(column))
                         : fmt::format("column {} ({})", column_letters(column), printable(field));
  return fmt::format("{}, row {}, {}: '{}': {}", printable(table), row, cell, printable(value),
                     reason);
}

bool ProblemList::room() {
  if (m_lines.size() < kept_lines)
    return true;
  ++m_more;
  return false;
}

void ProblemList::add_line(std::string line) {
  if (room())
    m_lines.push_back(std::move(line));
}

void ProblemList::add(const InputLocation& location, std::string_view field, std::string_view value,
                      std::string_view reason) {
  if (!room())
    return;
  // Few tables come from workbooks, and a problem is rare next to the rows that have none.
  for (const auto& [table, columns] : m_sheets) {
    if (table != location.file)
      continue;
    for (std::size_t column = 0; column < columns.size(); ++column)
      if (columns[column] == field && location.row > 0) {
        m_lines.push_back(cell_problem(table, location.row, column, field, value, reason));
        return;
      }
    std::string where = location.row > 0 ? fmt::format("{}, row {}", table, location.row) : table;
    m_lines.push_back(fmt::format("{}: {}: '{}': {}", printable(where), printable(field),
                                  printable(value), reason));
    return;
  }
  // What a user typed is shown escaped: a problem line is one line, and never a terminal command.
  m_lines.push_back(fmt::format("{}{}: '{}': {}", printable(location.prefix()), printable(field),
                                printable(value), reason));
}

void ProblemList::throw_if_any() const {
  if (m_lines.empty())
    return;
  if (m_more == 0)
    throw InvalidInput(m_lines);
  auto lines = m_lines;
  lines.push_back(fmt::format("… and {} more problems", count_text(m_more)));
  throw InvalidInput(std::move(lines));
}

void require_valid_text(std::string_view name, std::string_view value) {
  if (std::string_view problem = text_problem(value); !problem.empty()) {
    ProblemList problems;
    problems.add(InputLocation{}, name, value.substr(0, 60), problem);
    problems.throw_if_any();
  }
}

std::string delay_reason_problem(std::string_view reason) {
  std::size_t colon = reason.find(':');
  std::string_view category = reason.substr(0, colon);
  for (auto known : delay_categories)
    if (known == category) {
      if (colon == std::string_view::npos || colon + 1 == reason.size())
        return "a delay reason needs a text after the category (site_clearance:vướng bồi thường)";
      return "";
    }
  return fmt::format("unknown delay category '{}' (one of {})", category,
                     fmt::join(delay_categories, ", "));
}

namespace {

const std::string* find_field(const Fields& fields, std::string_view name) {
  for (const auto& field : fields)
    if (field.name == name)
      return &field.value;
  return nullptr;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  if (!text.empty() && text.front() == '+')
    text.remove_prefix(1);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty())
    return std::nullopt;
  return value;
}

std::optional<double> parse_coordinate(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty() ||
      !std::isfinite(value))
    return std::nullopt;
  return value;
}

bool valid_code(std::string_view code) {
  if (code.empty() || code.size() > 64)
    return false;
  for (char c : code) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok)
      return false;
  }
  // "." and ".." would name the folder, not the project, in a link to its page.
  return code.find_first_not_of('.') != std::string_view::npos;
}

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > 64 || !(key.front() >= 'a' && key.front() <= 'z'))
    return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

bool valid_imported_key(std::string_view key) {
  if (key.empty() || key.size() > 64)
    return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

// An instant (minutes since 1970-01-01 00:00, domain/calendar.h) as "2026-03-02T07:30", the
// form the milestones CSV writes constraints in; and back.
std::string instant_text(std::int64_t instant) {
  const std::int64_t day = instant >= 0 ? instant / minutes_per_calendar_day
                                        : -((-instant + minutes_per_calendar_day - 1) /
                                            minutes_per_calendar_day);
  const std::int64_t minute = instant - day * minutes_per_calendar_day;
  return fmt::format("{}T{:02}:{:02}", Date::from_days(static_cast<std::int32_t>(day)).iso_day(),
                     minute / 60, minute % 60);
}

void set_instant(std::optional<std::int64_t>& target, const std::string& text,
                 std::string_view field, const InputLocation& location, ProblemList& problems) {
  if (text.empty()) {
    target.reset();
    return;
  }
  const bool shaped = text.size() == 16 && text[10] == 'T' && text[13] == ':';
  auto date = shaped ? Date::try_parse(std::string_view(text).substr(0, 10)) : std::nullopt;
  std::int64_t hour = -1;
  std::int64_t minute = -1;
  if (shaped) {
    hour = parse_integer(std::string_view(text).substr(11, 2)).value_or(-1);
    minute = parse_integer(std::string_view(text).substr(14, 2)).value_or(-1);
  }
  if (!date || date->precision() != DatePrecision::Day || hour < 0 || hour > 24 || minute < 0 ||
      minute > 59 || (hour == 24 && minute != 0)) {
    problems.add(location, field, text,
                 "not a day and time (YYYY-MM-DDTHH:MM, e.g. 2026-03-02T07:30)");
    return;
  }
  target = std::int64_t{date->days()} * minutes_per_calendar_day + hour * 60 + minute;
}

// Sets an optional date field from text; empty clears it.
void set_date(std::optional<Date>& target, const std::string& text, std::string_view field,
              const InputLocation& location, ProblemList& problems) {
  if (text.empty()) {
    target.reset();
    return;
  }
  if (auto date = Date::try_parse(text)) {
    target = *date;
    return;
  }
  problems.add(location, field, text, Date::why_not_a_date(text));
}

// An actual date records what has happened, so it cannot lie after today in Vietnam (whatever
// the as-of date of the command: that moves the schedule, not the clock). A coarse date counts by
// its first day: "12/2026" may be recorded from 1 December 2026 on, as something done in it.
// Checked only where a value is given, so that an edit of another field of a milestone an older
// version stored with a later date still goes through.
void refuse_future(const std::string& text, std::string_view field, const InputLocation& location,
                   ProblemList& problems) {
  auto date = text.empty() ? std::nullopt : Date::try_parse(text);
  if (!date)
    return;
  Date today = Date::today_in_vietnam();
  if (date->first_day() > today)
    problems.add(
        location, field, text,
        fmt::format("after today ({}); an actual date records what has happened", today.iso()));
}

void set_capacity(std::optional<Capacity>& target, const std::string& text, std::string_view field,
                  const InputLocation& location, ProblemList& problems) {
  if (text.empty()) {
    target.reset();
    return;
  }
  try {
    target = Capacity::parse_megawatts(text);
  } catch (const InvalidInput& error) {
    std::string reason = error.what();
    // The parser's message starts with the quoted value; keep only the reason.
    auto colon = reason.find("': ");
    problems.add(location, field, text,
                 colon == std::string::npos ? reason : reason.substr(colon + 3));
  }
}

bool check_unknown_fields(const Fields& fields, const std::vector<std::string_view>& columns,
                          const InputLocation& location, ProblemList& problems) {
  bool ok = true;
  for (const auto& field : fields) {
    bool known = false;
    for (auto column : columns)
      known = known || column == field.name;
    if (!known) {
      problems.add(location, field.name, field.value,
                   fmt::format("unknown field (one of {})", fmt::join(columns, ", ")));
      ok = false;
    }
  }
  return ok;
}

bool check_texts(const Fields& fields, const InputLocation& location, ProblemList& problems) {
  bool ok = true;
  for (const auto& field : fields)
    if (std::string_view problem = text_problem(field.value); !problem.empty()) {
      // A long value is cut for the message; the problem names what is wrong with all of it.
      problems.add(location, field.name, std::string_view(field.value).substr(0, 60), problem);
      ok = false;
    }
  return ok;
}

}  // namespace

std::int32_t apply_project(Portfolio& portfolio, const Fields& fields,
                           const InputLocation& location, ProblemList& problems,
                           const ProvinceRegistry& provinces) {
  std::size_t problems_before = problems.size();
  if (!check_unknown_fields(fields, project_columns, location, problems) ||
      !check_texts(fields, location, problems))
    return -1;
  const std::string* code = find_field(fields, "code");
  if (!code || code->empty()) {
    problems.add(location, "code", code ? *code : "", "a project needs a code");
    return -1;
  }
  if (!valid_code(*code)) {
    problems.add(location, "code", *code,
                 "a code is 1-64 letters, digits, '-', '_' or '.', not dots alone (e.g. "
                 "ST-LONGPHU-1)");
    return -1;
  }
  auto existing = portfolio.find_project(*code);
  if (!existing && *code == reserved_project_code) {
    problems.add(location, "code", *code,
                 "reserved (the web workspace's page for a new project is /projects/new); "
                 "choose another code");
    return -1;
  }
  Project project = existing ? portfolio.projects[static_cast<std::size_t>(*existing)] : Project{};
  project.code = *code;
  if (!existing) {
    for (std::string_view required : {"name", "technology", "province"}) {
      const std::string* value = find_field(fields, required);
      if (!value || value->empty())
        problems.add(location, required, "", "required for a new project");
    }
  }
  for (const auto& [name, value] : fields) {
    if (name == "code")
      continue;
    if (name == "name") {
      if (value.empty())
        problems.add(location, name, value, "a project needs a name");
      else
        project.name = value;
    } else if (name == "technology") {
      if (auto technology = parse_technology(value))
        project.technology = *technology;
      else if (!value.empty() || existing)
        problems.add(location, name, value,
                     "unknown technology (wind_onshore, solar_farm, coal, gas, hydro, grid, ...)");
    } else if (name == "province") {
      if (value.empty()) {
        if (existing)
          problems.add(location, name, value, "a project needs a province");
      } else if (fold_for_matching(value) == unknown_province) {
        // tiendo itself writes "unknown" for an external file's row without a province, so its
        // own files must take it back.
        project.province = unknown_province;
      } else if (const auto* province = provinces.find_legacy(value)) {
        project.province = province->legacy_name;
      } else {
        try {
          provinces.resolve_legacy(value);
        } catch (const InvalidInput& error) {
          std::string reason = error.what();
          problems.add(location, name, value, reason.substr(reason.find("': ") + 3));
        }
      }
    } else if (name == "capacity_mw") {
      set_capacity(project.capacity, value, name, location, problems);
    } else if (name == "capacity_mwp") {
      set_capacity(project.capacity_peak, value, name, location, problems);
    } else if (name == "investor") {
      project.investor = value;
    } else if (name == "parent") {
      if (value == project.code)
        problems.add(location, name, value, "a project cannot be its own parent");
      else
        project.parent = value;
    } else if (name == "stage") {
      if (value.empty()) {
        project.stage = Stage::Proposed;
      } else if (auto stage = parse_stage(value)) {
        project.stage = *stage;
      } else {
        problems.add(location, name, value,
                     "unknown stage (proposed, in_plan, approved, permitted, construction, "
                     "commissioning, operating)");
      }
    } else if (name == "target_cod") {
      set_date(project.target_cod, value, name, location, problems);
    } else if (name == "lat" || name == "lon") {
      auto& target = name == "lat" ? project.latitude : project.longitude;
      double limit = name == "lat" ? 90 : 180;
      if (value.empty()) {
        target.reset();
      } else if (auto coordinate = parse_coordinate(value);
                 coordinate && std::fabs(*coordinate) <= limit) {
        target = coordinate;
      } else {
        problems.add(location, name, value,
                     fmt::format("not a coordinate in decimal degrees (-{0} to {0})", limit));
      }
    } else if (name == "site") {
      project.site = value;
    } else if (name == "source") {
      project.source = value;
    } else if (name == "calendar") {
      // Whole days need no name: all-days is kept as none, as a project without one has it.
      if (value.empty() || value == all_days_calendar)
        project.calendar.clear();
      else if (portfolio.find_calendar(value))
        project.calendar = value;
      else
        problems.add(location, name, value,
                     "no such calendar (all-days, vn-mon-fri, vn-mon-sat, or one added with "
                     "'calendar add')");
    } else if (name == "schedule_rules") {
      // Only tiendo's own rules (empty) and P6's, which an imported contractor's schedule keeps
      // with the file's options (domain/schedule_rules.h), written back in their one spelling.
      if (auto rules = parse_schedule_rules(value))
        project.schedule_rules = format_schedule_rules(*rules);
      else
        problems.add(location, name, value,
                     "scheduling rules are empty (tiendo's) or p6 (a contractor's schedule), "
                     "with lag=successor|project|24_hour and "
                     "out_of_sequence=progress_override|actual_dates");
    } else if (name == "data_date") {
      set_date(project.data_date, value, name, location, problems);
      if (project.data_date && project.data_date->precision() != DatePrecision::Day) {
        problems.add(location, name, value, "a data date is a day (YYYY-MM-DD)");
        project.data_date.reset();
      }
    }
  }
  if (project.technology == Technology::Grid && project.capacity && project.capacity->watts() > 0)
    problems.add(location, "capacity_mw", project.capacity->megawatts_text(),
                 "a grid work carries kV and km, not MW; leave capacity_mw empty");
  if (project.capacity_peak && technology_group(project.technology) != TechnologyGroup::Solar)
    problems.add(location, "capacity_mwp", project.capacity_peak->megawatts_text(),
                 "MWp is for solar projects only");
  if (problems.size() != problems_before)
    return -1;
  if (existing) {
    portfolio.projects[static_cast<std::size_t>(*existing)] = std::move(project);
    return *existing;
  }
  return portfolio.add_project(std::move(project));
}

std::int32_t apply_milestone(Portfolio& portfolio, const Fields& fields,
                             const InputLocation& location, ProblemList& problems,
                             const EditOptions& options) {
  std::size_t problems_before = problems.size();
  if (!check_unknown_fields(fields, milestone_columns, location, problems) ||
      !check_texts(fields, location, problems))
    return -1;
  const std::string* code = find_field(fields, "project");
  const std::string* key = find_field(fields, "key");
  if (!code || code->empty()) {
    problems.add(location, "project", code ? *code : "", "a milestone needs its project's code");
    return -1;
  }
  auto project = portfolio.find_project(*code);
  if (!project) {
    problems.add(location, "project", *code, "no such project");
    return -1;
  }
  // A project imported from a contractor's schedule keeps its activity IDs as keys, which may
  // start with a digit ("1570") and are no typing mistakes of catalog keys.
  const bool imported =
      follows_p6(portfolio.projects[static_cast<std::size_t>(*project)].schedule_rules);
  if (!key || !(valid_key(*key) || (imported && valid_imported_key(*key)))) {
    problems.add(location, "key", key ? *key : "",
                 "a key is lower-case letters, digits and '_' (e.g. construction_start)");
    return -1;
  }
  // The key `new` names the page that adds a milestone (/projects/CODE/milestones/new), so no
  // milestone may take it, from any face.
  if (*key == reserved_milestone_key && !portfolio.find_milestone(*code, *key)) {
    problems.add(location, "key", *key,
                 "'new' is reserved (it names the page that adds a milestone); choose another key");
    return -1;
  }
  // A custom key already accepted needs no second look for near misses; a national import
  // repeats the same few custom keys (works_1, works_2, ...) hundreds of thousands of times.
  thread_local std::unordered_set<std::string> accepted_custom_keys;
  if (!imported && !find_milestone_kind(*key) &&
      !(options.allow_custom_keys && accepted_custom_keys.count(*key))) {
    // The nearest catalog key within two edits is taken for a typing mistake.
    const MilestoneKind* near = nullptr;
    std::size_t nearest = 3;
    for (const auto& kind : milestone_catalog()) {
      std::size_t distance = edit_distance(kind.key, *key);
      if (distance < nearest) {
        nearest = distance;
        near = &kind;
      }
    }
    if (near || !options.allow_custom_keys) {
      problems.add(location, "key", *key,
                   near ? fmt::format("unknown milestone key; did you mean '{}'?", near->key)
                        : "unknown milestone key");
      return -1;
    }
    accepted_custom_keys.insert(*key);
  }
  auto existing = portfolio.find_milestone(*code, *key);
  Milestone milestone =
      existing ? portfolio.milestones[static_cast<std::size_t>(*existing)] : Milestone{};
  milestone.project = *project;
  milestone.key = *key;
  // A duration in days that changes, without minutes given beside it, is the duration now: the
  // exact minutes of an imported activity no longer hold.
  const std::string* minutes_field = find_field(fields, "duration_minutes");
  const bool minutes_given = minutes_field != nullptr;
  // Beside exact minutes the days are only for reading, rounded from the file's durations: a
  // contractor's file may hold an activity of centuries (P6's placeholders), kept as imported.
  const std::int64_t most_days = minutes_given && !minutes_field->empty() ? 2'000'000'000 : 36500;
  for (const auto& [name, value] : fields) {
    if (name == "project" || name == "key")
      continue;
    if (name == "name") {
      milestone.name = value;
    } else if (name == "duration_days") {
      auto days = value.empty() ? std::optional<std::int64_t>(0) : parse_integer(value);
      if (!days || *days < 0 || *days > most_days) {
        problems.add(location, name, value, "a duration is a whole number of days, 0 to 36500");
      } else {
        if (!minutes_given && milestone.duration_days != *days)
          milestone.duration_minutes.reset();
        milestone.duration_days = static_cast<std::int32_t>(*days);
      }
    } else if (name == "duration_minutes") {
      auto minutes = value.empty() ? std::nullopt : parse_integer(value);
      if (value.empty())
        milestone.duration_minutes.reset();
      else if (!minutes || *minutes < 0 || *minutes > 2'000'000'000)
        problems.add(location, name, value,
                     "a duration in working minutes is a whole number, 0 to 2000000000");
      else
        milestone.duration_minutes = static_cast<std::int32_t>(*minutes);
    } else if (name == "calendar") {
      if (value.empty())
        milestone.calendar.clear();
      else if (portfolio.find_calendar(value))
        milestone.calendar = value;
      else
        problems.add(location, name, value,
                     "no such calendar (all-days, vn-mon-fri, vn-mon-sat, or one added with "
                     "'calendar add')");
    } else if (name == "start_on_or_after") {
      set_instant(milestone.start_on_or_after, value, name, location, problems);
    } else if (name == "finish_on_or_before") {
      set_instant(milestone.finish_on_or_before, value, name, location, problems);
    } else if (name == "finish_event") {
      if (value.empty() || value == "no")
        milestone.finish_event = false;
      else if (value == "yes")
        milestone.finish_event = true;
      else
        problems.add(location, name, value, "yes (an event at the finish of what precedes it) or no");
    } else if (name == "as_late_as_possible") {
      // P6's "as late as possible" constraint, which a contractor's schedule brings.
      if (value.empty() || value == "no")
        milestone.as_late_as_possible = false;
      else if (value == "yes")
        milestone.as_late_as_possible = true;
      else
        problems.add(location, name, value,
                     "yes (placed as late as its successors allow without delaying them) or no");
    } else if (name == "planned") {
      set_date(milestone.planned, value, name, location, problems);
    } else if (name == "actual_start") {
      set_date(milestone.actual_start, value, name, location, problems);
      refuse_future(value, name, location, problems);
    } else if (name == "actual") {
      set_date(milestone.actual, value, name, location, problems);
      refuse_future(value, name, location, problems);
    } else if (name == "forecast") {
      set_date(milestone.forecast, value, name, location, problems);
    } else if (name == "reason") {
      if (std::string problem = value.empty() ? "" : delay_reason_problem(value); !problem.empty())
        problems.add(location, name, value, problem);
      else
        milestone.reason = value;
    } else if (name == "source") {
      milestone.source = value;
    }
  }
  if (milestone.actual_start && milestone.actual && *milestone.actual < *milestone.actual_start)
    problems.add(location, "actual", milestone.actual->iso(), "finishes before its actual_start");
  if (problems.size() != problems_before)
    return -1;
  if (existing) {
    portfolio.milestones[static_cast<std::size_t>(*existing)] = std::move(milestone);
    return *existing;
  }
  return portfolio.add_milestone(std::move(milestone));
}

std::int32_t apply_dependency(Portfolio& portfolio, const Fields& fields,
                              const InputLocation& location, ProblemList& problems) {
  std::size_t problems_before = problems.size();
  if (!check_unknown_fields(fields, dependency_columns, location, problems) ||
      !check_texts(fields, location, problems))
    return -1;
  std::int32_t ends[2] = {-1, -1};
  for (int side = 0; side < 2; ++side) {
    std::string_view name = side == 0 ? "from" : "to";
    const std::string* reference = find_field(fields, name);
    if (!reference || reference->empty()) {
      problems.add(location, name, "", "a dependency needs both ends (PROJECT_CODE:key)");
      continue;
    }
    try {
      ends[side] = portfolio.milestone_by_reference(*reference);
    } catch (const Error& error) {
      std::string reason = error.what();
      bool not_reference = reason.starts_with("'");
      problems.add(location, name, *reference,
                   not_reference ? "not a milestone reference (write PROJECT_CODE:key)"
                                 : fmt::format("no such milestone ({})", reason));
    }
  }
  if (problems.size() != problems_before)
    return -1;
  if (ends[0] == ends[1]) {
    problems.add(location, "to", *find_field(fields, "to"), "a milestone cannot depend on itself");
    return -1;
  }
  auto existing = portfolio.find_dependency(ends[0], ends[1]);
  Dependency dependency =
      existing ? portfolio.dependencies[static_cast<std::size_t>(*existing)] : Dependency{};
  dependency.from = ends[0];
  dependency.to = ends[1];
  if (const std::string* type = find_field(fields, "type")) {
    if (type->empty())
      dependency.type = LinkType::FinishToStart;
    else if (auto parsed = parse_link_type(*type))
      dependency.type = *parsed;
    else
      problems.add(location, "type", *type, "a dependency type is FS, SS, FF or SF");
  }
  const std::string* lag_minutes = find_field(fields, "lag_minutes");
  if (const std::string* lag = find_field(fields, "lag_days")) {
    auto days = lag->empty() ? std::optional<std::int64_t>(0) : parse_integer(*lag);
    const std::int64_t most_days = lag_minutes && !lag_minutes->empty() ? 2'000'000'000 : 36500;
    if (!days || *days < -most_days || *days > most_days) {
      problems.add(location, "lag_days", *lag, "a lag is a whole number of days (may be negative)");
    } else {
      // A lag in days that changes, without minutes beside it, is the lag now.
      if (!lag_minutes && dependency.lag_days != *days)
        dependency.lag_minutes.reset();
      dependency.lag_days = static_cast<std::int32_t>(*days);
    }
  }
  if (lag_minutes) {
    auto minutes = lag_minutes->empty() ? std::nullopt : parse_integer(*lag_minutes);
    if (lag_minutes->empty())
      dependency.lag_minutes.reset();
    else if (!minutes || *minutes < -2'000'000'000 || *minutes > 2'000'000'000)
      problems.add(location, "lag_minutes", *lag_minutes,
                   "a lag in working minutes is a whole number (may be negative)");
    else
      dependency.lag_minutes = static_cast<std::int32_t>(*minutes);
  }
  // The link's own lag calendar: empty follows its project's rules; "24_hour" is MS Project's
  // elapsed lag.
  if (const std::string* lag_calendar = find_field(fields, "lag_calendar")) {
    if (lag_calendar->empty())
      dependency.lag_calendar.reset();
    else if (auto rule = parse_lag_calendar(*lag_calendar))
      dependency.lag_calendar = *rule;
    else
      problems.add(location, "lag_calendar", *lag_calendar,
                   "a lag calendar is empty (the project's rules), predecessor, successor, "
                   "project or 24_hour");
  }
  if (problems.size() != problems_before)
    return -1;
  if (existing) {
    portfolio.dependencies[static_cast<std::size_t>(*existing)] = dependency;
    return *existing;
  }
  portfolio.add_dependency(dependency);
  return static_cast<std::int32_t>(portfolio.dependencies.size() - 1);
}

std::string chain_text(const std::vector<std::string>& first, std::size_t members,
                       std::string_view closing) {
  std::string text = fmt::format("{}", fmt::join(first, " -> "));
  if (members <= first.size())
    return fmt::format("{} -> {}", text, closing);
  return fmt::format("{} -> … and {} more", text, count_text(members - first.size()));
}

std::string count_text(std::size_t count) {
  // Grouped by thousands, as the rest of tiendo's English counts ("3,980").
  return grouped_in_english(count);
}

// Each project's walk up its parents is made once: a walk stops at the first project whose walk is
// known already and hands its answer down to every project it passed. So a chain of 100,000
// parents costs 100,000 steps, not 5 billion, and no walk recurses.
void check_parents(const Portfolio& portfolio, ProblemList& problems,
                   const ProjectLocator& locate) {
  const std::size_t count = portfolio.projects.size();
  constexpr std::int32_t no_parent = -1, missing_parent = -2;
  std::vector<std::int32_t> parent(count, no_parent);
  for (std::size_t p = 0; p < count; ++p) {
    const Project& project = portfolio.projects[p];
    if (!project.parent.empty())
      parent[p] = portfolio.find_project(project.parent).value_or(missing_parent);
  }
  enum class Walk : std::uint8_t { NotYet, UnderWay, ReachesTop, ReachesLoop };
  std::vector<Walk> walk(count, Walk::NotYet);
  // For a project whose parents reach a loop: how many distinct projects its walk meets before
  // the loop closes, itself included (a member of a loop of 3 meets 3).
  std::vector<std::int32_t> members(count, 0);
  std::vector<std::int32_t> position(count, 0);  // In `path`, while under way.
  std::vector<std::int32_t> path;
  for (std::size_t start = 0; start < count; ++start) {
    if (walk[start] != Walk::NotYet)
      continue;
    path.clear();
    std::int32_t at = static_cast<std::int32_t>(start);
    while (at >= 0 && walk[static_cast<std::size_t>(at)] == Walk::NotYet) {
      walk[static_cast<std::size_t>(at)] = Walk::UnderWay;
      position[static_cast<std::size_t>(at)] = static_cast<std::int32_t>(path.size());
      path.push_back(at);
      at = parent[static_cast<std::size_t>(at)];
    }
    std::size_t below = path.size();  // The projects of `path` not in a loop found by this walk.
    Walk answer = Walk::ReachesTop;
    if (at >= 0 && walk[static_cast<std::size_t>(at)] == Walk::UnderWay) {
      // The walk met itself: the projects from `at` on form a loop.
      below = static_cast<std::size_t>(position[static_cast<std::size_t>(at)]);
      auto length = static_cast<std::int32_t>(path.size() - below);
      for (std::size_t i = below; i < path.size(); ++i) {
        walk[static_cast<std::size_t>(path[i])] = Walk::ReachesLoop;
        members[static_cast<std::size_t>(path[i])] = length;
      }
      answer = Walk::ReachesLoop;
    } else if (at >= 0 && walk[static_cast<std::size_t>(at)] == Walk::ReachesLoop) {
      answer = Walk::ReachesLoop;
    }
    for (std::size_t i = below; i-- > 0;) {
      auto p = static_cast<std::size_t>(path[i]);
      walk[p] = answer;
      if (answer == Walk::ReachesLoop)
        members[p] = members[static_cast<std::size_t>(parent[p])] + 1;
    }
  }
  for (std::size_t p = 0; p < count; ++p) {
    const Project& project = portfolio.projects[p];
    if (project.parent.empty())
      continue;
    if (parent[p] == missing_parent) {
      InputLocation location = locate ? locate(static_cast<std::int32_t>(p)) : InputLocation{};
      problems.add(location, "parent", project.parent,
                   fmt::format("no such project (parent of {})", project.code));
      continue;
    }
    if (walk[p] != Walk::ReachesLoop)
      continue;
    // A loop would make every total undefined. Named from this project up, as far as the loop
    // closes, its first members only.
    auto distinct = static_cast<std::size_t>(members[p]);
    std::vector<std::string> first;
    auto at = static_cast<std::int32_t>(p);
    for (std::size_t i = 0; i < std::min(distinct, chain_names_shown); ++i) {
      first.push_back(portfolio.projects[static_cast<std::size_t>(at)].code);
      at = parent[static_cast<std::size_t>(at)];
    }
    InputLocation location = locate ? locate(static_cast<std::int32_t>(p)) : InputLocation{};
    problems.add(location, "parent", project.parent,
                 fmt::format("parents form a loop: {}",
                             chain_text(first, distinct,
                                        portfolio.projects[static_cast<std::size_t>(at)].code)));
  }
}

namespace {
std::string optional_text(const std::optional<Date>& date) {
  return date ? date->iso() : "";
}
std::string optional_text(const std::optional<Capacity>& capacity) {
  return capacity ? capacity->megawatts_text() : "";
}
std::string optional_text(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : "";
}
}  // namespace

std::vector<std::string> project_cells(const Project& project) {
  return {project.code,
          project.name,
          std::string(technology_key(project.technology)),
          project.province,
          optional_text(project.capacity),
          optional_text(project.capacity_peak),
          project.investor,
          project.parent,
          std::string(stage_key(project.stage)),
          optional_text(project.target_cod),
          optional_text(project.latitude),
          optional_text(project.longitude),
          project.site,
          project.source,
          project.calendar,
          project.schedule_rules,
          optional_text(project.data_date)};
}

std::vector<std::string> milestone_cells(const Portfolio& portfolio, const Milestone& milestone) {
  return {portfolio.projects[static_cast<std::size_t>(milestone.project)].code,
          milestone.key,
          milestone.name,
          std::to_string(milestone.duration_days),
          optional_text(milestone.planned),
          optional_text(milestone.actual_start),
          optional_text(milestone.actual),
          optional_text(milestone.forecast),
          milestone.reason,
          milestone.source,
          milestone.duration_minutes ? std::to_string(*milestone.duration_minutes) : "",
          milestone.calendar,
          milestone.start_on_or_after ? instant_text(*milestone.start_on_or_after) : "",
          milestone.finish_on_or_before ? instant_text(*milestone.finish_on_or_before) : "",
          milestone.finish_event ? "yes" : "",
          milestone.as_late_as_possible ? "yes" : ""};
}

std::vector<std::string> dependency_cells(const Portfolio& portfolio,
                                          const Dependency& dependency) {
  return {portfolio.reference(dependency.from),
          portfolio.reference(dependency.to),
          std::string(link_type_key(dependency.type)),
          std::to_string(dependency.lag_days),
          dependency.lag_minutes ? std::to_string(*dependency.lag_minutes) : "",
          dependency.lag_calendar ? std::string(lag_calendar_text(*dependency.lag_calendar)) : ""};
}

}  // namespace tiendo
