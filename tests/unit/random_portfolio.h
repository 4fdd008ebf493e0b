#pragma once
// What the property tests of the incremental paths share (tests/unit/test_incremental_*.cpp,
// test_synthetic.cpp): the milestone templates of fixtures/, a generated portfolio, links across
// projects that close no cycle, and a random link added or removed or a milestone added, as the
// workspace's writes make them (Workspace::add_link, remove_link, add_milestone).
#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/incremental_schedule.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/synthetic.h"
#include "io/tiendo_csv.h"

namespace tiendo::testing {

// A number in [0, n), drawn by the test's own generator.
using Pick = std::function<std::int32_t(std::size_t n)>;

// The templates of fixtures/templates.csv, read once.
inline const std::vector<io::TemplateStep>& fixture_templates() {
  static const std::vector<io::TemplateStep> steps = [] {
    std::vector<std::string> csv_problems;
    auto table = io::read_csv_file(std::string(TIENDO_SOURCE_DIR) + "/fixtures/templates.csv",
                                   csv_problems);
    REQUIRE(csv_problems.empty());
    ProblemList problems;
    auto parsed = io::parse_templates(table, problems);
    REQUIRE(problems.empty());
    return parsed;
  }();
  return steps;
}

// `tiendo generate`'s portfolio of `projects` projects from `seed`.
inline Portfolio generated_portfolio(std::size_t projects, std::uint64_t seed) {
  io::SyntheticOptions options;
  options.projects = projects;
  options.seed = seed;
  return io::generate_portfolio(options, fixture_templates());
}

// Adds `count` FS links between milestones of different projects (a line and the plants behind
// it), along the network's order so that none closes a cycle; `each` is called with the successor
// of each link added.
inline void add_links_across_projects(Portfolio& portfolio, const Pick& pick, int count,
                                      const std::function<void(std::int32_t successor)>& each = {}) {
  graph::MilestoneNetwork ordered(portfolio);
  auto order = ordered.topological_order();
  std::vector<std::int32_t> order_of(portfolio.milestones.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order_of[static_cast<std::size_t>(order[i])] = static_cast<std::int32_t>(i);
  for (int added = 0; added < count;) {
    std::int32_t from = pick(portfolio.milestones.size()), to = pick(portfolio.milestones.size());
    if (order_of[static_cast<std::size_t>(from)] > order_of[static_cast<std::size_t>(to)])
      std::swap(from, to);
    if (from == to || portfolio.milestones[static_cast<std::size_t>(from)].project ==
                          portfolio.milestones[static_cast<std::size_t>(to)].project ||
        portfolio.find_dependency(from, to))
      continue;
    portfolio.add_dependency(Dependency{from, to, LinkType::FinishToStart, 0});
    if (each)
      each(to);
    ++added;
  }
}

// A link added between two random milestones (refused, the portfolio as it was, when it would
// close a cycle or exists) or a random link removed, as the workspace's one-row writes make them.
struct LinkChange {
  bool added = false;
  std::int32_t index = -1;  // In the new portfolio for a link added, in the old for one removed.
  Dependency value;
  // For a link removed: each old link's index in the new portfolio, -1 for the one removed.
  std::vector<std::int32_t> renumbering;
  std::shared_ptr<const graph::MilestoneNetwork> network;  // The new portfolio's.
  // A milestone added instead (Workspace::add_milestone): its index, linked to nothing.
  bool milestone_added = false;
  std::int32_t milestone = -1;
  // The milestones the write names, which the workspace marks as edited.
  std::vector<std::int32_t> ends() const {
    if (milestone_added)
      return {milestone};
    return {value.from, value.to};
  }
  std::string what(const Portfolio& before, const Portfolio& after) const {
    if (milestone_added)
      return " milestone added@" + after.reference(milestone);
    return std::string(added ? " link added@" : " link removed@") + before.reference(value.from) +
           "->" + before.reference(value.to);
  }
  // What analysis::update_schedule is told (the schedule's room for a milestone added is made
  // first).
  void describe(analysis::ScheduleChange& change) const {
    if (milestone_added) {
      change.milestones.push_back(milestone);
      return;
    }
    if (added) {
      change.links.push_back(index);
    } else {
      change.removed_links.emplace_back(value.from, value.to);
      change.link_renumbering = renumbering;
    }
  }
};
inline std::optional<LinkChange> random_link_change(Portfolio& portfolio, const Pick& pick) {
  LinkChange change;
  if (pick(2) == 0 && !portfolio.dependencies.empty()) {
    change.index = pick(portfolio.dependencies.size());
    change.value = portfolio.dependencies[static_cast<std::size_t>(change.index)];
    change.renumbering.resize(portfolio.dependencies.size());
    for (std::size_t i = 0; i < change.renumbering.size(); ++i) {
      const auto at = static_cast<std::int32_t>(i);
      change.renumbering[i] = at < change.index ? at : at == change.index ? -1 : at - 1;
    }
    portfolio.remove_dependency(static_cast<std::size_t>(change.index));
    change.network = std::make_shared<const graph::MilestoneNetwork>(portfolio);
    return change;
  }
  const std::int32_t from = pick(portfolio.milestones.size());
  const std::int32_t to = pick(portfolio.milestones.size());
  if (from == to || portfolio.find_dependency(from, to))
    return std::nullopt;
  change.added = true;
  change.value = Dependency{from, to, static_cast<LinkType>(pick(4)), pick(60) - 10};
  change.index = static_cast<std::int32_t>(portfolio.dependencies.size());
  portfolio.add_dependency(change.value);
  try {
    change.network = std::make_shared<const graph::MilestoneNetwork>(portfolio);
  } catch (const CycleError&) {
    portfolio.remove_dependency(portfolio.dependencies.size() - 1);
    return std::nullopt;
  }
  return change;
}

// A milestone added to a random project, with random dates, duration and reason and no links, as
// the workspace's one-row write adds it: placed after its project's others (the later ones move
// up one), the network `network` with it inserted (MilestoneNetwork::with_milestone_inserted).
// The schedule needs its room made (analysis::make_room_for_milestone).
inline LinkChange random_milestone_added(Portfolio& portfolio,
                                         const graph::MilestoneNetwork& network, const Pick& pick,
                                         Date as_of) {
  LinkChange change;
  change.milestone_added = true;
  Milestone milestone;
  milestone.project = pick(portfolio.projects.size());
  milestone.key = "added_" + std::to_string(portfolio.milestones.size());
  milestone.name = "Hạng mục thêm";
  auto some_date = [&] { return Date::from_days(as_of.days() - 700 + pick(1800)); };
  if (pick(4) != 0)
    milestone.planned = some_date();
  if (pick(3) == 0)
    milestone.forecast = some_date();
  if (pick(4) == 0)
    milestone.actual = Date::from_days(as_of.days() - pick(400));
  milestone.duration_days = pick(3) == 0 ? 0 : pick(200);
  if (pick(3) == 0)
    milestone.reason = "grid:chờ đường dây " + std::to_string(pick(100));
  portfolio.add_milestone(milestone);
  change.milestone = portfolio.place_last_milestone();
  change.network = std::make_shared<const graph::MilestoneNetwork>(
      network.with_milestone_inserted(change.milestone));
  return change;
}

}  // namespace tiendo::testing
