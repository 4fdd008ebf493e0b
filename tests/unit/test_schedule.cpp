// The critical path method on small networks computed by hand from the rules in DESIGN.md. Every
// date below is written as days after the as-of date D, so each expectation can be checked on
// paper: a 10-day phase starting at D finishes at D + 10.
#include <doctest/doctest.h>

#include <string>

#include "analysis/impact.h"
#include "analysis/schedule.h"
#include "domain/error.h"
#include "graph/network.h"

using namespace tiendo;
using analysis::DriverKind;

namespace {

const Date as_of = *Date::from_ymd(2020, 1, 1);
const std::int32_t D = as_of.days();

Date at(std::int32_t offset) {
  return Date::from_days(D + offset);
}

// A small portfolio builder: milestones are named "PROJECT:key" and returned by index.
struct Network {
  Portfolio portfolio;

  std::int32_t milestone(const std::string& reference, std::int32_t duration = 0) {
    auto [code, key] = split_reference(reference);
    auto project = portfolio.find_project(code);
    if (!project) {
      Project added;
      added.code = std::string(code);
      added.name = added.code;
      added.province = "Trà Vinh";
      project = portfolio.add_project(added);
    }
    Milestone added;
    added.project = *project;
    added.key = std::string(key);
    added.duration_days = duration;
    return portfolio.add_milestone(added);
  }
  Milestone& operator[](std::int32_t index) {
    return portfolio.milestones[static_cast<std::size_t>(index)];
  }
  void link(std::int32_t from, std::int32_t to, LinkType type = LinkType::FinishToStart,
            std::int32_t lag = 0) {
    portfolio.add_dependency(Dependency{from, to, type, lag});
  }
  analysis::Schedule schedule(std::span<const analysis::ImposedFinish> imposed = {}) const {
    graph::MilestoneNetwork network(portfolio);
    return analysis::compute_schedule(portfolio, network, as_of, imposed);
  }
};

const analysis::MilestoneSchedule& entry(const analysis::Schedule& schedule, std::int32_t index) {
  return schedule.milestones[static_cast<std::size_t>(index)];
}

}  // namespace

TEST_CASE("finish-to-start with positive, zero and negative lags") {
  for (auto [lag, expected_start] : {std::pair{3, 13}, std::pair{0, 10}, std::pair{-4, 6}}) {
    CAPTURE(lag);
    Network network;
    auto a = network.milestone("P:a", 10);
    auto b = network.milestone("P:b", 5);
    network.link(a, b, LinkType::FinishToStart, lag);
    auto schedule = network.schedule();
    CHECK(entry(schedule, a).early_start == D);
    CHECK(entry(schedule, a).early_finish == D + 10);
    CHECK(entry(schedule, b).early_start == D + expected_start);
    CHECK(entry(schedule, b).early_finish == D + expected_start + 5);
    CHECK(entry(schedule, b).driver == DriverKind::Predecessor);
    CHECK(entry(schedule, b).driver_dependency == 0);
    // Backward: LF(a) = LS(b) - lag = ES(b) - lag = 10, so a has no float.
    CHECK(*entry(schedule, a).late_finish == D + 10);
    CHECK(*entry(schedule, a).total_float == 0);
    CHECK(entry(schedule, a).critical);
  }
}

TEST_CASE("finish-to-start with a lag so negative that the as-of date wins") {
  Network network;
  auto a = network.milestone("P:a", 10);
  auto b = network.milestone("P:b", 5);
  network.link(a, b, LinkType::FinishToStart, -30);
  auto schedule = network.schedule();
  // EF(a) - 30 = D - 20 is before D: a milestone not started cannot start in the past.
  CHECK(entry(schedule, b).early_start == D);
  CHECK(entry(schedule, b).driver == DriverKind::AsOf);
  // LF(a) = LS(b) + 30 = D + 30, so a has 20 days of float.
  CHECK(*entry(schedule, a).total_float == 20);
  CHECK_FALSE(entry(schedule, a).critical);
}

