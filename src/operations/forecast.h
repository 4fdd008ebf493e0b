#pragma once
// The probabilistic COD as a question a user asks: load the portfolio, learn the model from its
// history up to the as-of date, draw. The command line (and later the web) parse their options
// into a ForecastRequest and render the result; every rule of the question is here.
#include <cstdint>
#include <optional>
#include <string>

#include "analysis/forecast.h"
#include "store/database.h"

namespace tiendo::operations {

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

// InvalidInput for a bad target date or group field (stage and cod_year depend on the draw, so
// they are refused); NotFound for an unknown project.
Forecast forecast_of(store::Database& database, Date as_of, const ForecastRequest& request);

}  // namespace tiendo::operations
