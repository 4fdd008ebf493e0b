#pragma once
// Milestone templates per technology (fixtures/templates.csv): the milestones a new project of
// that kind usually has, with the links and typical lags between them. Data, so that a department
// can edit them to its own experience.
#include <string>
#include <vector>

#include "domain/edit.h"
#include "io/csv.h"

namespace tiendo::io {

struct TemplateStep {
  std::string technology;  // A technology key or a group (wind, solar, thermal, hydro).
  std::string key;
  std::string name;
  std::string duration_days;
  std::string after;  // The key of the predecessor within the same project, or empty.
  std::string type;
  std::string lag_days;
};

// Reads the template table; problems name the file and row.
std::vector<TemplateStep> parse_templates(const CsvTable& table, ProblemList& problems);

// Adds the template's milestones and links for the project's technology (exact key first, then
// its group) to a project that has none of them yet. Returns the number of milestones added.
std::size_t apply_template(Portfolio& portfolio, std::int32_t project,
                           const std::vector<TemplateStep>& steps, ProblemList& problems);

}  // namespace tiendo::io
