// The alerts brought up to date after milestone edits (analysis::update_alerts) must equal a full
// computation, or a server answering from them would show alerts no command line prints: random
// edits of dates, durations, actuals and delay reasons on generated portfolios (links across
// projects among them), with a baseline, stale projects and unexplained slips, each compared
// alert by alert with compute_alerts.
#include <doctest/doctest.h>

#include <random>

#include "analysis/alerts.h"
#include "analysis/incremental_schedule.h"
#include "analysis/pipeline.h"
#include "domain/error.h"
#include "graph/network.h"
#include "io/synthetic.h"
#include "io/tiendo_csv.h"
#include "random_portfolio.h"
#include "report/views.h"

using namespace tiendo;

namespace {

// Runs `edits` random batches on one generated portfolio; returns how many alerts were kept
// from before (not recomputed) over all of them.
std::size_t random_alert_edits(std::uint64_t seed, std::size_t edits) {
  Portfolio portfolio = testing::generated_portfolio(40, seed);
  const Date as_of = *Date::from_ymd(2026, 6, 30);
  std::mt19937_64 random(seed * 104729);
  auto pick = [&](std::size_t n) {
    return static_cast<std::int32_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(random));
  };
  // Links across projects (a line and the plants behind it); half of their successors done, so
  // that out of sequence alerts read another project's milestone.
  testing::add_links_across_projects(portfolio, pick, 60, [&](std::int32_t to) {
    auto& successor = portfolio.milestones[static_cast<std::size_t>(to)];
    if (pick(2) == 0 && !successor.actual) {
      successor.actual = Date::from_days(as_of.days() - pick(300));
      if (successor.actual_start && *successor.actual < *successor.actual_start)
        successor.actual = successor.actual_start;
    }
  });
  auto network = std::make_shared<const graph::MilestoneNetwork>(portfolio);
  analysis::Schedule schedule = analysis::compute_schedule(portfolio, *network, as_of);
  auto some_date = [&] { return Date::from_days(as_of.days() - 700 + pick(2500)); };

