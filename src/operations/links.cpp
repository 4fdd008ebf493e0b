#include "operations/links.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "analysis/incremental_schedule.h"
#include "domain/edit.h"
#include "domain/error.h"
#include "graph/network.h"
#include "operations/in_place_edits.h"
#include "operations/scope.h"

namespace tiendo::operations {

std::string link_entity(const std::string& from, const std::string& to) {
  return fmt::format("dependency:{}->{}", from, to);
}

std::vector<std::int64_t> dependency_versions(store::Database& database, const Portfolio& portfolio,
                                              const std::vector<std::int32_t>& dependencies) {
  std::map<std::string, std::map<std::string, store::ChangeRecord>> by_project;
  std::vector<std::int64_t> versions;
  versions.reserve(dependencies.size());
  for (auto index : dependencies) {
    const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(index)];
    const std::string& code =
        portfolio
            .projects[static_cast<std::size_t>(
                portfolio.milestones[static_cast<std::size_t>(link.to)].project)]
            .code;
    auto found = by_project.find(code);
    if (found == by_project.end())
      found = by_project.emplace(code, database.last_changes(code)).first;
    auto record = found->second.find(
        link_entity(portfolio.reference(link.from), portfolio.reference(link.to)));
    versions.push_back(record == found->second.end() ? 0 : record->second.id);
  }
  return versions;
}

namespace {

// remove_milestone's rules for the context, before anything is read.
void check_removal_context(const store::ChangeContext& context) {
  // Everything here goes to the append-only change log, so it is checked before anything is
  // written, as every edit's context is.
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
  if (context.reason.empty())
    throw InvalidInput(
        message("reason: '': a milestone is removed only with a reason (the history keeps it)"));
}

// remove_milestone's rules for the milestone `milestone` of `portfolio` (what the database
// holds), inside the write transaction: the guard's scope and version.
void check_removal(store::Database& database, const Portfolio& portfolio, std::int32_t milestone,
                   const Guard& guard) {
  const Milestone& entry = portfolio.milestones[static_cast<std::size_t>(milestone)];
  const Project& project = portfolio.projects[static_cast<std::size_t>(entry.project)];
  const std::string reference = portfolio.reference(milestone);
  if (guard.account) {
    // Its own project, and the successor of every link that goes with it: a link out of it into
    // another province's project bounded that project's dates.
    TouchedProjects touched;
    touched.own_rows(project);
    for (const auto& link : portfolio.dependencies)
      if (link.from == milestone || link.to == milestone)
        touched.link(portfolio, link);
    touched.check(*guard.account);
  }
  if (guard.expected_version)
    check_version(database, project.code, fmt::format("milestone:{}", reference),
                  fmt::format("milestone '{}'", reference), *guard.expected_version);
}

}  // namespace

RemovedMilestone remove_milestone(store::Database& database, const store::ChangeContext& context,
                                  const std::string& reference, const Guard& guard) {
  check_removal_context(context);
  RemovedMilestone removed;
  auto summary = database.remove_milestone(context, reference,
                                           [&](const Portfolio& portfolio, std::int32_t milestone) {
                                             removed.reference = portfolio.reference(milestone);
                                             check_removal(database, portfolio, milestone, guard);
                                           });
  removed.links_removed = summary.dependencies_removed;
  return removed;
}

InPlaceMilestoneRemoval remove_milestone_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    analysis::Schedule& schedule, std::span<const std::int32_t> also_changed,
    const store::Database::Stamp& stamp, const std::string& reference, Date as_of,
    const Guard& guard) {
  check_removal_context(context);
  InPlaceMilestoneRemoval edit;
  edit.written = database.write_if_unchanged(stamp, [&] {
    const std::int32_t index = portfolio.milestone_by_reference(reference);
    check_removal(database, portfolio, index, guard);
    // Written first (the portfolio still names it and its links), then taken out of it.
    auto summary = database.delete_milestone(context, portfolio, index);
    edit.result = RemovedMilestone{portfolio.reference(index), summary.dependencies_removed};
    edit.milestone = index;
    edit.value = portfolio.milestones[static_cast<std::size_t>(index)];
    // Its neighbours: what the links removed bounded (successors) and were bounded by.
    std::vector<std::int32_t> neighbours;
    auto project_code = [&](std::int32_t milestone) {
      return portfolio
          .projects[static_cast<std::size_t>(
              portfolio.milestones[static_cast<std::size_t>(milestone)].project)]
          .code;
    };
    edit.logged_projects.push_back(project_code(index));
    for (const auto& link : portfolio.dependencies)
      if (link.from == index) {
        neighbours.push_back(link.to);
        const auto& successor = project_code(link.to);
        if (std::find(edit.logged_projects.begin(), edit.logged_projects.end(), successor) ==
            edit.logged_projects.end())
          edit.logged_projects.push_back(successor);
      } else if (link.to == index) {
        neighbours.push_back(link.from);
      }
    auto kept = portfolio.remove_rows({}, {index}, {});
    edit.renumbering.assign(kept.dependencies.size(), -1);
    std::int32_t next = 0;
    for (std::size_t i = 0; i < kept.dependencies.size(); ++i)
      if (kept.dependencies[i])
        edit.renumbering[i] = next++;
    auto moved_down = [index](std::int32_t milestone) {
      return milestone > index ? milestone - 1 : milestone;
    };
    for (auto& milestone : neighbours)
      milestone = moved_down(milestone);
    edit.neighbours = neighbours;
    // Removing a milestone closes no cycle; the network is built again for its edges.
    edit.network = std::make_shared<const graph::MilestoneNetwork>(portfolio);
    analysis::remove_schedule_entry(schedule, index);
    analysis::ScheduleChange change;
    for (auto milestone : also_changed)
      if (milestone != index)
        change.milestones.push_back(moved_down(milestone));
    change.milestones.insert(change.milestones.end(), neighbours.begin(), neighbours.end());
    change.link_renumbering = edit.renumbering;
    analysis::update_schedule(schedule, portfolio, *edit.network, as_of, change);
    edit.stamp = database.stamp();
    edit.changed_day = latest_change_day(database);
  });
  return edit;
}

}  // namespace tiendo::operations
