// The pipeline brought up to date after edits (analysis::PipelineTally) must equal a full
// computation, or a server's dashboard and /api/v1/pipeline answering from it would show figures
// no command line prints: random edits of milestones (actuals raising stages, forecasts moving
// COD years), status events, and project fields (capacity, province, technology, stage, target
// COD, parent) on generated portfolios, each tally compared row by row with compute_pipeline for
// several questions.
#include <doctest/doctest.h>

#include <random>

#include "random_portfolio.h"
#include "analysis/alerts.h"
#include "analysis/incremental_schedule.h"
#include "analysis/pipeline.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/synthetic.h"
#include "io/tiendo_csv.h"

using namespace tiendo;

namespace {

void require_same(const analysis::PipelineResult& updated, const analysis::PipelineResult& full) {
  REQUIRE(updated.rows.size() == full.rows.size());
  for (std::size_t r = 0; r < full.rows.size(); ++r) {
    INFO("row " << r);
    REQUIRE(updated.rows[r].keys == full.rows[r].keys);
    REQUIRE(updated.rows[r].projects == full.rows[r].projects);
    REQUIRE(updated.rows[r].mw.watts() == full.rows[r].mw.watts());
    REQUIRE(updated.rows[r].mwp.watts() == full.rows[r].mwp.watts());
  }
  REQUIRE(updated.total.projects == full.total.projects);
  REQUIRE(updated.total.mw.watts() == full.total.mw.watts());
  REQUIRE(updated.total.mwp.watts() == full.total.mwp.watts());
  REQUIRE(updated.warnings == full.warnings);
}

// Runs `edits` random batches on one generated portfolio; returns how many projects were left
// as they were counted (not counted again) over all of them.
std::size_t random_pipeline_edits(std::uint64_t seed, std::size_t edits) {
  Portfolio portfolio = testing::generated_portfolio(50, seed);
  const Date as_of = *Date::from_ymd(2026, 6, 30);
  std::mt19937_64 random(seed * 7919);
  auto pick = [&](std::size_t n) {
    return static_cast<std::int32_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(random));
  };
  auto some_date = [&] { return Date::from_days(as_of.days() - 900 + pick(3000)); };
  auto network = std::make_shared<const graph::MilestoneNetwork>(portfolio);
  analysis::Schedule schedule = analysis::compute_schedule(portfolio, *network, as_of);
  const auto& provinces = ProvinceRegistry::builtin();
  auto by_project = analysis::milestones_by_project(portfolio);

  std::vector<analysis::PipelineQuery> queries(5);
  queries[0].group_by = {analysis::GroupField::Stage};
  queries[1].group_by = {analysis::GroupField::TechnologyGroup, analysis::GroupField::Stage};
  queries[2].group_by = {analysis::GroupField::CodYear};
  queries[3].group_by = {analysis::GroupField::Province, analysis::GroupField::CodYear};
  queries[3].cod_basis = analysis::CodBasis::Planned;
  queries[4].group_by = {analysis::GroupField::Province, analysis::GroupField::Stage};
  queries[4].legacy_provinces = true;
  queries[4].stage = "construction";
  std::vector<analysis::PipelineTally> tallies;
  for (const auto& query : queries)
    tallies.emplace_back(portfolio, schedule, query, provinces, by_project);

