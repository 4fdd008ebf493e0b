#include "operations/forecast.h"

#include <fmt/format.h>

#include <algorithm>

#include "domain/command_line.h"
#include "domain/error.h"
#include "domain/progress.h"
#include "graph/network.h"
#include "operations/queries.h"
#include "report/catalogue.h"

namespace tiendo::operations {

analysis::ForecastQuery forecast_query(const Portfolio& portfolio, const ForecastRequest& request) {
  const std::string& prefix = request.option_prefix;
  analysis::ForecastQuery query;
  query.draws = request.draws;
  query.seed = request.seed;
  query.legacy_provinces = request.legacy_provinces;
  if (!request.target.empty())
    query.target = Date::parse_option(prefix + "target", request.target);
  // Stage and COD year depend on the draw, so MW online cannot be grouped by them.
  query.group_by = parse_group_fields(
      request.by, prefix + "by",
      report::N_("{}: '{}': not a field to group MW online by (province, technology, "
                 "technology_group, investor)"),
      [](analysis::GroupField field) {
        return field != analysis::GroupField::Stage && field != analysis::GroupField::CodYear;
      });
  if (!request.project.empty()) {
    auto index = portfolio.find_project(request.project);
    if (!index)
      throw NotFound(message("project '{}' not found", shown_safely(request.project)));
    query.explain_project = *index;
  }
  return query;
}

analysis::ForecastResult forecast_on(const Portfolio& portfolio,
                                     const graph::MilestoneNetwork& network, Date as_of,
                                     const analysis::ForecastQuery& query) {
  auto model = analysis::ForecastModel::learn(portfolio, network, as_of);
  return analysis::compute_forecast(portfolio, network, as_of, model, query,
                                    ProvinceRegistry::builtin());
}

analysis::ForecastResult chart_forecast(const Portfolio& portfolio,
                                        const graph::MilestoneNetwork& network, Date as_of,
                                        const std::optional<ProvinceFilter>& province,
                                        std::int32_t draws) {
  analysis::ForecastQuery query;
  query.draws = draws;
  query.seed = chart_forecast_seed;
  query.province = province;
  return forecast_on(portfolio, network, as_of, query);
}

Forecast forecast_of(store::Database& database, Date as_of, const ForecastRequest& request) {
  Forecast forecast;
  report_progress(ProgressTask::Loading, 0, 0);
  forecast.portfolio = database.load(store::Database::Detail::Lean);
  forecast.query = forecast_query(forecast.portfolio, request);
  graph::MilestoneNetwork network(forecast.portfolio);
  forecast.result = forecast_on(forecast.portfolio, network, as_of, forecast.query);
  return forecast;
}

std::int32_t report_forecast_draws(std::size_t milestones) {
  std::int64_t fitting = report_forecast_milestone_draws /
                         std::max<std::int64_t>(1, static_cast<std::int64_t>(milestones));
  return static_cast<std::int32_t>(
      std::clamp<std::int64_t>(fitting, report_forecast_least_draws, chart_forecast_draws));
}

}  // namespace tiendo::operations
