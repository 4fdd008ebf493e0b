#include "operations/forecast.h"

#include <fmt/format.h>

#include "domain/command_line.h"
#include "domain/error.h"
#include "graph/network.h"
#include "operations/queries.h"

namespace tiendo::operations {

Forecast forecast_of(store::Database& database, Date as_of, const ForecastRequest& request) {
  const std::string& prefix = request.option_prefix;
  Forecast forecast;
  analysis::ForecastQuery& query = forecast.query;
  query.draws = request.draws;
  query.seed = request.seed;
  query.legacy_provinces = request.legacy_provinces;
  if (!request.target.empty())
    query.target = Date::parse_option(prefix + "target", request.target);
  // Stage and COD year depend on the draw, so MW online cannot be grouped by them.
  query.group_by = parse_group_fields(
      request.by, prefix + "by",
      "not a field to group MW online by (province, technology, technology_group, investor)",
      [](analysis::GroupField field) {
        return field != analysis::GroupField::Stage && field != analysis::GroupField::CodYear;
      });
  forecast.portfolio = database.load(store::Database::Detail::Lean);
  const Portfolio& portfolio = forecast.portfolio;
  if (!request.project.empty()) {
    auto index = portfolio.find_project(request.project);
    if (!index)
      throw NotFound(fmt::format("project '{}' not found", shown_safely(request.project)));
    query.explain_project = *index;
  }
  graph::MilestoneNetwork network(portfolio);
  auto model = analysis::ForecastModel::learn(portfolio, network, as_of);
  forecast.result = analysis::compute_forecast(portfolio, network, as_of, model, query,
                                               ProvinceRegistry::builtin());
  return forecast;
}

}  // namespace tiendo::operations