  const std::vector<std::string> some_provinces = {"Hà Nội", "Ninh Thuận", "Bình Thuận",
                                                   "Quảng Trị", "Hà Tây", "unknown"};
  const Technology some_technologies[] = {Technology::SolarFarm, Technology::WindOnshore,
                                          Technology::Grid, Technology::Hydro};
  std::size_t kept = 0;
  for (std::size_t step = 0; step < edits; ++step) {
    const Portfolio before = portfolio;
    const analysis::Schedule before_schedule = schedule;
    std::vector<bool> changed(portfolio.projects.size(), false);
    analysis::ScheduleChange change;
    std::string what;
    // A link added or removed is a write of its own (Workspace::add_link, remove_link): its two
    // ends' projects counted again, with those of the milestones that moved (a driver that only
    // changed its index did not).
    std::optional<testing::LinkChange> structural;
    if (pick(6) == 0) {
      structural = pick(3) == 0 ? testing::random_milestone_added(portfolio, *network, pick, as_of)
                                : testing::random_link_change(portfolio, pick);
      if (!structural)
        continue;
      structural->describe(change);
      for (auto end : structural->ends())
        changed[static_cast<std::size_t>(
            portfolio.milestones[static_cast<std::size_t>(end)].project)] = true;
      what += structural->what(before, portfolio);
    }
    const int writes = structural ? 0 : 1 + pick(3);
    for (int w = 0; w < writes; ++w) {
      const int kind = pick(9);
      what += " " + std::to_string(kind);
      if (kind == 8) {
        // A link's type and lag (Workspace::set_link): its two ends' projects counted again,
        // with those of the milestones that moved.
        if (portfolio.dependencies.empty())
          continue;
        const std::int32_t e = pick(portfolio.dependencies.size());
        auto& link = portfolio.dependencies[static_cast<std::size_t>(e)];
        link.type = static_cast<LinkType>(pick(4));
        link.lag_days = pick(120) - 30;
        change.links.push_back(e);
        for (auto end : {link.from, link.to})
          changed[static_cast<std::size_t>(
              portfolio.milestones[static_cast<std::size_t>(end)].project)] = true;
        continue;
      }
      if (kind <= 2) {
        // A milestone's actual or forecast: stages raised by gates, COD years moved.
        const std::int32_t m = pick(portfolio.milestones.size());
        Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
        if (kind == 0) {
          if (milestone.actual) {
            milestone.actual.reset();
          } else {
            milestone.actual = Date::from_days(as_of.days() - pick(600) + 100);
            if (*milestone.actual > as_of)
              milestone.actual = as_of;
            if (milestone.actual_start && *milestone.actual < *milestone.actual_start)
              milestone.actual_start = milestone.actual;
          }
        } else if (kind == 1) {
          milestone.forecast = pick(3) == 0 ? std::nullopt : std::optional(some_date());
        } else {
          milestone.planned = pick(4) == 0 ? std::nullopt : std::optional(some_date());
        }
        change.milestones.push_back(m);
        continue;
      }
      const std::int32_t p = pick(portfolio.projects.size());
      Project& project = portfolio.projects[static_cast<std::size_t>(p)];
      changed[static_cast<std::size_t>(p)] = true;
      switch (kind) {
        case 3:
          portfolio.status_events.push_back(
              StatusEvent{p,
                          pick(3) == 0   ? ProjectStatus::Active
                          : pick(2) == 0 ? ProjectStatus::Suspended
                                         : ProjectStatus::Cancelled,
                          Date::from_days(as_of.days() - 400 + pick(600)), "", ""});
          break;
        case 4:
          project.capacity = pick(5) == 0 ? std::nullopt
                                          : std::optional(Capacity::from_watts(pick(500) * 1'000'000LL));
          project.capacity_peak =
              pick(2) == 0 ? std::nullopt : std::optional(Capacity::from_watts(pick(900) * 1'000'000LL));
          break;
        case 5:
          project.province = some_provinces[static_cast<std::size_t>(pick(some_provinces.size()))];
          project.technology = some_technologies[pick(4)];
          break;
        case 6:
          project.stage = static_cast<Stage>(pick(4));
          project.target_cod = pick(2) == 0 ? std::nullopt : std::optional(some_date());
          break;
        default: {
          // A parent given or taken away: the parent stops (or starts) being counted.
          if (!project.parent.empty()) {
            project.parent.clear();
          } else {
            const auto& parent = portfolio.projects[static_cast<std::size_t>(pick(portfolio.projects.size()))];
            if (parent.code != project.code && parent.parent.empty())
              project.parent = parent.code;
          }
          break;
        }
      }
    }
    INFO("seed " << seed << ", step " << step << ":" << what);
    auto previous_network = network;
    if (structural)
      network = structural->network;
    try {
      analysis::compute_schedule(portfolio, *network, as_of);
    } catch (const InvalidInput&) {
      portfolio = before;
      network = previous_network;
      continue;
    }
    // A milestone inserted: the schedule gets its room and the project index lists it, the
    // later ones moved up one (operations::ProjectIndex::insert_milestone).
    const std::int32_t inserted =
        structural && structural->milestone_added ? structural->milestone : -1;
    if (inserted >= 0) {
      analysis::make_room_for_milestone(schedule, inserted);
      by_project = analysis::milestones_by_project(portfolio);
    }
    analysis::update_schedule(schedule, portfolio, *network, as_of, change);
    // The projects of the milestones that moved, as the workspace marks them.
    std::vector<std::int32_t> no_edits;
    for (auto m : structural
                      ? analysis::moved_milestones(before_schedule, schedule, no_edits,
                                                   change.link_renumbering, inserted)
                      : analysis::moved_milestones(before, before_schedule, portfolio, schedule))
      changed[static_cast<std::size_t>(portfolio.milestones[static_cast<std::size_t>(m)].project)] =
          true;
    for (std::size_t q = 0; q < queries.size(); ++q) {
      INFO("question " << q);
      REQUIRE(tallies[q].update(portfolio, schedule, changed, provinces, by_project));
      require_same(tallies[q].result(),
                   analysis::compute_pipeline(portfolio, schedule, queries[q], provinces));
    }
    for (bool again : changed)
      kept += !again;
  }
  // Another as-of date needs a new tally.
  auto later = analysis::compute_schedule(portfolio, *network, Date::from_days(as_of.days() + 1));
  std::vector<bool> none(portfolio.projects.size(), false);
  CHECK_FALSE(tallies[0].update(portfolio, later, none, provinces, by_project));
  return kept;
}

}  // namespace

TEST_CASE("the incrementally updated pipeline equals a full computation after random edits") {
  std::size_t kept = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed)
    kept += random_pipeline_edits(seed, 120);
  // Most projects are left as they were counted: the update does not count everything again.
  CHECK(kept > 10000);
}
