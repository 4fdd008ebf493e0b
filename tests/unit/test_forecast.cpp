// The forecast's sampler on a chain small enough to compute by hand: two steps of one wind farm,
// A (an event planned for 1 March) then B (30 days after A, FS, planned for 31 March), with
// lateness distributions stated outright. A finishes its lateness after its plan; B, waiting for
// A, finishes its own after the later of its plan and A's drawn finish + 30, so B's lateness is
// the sum of the two, and its distribution follows by counting cases.
#include <doctest/doctest.h>

#include "analysis/forecast.h"
#include "graph/network.h"

using namespace tiendo;

namespace {

struct Chain {
  Portfolio portfolio;
  std::int32_t a = 0, b = 0;

  Chain() {
    Project project;
    project.code = "W-1";
    project.name = "Điện gió W-1";
    project.technology = Technology::WindOnshore;
    project.province = "Trà Vinh";
    project.capacity = Capacity::from_watts(50'000'000);
    auto index = portfolio.add_project(project);
    Milestone first;
    first.project = index;
    first.key = "site_clearance";
    first.planned = Date::from_ymd(2020, 3, 1);
    a = portfolio.add_milestone(first);
    Milestone second;
    second.project = index;
    second.key = "cod";
    second.duration_days = 30;
    second.planned = Date::from_ymd(2020, 3, 31);
    b = portfolio.add_milestone(second);
    portfolio.add_dependency(Dependency{a, b, LinkType::FinishToStart, 0});
  }
};

// A: 0 or 10 days late, B: 0 or 20, each half the time (twenty samples of each value, so that
// the key-and-group distribution is used rather than a wider one).
analysis::ForecastModel stated_model() {
  analysis::ForecastModel model;
  for (int i = 0; i < 20; ++i) {
    model.add_lateness("site_clearance", "wind", 0);
    model.add_lateness("site_clearance", "wind", 10);
    model.add_lateness("cod", "wind", 0);
    model.add_lateness("cod", "wind", 20);
  }
  model.finish();
  return model;
}

analysis::ForecastResult run(const Chain& chain, Date as_of, Date target, std::uint64_t seed,
                             unsigned threads) {
  graph::MilestoneNetwork network(chain.portfolio);
  analysis::ForecastQuery query;
  query.draws = 4000;
  query.seed = seed;
  query.target = target;
  query.explain_project = 0;
  query.threads = threads;
  return analysis::compute_forecast(chain.portfolio, network, as_of, stated_model(), query,
                                    ProvinceRegistry::builtin());
}

}  // namespace

TEST_CASE("forecast: a two-step chain with stated distributions, computed by hand") {
  Chain chain;
  const Date plan = *Date::from_ymd(2020, 3, 31);
  // Before anything is due, B finishes at plan + A's lateness + B's: 0, 10, 20 or 30, each with
  // probability 1/4. By plan + 10 it is done in half the draws (4,000 draws: one standard error
  // is 0.008).
  auto result = run(chain, *Date::from_ymd(2020, 1, 1), plan.plus_days(10), 7, 2);
  REQUIRE(result.projects.size() == 1);
  const auto& cod = result.projects.front();
  CHECK(cod.cod_milestone == chain.b);
  CHECK(cod.deterministic == plan.days());
  CHECK(cod.p10 == plan.days());
  CHECK(cod.p80 == plan.days() + 30);
  CHECK(cod.p90 == plan.days() + 30);
  REQUIRE(cod.p_by_target);
  CHECK(*cod.p_by_target == doctest::Approx(0.5).epsilon(0.08));
  CHECK(result.steps_by_key_and_group == 2);
  // A's finish + 30 is never before B's plan, and a tie goes to the predecessor: A is on B's
  // driving chain in every draw, as B is on its own.
  REQUIRE(result.driving.size() == 2);
  CHECK(result.driving[0].share == 1.0);
  CHECK(result.driving[1].share == 1.0);
  // MW online by the end of 2020: all 50 MW in every draw.
  REQUIRE_FALSE(result.online.empty());
  CHECK(result.online.front().year == 2020);
  CHECK(result.online.front().p10.watts() == 50'000'000);

  // The same seed gives the same answer whatever the number of threads.
  auto again = run(chain, *Date::from_ymd(2020, 1, 1), plan.plus_days(10), 7, 1);
  CHECK(again.projects.front().p_by_target == cod.p_by_target);
  CHECK(again.projects.front().p50 == cod.p50);
}