  // A baseline of some milestones' planned dates, moved earlier; stale projects; some slips.
  std::map<std::string, std::optional<Date>> baseline;
  std::map<std::string, Date> last_change;
  std::map<std::string, std::int32_t> slips;
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    const auto& milestone = portfolio.milestones[m];
    auto reference = portfolio.reference(static_cast<std::int32_t>(m));
    if (milestone.planned && pick(3) == 0)
      baseline[reference] = Date::from_days(milestone.planned->days() - pick(200));
    if (pick(10) == 0)
      slips[reference] = 1 + pick(90);
  }
  for (const auto& project : portfolio.projects)
    last_change[project.code] = Date::from_days(as_of.days() - pick(400));
  analysis::AlertInputs inputs;
  inputs.baseline = &baseline;
  inputs.last_change = &last_change;
  inputs.unexplained_slips = &slips;
  auto alerts = analysis::compute_alerts(portfolio, *network, schedule, inputs);
  // The alerts' JSON rows, kept with the alerts kept (as the server keeps them): the answer put
  // together from them must be the one written from the alerts in full.
  auto leaf = analysis::leaf_projects(portfolio);
  std::vector<std::string> rows;
  for (const auto& alert : alerts)
    rows.push_back(report::alert_json_row(portfolio, schedule, leaf, alert));

  std::size_t kept = 0;
  for (std::size_t step = 0; step < edits; ++step) {
    const Portfolio before = portfolio;
    const analysis::Schedule before_schedule = schedule;
    const auto before_last_change = last_change;
    const auto before_slips = slips;
    analysis::ScheduleChange change;
    std::string what;
    // A link added or removed is a write of its own (Workspace::add_link, remove_link): its two
    // ends marked as edited, a driver that only changed its index not taken for one that moved.
    std::optional<testing::LinkChange> structural;
    if (pick(5) == 0) {
      structural = pick(3) == 0 ? testing::random_milestone_added(portfolio, *network, pick, as_of)
                                : testing::random_link_change(portfolio, pick);
      if (!structural)
        continue;
    }
    const int writes = structural ? 0 : 1 + pick(3);
    // What the workspace marks as edited besides milestones: the ends of a link changed
    // (Workspace::set_link), the milestones of a project changed (Workspace::set_project).
    std::vector<std::int32_t> link_ends;
    // The projects whose own fields changed: marked as the workspace marks them.
    std::vector<std::int32_t> edited_projects;
    for (int w = 0; w < writes; ++w) {
      const int kind = pick(9);
      if (kind == 8) {
        // A project's own fields (Workspace::set_project): its alerts computed again, and those
        // its milestones reach.
        const std::int32_t p = pick(portfolio.projects.size());
        Project& project = portfolio.projects[static_cast<std::size_t>(p)];
        project.target_cod = pick(3) == 0 ? std::nullopt : std::optional(some_date());
        project.stage = static_cast<Stage>(pick(4));
        project.name = "Dự án " + std::to_string(pick(1000));
        project.province = pick(2) == 0 ? "Ninh Thuận" : "Bình Thuận";
        what += " project@" + project.code;
        last_change[project.code] = as_of;
        edited_projects.push_back(p);
        const auto by_project = analysis::milestones_by_project(portfolio);
        for (auto m : by_project[static_cast<std::size_t>(p)])
          link_ends.push_back(m);
        continue;
      }
      if (kind == 7) {
        // A link's type and lag; the change is logged under its successor's project.
        if (portfolio.dependencies.empty())
          continue;
        const std::int32_t e = pick(portfolio.dependencies.size());
        auto& link = portfolio.dependencies[static_cast<std::size_t>(e)];
        link.type = static_cast<LinkType>(pick(4));
        link.lag_days = pick(120) - 30;
        what += " link@" + portfolio.reference(link.from) + "->" + portfolio.reference(link.to);
        change.links.push_back(e);
        link_ends.push_back(link.from);
        link_ends.push_back(link.to);
        last_change[portfolio.projects[static_cast<std::size_t>(
                        portfolio.milestones[static_cast<std::size_t>(link.to)].project)]
                        .code] = as_of;
        continue;
      }
      const std::int32_t m = pick(portfolio.milestones.size());
      Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
      auto reference = portfolio.reference(m);
      what += " " + std::to_string(kind) + "@" + reference;
      switch (kind) {
        case 0:
          milestone.planned = pick(5) == 0 ? std::nullopt : std::optional(some_date());
          break;
        case 1:
          milestone.forecast = pick(3) == 0 ? std::nullopt : std::optional(some_date());
          break;
        case 2:
          if (milestone.actual) {
            milestone.actual.reset();
          } else {
            Date day = Date::from_days(as_of.days() - pick(400));
            milestone.actual = day;
            if (milestone.actual_start && day < *milestone.actual_start)
              milestone.actual_start = day;
          }
          break;
        case 3:
          milestone.duration_days = pick(3) == 0 ? 0 : pick(300);
          break;
        default: {
          // A delay reason given or cleared: it explains alerts downstream, across projects.
          milestone.reason = pick(3) == 0 ? "" : "grid:line " + std::to_string(pick(1000));
          break;
        }
      }
      // What the write does to the project's other inputs, as the change log would say.
      const auto& code = portfolio.projects[static_cast<std::size_t>(milestone.project)].code;
      if (pick(2) == 0)
        last_change[code] = as_of;
      if (pick(2) == 0)
        slips[reference] = 1 + pick(90);
      else
        slips.erase(reference);
      change.milestones.push_back(m);
    }
    auto previous_network = network;
    if (structural) {
      structural->describe(change);
      network = structural->network;
      what += structural->what(before, portfolio);
      auto ends = structural->ends();
      link_ends.insert(link_ends.end(), ends.begin(), ends.end());
      last_change[portfolio
                      .projects[static_cast<std::size_t>(
                          portfolio.milestones[static_cast<std::size_t>(ends.back())].project)]
                      .code] = as_of;
    }
    INFO("seed " << seed << ", step " << step << ":" << what);
    try {
      analysis::compute_schedule(portfolio, *network, as_of);
    } catch (const InvalidInput&) {
      portfolio = before;
      network = previous_network;
      last_change = before_last_change;
      slips = before_slips;
      continue;
    }
    // A milestone inserted: the schedule gets its room, and the alerts kept from before name
    // the milestones after it by their new indices, as the workspace renumbers them.
    const std::int32_t inserted =
        structural && structural->milestone_added ? structural->milestone : -1;
    if (inserted >= 0) {
      analysis::make_room_for_milestone(schedule, inserted);
      analysis::renumber_alert_milestones(alerts, inserted);
    }
    analysis::update_schedule(schedule, portfolio, *network, as_of, change);

    // As the workspace marks them (Workspace::carry_answers_locked).
    std::vector<std::int32_t> moved;
    if (structural)
      moved = analysis::moved_milestones(before_schedule, schedule, link_ends,
                                         change.link_renumbering, inserted);
    else
      moved = analysis::moved_milestones(before, before_schedule, portfolio, schedule);
    moved.insert(moved.end(), link_ends.begin(), link_ends.end());
    auto recompute = analysis::projects_alerts_reach(portfolio, *network, schedule, moved);
    // The projects whose own inputs changed (the edited ones, as the workspace marks them).
    for (auto m : change.milestones)
      recompute[static_cast<std::size_t>(portfolio.milestones[static_cast<std::size_t>(m)].project)] =
          true;
    for (auto p : edited_projects)
      recompute[static_cast<std::size_t>(p)] = true;
    std::vector<std::int32_t> kept_from;
    auto updated = analysis::update_alerts(alerts, portfolio, *network, schedule, inputs,
                                           recompute, &kept_from);
    auto full = analysis::compute_alerts(portfolio, *network, schedule, inputs);
    REQUIRE(updated.size() == full.size());
    REQUIRE(kept_from.size() == full.size());
    for (std::size_t a = 0; a < full.size(); ++a) {
      INFO("alert " << a << ": " << portfolio.projects[static_cast<std::size_t>(full[a].project)].code
                    << " " << analysis::alert_kind_key(full[a].kind));
      REQUIRE(updated[a] == full[a]);
      if (kept_from[a] >= 0)
        REQUIRE(alerts[static_cast<std::size_t>(kept_from[a])] == full[a]);
      else
        REQUIRE(recompute[static_cast<std::size_t>(full[a].project)]);
    }
    std::vector<std::string> new_rows;
    std::vector<std::string_view> chosen;
    for (std::size_t a = 0; a < full.size(); ++a)
      new_rows.push_back(kept_from[a] >= 0
                             ? rows[static_cast<std::size_t>(kept_from[a])]
                             : report::alert_json_row(portfolio, schedule, leaf, full[a]));
    for (const auto& row : new_rows)
      chosen.push_back(row);
    REQUIRE(report::alerts_json_text(as_of, chosen) ==
            report::json_text(report::alerts_json(portfolio, schedule, full)));
    rows = std::move(new_rows);
    for (const auto& alert : full)
      kept += !recompute[static_cast<std::size_t>(alert.project)];
    alerts = std::move(updated);
  }
  return kept;
}

}  // namespace

