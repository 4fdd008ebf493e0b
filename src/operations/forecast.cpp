#include "operations/forecast.h"

#include <fmt/format.h>

#include "domain/command_line.h"
#include "domain/error.h"
#include "graph/network.h"

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
  std::string_view fields = request.by;
  while (!fields.empty()) {
    auto comma = fields.find(',');
    std::string_view name = fields.substr(0, comma);
    auto field = analysis::parse_group_field(name);
    if (!field || *field == analysis::GroupField::Stage || *field == analysis::GroupField::CodYear)
      throw InvalidInput(
          fmt::format("{}by: '{}': not a field to group MW online by (province, technology, "
                      "technology_group, investor)",
                      prefix, shown_safely(name)));
    query.group_by.push_back(*field);
    fields = comma == std::string_view::npos ? "" : fields.substr(comma + 1);
  }
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