TEST_CASE("forecast: a step past its plan is drawn given that it has not finished") {
  Chain chain;
  const Date plan = *Date::from_ymd(2020, 3, 31);
  // On 5 March A, planned for 1 March, is not done: of its lateness only 10 days can still
  // happen, so it finishes on 11 March in every draw, and B 30 days and 0 or 20 days later.
  auto result = run(chain, *Date::from_ymd(2020, 3, 5), plan.plus_days(10), 11, 2);
  const auto& cod = result.projects.front();
  CHECK(cod.p10 == plan.days() + 10);
  CHECK(cod.p90 == plan.days() + 30);
  CHECK(*cod.p_by_target == doctest::Approx(0.5).epsilon(0.08));
}

TEST_CASE("forecast: a step later than any in history runs on by what late steps ran late") {
  Chain chain;
  // On 1 May A, planned for 1 March, is 61 days late: later than any history (0 or 10). It does
  // not finish the next day for certain; from 1 May it runs on by a late step's lateness (10
  // days), then B follows 30 days after it and 0 or 20 days late.
  const Date as_of = *Date::from_ymd(2020, 5, 1);
  auto result = run(chain, as_of, as_of.plus_days(40), 5, 2);
  const auto& cod = result.projects.front();
  CHECK(cod.p10 == as_of.days() + 10 + 30);
  CHECK(cod.p90 == as_of.days() + 10 + 30 + 20);
  CHECK(*cod.p_by_target == doctest::Approx(0.5).epsilon(0.08));
}

TEST_CASE("forecast: what was done after the as-of date is drawn as if unknown") {
  Chain chain;
  const Date plan = *Date::from_ymd(2020, 3, 31);
  // A done on 20 March is known on 1 April: B may finish from 19 April (A + 30), 0 or 20 days
  // late, but not started by 1 April it finishes on 1 May at the earliest: on 1 May or 9 May.
  // On 1 January A's finish is not known, and A is drawn as in the first case.
  chain.portfolio.milestones[static_cast<std::size_t>(chain.a)].actual =
      Date::from_ymd(2020, 3, 20);
  auto known = run(chain, *Date::from_ymd(2020, 4, 1), plan.plus_days(10), 7, 2);
  CHECK(known.projects.front().p10 == Date::from_ymd(2020, 5, 1)->days());
  CHECK(known.projects.front().p90 == Date::from_ymd(2020, 5, 9)->days());
  auto hidden = run(chain, *Date::from_ymd(2020, 1, 1), plan.plus_days(10), 7, 2);
  CHECK(hidden.projects.front().p10 == plan.days());
  CHECK(hidden.projects.front().p90 == plan.days() + 30);
  CHECK(hidden.projects.front().deterministic == plan.days());
}

TEST_CASE("forecast: the model falls back to wider groups where history is thin") {
  analysis::ForecastModel model;
  for (int i = 0; i < 25; ++i)
    model.add_lateness("cod", "solar", i);
  model.add_lateness("cod", "wind", 100);
  model.finish();
  analysis::ForecastBasis basis = analysis::ForecastBasis::None;
  auto samples = model.lateness("cod", "solar", basis);
  CHECK(basis == analysis::ForecastBasis::KeyAndGroup);
  CHECK(samples->days.size() == 25);
  samples = model.lateness("cod", "wind", basis);  // One sample: the key's 26 are used.
  CHECK(basis == analysis::ForecastBasis::Key);
  CHECK(samples->days.size() == 26);
  samples = model.lateness("commissioning", "wind", basis);
  CHECK(basis == analysis::ForecastBasis::AllSteps);
  CHECK(samples->days.size() == 26);
}

