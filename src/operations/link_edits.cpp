// A link's type or lag changed against the portfolio a server holds in memory: one row written,
// the schedule brought up to date from the link's ends (operations/links.h).
#include <fmt/format.h>

#include "analysis/incremental_schedule.h"
#include "domain/edit.h"
#include "domain/error.h"
#include "graph/network.h"
#include "operations/in_place_edits.h"
#include "operations/links.h"
#include "operations/scope.h"

namespace tiendo::operations {

InPlaceLinkEdit set_dependency_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    const graph::MilestoneNetwork& network, analysis::Schedule& schedule,
    std::span<const std::int32_t> also_changed, const store::Database::Stamp& stamp,
    const std::string& from, const std::string& to, const std::optional<std::string>& type,
    const std::optional<std::string>& lag_days, Date as_of, const Account* account,
    std::optional<std::int64_t> expected_version) {
  // The same checks, in the same order and with the same messages, as edit_dependency (Set).
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
  Fields given{{"from", from}, {"to", to}};
  if (type)
    given.push_back(Field{"type", *type});
  if (lag_days)
    given.push_back(Field{"lag_days", *lag_days});
  if (given.size() == 2)
    throw InvalidInput(message("give a type or a lag to change")
                           .on_command_line("depend set: give --type or --lag to change"));
  InPlaceLinkEdit edit;
  std::optional<std::int32_t> index;
  Dependency before;
  try {
    edit.written = database.write_if_unchanged(stamp, [&] {
      // Unknown milestones are "not found", not bad input.
      std::int32_t predecessor = portfolio.milestone_by_reference(from);
      std::int32_t successor = portfolio.milestone_by_reference(to);
      auto existing = portfolio.find_dependency(predecessor, successor);
      if (!existing)
        throw NotFound(message("dependency '{}' not found",
                               fmt::format("{} -> {}", portfolio.reference(predecessor),
                                           portfolio.reference(successor)))
                           .on_command_line("dependency '{}' not found (add it with depend add)"));
      before = portfolio.dependencies[static_cast<std::size_t>(*existing)];
      index = existing;
      ProblemList problems;
      auto applied = apply_dependency(portfolio, given, InputLocation{}, problems);
      problems.throw_if_any();
      if (applied != *existing)
        throw Error(message("internal: a link's change added a link"));
      const Dependency& after = portfolio.dependencies[static_cast<std::size_t>(*existing)];
      if (account) {
        TouchedProjects touched;
        touched.link(portfolio, after);
        touched.check(*account);
      }
      if (expected_version) {
        const Project& project = portfolio.projects[static_cast<std::size_t>(
            portfolio.milestones[static_cast<std::size_t>(successor)].project)];
        check_version(database, project.code,
                      link_entity(portfolio.reference(predecessor), portfolio.reference(successor)),
                      fmt::format("dependency '{} -> {}'", portfolio.reference(predecessor),
                                  portfolio.reference(successor)),
                      *expected_version);
      }
      // check_schedulable's rule: the link keeps its ends, so the network has no new cycle, and
      // only what the update recomputes can have left the supported years (it throws then).
      analysis::ScheduleChange change;
      change.milestones.assign(also_changed.begin(), also_changed.end());
      change.links.push_back(*existing);
      analysis::update_schedule(schedule, portfolio, network, as_of, change);
      database.update_dependency(context, portfolio, before, after);
      edit.result = DependencyResult{portfolio.reference(predecessor),
                                     portfolio.reference(successor), after.type, after.lag_days};
      edit.dependency = *existing;
      edit.value = after;
      edit.stamp = database.stamp();
      edit.changed_day = latest_change_day(database);
    });
  } catch (...) {
    if (index)
      portfolio.dependencies[static_cast<std::size_t>(*index)] = before;
    throw;
  }
  if (!edit.written && index)
    portfolio.dependencies[static_cast<std::size_t>(*index)] = before;
  return edit;
}

}  // namespace tiendo::operations

