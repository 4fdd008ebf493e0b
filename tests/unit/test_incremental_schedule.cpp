// The incremental schedule (analysis/incremental_schedule.h) must give exactly what the full
// pass gives after every kind of write, or a server answering from it would show dates no
// command line prints: random edits on generated portfolios, calendar projects among them, each
// compared milestone by milestone with compute_schedule.
#include <doctest/doctest.h>

#include <random>

#include "random_portfolio.h"
#include "analysis/incremental_schedule.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/synthetic.h"
#include "io/tiendo_csv.h"

using namespace tiendo;

namespace {

void require_equal(const analysis::Schedule& incremental, const analysis::Schedule& full,
                   const Portfolio& portfolio, const std::string& what) {
  REQUIRE(incremental.milestones.size() == full.milestones.size());
  for (std::size_t m = 0; m < full.milestones.size(); ++m) {
    const auto& a = incremental.milestones[m];
    const auto& b = full.milestones[m];
    if (a.early_start == b.early_start && a.early_finish == b.early_finish &&
        a.late_start == b.late_start && a.late_finish == b.late_finish &&
        a.total_float == b.total_float && a.critical == b.critical && a.driver == b.driver &&
        a.driver_dependency == b.driver_dependency)
      continue;
    INFO(what);
    INFO("milestone " << portfolio.reference(static_cast<std::int32_t>(m)));
    CHECK(a.early_start == b.early_start);
    CHECK(a.early_finish == b.early_finish);
    CHECK(a.late_start == b.late_start);
    CHECK(a.late_finish == b.late_finish);
    CHECK(a.total_float == b.total_float);
    CHECK(a.critical == b.critical);
    CHECK(analysis::driver_kind_key(a.driver) == analysis::driver_kind_key(b.driver));
    CHECK(a.driver_dependency == b.driver_dependency);
    REQUIRE(false);
  }
  CHECK(incremental.instants.early_start == full.instants.early_start);
  CHECK(incremental.instants.early_finish == full.instants.early_finish);
  // Late instants mean something only for milestones not done.
  REQUIRE(incremental.instants.late_finish.size() == full.instants.late_finish.size());
  for (std::size_t m = 0; m < full.instants.late_finish.size(); ++m)
    if (!portfolio.milestones[m].actual) {
      CHECK(incremental.instants.late_start[m] == full.instants.late_start[m]);
      CHECK(incremental.instants.late_finish[m] == full.instants.late_finish[m]);
    }
}

// Runs `edits` random writes on one generated portfolio, each checked against the full pass.
// Returns how many ran incrementally.
// With `p6_options`, the projects follow P6's rules with each of the file's scheduling options
// (lag calendars, progress override, actual dates), calendars among them.
std::size_t random_edits(std::uint64_t seed, bool calendars, std::size_t edits,
                         bool p6_options = false) {
  static const auto templates = testing::fixture_templates();
  io::SyntheticOptions options;
  options.projects = 30;
  options.seed = seed;
  Portfolio portfolio = io::generate_portfolio(options, templates);
  if (calendars)
    for (std::size_t p = 0; p < portfolio.projects.size(); p += 3)
      portfolio.projects[p].calendar = p % 2 == 0 ? "vn-mon-fri" : "vn-mon-sat";
  if (p6_options) {
    constexpr const char* rules[] = {"p6", "p6 lag=successor",
                                     "p6 lag=project out_of_sequence=progress_override",
                                     "p6 lag=24_hour", "p6 out_of_sequence=actual_dates"};
    for (std::size_t p = 0; p < portfolio.projects.size(); ++p)
      portfolio.projects[p].schedule_rules = rules[p % 5];
  }
  const Date as_of = *Date::from_ymd(2026, 6, 30);
  auto network = std::make_unique<graph::MilestoneNetwork>(portfolio);
  analysis::Schedule schedule = analysis::compute_schedule(portfolio, *network, as_of);
  std::mt19937_64 random(seed * 7919 + (calendars ? 1 : 0) + (p6_options ? 2 : 0));
  auto pick = [&](std::size_t n) {
    return static_cast<std::int32_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(random));
  };
  auto some_date = [&] { return Date::from_days(as_of.days() - 700 + pick(2500)); };
  std::size_t incremental_runs = 0;
  for (std::size_t step = 0; step < edits; ++step) {
    const Portfolio before = portfolio;
    analysis::ScheduleChange change;
    bool relinked = false;
    std::string what;
    // Now and then a milestone added last, linked to nothing, as a write of its own
    // (Workspace::add_milestone): the update finds it by the count and computes its entry.
    std::optional<std::int32_t> milestone_added;
    if (pick(8) == 0) {
      auto added = testing::random_milestone_added(portfolio, *network, pick, as_of);
      what += added.what(before, portfolio);
      network = std::make_unique<graph::MilestoneNetwork>(*added.network);
      added.describe(change);
      milestone_added = added.milestone;
    }
    // One to three writes at once, as a server's batch makes them.
    const int writes = milestone_added ? 0 : 1 + pick(3);
    for (int w = 0; w < writes; ++w) {
      const int kind = pick(10);
      const std::int32_t m = pick(portfolio.milestones.size());
      Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
      what += " " + std::to_string(kind) + "@" + portfolio.reference(m);
      switch (kind) {
        case 0:
          milestone.planned = pick(5) == 0 ? std::nullopt : std::optional(some_date());
          break;
        case 1:
          milestone.forecast = pick(3) == 0 ? std::nullopt : std::optional(some_date());
          break;
        case 2: {
          if (milestone.actual) {
            milestone.actual.reset();
          } else {
            Date day = Date::from_days(as_of.days() - pick(400));
            milestone.actual = day;
            if (milestone.actual_start && day < *milestone.actual_start)
              milestone.actual_start = day;
          }
          break;
        }
        case 3:
          if (milestone.actual_start) {
            milestone.actual_start.reset();
          } else {
            milestone.actual_start = Date::from_days(as_of.days() - pick(300));
            if (milestone.actual && *milestone.actual < *milestone.actual_start)
              milestone.actual = milestone.actual_start;
          }
          break;
        case 4:
          milestone.duration_days = pick(3) == 0 ? 0 : pick(300);
          break;
        case 5:
        case 6: {
          // A link's type and lag.
          if (portfolio.dependencies.empty())
            break;
          const std::int32_t e = pick(portfolio.dependencies.size());
          auto& link = portfolio.dependencies[static_cast<std::size_t>(e)];
          link.type = static_cast<LinkType>(pick(4));
          link.lag_days = pick(90) - 30;
          change.links.push_back(e);
          continue;
        }
        case 9: {
          // A link's type and lag told as a change of its two ends, as the workspace's spare
          // copy catches up with a link edit made on the other copy.
          if (portfolio.dependencies.empty())
            break;
          auto& link = portfolio.dependencies[static_cast<std::size_t>(
              pick(portfolio.dependencies.size()))];
          link.type = static_cast<LinkType>(pick(4));
          link.lag_days = pick(90) - 30;
          change.milestones.push_back(link.from);
          change.milestones.push_back(link.to);
          continue;
        }
        case 7: {
          // A link removed: the later ones move down by one.
          if (portfolio.dependencies.empty())
            break;
          const std::int32_t e = pick(portfolio.dependencies.size());
          const auto& link = portfolio.dependencies[static_cast<std::size_t>(e)];
          change.removed_links.emplace_back(link.from, link.to);
          std::vector<std::int32_t> renumbering(portfolio.dependencies.size());
          for (std::size_t i = 0; i < renumbering.size(); ++i)
            renumbering[i] = static_cast<std::int32_t>(i) < e   ? static_cast<std::int32_t>(i)
                             : static_cast<std::int32_t>(i) == e ? -1
                                                                 : static_cast<std::int32_t>(i) - 1;
          for (auto& link_index : change.links)
            link_index = renumbering[static_cast<std::size_t>(link_index)];
          std::erase(change.links, -1);
          if (change.link_renumbering.empty()) {
            change.link_renumbering = renumbering;
          } else {
            for (auto& index : change.link_renumbering)
              if (index >= 0)
                index = renumbering[static_cast<std::size_t>(index)];
          }
          portfolio.dependencies.erase(portfolio.dependencies.begin() + e);
          relinked = true;
          continue;
        }
        case 8: {
          // A link added, across projects too, unless it closes a cycle.
          std::int32_t to = pick(portfolio.milestones.size());
          if (to == m || portfolio.find_dependency(m, to))
            break;
          portfolio.dependencies.push_back(
              Dependency{m, to, static_cast<LinkType>(pick(4)), pick(60) - 10});
          try {
            graph::MilestoneNetwork trial(portfolio);
          } catch (const CycleError&) {
            portfolio.dependencies.pop_back();
            break;
          }
          change.links.push_back(static_cast<std::int32_t>(portfolio.dependencies.size() - 1));
          relinked = true;
          continue;
        }
      }
      change.milestones.push_back(m);
    }
    if (relinked)
      network = std::make_unique<graph::MilestoneNetwork>(portfolio);
    INFO("seed " << seed << (calendars ? " with calendars" : "")
                 << (p6_options ? " and P6's options" : "") << ", step " << step << ":" << what);
    std::optional<analysis::Schedule> full;
    try {
      full = analysis::compute_schedule(portfolio, *network, as_of);
    } catch (const InvalidInput&) {
      // A write the workspace refuses (a date outside the supported years): undone.
    }
    if (!full) {
      analysis::Schedule refused = schedule;
      if (milestone_added)
        analysis::make_room_for_milestone(refused, *milestone_added);
      CHECK_THROWS_AS(analysis::update_schedule(refused, portfolio, *network, as_of, change),
                      InvalidInput);
      portfolio = before;
      network = std::make_unique<graph::MilestoneNetwork>(portfolio);
      continue;
    }
    if (milestone_added)
      analysis::make_room_for_milestone(schedule, *milestone_added);
    auto update = analysis::update_schedule(schedule, portfolio, *network, as_of, change);
    if (update.path == analysis::ScheduleUpdatePath::Incremental)
      ++incremental_runs;
    // On whole days a milestone added is computed alone, not by the full pass.
    if (milestone_added && !calendars)
      CHECK(update.path == analysis::ScheduleUpdatePath::Incremental);
    require_equal(schedule, *full, portfolio, what);
  }
  return incremental_runs;
}

}  // namespace

