#include "io/tiendo_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <ostream>
#include <unordered_map>

#include "domain/error.h"
#include "domain/progress.h"
#include "domain/text.h"
#include "io/xlsx_reader.h"

namespace tiendo::io {
namespace {

bool has_column(const std::vector<std::string>& header, std::string_view name) {
  return std::find(header.begin(), header.end(), name) != header.end();
}

bool derived_column(TableKind kind, std::string_view name) {
  if (kind != TableKind::Projects)
    return false;
  return std::find(std::begin(derived_project_columns), std::end(derived_project_columns), name) !=
         std::end(derived_project_columns);
}

// The row's cells as named fields, written over the fields of the previous row so that their
// strings are reused. A projects file exported with its GEM and EIA-860 columns imports as it
// is: those columns are derived from the stage, so they are dropped here rather than refused as
// unknown. The row gets the previous values back, for the reader to reuse in turn.
void take_fields(TableKind kind, const std::vector<std::string>& header, CsvRow& row,
                 Fields& fields) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (derived_column(kind, header[i]))
      continue;
    if (count == fields.size())
      fields.emplace_back();
    fields[count].name.assign(header[i]);
    std::swap(fields[count].value, row.fields[i]);
    ++count;
  }
  fields.resize(count);
}

const std::string& field_value(const Fields& fields, std::string_view name) {
  static const std::string empty;
  for (const auto& field : fields)
    if (field.name == name)
      return field.value;
  return empty;
}

// The key a row is upserted by, as the user wrote it, to name a key given twice in one file.
std::string row_key(TableKind kind, const Fields& fields) {
  switch (kind) {
    case TableKind::Calendars:
      return field_value(fields, "calendar");
    case TableKind::Projects:
      return field_value(fields, "code");
    case TableKind::Milestones:
      return field_value(fields, "project") + ":" + field_value(fields, "key");
    case TableKind::Dependencies:
      return field_value(fields, "from") + " -> " + field_value(fields, "to");
  }
  return "";
}

std::optional<std::int32_t> find_reference(const Portfolio& portfolio, std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  return portfolio.find_milestone(text.substr(0, colon), text.substr(colon + 1));
}

// The index of what the row would change when its key exists already: a project, a milestone or
// a dependency. Nothing when the key is new or not valid (apply reports that).
std::optional<std::int32_t> existing_index(const Portfolio& portfolio, TableKind kind,
                                           const Fields& fields) {
  switch (kind) {
    case TableKind::Calendars: {
      const auto& name = field_value(fields, "calendar");
      for (std::size_t i = 0; i < portfolio.calendars.size(); ++i)
        if (portfolio.calendars[i].name == name)
          return static_cast<std::int32_t>(i);
      return std::nullopt;
    }
    case TableKind::Projects:
      return portfolio.find_project(field_value(fields, "code"));
    case TableKind::Milestones:
      return portfolio.find_milestone(field_value(fields, "project"), field_value(fields, "key"));
    case TableKind::Dependencies: {
      auto from = find_reference(portfolio, field_value(fields, "from"));
      auto to = find_reference(portfolio, field_value(fields, "to"));
      if (!from || !to)
        return std::nullopt;
      return portfolio.find_dependency(*from, *to);
    }
  }
  return std::nullopt;
}

