#pragma once
// Tables and JSON documents of the analysis results, shared by the commands that print them
// (pipeline, alerts) and the demo and report that quote them.
#include <nlohmann/json.hpp>

#include "analysis/alerts.h"
#include "analysis/pipeline.h"
#include "report/format.h"

namespace tiendo::report {

Table pipeline_table(const analysis::PipelineResult& result,
                     const std::vector<analysis::GroupField>& group_by, Language language);
nlohmann::json pipeline_json(const analysis::PipelineResult& result,
                             const std::vector<analysis::GroupField>& group_by, Date as_of);

// MW an alert puts at stake: a leaf plant's capacity; nothing for parents and grid works.
std::optional<Capacity> alert_capacity(const Portfolio& portfolio, const std::vector<bool>& leaf,
                                       std::int32_t project);
Table alerts_table(const Portfolio& portfolio, const analysis::Schedule& schedule,
                   const std::vector<analysis::Alert>& alerts, Language language);
nlohmann::json alerts_json(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           const std::vector<analysis::Alert>& alerts);

}  // namespace tiendo::report
