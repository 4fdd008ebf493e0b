#pragma once
// The numbers of a periodic report's energy section ("9 tháng đầu năm", annual): per technology,
// projects and MW at each rung as of the end date; what moved within the period; the delayed
// projects with their causes; what falls due in the next quarter. Pure: the renderers in
// src/report turn it into HTML or Markdown.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/alerts.h"
#include "analysis/pipeline.h"

namespace tiendo::analysis {

struct StageCount {
  std::int64_t projects = 0;
  Capacity mw;
};

// One technology's row: counts "or further" (in the plan or further, approved or further, started
// construction or further), as the reports count them, and operating on its own.
struct TechnologyStanding {
  std::string technology;  // A group key (wind, solar, thermal, hydro) or a technology key.
  StageCount proposed, in_plan, approved, construction, operating;
  std::map<Stage, StageCount> by_stage;  // As they stand, not cumulative, for the stacked chart.
};

struct CompletedMilestone {
  std::int32_t milestone = 0;
  Date date;
};

struct DueMilestone {
  std::int32_t milestone = 0;
  std::int32_t early_finish = 0;
  bool critical = false;
};

struct DelayedProject {
  std::int32_t project = 0;
  std::int32_t cod_milestone = -1;
  std::int32_t days = 0;  // The worst COD slip or overdue days of the project.
  Severity severity = Severity::Info;
  std::optional<Capacity> capacity;
  std::string reason;
};

struct PeriodicReport {
  Date from, to;
  std::string province;  // Display name of the filter, empty for the whole portfolio.
  std::vector<TechnologyStanding> standings;
  StageCount total_proposed, total_in_plan, total_approved, total_construction, total_operating;
  std::vector<StageMovement> movements;                  // Stages reached within the period.
  std::vector<CompletedMilestone> completed;             // Done within the period.
  std::vector<DelayedProject> delayed;                   // Most days first.
  std::map<std::string, Capacity> delayed_mw_by_reason;  // Category → MW late.
  std::map<int, Capacity> mw_by_cod_year;                // Forecast COD year → MW.
  std::vector<DueMilestone> due_next_quarter;
};

// `schedule` is computed at `to`. Projects are leaves, not grid works, filtered by `province`.
PeriodicReport compute_periodic_report(const Portfolio& portfolio,
                                       const graph::MilestoneNetwork& network,
                                       const Schedule& schedule, Date from,
                                       const std::optional<ProvinceFilter>& province,
                                       const ProvinceRegistry& provinces);

std::string technology_bucket(Technology technology);

}  // namespace tiendo::analysis
