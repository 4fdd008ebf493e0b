#include "analysis/periodic.h"

#include <algorithm>

#include "analysis/impact.h"

namespace tiendo::analysis {

std::string technology_bucket(Technology technology) {
  auto group = technology_group(technology);
  return group == TechnologyGroup::None ? std::string(technology_key(technology))
                                        : std::string(technology_group_key(group));
}

PeriodicReport compute_periodic_report(const Portfolio& portfolio,
                                       const graph::MilestoneNetwork& network,
                                       const Schedule& schedule, Date from,
                                       const std::optional<ProvinceFilter>& province,
                                       const ProvinceRegistry& provinces) {
  PeriodicReport report;
  report.from = from;
  report.to = schedule.as_of;
  if (province)
    report.province = province->display_name();
  auto leaf = leaf_projects(portfolio);
  auto by_project = milestones_by_project(portfolio);
  std::vector<bool> counted(portfolio.projects.size(), false);
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    const Project& project = portfolio.projects[p];
    counted[p] = leaf[p] && project.technology != Technology::Grid &&
                 (!province || province->matches(project.province));
  }

  std::map<std::string, TechnologyStanding> standings;
  auto statuses = statuses_as_of(portfolio, report.to);
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    if (!counted[p])
      continue;
    auto index = static_cast<std::int32_t>(p);
    auto status = statuses[p];
    // Cancelled and retired projects have left the pipeline; suspended ones still hold their rung.
    if (status == ProjectStatus::Cancelled || status == ProjectStatus::Retired)
      continue;
    const Project& project = portfolio.projects[p];
    Capacity mw = project.capacity.value_or(Capacity{});
    Stage stage = stage_as_of(portfolio, index, report.to, by_project);
    auto& standing = standings[technology_bucket(project.technology)];
    standing.technology = technology_bucket(project.technology);
    auto add = [&](StageCount& count, StageCount& total) {
      count.projects += 1;
      count.mw += mw;
      total.projects += 1;
      total.mw += mw;
    };
    // Proposals under consideration are counted on their own: they are not yet in any plan.
    if (stage == Stage::Proposed)
      add(standing.proposed, report.total_proposed);
    if (stage >= Stage::InPlan)
      add(standing.in_plan, report.total_in_plan);
    if (stage >= Stage::Approved)
      add(standing.approved, report.total_approved);
    if (stage >= Stage::Construction)
      add(standing.construction, report.total_construction);
    if (stage == Stage::Operating)
      add(standing.operating, report.total_operating);
    standing.by_stage[stage].projects += 1;
    standing.by_stage[stage].mw += mw;
  }
  for (auto& [key, standing] : standings)
    report.standings.push_back(std::move(standing));

  PipelineQuery query;
  query.province = province;
  report.movements = compare_stages(portfolio, query, from, report.to, provinces);

  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    auto owner = static_cast<std::size_t>(milestone.project);
    bool in_scope = !province || province->matches(portfolio.projects[owner].province);
    if (!in_scope)
      continue;
    if (milestone.actual && from < *milestone.actual && !(report.to < *milestone.actual))
      report.completed.push_back(
          CompletedMilestone{static_cast<std::int32_t>(m), *milestone.actual});
    const auto& entry = schedule.milestones[m];
    std::int32_t quarter_end = report.to.days() + 92;
    if (!milestone.actual && entry.early_finish > report.to.days() &&
        entry.early_finish <= quarter_end)
      report.due_next_quarter.push_back(
          DueMilestone{static_cast<std::int32_t>(m), entry.early_finish, entry.critical});
    if (milestone.key == "cod" && counted[owner]) {
      std::int32_t year = Date::from_days(entry.early_finish).year();
      report.mw_by_cod_year[year] += portfolio.projects[owner].capacity.value_or(Capacity{});
    }
  }
  std::sort(report.completed.begin(), report.completed.end(),
            [](const auto& a, const auto& b) { return a.date < b.date; });
  std::sort(report.due_next_quarter.begin(), report.due_next_quarter.end(),
            [](const auto& a, const auto& b) { return a.early_finish < b.early_finish; });

  // A project is delayed when its COD slips or one of its milestones is overdue; it is listed once,
  // under its worst alert.
  auto alerts = compute_alerts(portfolio, network, schedule, AlertInputs{});
  std::map<std::int32_t, DelayedProject> delayed;
  for (const auto& alert : alerts) {
    if (alert.kind != AlertKind::CodSlip && alert.kind != AlertKind::Overdue)
      continue;
    auto owner = static_cast<std::size_t>(alert.project);
    if (province && !province->matches(portfolio.projects[owner].province))
      continue;
    auto [entry, inserted] = delayed.try_emplace(alert.project);
    if (!inserted && entry->second.days >= alert.days)
      continue;
    entry->second.project = alert.project;
    entry->second.days = alert.days;
    entry->second.severity = alert.severity;
    entry->second.reason = alert.reason;
    entry->second.cod_milestone = alert.milestone;
    if (counted[owner])
      entry->second.capacity = portfolio.projects[owner].capacity;
  }
  for (auto& [project, entry] : delayed) {
    // The chart of a delayed project is drawn around its COD when it has one.
    for (std::int32_t m : by_project[static_cast<std::size_t>(project)])
      if (portfolio.milestones[static_cast<std::size_t>(m)].key == "cod")
        entry.cod_milestone = m;
    std::string category =
        entry.reason.empty() ? "unknown" : entry.reason.substr(0, entry.reason.find(':'));
    report.delayed_mw_by_reason[category] += entry.capacity.value_or(Capacity{});
    report.delayed.push_back(entry);
  }
  std::stable_sort(report.delayed.begin(), report.delayed.end(),
                   [](const auto& a, const auto& b) { return a.days > b.days; });
  return report;
}

}  // namespace tiendo::analysis
