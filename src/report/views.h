#pragma once
// Tables and JSON documents of the analysis results, shared by the commands that print them
// (pipeline, alerts) and the demo and report that quote them.
#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string_view>
#include <vector>

#include "analysis/alerts.h"
#include "analysis/forecast.h"
#include "analysis/impact.h"
#include "analysis/pipeline.h"
#include "report/format.h"

namespace tiendo::report {

// The command line's English keeps the keys (in_plan, wind_onshore) it takes as options; a web
// page asks for `labels` in English too ("in plan", "Wind onshore").
Table pipeline_table(const analysis::PipelineResult& result,
                     const std::vector<analysis::GroupField>& group_by, Language language,
                     bool labels = false);
nlohmann::json pipeline_json(const analysis::PipelineResult& result,
                             const std::vector<analysis::GroupField>& group_by, Date as_of);

// The probabilistic COD as `forecast --format json` and GET /api/v1/forecast give it: per project
// its percentiles (only the explained one when the query explains one), MW online by group and
// year, what the model rests on, and the driving steps of an explained project.
nlohmann::json forecast_json(const Portfolio& portfolio, const analysis::ForecastQuery& query,
                             const analysis::ForecastResult& result);

// MW an alert puts at stake: a leaf plant's capacity; nothing for parents and grid works.
std::optional<Capacity> alert_capacity(const Portfolio& portfolio, const std::vector<bool>& leaf,
                                       std::int32_t project);
Table alerts_table(const Portfolio& portfolio, const analysis::Schedule& schedule,
                   const std::vector<analysis::Alert>& alerts, Language language);
nlohmann::json alerts_json(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           const std::vector<analysis::Alert>& alerts);
// One alert's object as json_text(alerts_json(...)) writes it, indented as it stands there: a
// server keeps the rows of alerts that did not change between two states of the portfolio
// instead of writing them again (their driver chains are most of the work). `leaf` is
// analysis::leaf_projects.
std::string alert_json_row(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           const std::vector<bool>& leaf, const analysis::Alert& alert);
// json_text(alerts_json(...)) put together from the rows of its alerts, in order.
std::string alerts_json_text(Date as_of, const std::vector<std::string_view>& rows);

// The JSON text of a document, indented by two: the one way tiendo writes JSON (the command line,
// the API's answers, exports). A database written before text was checked, or by another tool,
// may hold bytes that are not UTF-8; JSON cannot carry them, so each becomes U+FFFD rather than
// failing the answer; control characters are JSON escapes (\u001b, \u0000).
std::string json_text(const nlohmann::json& value);

// `schedule --format json`, written a milestone per line straight to `out`: a national
// portfolio has hundreds of thousands. `only` keeps one project's milestones; with the slips
// against a baseline (by milestone index), each milestone also gets "baseline_slip_days".
void write_schedule_json(std::ostream& out, const Portfolio& portfolio,
                         const analysis::Schedule& schedule, std::optional<std::int32_t> only,
                         const std::vector<std::optional<std::int32_t>>* baseline_slips);

nlohmann::json impact_json(const Portfolio& portfolio, const analysis::Impact& impact, Date as_of,
                           const std::string& reference, std::int32_t slip_days);

}  // namespace tiendo::report
