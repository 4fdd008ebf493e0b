#pragma once
// The probabilistic COD as a question a user asks: load the portfolio, learn the model from its
// history up to the as-of date, draw. The command line (and later the web) parse their options
// into a ForecastRequest and render the result; every rule of the question is here.
#include <cstdint>
#include <optional>
#include <string>

#include "analysis/forecast.h"
#include "graph/network.h"
#include "store/database.h"

namespace tiendo::operations {

// The draws and seed of the fan chart of MW online in the periodic report and on the dashboard:
// fixed, so that a report drafted twice from one database is the same document.
inline constexpr std::int32_t chart_forecast_draws = 1000;
inline constexpr std::uint64_t chart_forecast_seed = 1;
// The dashboard's: a page, drawn again after every write, so fewer (at 20,000 projects 1,000 draws
// take about ten seconds on two cores, 200 about two); its title says how many.
inline constexpr std::int32_t dashboard_forecast_draws = 200;
// The periodic report's: as many of the chart's 1,000 draws as fit in twenty million milestone
// draws, and never fewer than 50, so that the report stays within seconds at 20,000 projects
// (400,000 milestones: 50 draws) while a province's or a small portfolio's keeps all 1,000. The
// fan's title and note say how many were drawn.
inline constexpr std::int64_t report_forecast_milestone_draws = 20'000'000;
inline constexpr std::int32_t report_forecast_least_draws = 50;
std::int32_t report_forecast_draws(std::size_t milestones);

// The most draws the web API draws for one request: 1,000 over 20,000 projects take seconds; a
// hundred thousand (the command line's limit) would hold a server's cores for minutes.
inline constexpr std::int32_t web_forecast_draws_limit = 10'000;

struct ForecastRequest {
  std::int32_t draws = 1000;
  std::uint64_t seed = 1;
  std::string target;   // A date in any form, or empty.
  std::string by;       // Comma-separated group fields, or empty for the whole portfolio.
  std::string project;  // Explain one project, or empty.
  bool legacy_provinces = false;
  std::string option_prefix = "--";
};

struct Forecast {
  Portfolio portfolio;
  analysis::ForecastQuery query;
  analysis::ForecastResult result;
};

// The question read against a portfolio: InvalidInput for a bad target date or group field
// (stage and cod_year depend on the draw, so they are refused); NotFound for an unknown project.
analysis::ForecastQuery forecast_query(const Portfolio& portfolio, const ForecastRequest& request);

// Learns the model from the portfolio's history up to `as_of` and draws: what the command line
// and the web (on the portfolio and network it holds) both answer with.
analysis::ForecastResult forecast_on(const Portfolio& portfolio,
                                     const graph::MilestoneNetwork& network, Date as_of,
                                     const analysis::ForecastQuery& query);

// MW online by year for the whole portfolio (or one province's projects), with the chart's
// draws and seed.
analysis::ForecastResult chart_forecast(const Portfolio& portfolio,
                                        const graph::MilestoneNetwork& network, Date as_of,
                                        const std::optional<ProvinceFilter>& province,
                                        std::int32_t draws = chart_forecast_draws);

// Loads the portfolio and answers.
Forecast forecast_of(store::Database& database, Date as_of, const ForecastRequest& request);

}  // namespace tiendo::operations
