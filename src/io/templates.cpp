#include "io/templates.h"

#include <fmt/format.h>

#include <algorithm>

namespace tiendo::io {

std::vector<TemplateStep> parse_templates(const CsvTable& table, ProblemList& problems) {
  const std::vector<std::string> columns = {"technology", "key",  "name",     "duration_days",
                                            "after",      "type", "lag_days", "source"};
  if (table.header != columns) {
    problems.add(InputLocation{table.file, 1}, "header", fmt::format("{}", fmt::join(table.header, ",")),
                 fmt::format("a template file has the columns {}", fmt::join(columns, ",")));
    return {};
  }
  std::vector<TemplateStep> steps;
  for (const auto& row : table.rows) {
    const auto& cell = row.fields;
    bool known = parse_technology(cell[0]) || parse_technology_group(cell[0]);
    if (!known) {
      problems.add(InputLocation{table.file, row.number}, "technology", cell[0],
                   "not a technology or a group (wind, solar, thermal, hydro)");
      continue;
    }
    steps.push_back(TemplateStep{cell[0], cell[1], cell[2], cell[3], cell[4], cell[5], cell[6]});
  }
  return steps;
}

std::size_t apply_template(Portfolio& portfolio, std::int32_t project,
                           const std::vector<TemplateStep>& steps, ProblemList& problems) {
  const Project& entry = portfolio.projects[static_cast<std::size_t>(project)];
  std::string code = entry.code;
  std::string exact(technology_key(entry.technology));
  std::string group(technology_group_key(technology_group(entry.technology)));
  // The most specific template wins: one written for this technology, else its group's.
  bool has_exact = std::any_of(steps.begin(), steps.end(),
                               [&](const TemplateStep& step) { return step.technology == exact; });
  const std::string& wanted = has_exact ? exact : group;
  std::size_t added = 0;
  InputLocation location{"template " + wanted, 0};
  for (const auto& step : steps) {
    if (step.technology != wanted || wanted.empty()) continue;
    if (!portfolio.find_milestone(code, step.key)) {
      apply_milestone(portfolio,
                      Fields{{"project", code},
                             {"key", step.key},
                             {"name", step.name},
                             {"duration_days", step.duration_days},
                             {"source", "milestone template " + wanted}},
                      location, problems);
      ++added;
    }
    if (!step.after.empty())
      apply_dependency(portfolio,
                       Fields{{"from", fmt::format("{}:{}", code, step.after)},
                              {"to", fmt::format("{}:{}", code, step.key)},
                              {"type", step.type},
                              {"lag_days", step.lag_days}},
                       location, problems);
  }
  return added;
}

}  // namespace tiendo::io