TEST_CASE("start-to-start") {
  Network network;
  auto a = network.milestone("P:a", 10);
  auto b = network.milestone("P:b", 5);
  network.link(a, b, LinkType::StartToStart, 2);
  auto schedule = network.schedule();
  CHECK(entry(schedule, b).early_start == D + 2);
  CHECK(entry(schedule, b).early_finish == D + 7);
  // LF(b) = EF(b) = D + 7; LF(a) = LS(b) - 2 + 10 = D + 10: a is critical, b too.
  CHECK(*entry(schedule, a).late_finish == D + 10);
  CHECK(*entry(schedule, a).total_float == 0);
  CHECK(*entry(schedule, b).total_float == 0);
}

TEST_CASE("finish-to-finish with positive and negative lags") {
  for (auto [lag, expected_finish] : {std::pair{4, 14}, std::pair{-3, 7}}) {
    CAPTURE(lag);
    Network network;
    auto a = network.milestone("P:a", 10);
    auto b = network.milestone("P:b", 5);
    network.link(a, b, LinkType::FinishToFinish, lag);
    auto schedule = network.schedule();
    // ES(b) = EF(a) + lag - d(b) = 10 + lag - 5.
    CHECK(entry(schedule, b).early_finish == D + expected_finish);
    CHECK(entry(schedule, b).early_start == D + expected_finish - 5);
    // LF(a) = LF(b) - lag = EF(b) - lag = D + 10.
    CHECK(*entry(schedule, a).late_finish == D + 10);
    CHECK(*entry(schedule, a).total_float == 0);
  }
}

TEST_CASE("start-to-finish") {
  Network network;
  auto a = network.milestone("P:a", 10);
  auto b = network.milestone("P:b", 5);
  network.link(a, b, LinkType::StartToFinish, 7);
  auto schedule = network.schedule();
  // ES(b) = ES(a) + 7 - 5 = D + 2, EF(b) = D + 7.
  CHECK(entry(schedule, b).early_start == D + 2);
  CHECK(entry(schedule, b).early_finish == D + 7);
  // LF(a) = LF(b) - 7 + d(a) = 7 - 7 + 10 = D + 10.
  CHECK(*entry(schedule, a).late_finish == D + 10);
  CHECK(*entry(schedule, a).late_start == D);
}

TEST_CASE("events take no time, phases do") {
  Network network;
  auto approval = network.milestone("P:approval");
  auto construction = network.milestone("P:construction", 400);
  auto cod = network.milestone("P:cod");
  network[approval].planned = at(30);
  network.link(approval, construction);
  network.link(construction, cod, LinkType::FinishToStart, 15);
  auto schedule = network.schedule();
  CHECK(entry(schedule, approval).early_start == D + 30);
  CHECK(entry(schedule, approval).early_finish == D + 30);
  CHECK(entry(schedule, construction).early_start == D + 30);
  CHECK(entry(schedule, construction).early_finish == D + 430);
  CHECK(entry(schedule, cod).early_start == D + 445);
  CHECK(entry(schedule, cod).early_finish == D + 445);
}

TEST_CASE("an actual date fixes a milestone and nothing moves it") {
  Network network;
  auto a = network.milestone("P:a", 10);
  auto b = network.milestone("P:b", 5);
  auto c = network.milestone("P:c", 0);
  network.link(c, a, LinkType::FinishToStart, 100);
  network[c].planned = at(50);  // Would push a to D + 150 if a were not done.
  network[a].actual = at(-30);
  network.link(a, b);
  auto schedule = network.schedule();
  CHECK(entry(schedule, a).early_finish == D - 30);
  CHECK(entry(schedule, a).early_start == D - 40);  // No actual start: EF - d.
  CHECK(entry(schedule, a).driver == DriverKind::Actual);
  CHECK_FALSE(entry(schedule, a).late_finish.has_value());
  CHECK_FALSE(entry(schedule, a).total_float.has_value());
  // b's predecessor finished in the past, so the as-of date holds b.
  CHECK(entry(schedule, b).early_start == D);
  CHECK(entry(schedule, b).driver == DriverKind::AsOf);

  SUBCASE("with an actual start, the start is history too") {
    network[a].actual_start = at(-60);
    auto again = network.schedule();
    CHECK(entry(again, a).early_start == D - 60);
    CHECK(entry(again, a).early_finish == D - 30);
  }
}