// A department's calendar from its row (calendar, weekdays, holidays, exceptions, the text forms
// of domain/calendar.h), added or replacing the one of its name. Returns its index in
// Portfolio::calendars, or -1 when a problem was recorded.
std::int32_t apply_calendar(Portfolio& portfolio, const Fields& fields,
                            const InputLocation& location, ProblemList& problems) {
  CalendarDefinition definition;
  bool ok = true;
  for (const auto& [name, value] : fields) {
    try {
      if (name == "calendar") {
        check_calendar_name(name, value);
        definition.name = value;
      } else if (name == "weekdays") {
        definition.weekdays = parse_weekdays(name, value);
      } else if (name == "holidays") {
        auto rule = value.empty() ? std::optional<HolidayRule>(HolidayRule::None)
                                  : parse_holiday_rule(value);
        if (!rule) {
          problems.add(location, name, value, "holidays are vietnam or none");
          ok = false;
        } else {
          definition.holidays = *rule;
        }
      } else if (name == "exceptions") {
        definition.exceptions = parse_exceptions(name, value);
      } else {
        problems.add(location, name, value,
                     fmt::format("unknown field (one of {})", fmt::join(calendar_columns, ", ")));
        ok = false;
      }
    } catch (const InvalidInput& error) {
      // The parsers name the field and the value; their reason follows "': ".
      std::string reason = error.what();
      auto colon = reason.find("': ");
      problems.add(location, name, value.substr(0, 60),
                   colon == std::string::npos ? reason : reason.substr(colon + 3));
      ok = false;
    }
  }
  if (definition.name.empty()) {
    if (ok)
      problems.add(location, "calendar", "", "a calendar needs its name");
    return -1;
  }
  if (!ok)
    return -1;
  for (std::size_t i = 0; i < portfolio.calendars.size(); ++i)
    if (portfolio.calendars[i].name == definition.name) {
      portfolio.calendars[i] = std::move(definition);
      return static_cast<std::int32_t>(i);
    }
  portfolio.calendars.push_back(std::move(definition));
  return static_cast<std::int32_t>(portfolio.calendars.size() - 1);
}

// Moves what a source found wrong so far into the import's list, so that the problems of a piece
// stand near the problems of its rows.
void collect(std::vector<std::string>& found, ProblemList& problems) {
  for (auto& line : found)
    problems.add_line(std::move(line));
  found.clear();
}

// Applies one source's rows as they are read. A key given twice in one file is refused: the
// rows applied so far are remembered by the index of what each created or changed (a national
// file has a million keys, and their text need not be kept), and the keys of refused rows,
// which are few, by their text.
void apply_source(Portfolio& portfolio, TableKind kind, CsvRows& source,
                  std::vector<std::string>& source_problems, ProblemList& problems,
                  const ProvinceRegistry& provinces, RowLocations& locations) {
  std::vector<std::int64_t> row_of_index;
  std::unordered_map<std::string, std::int64_t> refused_keys;
  std::size_t expected = source.expected_rows();
  switch (kind) {
    case TableKind::Calendars:
      break;
    case TableKind::Projects:
      portfolio.reserve(portfolio.projects.size() + expected, 0, 0);
      break;
    case TableKind::Milestones:
      portfolio.reserve(0, portfolio.milestones.size() + expected, 0);
      break;
    case TableKind::Dependencies:
      portfolio.reserve(0, 0, portfolio.dependencies.size() + expected);
      break;
  }
  CsvRow row;
  Fields fields;
  InputLocation location{source.file(), 0};
  while (source.next(row)) {
    collect(source_problems, problems);
    location.row = row.number;
    take_fields(kind, source.header(), row, fields);
    std::int64_t earlier_row = 0;
    if (auto existing = existing_index(portfolio, kind, fields);
        existing && static_cast<std::size_t>(*existing) < row_of_index.size())
      earlier_row = row_of_index[static_cast<std::size_t>(*existing)];
    if (earlier_row == 0 && !refused_keys.empty())
      if (auto found = refused_keys.find(row_key(kind, fields)); found != refused_keys.end())
        earlier_row = found->second;
    if (earlier_row != 0) {
      problems.add(location,
                   kind == TableKind::Projects    ? "code"
                   : kind == TableKind::Calendars ? "calendar"
                                                  : "key",
                   row_key(kind, fields),
                   fmt::format("repeats row {} of the same file", earlier_row));
      continue;
    }
    std::int32_t index = -1;
    switch (kind) {
      case TableKind::Calendars:
        index = apply_calendar(portfolio, fields, location, problems);
        break;
      case TableKind::Projects:
        index = apply_project(portfolio, fields, location, problems, provinces);
        break;
      case TableKind::Milestones:
        index = apply_milestone(portfolio, fields, location, problems);
        break;
      case TableKind::Dependencies:
        index = apply_dependency(portfolio, fields, location, problems);
        break;
    }
    if (index < 0) {
      refused_keys.emplace(row_key(kind, fields), row.number);
      continue;
    }
    if (static_cast<std::size_t>(index) >= row_of_index.size())
      row_of_index.resize(static_cast<std::size_t>(index) + 1 + row_of_index.size() / 2, 0);
    row_of_index[static_cast<std::size_t>(index)] = row.number;
    if (kind == TableKind::Projects || kind == TableKind::Dependencies) {
      auto& located = kind == TableKind::Projects ? locations.projects : locations.dependencies;
      if (static_cast<std::size_t>(index) >= located.size())
        located.resize(static_cast<std::size_t>(index) + 1 + located.size() / 2);
      located[static_cast<std::size_t>(index)] = location;
    }
  }
  collect(source_problems, problems);
}

