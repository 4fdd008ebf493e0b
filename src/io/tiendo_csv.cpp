#include "io/tiendo_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <unordered_map>

#include "domain/error.h"

namespace tiendo::io {
namespace {

bool has_column(const CsvTable& table, std::string_view name) {
  return std::find(table.header.begin(), table.header.end(), name) != table.header.end();
}

bool derived_column(TableKind kind, std::string_view name) {
  if (kind != TableKind::Projects)
    return false;
  return std::find(std::begin(derived_project_columns), std::end(derived_project_columns), name) !=
         std::end(derived_project_columns);
}

// A projects file exported with its GEM and EIA-860 columns imports as it is: those columns are
// derived from the stage, so they are dropped here rather than refused as unknown.
Fields row_fields(TableKind kind, const CsvTable& table, const CsvRow& row) {
  Fields fields;
  fields.reserve(table.header.size());
  for (std::size_t i = 0; i < table.header.size(); ++i)
    if (!derived_column(kind, table.header[i]))
      fields.push_back(Field{table.header[i], row.fields[i]});
  return fields;
}

// The key a row is upserted by, to refuse the same key twice in one file.
std::string row_key(TableKind kind, const Fields& fields) {
  auto value = [&](std::string_view name) -> std::string {
    for (const auto& field : fields)
      if (field.name == name)
        return field.value;
    return "";
  };
  switch (kind) {
    case TableKind::Projects:
      return value("code");
    case TableKind::Milestones:
      return value("project") + ":" + value("key");
    case TableKind::Dependencies:
      return value("from") + " -> " + value("to");
  }
  return "";
}

}  // namespace

TableKind recognise(const CsvTable& table) {
  if (has_column(table, "code"))
    return TableKind::Projects;
  if (has_column(table, "project") && has_column(table, "key"))
    return TableKind::Milestones;
  if (has_column(table, "from") && has_column(table, "to"))
    return TableKind::Dependencies;
  throw InvalidInput(fmt::format(
      "{}:1: header: '{}': not a tiendo CSV (projects need 'code', milestones 'project' and "
      "'key', dependencies 'from' and 'to')",
      table.file, fmt::join(table.header, ",")));
}

void apply_tables(Portfolio& portfolio, std::vector<CsvTable> tables, ProblemList& problems,
                  const ProvinceRegistry& provinces) {
  std::vector<std::pair<TableKind, CsvTable*>> ordered;
  for (auto& table : tables) {
    // A file that could not be read or parsed at all has been reported already.
    if (table.header.empty())
      continue;
    try {
      ordered.emplace_back(recognise(table), &table);
    } catch (const InvalidInput& error) {
      problems.add_line(error.what());
    }
    // A header naming one column twice would make the row ambiguous.
    for (std::size_t i = 0; i < table.header.size(); ++i)
      for (std::size_t j = i + 1; j < table.header.size(); ++j)
        if (table.header[i] == table.header[j])
          problems.add(InputLocation{table.file, 1}, "header", table.header[i],
                       "column named twice");
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  bool parents_touched = false;
  for (auto& [kind, table] : ordered) {
    std::unordered_map<std::string, std::int64_t> first_row;
    for (const auto& row : table->rows) {
      InputLocation location{table->file, row.number};
      Fields fields = row_fields(kind, *table, row);
      std::string key = row_key(kind, fields);
      auto [seen, inserted] = first_row.emplace(key, row.number);
      if (!inserted) {
        problems.add(location, kind == TableKind::Projects ? "code" : "key", key,
                     fmt::format("repeats row {} of the same file", seen->second));
        continue;
      }
      switch (kind) {
        case TableKind::Projects:
          apply_project(portfolio, fields, location, problems, provinces);
          parents_touched = true;
          break;
        case TableKind::Milestones:
          apply_milestone(portfolio, fields, location, problems);
          break;
        case TableKind::Dependencies:
          apply_dependency(portfolio, fields, location, problems);
          break;
      }
    }
    // A table's rows are no longer needed once applied; a national import is held whole in
    // memory, so each table is released before the next is read into the portfolio.
    table->rows = {};
  }
  if (parents_touched)
    check_parents(portfolio, problems);
}

namespace {
std::vector<std::string> header_cells(const std::vector<std::string_view>& columns) {
  return {columns.begin(), columns.end()};
}
}  // namespace

void write_projects_csv(std::ostream& out, const Portfolio& portfolio) {
  write_csv_row(out, header_cells(project_columns));
  for (const auto& project : portfolio.projects)
    write_csv_row(out, project_cells(project));
}

void write_projects_csv(std::ostream& out, const Portfolio& portfolio,
                        const std::vector<ProjectStanding>& standings) {
  auto header = header_cells(project_columns);
  header.insert(header.end(), std::begin(derived_project_columns),
                std::end(derived_project_columns));
  write_csv_row(out, header);
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    auto cells = project_cells(portfolio.projects[p]);
    cells.emplace_back(gem_status(standings[p]));
    cells.emplace_back(eia860_status(standings[p]));
    write_csv_row(out, cells);
  }
}

void write_milestones_csv(std::ostream& out, const Portfolio& portfolio) {
  write_csv_row(out, header_cells(milestone_columns));
  for (const auto& milestone : portfolio.milestones)
    write_csv_row(out, milestone_cells(portfolio, milestone));
}

void write_dependencies_csv(std::ostream& out, const Portfolio& portfolio) {
  write_csv_row(out, header_cells(dependency_columns));
  for (const auto& dependency : portfolio.dependencies)
    write_csv_row(out, dependency_cells(portfolio, dependency));
}

}  // namespace tiendo::io