TEST_CASE("a started phase: actual start, as-of, planned and forecast bound its finish") {
  Network network;
  auto phase = network.milestone("P:construction", 10);
  SUBCASE("actual start + duration wins") {
    network[phase].actual_start = at(-5);
    auto schedule = network.schedule();
    CHECK(entry(schedule, phase).early_start == D - 5);
    CHECK(entry(schedule, phase).early_finish == D + 5);
    CHECK(entry(schedule, phase).driver == DriverKind::ActualStart);
  }
  SUBCASE("an overrun phase cannot finish before the as-of date") {
    network[phase].actual_start = at(-20);
    auto schedule = network.schedule();
    CHECK(entry(schedule, phase).early_start == D - 20);
    CHECK(entry(schedule, phase).early_finish == D);
    CHECK(entry(schedule, phase).driver == DriverKind::AsOf);
  }
  SUBCASE("the planned finish wins when later") {
    network[phase].actual_start = at(-5);
    network[phase].planned = at(30);
    auto schedule = network.schedule();
    CHECK(entry(schedule, phase).early_start == D - 5);
    CHECK(entry(schedule, phase).early_finish == D + 30);
    CHECK(entry(schedule, phase).driver == DriverKind::Planned);
  }
  SUBCASE("a reported forecast later than the plan wins") {
    network[phase].actual_start = at(-5);
    network[phase].planned = at(30);
    network[phase].forecast = at(45);
    auto schedule = network.schedule();
    CHECK(entry(schedule, phase).early_finish == D + 45);
    CHECK(entry(schedule, phase).driver == DriverKind::Forecast);
  }
  SUBCASE("a finish-to-finish predecessor bounds the finish, a finish-to-start one does not") {
    auto supply = network.milestone("P:supply", 40);
    auto permit = network.milestone("P:permit", 90);
    network.link(supply, phase, LinkType::FinishToFinish, 2);
    network.link(permit, phase, LinkType::FinishToStart, 0);
    network[phase].actual_start = at(-5);
    auto schedule = network.schedule();
    CHECK(entry(schedule, phase).early_start == D - 5);
    CHECK(entry(schedule, phase).early_finish == D + 42);
    CHECK(entry(schedule, phase).driver == DriverKind::Predecessor);
    CHECK(entry(schedule, phase).driver_dependency == 0);
  }
}

TEST_CASE("a milestone not started: as-of, planned, forecast and predecessors bound its start") {
  Network network;
  auto cod = network.milestone("P:cod");
  SUBCASE("nothing else: the as-of date") {
    auto schedule = network.schedule();
    CHECK(entry(schedule, cod).early_finish == D);
    CHECK(entry(schedule, cod).driver == DriverKind::AsOf);
  }
  SUBCASE("a planned date in the future") {
    network[cod].planned = at(100);
    auto schedule = network.schedule();
    CHECK(entry(schedule, cod).early_finish == D + 100);
    CHECK(entry(schedule, cod).driver == DriverKind::Planned);
    CHECK(*analysis::slip_days(network[cod], entry(schedule, cod)) == 0);
  }
  SUBCASE("a planned date gone by: the as-of date, and the slip is the overdue time") {
    network[cod].planned = at(-214);
    auto schedule = network.schedule();
    CHECK(entry(schedule, cod).early_finish == D);
    CHECK(entry(schedule, cod).driver == DriverKind::AsOf);
    CHECK(*analysis::slip_days(network[cod], entry(schedule, cod)) == 214);
    CHECK(*analysis::overdue_days(network[cod], as_of) == 214);
  }
  SUBCASE("a forecast later than the plan") {
    network[cod].planned = at(100);
    network[cod].forecast = at(130);
    auto schedule = network.schedule();
    CHECK(entry(schedule, cod).early_finish == D + 130);
    CHECK(entry(schedule, cod).driver == DriverKind::Forecast);
    CHECK(*analysis::slip_days(network[cod], entry(schedule, cod)) == 30);
    CHECK_FALSE(analysis::overdue_days(network[cod], as_of).has_value());
  }
  SUBCASE("a predecessor later than plan and forecast") {
    auto line = network.milestone("P:grid_connection", 0);
    network[line].planned = at(200);
    network[cod].planned = at(100);
    network[cod].forecast = at(130);
    network.link(line, cod);
    auto schedule = network.schedule();
    CHECK(entry(schedule, cod).early_finish == D + 200);
    CHECK(entry(schedule, cod).driver == DriverKind::Predecessor);
  }
  SUBCASE("on a tie the predecessor is the driver, so explanations follow the network") {
    auto line = network.milestone("P:grid_connection", 0);
    network[line].planned = at(100);
    network[cod].planned = at(100);
    network.link(line, cod);
    auto schedule = network.schedule();
    CHECK(entry(schedule, cod).driver == DriverKind::Predecessor);
  }
  SUBCASE("no overdue once done") {
    network[cod].planned = at(-10);
    network[cod].actual = at(-1);
    CHECK_FALSE(analysis::overdue_days(network[cod], as_of).has_value());
  }
}

