#pragma once
// JSON shapes of the portfolio's rows: the CSV column names as keys, numbers as numbers, dates
// as ISO days, absent values null. Stage and technology are the English keys.
#include <nlohmann/json.hpp>

#include "domain/portfolio.h"

namespace tiendo::io {

nlohmann::json project_json(const Project& project);
nlohmann::json milestone_json(const Portfolio& portfolio, const Milestone& milestone);
nlohmann::json dependency_json(const Portfolio& portfolio, const Dependency& dependency);
nlohmann::json date_json(const std::optional<Date>& date);
// Sets object[key] to the date's ISO day, and, for a coarse date, object[key + "_as_entered"] to
// the date as it was written ("2019-07"), so JSON loses no precision.
void add_date(nlohmann::json& object, const std::string& key, const std::optional<Date>& date);

}  // namespace tiendo::io