void apply_sources(Portfolio& portfolio, std::vector<std::unique_ptr<CsvRows>>& sources,
                   std::vector<std::string>& source_problems, ProblemList& problems,
                   const ProvinceRegistry& provinces, RowLocations* wanted_locations,
                   ProblemList* notes = nullptr,
                   const std::function<void()>* milestones_final = nullptr) {
  RowLocations own_locations;
  RowLocations& locations = wanted_locations ? *wanted_locations : own_locations;
  collect(source_problems, problems);
  std::vector<std::pair<TableKind, CsvRows*>> ordered;
  for (auto& source : sources) {
    const auto& header = source->header();
    // A file that could not be read or parsed at all has been reported already.
    if (header.empty()) {
      if (source->is_sheet() && notes)
        notes->add_line(fmt::format("{}: skipped, empty", printable(source->file())));
      continue;
    }
    if (source->is_sheet()) {
      auto kind = table_kind(header);
      if (!kind) {
        if (notes)
          notes->add_line(fmt::format("{}: skipped, its header '{}' is no tiendo table's",
                                      printable(source->file()),
                                      printable(fmt::format("{}", fmt::join(header, ",")))));
        continue;
      }
      problems.name_cells(source->file(), header);
    }
    try {
      ordered.emplace_back(recognise(source->file(), header), source.get());
    } catch (const InvalidInput& error) {
      problems.add_line(error.what());
      // Its rows are not applied, but what is malformed in them is reported all the same.
      CsvRow row;
      while (source->next(row)) {
      }
      collect(source_problems, problems);
    }
    // A header naming one column twice would make the row ambiguous. Each name repeated is said
    // once, in one pass: comparing every pair made a header of 3,000 equal names (6 KB) into 4.5
    // million problems and gigabytes of memory.
    std::unordered_map<std::string_view, std::size_t> named;
    for (const auto& column : header)
      if (++named[column] == 2)
        problems.add(InputLocation{source->file(), 1}, "header", column, "column named twice");
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  bool parents_touched = false;
  bool final_said = false;
  for (auto& [kind, source] : ordered) {
    // A change that will fail anyway is not worth writing ahead.
    if (kind == TableKind::Dependencies && milestones_final && !final_said && problems.empty()) {
      (*milestones_final)();
      final_said = true;
    }
    apply_source(portfolio, kind, *source, source_problems, problems, provinces, locations);
    parents_touched = parents_touched || kind == TableKind::Projects;
  }
  if (parents_touched)
    check_parents(portfolio, problems,
                  [&](std::int32_t project) { return locations.project(project); });
}

}  // namespace

std::optional<TableKind> table_kind(const std::vector<std::string>& header) {
  if (has_column(header, "calendar") && has_column(header, "weekdays"))
    return TableKind::Calendars;
  if (has_column(header, "code"))
    return TableKind::Projects;
  if (has_column(header, "project") && has_column(header, "key"))
    return TableKind::Milestones;
  if (has_column(header, "from") && has_column(header, "to"))
    return TableKind::Dependencies;
  return std::nullopt;
}