namespace {

// One project of two steps, A then B (B is the COD), with the link, durations and plans given.
Portfolio two_steps(LinkType type, std::int32_t a_duration, Date a_planned, Date b_planned,
                    int projects = 1) {
  Portfolio portfolio;
  for (int p = 0; p < projects; ++p) {
    Project project;
    project.code = "W-" + std::to_string(p + 1);
    project.name = "Điện gió " + project.code;
    project.technology = Technology::WindOnshore;
    project.province = "Trà Vinh";
    project.capacity = Capacity::from_watts(50'000'000);
    auto index = portfolio.add_project(project);
    Milestone first;
    first.project = index;
    first.key = "works_1";
    first.duration_days = a_duration;
    first.planned = a_planned;
    auto a = portfolio.add_milestone(first);
    Milestone second;
    second.project = index;
    second.key = "cod";
    second.planned = b_planned;
    auto b = portfolio.add_milestone(second);
    portfolio.add_dependency(Dependency{a, b, type, 0});
  }
  return portfolio;
}

analysis::ForecastResult draw(const Portfolio& portfolio, const analysis::ForecastModel& model,
                              Date as_of) {
  graph::MilestoneNetwork network(portfolio);
  analysis::ForecastQuery query;
  query.draws = 4000;
  query.seed = 3;
  query.threads = 2;
  return analysis::compute_forecast(portfolio, network, as_of, model, query,
                                    ProvinceRegistry::builtin());
}

}  // namespace

TEST_CASE("forecast: a step's lateness runs past a finish-to-finish bound too") {
  // B must finish with A (FF); A, planned for 30 April, is never late; B, planned for 31 March
  // (before A can finish), is 0 or 20 days late. Its lateness counts from A's finish, as it was
  // learned: B finishes on 30 April or 20 May, each half the time.
  auto portfolio = two_steps(LinkType::FinishToFinish, 30, *Date::from_ymd(2020, 4, 30),
                             *Date::from_ymd(2020, 3, 31));
  analysis::ForecastModel model;
  for (int i = 0; i < 20; ++i) {
    model.add_lateness("works_1", "wind", 0);
    model.add_lateness("cod", "wind", 0);
    model.add_lateness("cod", "wind", 20);
  }
  model.finish();
  auto result = draw(portfolio, model, *Date::from_ymd(2020, 1, 1));
  const auto& cod = result.projects.front();
  const Date with_a = *Date::from_ymd(2020, 4, 30);
  CHECK(cod.p10 == with_a.days());
  CHECK(cod.p90 == with_a.days() + 20);
}

TEST_CASE("forecast: a start-to-start successor starts after its late predecessor's start") {
  // B may start when A starts (SS) and takes no time; A (30 days, planned to finish 31 March, so
  // to start 1 March) is 0 or 40 days late, which moves its start too; B, planned for 2 March, is
  // never late. B finishes on 2 March or on A's late start, 10 April, half the time each.
  auto portfolio = two_steps(LinkType::StartToStart, 30, *Date::from_ymd(2020, 3, 31),
                             *Date::from_ymd(2020, 3, 2));
  analysis::ForecastModel model;
  for (int i = 0; i < 20; ++i) {
    model.add_lateness("works_1", "wind", 0);
    model.add_lateness("works_1", "wind", 40);
    model.add_lateness("cod", "wind", 0);
  }
  model.finish();
  auto result = draw(portfolio, model, *Date::from_ymd(2020, 1, 1));
  const auto& cod = result.projects.front();
  CHECK(cod.p10 == Date::from_ymd(2020, 3, 2)->days());
  CHECK(cod.p90 == Date::from_ymd(2020, 4, 10)->days());
}

