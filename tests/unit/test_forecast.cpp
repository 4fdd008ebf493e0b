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