TableKind recognise(const std::string& file, const std::vector<std::string>& header) {
  if (auto kind = table_kind(header))
    return *kind;
  throw InvalidInput(fmt::format(
      "{}:1: header: '{}': not a tiendo CSV (projects need 'code', milestones 'project' and "
      "'key', dependencies 'from' and 'to', calendars 'calendar' and 'weekdays')",
      file, fmt::join(header, ",")));
}

void apply_tables(Portfolio& portfolio, std::vector<CsvTable> tables, ProblemList& problems,
                  const ProvinceRegistry& provinces, RowLocations* locations) {
  std::vector<std::unique_ptr<CsvRows>> sources;
  for (auto& table : tables)
    sources.push_back(std::make_unique<CsvTableRows>(std::move(table)));
  std::vector<std::string> source_problems;
  apply_sources(portfolio, sources, source_problems, problems, provinces, locations);
}

void apply_csv_files(Portfolio& portfolio, const std::vector<std::string>& paths,
                     ProblemList& problems, const ProvinceRegistry& provinces,
                     RowLocations* locations, ProblemList* notes,
                     const std::function<void()>* milestones_final) {
  std::vector<std::string> source_problems;
  std::vector<std::unique_ptr<CsvRows>> sources;
  for (const auto& path : paths) {
    if (!is_workbook_file(path)) {
      sources.push_back(std::make_unique<CsvFileReader>(path, source_problems));
      continue;
    }
    std::size_t problems_before = source_problems.size();
    auto sheets = open_workbook(path, source_problems);
    bool any_table = source_problems.size() != problems_before;
    for (auto& sheet : sheets) {
      any_table = any_table || table_kind(sheet->header()).has_value();
      sources.push_back(std::move(sheet));
    }
    // A workbook of other sheets only is refused as a CSV file of another header is: an import
    // that silently did nothing would look like one that worked. (One that could not be read has
    // been reported already.)
    if (!any_table && !sheets.empty())
      source_problems.push_back(fmt::format(
          "{}: no sheet is a tiendo table (projects need 'code', milestones 'project' and 'key', "
          "dependencies 'from' and 'to')",
          printable(path)));
  }
  apply_sources(portfolio, sources, source_problems, problems, provinces, locations, notes,
                milestones_final);
}

namespace {
// The columns a table writes: each of its columns from `first_optional` on only when some row
// has a value in it, so that a portfolio without calendars or contractors' schedules exports as
// it did before those columns existed (and imports the same: an absent column is no value).
// `used[i]` says whether optional column first_optional + i is written.
struct ColumnChoice {
  std::size_t first_optional = 0;
  std::vector<bool> used;
  bool written(std::size_t column) const {
    return column < first_optional || used[column - first_optional];
  }
  std::vector<std::string> pick(std::vector<std::string> cells) const {
    std::size_t kept = 0;
    for (std::size_t column = 0; column < cells.size(); ++column)
      if (written(column))
        std::swap(cells[kept++], cells[column]);
    cells.resize(kept);
    return cells;
  }
  std::vector<std::string> header(const std::vector<std::string_view>& columns) const {
    return pick({columns.begin(), columns.end()});
  }
};

// Which optional columns hold a value somewhere: `has(row, i)` whether a row has one in optional
// column i. Read from the values, not their text, so that it costs no cell of any row.
template <typename Row, typename Has>
ColumnChoice choose_columns(const std::vector<std::string_view>& columns, std::string_view first,
                            const std::vector<Row>& rows, Has has) {
  ColumnChoice choice;
  choice.first_optional = static_cast<std::size_t>(
      std::find(columns.begin(), columns.end(), first) - columns.begin());
  choice.used.assign(columns.size() - choice.first_optional, false);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < choice.used.size(); ++i)
      if (!choice.used[i] && has(row, i))
        choice.used[i] = true;
  return choice;
}