namespace tiendo::operations {
namespace {

// The network of `portfolio` with a link added: a cycle refused as check_schedulable refuses it.
std::shared_ptr<const graph::MilestoneNetwork> network_or_cycle(const Portfolio& portfolio) {
  try {
    return std::make_shared<const graph::MilestoneNetwork>(portfolio);
  } catch (const CycleError&) {
    graph::check_acyclic(portfolio, {});
    throw;
  }
}

}  // namespace

InPlaceLinkChange add_dependency_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    analysis::Schedule& schedule, std::span<const std::int32_t> also_changed,
    const store::Database::Stamp& stamp, const std::string& from, const std::string& to,
    const std::optional<std::string>& type, const std::optional<std::string>& lag_days, Date as_of,
    const Account* account) {
  // The same checks, in the same order and with the same messages, as edit_dependency (Add).
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
  Fields given{{"from", from},
               {"to", to},
               {"type", type.value_or("FS")},
               {"lag_days", lag_days.value_or("0")}};
  InPlaceLinkChange edit;
  const std::size_t link_count = portfolio.dependencies.size();
  auto put_back = [&] {
    while (portfolio.dependencies.size() > link_count)
      portfolio.remove_dependency(portfolio.dependencies.size() - 1);
  };
  try {
    edit.written = database.write_if_unchanged(stamp, [&] {
      std::int32_t predecessor = portfolio.milestone_by_reference(from);
      std::int32_t successor = portfolio.milestone_by_reference(to);
      std::string link =
          fmt::format("{} -> {}", portfolio.reference(predecessor), portfolio.reference(successor));
      if (portfolio.find_dependency(predecessor, successor))
        throw Conflict(message("dependency '{}' exists already", link)
                           .on_command_line("dependency '{}' exists already (change it with depend set)"));
      ProblemList problems;
      auto index = apply_dependency(portfolio, given, InputLocation{}, problems);
      problems.throw_if_any();
      if (portfolio.dependencies.size() != link_count + 1 ||
          static_cast<std::size_t>(index) != link_count)
        throw Error(message("internal: a link added was not the last"));
      const Dependency& added = portfolio.dependencies[static_cast<std::size_t>(index)];
      if (account) {
        TouchedProjects touched;
        touched.link(portfolio, added);
        touched.check(*account);
      }
      // check_schedulable's rules: no cycle (the network built again finds one), and only what
      // the update recomputes can have left the supported years (it throws then).
      edit.network = network_or_cycle(portfolio);
      analysis::ScheduleChange change;
      change.milestones.assign(also_changed.begin(), also_changed.end());
      change.links.push_back(index);
      analysis::update_schedule(schedule, portfolio, *edit.network, as_of, change);
      database.insert_dependency(context, portfolio, added);
      edit.result = DependencyResult{portfolio.reference(predecessor),
                                     portfolio.reference(successor), added.type, added.lag_days};
      edit.dependency = index;
      edit.value = added;
      edit.stamp = database.stamp();
      edit.changed_day = latest_change_day(database);
    });
  } catch (...) {
    put_back();
    throw;
  }
  if (!edit.written)
    put_back();
  return edit;
}

InPlaceLinkChange remove_dependency_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    analysis::Schedule& schedule, std::span<const std::int32_t> also_changed,
    const store::Database::Stamp& stamp, const std::string& from, const std::string& to,
    Date as_of, const Account* account, std::optional<std::int64_t> expected_version) {
  // The same checks, in the same order and with the same messages, as remove_dependency.
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
  InPlaceLinkChange edit;
  edit.written = database.write_if_unchanged(stamp, [&] {
    auto index = portfolio.find_dependency(portfolio.milestone_by_reference(from),
                                           portfolio.milestone_by_reference(to));
    if (!index)
      throw NotFound(message("no dependency {} -> {}", from, to));
    const Dependency link = portfolio.dependencies[static_cast<std::size_t>(*index)];
    if (account) {
      TouchedProjects touched;
      touched.link(portfolio, link);
      touched.check(*account);
    }
    if (expected_version) {
      const Project& project = portfolio.projects[static_cast<std::size_t>(
          portfolio.milestones[static_cast<std::size_t>(link.to)].project)];
      check_version(database, project.code,
                    link_entity(portfolio.reference(link.from), portfolio.reference(link.to)),
                    fmt::format("dependency '{} -> {}'", portfolio.reference(link.from),
                                portfolio.reference(link.to)),
                    *expected_version);
    }
    // Written first (the portfolio still names both ends), then taken out of the portfolio.
    database.delete_dependency(context, portfolio, link);
    edit.renumbering.resize(portfolio.dependencies.size());
    for (std::size_t i = 0; i < edit.renumbering.size(); ++i)
      edit.renumbering[i] = i < static_cast<std::size_t>(*index) ? static_cast<std::int32_t>(i)
                            : i == static_cast<std::size_t>(*index)
                                ? -1
                                : static_cast<std::int32_t>(i) - 1;
    portfolio.remove_dependency(static_cast<std::size_t>(*index));
    // Removing a link closes no cycle; the network is built again for its edges.
    edit.network = std::make_shared<const graph::MilestoneNetwork>(portfolio);
    analysis::ScheduleChange change;
    change.milestones.assign(also_changed.begin(), also_changed.end());
    change.removed_links.emplace_back(link.from, link.to);
    change.link_renumbering = edit.renumbering;
    analysis::update_schedule(schedule, portfolio, *edit.network, as_of, change);
    edit.result = DependencyResult{portfolio.reference(link.from), portfolio.reference(link.to),
                                   link.type, link.lag_days};
    edit.dependency = *index;
    edit.value = link;
    edit.stamp = database.stamp();
    edit.changed_day = latest_change_day(database);
  });
  return edit;
}

}  // namespace tiendo::operations