TEST_CASE("alerts JSON put together from rows equals the document written whole") {
  Portfolio portfolio = testing::generated_portfolio(30, 3);
  graph::MilestoneNetwork network(portfolio);
  auto schedule = analysis::compute_schedule(portfolio, network, *Date::from_ymd(2026, 6, 30));
  auto alerts = analysis::compute_alerts(portfolio, network, schedule, {});
  REQUIRE(alerts.size() > 3);
  auto leaf = analysis::leaf_projects(portfolio);
  std::vector<std::string> rows;
  for (const auto& alert : alerts)
    rows.push_back(report::alert_json_row(portfolio, schedule, leaf, alert));
  std::vector<std::string_view> chosen(rows.begin(), rows.end());
  CHECK(report::alerts_json_text(schedule.as_of, chosen) ==
        report::json_text(report::alerts_json(portfolio, schedule, alerts)));
  // One alert, and none.
  CHECK(report::alerts_json_text(schedule.as_of, {chosen.front()}) ==
        report::json_text(report::alerts_json(portfolio, schedule, {alerts.front()})));
  CHECK(report::alerts_json_text(schedule.as_of, {}) ==
        report::json_text(report::alerts_json(portfolio, schedule, {})));
}

TEST_CASE("the incrementally updated alerts equal a full computation after random edits") {
  std::size_t kept = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed)
    kept += random_alert_edits(seed, 150);
  // Most projects' alerts are kept from before: the update does not recompute everything.
  CHECK(kept > 1000);
}