TEST_CASE("cross-project edges: a late 110 kV line moves the wind farms behind it") {
  Network network;
  auto energised = network.milestone("LINE110:energisation");
  auto farm_one = network.milestone("WIND1:cod");
  auto farm_two = network.milestone("WIND2:cod");
  auto farm_three = network.milestone("WIND3:cod");
  network[energised].planned = at(60);
  network[energised].forecast = at(250);
  network[farm_one].planned = at(90);
  network[farm_two].planned = at(120);
  network[farm_three].planned = at(400);
  network.link(energised, farm_one, LinkType::FinishToStart, 30);
  network.link(energised, farm_two, LinkType::FinishToStart, 30);
  network.link(energised, farm_three, LinkType::FinishToStart, 30);
  auto schedule = network.schedule();
  CHECK(entry(schedule, farm_one).early_finish == D + 280);
  CHECK(entry(schedule, farm_two).early_finish == D + 280);
  CHECK(entry(schedule, farm_three).early_finish == D + 400);  // Its own plan is later still.
  CHECK(*analysis::slip_days(network[farm_one], entry(schedule, farm_one)) == 190);
  CHECK(*analysis::slip_days(network[farm_two], entry(schedule, farm_two)) == 160);
  CHECK(entry(schedule, farm_three).driver == DriverKind::Planned);
  // The line's late finish is set by the earliest late start among the farms it gates.
  CHECK(*entry(schedule, energised).late_finish == D + 250);
  CHECK(entry(schedule, energised).critical);

  auto chain = analysis::driver_chain(network.portfolio, schedule, farm_two);
  REQUIRE(chain.size() == 2);
  CHECK(chain[0].milestone == farm_two);
  CHECK(chain[0].driver == DriverKind::Predecessor);
  CHECK(chain[0].dependency == 1);
  CHECK(chain[1].milestone == energised);
  CHECK(chain[1].driver == DriverKind::Forecast);
  CHECK(chain[1].early_finish == D + 250);
  CHECK(chain[1].dependency == -1);
}

TEST_CASE("total float on parallel paths") {
  // start -> long (10) -> end, start -> short (4) -> end, and start -> medium (7) -FS+2-> end.
  Network network;
  auto start = network.milestone("P:start");
  auto long_path = network.milestone("P:long", 10);
  auto short_path = network.milestone("P:short", 4);
  auto medium_path = network.milestone("P:medium", 7);
  auto end = network.milestone("P:end");
  network.link(start, long_path);
  network.link(start, short_path);
  network.link(start, medium_path);
  network.link(long_path, end);
  network.link(short_path, end);
  network.link(medium_path, end, LinkType::FinishToStart, 2);
  auto schedule = network.schedule();
  CHECK(entry(schedule, end).early_finish == D + 10);
  CHECK(*entry(schedule, long_path).total_float == 0);
  CHECK(*entry(schedule, short_path).total_float == 6);
  CHECK(*entry(schedule, short_path).late_start == D + 6);
  CHECK(*entry(schedule, medium_path).total_float == 1);
  CHECK(entry(schedule, start).critical);
  CHECK(entry(schedule, long_path).critical);
  CHECK_FALSE(entry(schedule, short_path).critical);
  CHECK_FALSE(entry(schedule, medium_path).critical);
  CHECK(entry(schedule, end).critical);
}

