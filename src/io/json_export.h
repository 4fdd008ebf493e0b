#pragma once
// JSON shapes of the portfolio's rows: the CSV column names as keys, numbers as numbers, dates
// as ISO days, absent values null. Stage and technology are the English keys.
#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "domain/portfolio.h"
#include "io/table_selection.h"

namespace tiendo::io {

nlohmann::json project_json(const Project& project);
nlohmann::json milestone_json(const Portfolio& portfolio, const Milestone& milestone);
nlohmann::json dependency_json(const Portfolio& portfolio, const Dependency& dependency);
// Writes the selected tables as `export --format json` shows them: an object with each table's
// rows under its name, projects with their GEM and EIA-860 status (`standings` is parallel to
// Portfolio::projects), laid out as nlohmann's dump(2) would lay out the whole, then a newline.
// It is written a row at a time, each row's text made by `row_text` (the caller's rendering,
// which makes invalid text valid), so that the rows written are reported as progress and the
// whole (gigabytes as a JSON tree for a national portfolio) is never held at once.
void write_portfolio_json(std::ostream& out, const Portfolio& portfolio,
                          const std::vector<ProjectStanding>& standings, TableSelection selection,
                          const std::function<std::string(const nlohmann::json&)>& row_text);
nlohmann::json date_json(const std::optional<Date>& date);
// Sets object[key] to the date's ISO day, and, for a coarse date, object[key + "_as_entered"] to
// the date as it was written ("2019-07"), so JSON loses no precision.
void add_date(nlohmann::json& object, const std::string& key, const std::optional<Date>& date);

}  // namespace tiendo::io
