#include "analysis/impact.h"

#include <fmt/format.h>

#include "domain/error.h"

namespace tiendo::analysis {

std::vector<bool> leaf_projects(const Portfolio& portfolio) {
  std::vector<bool> leaf(portfolio.projects.size(), true);
  for (const auto& project : portfolio.projects)
    if (!project.parent.empty())
      if (auto parent = portfolio.find_project(project.parent))
        leaf[static_cast<std::size_t>(*parent)] = false;
  return leaf;
}

Impact compute_impact(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                      const Schedule& before, std::int32_t source, std::int32_t slip,
                      const ProvinceRegistry& provinces) {
  if (portfolio.milestones[static_cast<std::size_t>(source)].actual)
    throw InvalidInput(fmt::format("{}: done already; only what is not done can slip",
                                   portfolio.reference(source)));
  if (slip <= 0)
    throw InvalidInput(fmt::format("--slip: '{}': must be at least 1 day", slip));
  std::int64_t moved =
      std::int64_t{before.milestones[static_cast<std::size_t>(source)].early_finish} + slip;
  if (!Date::supported(moved))
    throw InvalidInput(fmt::format(
        "--slip: '{}': would move {} past {}, outside the supported years {}-{}", slip,
        portfolio.reference(source), Date::from_days(Date::last_supported_day()).iso_day(),
        first_supported_year, last_supported_year));
  ImposedFinish bound{source, static_cast<std::int32_t>(moved)};
  // What the slip pushes past the supported years downstream is refused by the schedule, which
  // names the milestone.
  Schedule after = compute_schedule(portfolio, network, before.as_of, std::span(&bound, 1));
  auto leaf = leaf_projects(portfolio);
  Impact impact;
  impact.source = source;
  impact.slip_days = slip;
  impact.milestones.push_back(MovedMilestone{source, before.milestones[static_cast<std::size_t>(source)].early_finish,
                                             after.milestones[static_cast<std::size_t>(source)].early_finish, -1});
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    std::int32_t was = before.milestones[m].early_finish;
    std::int32_t now = after.milestones[m].early_finish;
    if (now == was)
      continue;
    if (static_cast<std::int32_t>(m) != source) {
      const auto& entry = after.milestones[m];
      std::int32_t pushed_by =
          entry.driver == DriverKind::Predecessor && entry.driver_dependency >= 0
              ? portfolio.dependencies[static_cast<std::size_t>(entry.driver_dependency)].from
              : -1;
      impact.milestones.push_back(
          MovedMilestone{static_cast<std::int32_t>(m), was, now, pushed_by});
    }
    const Milestone& milestone = portfolio.milestones[m];
    if (milestone.key != "cod")
      continue;
    const Project& project = portfolio.projects[static_cast<std::size_t>(milestone.project)];
    ImpactedProject entry{milestone.project, was, now, std::nullopt};
    entry.leaves_its_year = Date::from_days(now).year() > Date::from_days(was).year();
    if (leaf[static_cast<std::size_t>(milestone.project)] && project.technology != Technology::Grid)
      entry.capacity = project.capacity;
    if (entry.capacity) {
      impact.total += *entry.capacity;
      if (entry.leaves_its_year)
        impact.leaving_their_year += *entry.capacity;
      impact.by_province[std::string(provinces.current_of(project.province))] += *entry.capacity;
      impact.by_technology[std::string(technology_key(project.technology))] += *entry.capacity;
    }
    impact.projects.push_back(entry);
  }
  return impact;
}

}  // namespace tiendo::analysis