TEST_CASE("negative float where progress is out of sequence") {
  // b started before its finish-to-start predecessor a finished: a's late finish is b's late
  // start, already in the past.
  Network network;
  auto a = network.milestone("P:a", 10);
  auto b = network.milestone("P:b", 2);
  network.link(a, b);
  network[a].actual_start = at(-5);
  network[b].actual_start = at(-3);
  auto schedule = network.schedule();
  CHECK(entry(schedule, a).early_finish == D + 5);
  CHECK(entry(schedule, b).early_start == D - 3);
  CHECK(entry(schedule, b).early_finish == D);  // D - 1 is in the past: the as-of date holds.
  CHECK(*entry(schedule, b).late_finish == D);
  CHECK(*entry(schedule, b).late_start == D - 2);
  CHECK(*entry(schedule, a).late_finish == D - 2);
  CHECK(*entry(schedule, a).total_float == -7);
  CHECK(entry(schedule, a).critical);
}

TEST_CASE("a done successor does not constrain the backward pass") {
  Network network;
  auto a = network.milestone("P:a", 10);
  auto b = network.milestone("P:b", 0);
  network.link(a, b);
  network[b].actual = at(-1);
  auto schedule = network.schedule();
  // With no successor left to wait for, LF = EF.
  CHECK(*entry(schedule, a).late_finish == D + 10);
  CHECK(*entry(schedule, a).total_float == 0);
}

TEST_CASE("an imposed finish (impact --slip) moves the milestone and what follows") {
  Network network;
  auto energised = network.milestone("LINE:energisation");
  auto cod = network.milestone("WIND:cod");
  network[energised].planned = at(60);
  network.link(energised, cod, LinkType::FinishToStart, 30);
  auto before = network.schedule();
  CHECK(entry(before, cod).early_finish == D + 90);
  analysis::ImposedFinish slip{energised, entry(before, energised).early_finish + 45};
  auto after = network.schedule(std::span(&slip, 1));
  CHECK(entry(after, energised).early_finish == D + 105);
  CHECK(entry(after, energised).driver == DriverKind::ImposedSlip);
  CHECK(entry(after, cod).early_finish == D + 135);
}

TEST_CASE("an impact lists every milestone that moves, what pushed it, and MW leaving their year") {
  Network network;
  auto energised = network.milestone("LINE:grid_line_energized");
  auto near = network.milestone("NEAR:cod");
  auto far = network.milestone("FAR:cod");
  auto still = network.milestone("STILL:cod");
  network.portfolio.projects[1].capacity = Capacity::parse_megawatts("30");
  network.portfolio.projects[2].capacity = Capacity::parse_megawatts("50");
  network.portfolio.projects[3].capacity = Capacity::parse_megawatts("70");
  network[energised].planned = at(100);           // 10 April 2020.
  network.link(energised, near, LinkType::FinishToStart, 10);   // 20 April 2020.
  network.link(energised, far, LinkType::FinishToStart, 200);   // 27 October 2020.
  network[still].planned = at(400);
  network.link(energised, still, LinkType::FinishToStart, 0);  // Its plan holds it later.
  auto before = network.schedule();
  graph::MilestoneNetwork graph(network.portfolio);
  auto impact = analysis::compute_impact(network.portfolio, graph, before, energised, 90,
                                         ProvinceRegistry::builtin());
  REQUIRE(impact.milestones.size() == 3);
  CHECK(impact.milestones[0].milestone == energised);
  CHECK(impact.milestones[0].pushed_by == -1);
  CHECK(impact.milestones[1].milestone == near);
  CHECK(impact.milestones[1].pushed_by == energised);
  CHECK(impact.milestones[1].finish_after - impact.milestones[1].finish_before == 90);
  REQUIRE(impact.projects.size() == 2);
  CHECK_FALSE(impact.projects[0].leaves_its_year);  // April to July 2020.
  CHECK(impact.projects[1].leaves_its_year);        // October 2020 to January 2021.
  CHECK(impact.total == Capacity::parse_megawatts("80"));
  CHECK(impact.leaving_their_year == Capacity::parse_megawatts("50"));
}