TEST_CASE("forecast: a started phase draws its overrun after its actual start") {
  // A started on 1 March for 30 days; on 10 March it is running. Started phases of its kind ran
  // 0 or 10 days over: A finishes on 31 March or 10 April, and B (FS, no duration, planned for 31
  // March, never late) with it.
  auto portfolio = two_steps(LinkType::FinishToStart, 30, *Date::from_ymd(2020, 3, 31),
                             *Date::from_ymd(2020, 3, 31));
  portfolio.milestones[0].actual_start = Date::from_ymd(2020, 3, 1);
  analysis::ForecastModel model;
  for (int i = 0; i < 20; ++i) {
    model.add_lateness("works_1", "wind", 0);
    model.add_lateness("cod", "wind", 0);
    model.add_overrun("works_1", "wind", 0);
    model.add_overrun("works_1", "wind", 10);
  }
  model.finish();
  auto result = draw(portfolio, model, *Date::from_ymd(2020, 3, 10));
  const auto& cod = result.projects.front();
  CHECK(cod.p10 == Date::from_ymd(2020, 3, 31)->days());
  CHECK(cod.p90 == Date::from_ymd(2020, 4, 10)->days());
}

TEST_CASE("forecast: lateness of open steps counts, as at least what the as-of date shows") {
  // Done: 0 and 10 days late; open: one known to be more than 5 days late. Kaplan-Meier, by hand:
  // at 0, one of three at risk is done (1/3); at 10, the only one left at risk (2/3).
  analysis::ForecastSamples samples;
  samples.days = {10, 0};
  samples.censored = {5};
  samples.estimate();
  REQUIRE(samples.values == std::vector<std::int32_t>{0, 10});
  CHECK(samples.cumulative[0] == doctest::Approx(1.0 / 3));
  CHECK(samples.cumulative[1] == 1.0);
  CHECK(samples.quantiles.size() == analysis::ForecastSamples::quantile_count);
  CHECK(samples.quantiles.front() == 0);
  CHECK(samples.quantiles.back() == 10);
  // Open steps beyond every done one keep what is left, each at the least it can be.
  analysis::ForecastSamples beyond;
  beyond.days = {0};
  beyond.censored = {5, 7};
  beyond.estimate();
  REQUIRE(beyond.values == std::vector<std::int32_t>{0, 6, 8});
  CHECK(beyond.cumulative[0] == doctest::Approx(1.0 / 3));
  CHECK(beyond.cumulative[1] == doctest::Approx(2.0 / 3));
  CHECK(beyond.cumulative[2] == 1.0);
  auto [below, at_most] = beyond.probability_around(6);
  CHECK(below == doctest::Approx(1.0 / 3));
  CHECK(at_most == doctest::Approx(2.0 / 3));
}

TEST_CASE("forecast: lateness correlated within projects is measured and leans the draws") {
  // Forty projects whose two steps ranked alike in history: the correlation is as high as the
  // model allows; none: zero.
  analysis::ForecastModel alike, unrelated;
  for (int p = 0; p < 40; ++p) {
    alike.add_lateness("works_1", "wind", p, true, p);
    alike.add_lateness("cod", "wind", p, true, p);
    unrelated.add_lateness("works_1", "wind", p);
    unrelated.add_lateness("cod", "wind", p);
  }
  alike.finish();
  unrelated.finish();
  CHECK(alike.correlation() == doctest::Approx(0.95));
  CHECK(unrelated.correlation() == 0.0);
  CHECK(alike.project_scores(39).first > 0);
  CHECK(alike.project_scores(0).first < 0);
  CHECK(alike.project_scores(0).second == 2);

  // Two open projects: the first ran latest of all so far, the second earliest. Both draw their
  // steps from the same history, but the first draws late and the second early.
  auto portfolio = two_steps(LinkType::FinishToStart, 0, *Date::from_ymd(2020, 3, 1),
                             *Date::from_ymd(2020, 3, 1), 2);
  analysis::ForecastModel model;
  for (int p = 0; p < 40; ++p) {
    std::int32_t project = p == 39 ? 0 : p == 0 ? 1 : p + 100;
    model.add_lateness("site_clearance", "wind", p * 10, true, project);
    model.add_lateness("works_1", "wind", p * 10, true, project);
    model.add_lateness("cod", "wind", 0, true, -1);
  }
  model.finish();
  auto result = draw(portfolio, model, *Date::from_ymd(2020, 1, 1));
  REQUIRE(result.correlation == doctest::Approx(0.95));
  const Date plan = *Date::from_ymd(2020, 3, 1);
  CHECK(result.projects[0].p50 > plan.days() + 300);
  CHECK(result.projects[1].p50 < plan.days() + 100);
}