ColumnChoice project_choice(const Portfolio& portfolio) {
  return choose_columns(project_columns, "calendar", portfolio.projects,
                        [](const Project& project, std::size_t i) {
                          switch (i) {
                            case 0:
                              return !project.calendar.empty();
                            case 1:
                              return !project.schedule_rules.empty();
                            default:
                              return project.data_date.has_value();
                          }
                        });
}

ColumnChoice milestone_choice(const Portfolio& portfolio) {
  return choose_columns(milestone_columns, "duration_minutes", portfolio.milestones,
                        [](const Milestone& milestone, std::size_t i) {
                          switch (i) {
                            case 0:
                              return milestone.duration_minutes.has_value();
                            case 1:
                              return !milestone.calendar.empty();
                            case 2:
                              return milestone.start_on_or_after.has_value();
                            case 3:
                              return milestone.finish_on_or_before.has_value();
                            case 4:
                              return milestone.finish_event;
                            default:
                              return milestone.as_late_as_possible;
                          }
                        });
}

ColumnChoice dependency_choice(const Portfolio& portfolio) {
  return choose_columns(dependency_columns, "lag_minutes", portfolio.dependencies,
                        [](const Dependency& dependency, std::size_t i) {
                          return i == 0 ? dependency.lag_minutes.has_value()
                                        : dependency.lag_calendar.has_value();
                        });
}
}  // namespace

void write_projects_csv(std::ostream& out, const Portfolio& portfolio) {
  const auto choice = project_choice(portfolio);
  write_printable_csv_row(out, choice.header(project_columns));
  ProgressCounter progress(ProgressTask::Writing, portfolio.projects.size());
  for (const auto& project : portfolio.projects) {
    write_printable_csv_row(out, choice.pick(project_cells(project)));
    progress.add();
  }
}

void write_projects_csv(std::ostream& out, const Portfolio& portfolio,
                        const std::vector<ProjectStanding>& standings) {
  const auto choice = project_choice(portfolio);
  auto header = choice.header(project_columns);
  header.insert(header.end(), std::begin(derived_project_columns),
                std::end(derived_project_columns));
  write_printable_csv_row(out, header);
  ProgressCounter progress(ProgressTask::Writing, portfolio.projects.size());
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    auto cells = choice.pick(project_cells(portfolio.projects[p]));
    cells.emplace_back(gem_status(standings[p]));
    cells.emplace_back(eia860_status(standings[p]));
    write_printable_csv_row(out, cells);
    progress.add();
  }
}

void write_milestones_csv(std::ostream& out, const Portfolio& portfolio) {
  const auto choice = milestone_choice(portfolio);
  write_printable_csv_row(out, choice.header(milestone_columns));
  ProgressCounter progress(ProgressTask::Writing, portfolio.milestones.size());
  for (const auto& milestone : portfolio.milestones) {
    write_printable_csv_row(out, choice.pick(milestone_cells(portfolio, milestone)));
    progress.add();
  }
}

void write_dependencies_csv(std::ostream& out, const Portfolio& portfolio) {
  const auto choice = dependency_choice(portfolio);
  write_printable_csv_row(out, choice.header(dependency_columns));
  ProgressCounter progress(ProgressTask::Writing, portfolio.dependencies.size());
  for (const auto& dependency : portfolio.dependencies) {
    write_printable_csv_row(out, choice.pick(dependency_cells(portfolio, dependency)));
    progress.add();
  }
}

void write_calendars_csv(std::ostream& out, const Portfolio& portfolio) {
  write_printable_csv_row(out, {std::begin(calendar_columns), std::end(calendar_columns)});
  for (const auto& calendar : portfolio.calendars)
    write_printable_csv_row(out, {calendar.name, format_weekdays(calendar.weekdays),
                                  std::string(holiday_rule_key(calendar.holidays)),
                                  format_exceptions(calendar.exceptions)});
}

}  // namespace tiendo::io