TEST_CASE("driver chain from a cod back to the date that fixes it") {
  Network network;
  auto approval = network.milestone("P:approval");
  auto construction = network.milestone("P:construction_start");
  auto cod = network.milestone("P:cod");
  network[approval].actual = at(-100);
  network[construction].planned = at(20);
  network[cod].planned = at(300);
  network.link(approval, construction, LinkType::FinishToStart, 60);
  network.link(construction, cod, LinkType::FinishToStart, 365);
  auto schedule = network.schedule();
  auto chain = analysis::driver_chain(network.portfolio, schedule, cod);
  REQUIRE(chain.size() == 2);
  CHECK(chain[0].early_finish == D + 385);
  CHECK(chain[1].milestone == construction);
  CHECK(chain[1].driver == DriverKind::Planned);  // D + 20 beats approval + 60 = D - 40.

  network[construction].planned.reset();
  network[approval].actual = at(-10);
  auto again = network.schedule();
  auto longer = analysis::driver_chain(network.portfolio, again, cod);
  REQUIRE(longer.size() == 3);
  CHECK(longer[1].early_finish == D + 50);
  CHECK(longer[2].milestone == approval);
  CHECK(longer[2].driver == DriverKind::Actual);
}

TEST_CASE("a cycle is refused with every milestone of it named in order") {
  Network network;
  auto a = network.milestone("A:cod");
  auto b = network.milestone("B:construction_start");
  auto c = network.milestone("C:grid_connection");
  auto outside = network.milestone("D:approval");
  network.link(outside, a);
  network.link(a, b);
  network.link(b, c);
  network.link(c, a);
  try {
    graph::check_acyclic(network.portfolio);
    FAIL("a cycle was accepted");
  } catch (const CycleError& error) {
    std::string message = error.what();
    // The cycle may be entered at any of its milestones; it must name all three, in link order.
    bool named = message.find("A:cod -> B:construction_start -> C:grid_connection -> A:cod") !=
                     std::string::npos ||
                 message.find(
                     "B:construction_start -> C:grid_connection -> A:cod -> "
                     "B:construction_start") != std::string::npos ||
                 message.find(
                     "C:grid_connection -> A:cod -> B:construction_start -> "
                     "C:grid_connection") != std::string::npos;
    CHECK_MESSAGE(named, message);
    CHECK(message.find("D:approval") == std::string::npos);
  }
}

TEST_CASE("a self-dependency is a cycle of one") {
  Network network;
  auto a = network.milestone("A:cod");
  network.link(a, a);
  CHECK_THROWS_WITH_AS(graph::check_acyclic(network.portfolio),
                       "to: 'A:cod': closes a dependency cycle: A:cod -> A:cod", CycleError);
}

TEST_CASE("the topological order puts every milestone after its predecessors") {
  Network network;
  std::vector<std::int32_t> chain;
  for (int i = 0; i < 50; ++i)
    chain.push_back(network.milestone("P:m" + std::to_string(i), 1));
  // Links added backwards so that storage order is not already a topological order.
  for (int i = 49; i > 0; --i)
    network.link(chain[static_cast<std::size_t>(i - 1)], chain[static_cast<std::size_t>(i)]);
  graph::MilestoneNetwork built(network.portfolio);
  std::vector<int> position(50);
  auto order = built.topological_order();
  REQUIRE(order.size() == 50);
  for (std::size_t i = 0; i < order.size(); ++i)
    position[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
  for (const auto& link : network.portfolio.dependencies)
    CHECK(position[static_cast<std::size_t>(link.from)] <
          position[static_cast<std::size_t>(link.to)]);
  auto schedule = network.schedule();
  CHECK(entry(schedule, chain.back()).early_finish == D + 50);
}