TEST_CASE("the incremental schedule equals the full pass after random edits") {
  std::size_t runs = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    runs += random_edits(seed, false, 200);
    runs += random_edits(seed, true, 120);
    // P6's scheduling options: lags on other calendars, progress out of sequence overriding.
    runs += random_edits(seed, true, 80, true);
  }
  // Every write here is of a kind the update handles without the full pass.
  CHECK(runs >= 900);
}

TEST_CASE("the incremental schedule falls back to the full pass on a structural change") {
  static const auto templates = testing::fixture_templates();
  io::SyntheticOptions options;
  options.projects = 5;
  Portfolio portfolio = io::generate_portfolio(options, templates);
  const Date as_of = *Date::from_ymd(2026, 6, 30);
  graph::MilestoneNetwork network(portfolio);
  auto schedule = analysis::compute_schedule(portfolio, network, as_of);
  analysis::ScheduleChange change;
  change.structural = true;
  CHECK(analysis::update_schedule(schedule, portfolio, network, as_of, change).path ==
        analysis::ScheduleUpdatePath::Full);
  // Another as-of date is another schedule.
  change.structural = false;
  const Date later = *Date::from_ymd(2026, 7, 30);
  CHECK(analysis::update_schedule(schedule, portfolio, network, later, change).path ==
        analysis::ScheduleUpdatePath::Full);
  CHECK(schedule.as_of.days() == later.days());
  // A change that reaches one milestone recomputes a few, not the portfolio.
  portfolio.milestones[0].forecast = Date::from_days(as_of.days() + 30);
  change.milestones = {0};
  auto update = analysis::update_schedule(schedule, portfolio, network, later, change);
  CHECK(update.path == analysis::ScheduleUpdatePath::Incremental);
  CHECK(update.forward_recomputed < portfolio.milestones.size());
  auto full = analysis::compute_schedule(portfolio, network, later);
  require_equal(schedule, full, portfolio, "one forecast");
}
