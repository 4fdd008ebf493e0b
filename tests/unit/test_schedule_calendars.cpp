// The schedule on working calendars (DESIGN.md, "Working calendars"): worked examples by hand, and
// an oracle of its own, random networks on random calendars against a forward pass written here
// that walks minute by minute over what each day's periods say, with none of the calendar's
// tables or binary searches.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>

#include "analysis/schedule.h"
#include "domain/calendar.h"
#include "domain/error.h"
#include "graph/network.h"

using namespace tiendo;

namespace {

std::int32_t day(const char* iso) {
  return Date::parse(iso).days();
}

struct Builder {
  Portfolio portfolio;
  std::int32_t project(const std::string& code, const std::string& calendar) {
    Project added;
    added.code = code;
    added.name = code;
    added.province = "Trà Vinh";
    added.calendar = calendar;
    return portfolio.add_project(added);
  }
  std::int32_t milestone(std::int32_t project, const std::string& key, std::int32_t duration) {
    Milestone added;
    added.project = project;
    added.key = key;
    added.duration_days = duration;
    return portfolio.add_milestone(added);
  }
  Milestone& operator[](std::int32_t index) {
    return portfolio.milestones[static_cast<std::size_t>(index)];
  }
  analysis::Schedule schedule(Date as_of) const {
    graph::MilestoneNetwork network(portfolio);
    return analysis::compute_schedule(portfolio, network, as_of);
  }
};

std::string iso(std::int32_t days) {
  return Date::from_days(days).iso_day();
}

}  // namespace

TEST_CASE("calendar schedule: worked example on vn-mon-fri across Tết 2027") {
  // As of Monday 1 February 2027: a 5-day phase, then a 3-day phase, then an event.
  // Phase A works Mon 1/2 - Thu 4/2 (4 days), then Tết (5/2-11/2 with the make-up days), and its
  // fifth day is Friday 12/2, done at 17:00: printed 12/02. Phase B starts Monday 15/2 08:00 and
  // is done Wednesday 17/2 17:00. The event waits for the next working instant, Thursday 18/2.
  Builder network;
  auto project = network.project("ND-A", "vn-mon-fri");
  auto a = network.milestone(project, "a", 5);
  auto b = network.milestone(project, "b", 3);
  auto c = network.milestone(project, "c", 0);
  network.portfolio.add_dependency({a, b, LinkType::FinishToStart, 0});
  network.portfolio.add_dependency({b, c, LinkType::FinishToStart, 0});
  auto schedule = network.schedule(Date::parse("2027-02-01"));
  CHECK(iso(schedule.milestones[0].early_start) == "2027-02-01");
  CHECK(iso(schedule.milestones[0].early_finish) == "2027-02-12");
  CHECK(iso(schedule.milestones[1].early_start) == "2027-02-15");
  CHECK(iso(schedule.milestones[1].early_finish) == "2027-02-17");
  CHECK(iso(schedule.milestones[2].early_start) == "2027-02-18");
  CHECK(iso(schedule.milestones[2].early_finish) == "2027-02-18");
  // All on the critical path: float in calendar days, zero.
  for (int m = 0; m < 3; ++m)
    CHECK(*schedule.milestones[static_cast<std::size_t>(m)].total_float == 0);
  // impact --slip 3 on A: its finish no earlier than Monday 15/02 (3 calendar days after Friday
  // 12/02), done at 17:00; B then runs Tuesday 16/02 to Thursday 18/02, the event on Friday 19/02.
  graph::MilestoneNetwork graph(network.portfolio);
  analysis::ImposedFinish slip{a, schedule.milestones[0].early_finish + 3};
  auto slipped = analysis::compute_schedule(network.portfolio, graph, Date::parse("2027-02-01"),
                                            std::span(&slip, 1));
  CHECK(iso(slipped.milestones[0].early_finish) == "2027-02-15");
  CHECK(iso(slipped.milestones[1].early_start) == "2027-02-16");
  CHECK(iso(slipped.milestones[2].early_finish) == "2027-02-19");
}

TEST_CASE(
    "calendar schedule: a lag counts on the predecessor's calendar; a calendar-day project "
    "linked to a calendar project stays exact") {
  Builder network;
  auto line = network.project("LINE", "");            // whole days
  auto farm = network.project("FARM", "vn-mon-sat");  // Monday-Saturday
  auto energized = network.milestone(line, "grid_line_energized", 10);
  auto testing = network.milestone(farm, "commissioning", 2);
  auto cod = network.milestone(farm, "cod", 0);
  // As of Monday 4 January 2027: the line's 10 calendar days end on 14/01 (00:00).
  // FS lag 2 days on the line's calendar (whole days): 16/01 00:00, a Saturday; Monday-Saturday
  // works then: 08:00 Saturday 16/01; two days: Saturday and Monday 18/01 (Sunday off).
  network.portfolio.add_dependency({energized, testing, LinkType::FinishToStart, 2});
  network.portfolio.add_dependency({testing, cod, LinkType::FinishToStart, 0});
  auto schedule = network.schedule(Date::parse("2027-01-04"));
  CHECK(iso(schedule.milestones[0].early_finish) == "2027-01-14");
  CHECK(iso(schedule.milestones[1].early_start) == "2027-01-16");
  CHECK(iso(schedule.milestones[1].early_finish) == "2027-01-18");
  CHECK(iso(schedule.milestones[2].early_start) == "2027-01-19");
  // The other way: a lag of 1 day from the farm (8 working hours of Monday-Saturday) reaches the
  // line, counted on the farm's calendar.
  auto after = network.milestone(line, "line_after", 1);
  network.portfolio.add_dependency({testing, after, LinkType::FinishToStart, 1});
  schedule = network.schedule(Date::parse("2027-01-04"));
  // Testing done Monday 18/01 17:00; a day of the farm's work: Tuesday 19/01 17:00; the line
  // works whole days: its 1 day ends at 20/01 17:00, printed 20/01.
  CHECK(iso(schedule.milestones[3].early_start) == "2027-01-19");
  CHECK(iso(schedule.milestones[3].early_finish) == "2027-01-20");
}

TEST_CASE("calendar schedule: plans, actual dates and an unknown calendar") {
  Builder network;
  auto project = network.project("ND-B", "vn-mon-fri");
  auto a = network.milestone(project, "a", 2);
  auto b = network.milestone(project, "b", 2);
  network.portfolio.add_dependency({a, b, LinkType::FinishToStart, 0});
  // Planned to finish Friday 15/01/2027: starts Thursday 14/01 08:00 at the latest plan.
  network[a].planned = Date::parse("2027-01-15");
  auto schedule = network.schedule(Date::parse("2027-01-04"));
  CHECK(iso(schedule.milestones[0].early_start) == "2027-01-14");
  CHECK(iso(schedule.milestones[0].early_finish) == "2027-01-15");
  CHECK(*analysis::slip_days(network[a], schedule.milestones[0]) == 0);
  CHECK(iso(schedule.milestones[1].early_start) == "2027-01-18");
  // Done on a Sunday: printed as written; the successor starts the next working morning.
  network[a].actual = Date::parse("2027-01-10");
  schedule = network.schedule(Date::parse("2027-01-04"));
  CHECK(iso(schedule.milestones[0].early_finish) == "2027-01-10");
  CHECK(iso(schedule.milestones[1].early_start) == "2027-01-11");
  CHECK(iso(schedule.milestones[1].early_finish) == "2027-01-12");
  network.portfolio.projects[0].calendar = "no-such";
  CHECK_THROWS_AS(network.schedule(Date::parse("2027-01-04")), InvalidInput);
}

namespace {

// --- The oracle -----------------------------------------------------------------------------
// Everything here is written from the definition and DESIGN.md's words, minute by minute.
struct OracleCalendar {
  const CalendarDefinition* definition = nullptr;  // nullptr: whole days
  mutable std::unordered_map<std::int32_t, DayPeriods> days;
  mutable std::map<int, std::set<std::int32_t>> holidays;

  const DayPeriods& periods(std::int32_t day) const {
    auto found = days.find(day);
    if (found != days.end())
      return found->second;
    DayPeriods result;
    if (!definition) {
      result = {{0, 1440}};
    } else if (auto exception = definition->exceptions.find(day);
               exception != definition->exceptions.end()) {
      result = exception->second;
    } else {
      int weekday = weekday_of(day);
      result = definition->weekdays[static_cast<std::size_t>(weekday)];
      if (definition->holidays == HolidayRule::Vietnam) {
        int year = Date::from_days(day).year();
        for (int y : {year - 1, year}) {
          if (!holidays.count(y))
            for (const auto& holiday : vietnam_days_off(y, definition->weekdays))
              holidays[y].insert(holiday.day);
          if (holidays[y].count(day))
            result.clear();
        }
      }
    }
    return days.emplace(day, result).first->second;
  }
  bool working(std::int64_t minute) const {
    std::int64_t d = minute >= 0 ? minute / 1440 : (minute - 1439) / 1440;
    std::int64_t of_day = minute - d * 1440;
    for (const auto& period : periods(static_cast<std::int32_t>(d)))
      if (of_day >= period.start && of_day < period.end)
        return true;
    return false;
  }
  std::int64_t per_day() const {
    if (!definition)
      return 1440;
    std::int64_t best = 0;
    for (const auto& periods : definition->weekdays) {
      std::int64_t sum = 0;
      for (const auto& period : periods)
        sum += period.end - period.start;
      best = std::max(best, sum);
    }
    return best;
  }
  std::int64_t next_working(std::int64_t t) const {
    while (!working(t))
      ++t;
    return t;
  }
  // Done after `work` working minutes from t.
  std::int64_t advance(std::int64_t t, std::int64_t work) const {
    if (work == 0)
      return t;
    if (work < 0)
      return back(t, -work);
    for (;; ++t)
      if (working(t) && --work == 0)
        return t + 1;
  }
  // The start of the working minute `work` working minutes before t.
  std::int64_t back(std::int64_t t, std::int64_t work) const {
    for (--t;; --t)
      if (working(t) && --work == 0)
        return t;
  }
  std::int64_t shift(std::int64_t t, std::int64_t lag) const {
    return lag >= 0 ? advance(t, lag) : back(t, -lag);
  }
  std::int64_t start_for_finish(std::int64_t finish, std::int64_t work) const {
    if (work == 0)
      return finish;
    if (working(finish - 1))
      return back(finish, work);
    std::int64_t first = next_working(finish);
    return work == 1 ? first : back(first, work - 1);
  }
  std::int64_t finish_of_day(std::int32_t d) const {
    std::int64_t best = -1;
    const DayPeriods& before = periods(d - 1);
    if (!before.empty() && before.back().end == 1440)
      best = std::int64_t{d} * 1440;
    for (const auto& period : periods(d))
      if (period.end < 1440)
        best = std::max(best, std::int64_t{d} * 1440 + period.end);
    if (best >= 0)
      return best;
    std::int64_t t = std::int64_t{d} * 1440;
    while (!working(t - 1))
      --t;
    return t;
  }
};

std::int32_t day_of(std::int64_t t) {
  return static_cast<std::int32_t>(t >= 0 ? t / 1440 : (t - 1439) / 1440);
}

// A random calendar: some weekdays off, one to three periods on half-hour marks, sometimes to
// 24:00, Vietnam's holidays or none, a few exceptions near the as-of date.
CalendarDefinition random_calendar(std::mt19937& random, const std::string& name,
                                   std::int32_t near) {
  auto pick = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  CalendarDefinition definition;
  definition.name = name;
  auto random_day = [&]() {
    DayPeriods periods;
    int at = pick(0, 20) * 30;
    int count = pick(1, 3);
    for (int i = 0; i < count && at < 1440; ++i) {
      int end = std::min(1440, at + pick(1, 12) * 30);
      periods.push_back({at, end});
      at = end + pick(1, 6) * 30;
    }
    if (pick(0, 5) == 0 && periods.back().end < 1440)
      periods.back().end = 1440;
    return periods;
  };
  DayPeriods usual = random_day();
  bool any = false;
  for (auto& weekday : definition.weekdays) {
    if (pick(0, 3) > 0) {
      weekday = pick(0, 2) ? usual : random_day();
      any = true;
    }
  }
  if (!any)
    definition.weekdays[0] = usual;
  definition.holidays = pick(0, 1) ? HolidayRule::Vietnam : HolidayRule::None;
  for (int i = pick(0, 6); i > 0; --i)
    definition.exceptions[near + pick(-20, 120)] = pick(0, 1) ? DayPeriods{} : random_day();
  return definition;
}

}  // namespace

TEST_CASE("calendar schedule: random networks on random calendars match a minute-walking oracle") {
  std::mt19937 random(20261207);
  auto pick = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  for (int trial = 0; trial < 60; ++trial) {
    CAPTURE(trial);
    Builder network;
    const std::int32_t as_of = day("2026-12-01") + pick(0, 400);
    const int projects = pick(1, 4);
    std::vector<OracleCalendar> oracle_of_project;
    for (int p = 0; p < projects; ++p) {
      std::string calendar;
      int kind = pick(0, 4);
      if (kind == 1)
        calendar = "vn-mon-fri";
      else if (kind == 2)
        calendar = "vn-mon-sat";
      else if (kind >= 3) {
        calendar = "random-" + std::to_string(p);
        network.portfolio.calendars.push_back(random_calendar(random, calendar, as_of));
      }
      network.project("P" + std::to_string(p), calendar);
    }
    for (int p = 0; p < projects; ++p) {
      const auto& name = network.portfolio.projects[static_cast<std::size_t>(p)].calendar;
      OracleCalendar oracle;
      oracle.definition = name.empty() ? nullptr : network.portfolio.find_calendar(name);
      oracle_of_project.push_back(std::move(oracle));
    }
    const int count = pick(2, 25);
    for (int m = 0; m < count; ++m) {
      auto index = network.milestone(pick(0, projects - 1), "m" + std::to_string(m),
                                     pick(0, 3) ? pick(0, 8) : 0);
      Milestone& milestone = network[index];
      int state = pick(0, 9);
      if (state == 0) {
        milestone.actual = Date::from_days(as_of - pick(0, 30));
        if (pick(0, 1))
          milestone.actual_start = Date::from_days(milestone.actual->days() - pick(0, 10));
      } else if (state == 1) {
        milestone.actual_start = Date::from_days(as_of - pick(0, 20));
      }
      if (pick(0, 2) == 0)
        milestone.planned = Date::from_days(as_of + pick(-10, 60));
      if (pick(0, 5) == 0)
        milestone.forecast = Date::from_days(as_of + pick(-10, 60));
    }
    // Links from earlier to later milestones only: acyclic by construction.
    for (int e = pick(0, count * 2); e > 0; --e) {
      int from = pick(0, count - 1), to = pick(0, count - 1);
      if (from >= to || network.portfolio.find_dependency(from, to))
        continue;
      network.portfolio.add_dependency(
          {from, to, static_cast<LinkType>(pick(0, 3)), pick(0, 2) ? pick(0, 5) : pick(-3, 0)});
    }
    auto schedule = network.schedule(Date::from_days(as_of));

    // The oracle's forward pass, in index order (every link goes forward).
    std::vector<std::int64_t> start(static_cast<std::size_t>(count)),
        finish(static_cast<std::size_t>(count));
    for (int m = 0; m < count; ++m) {
      const Milestone& milestone = network[m];
      const OracleCalendar& calendar =
          oracle_of_project[static_cast<std::size_t>(milestone.project)];
      const std::int64_t d = milestone.duration_days * calendar.per_day();
      auto& s = start[static_cast<std::size_t>(m)];
      auto& f = finish[static_cast<std::size_t>(m)];
      auto edges_in = [&](auto each) {
        for (const auto& link : network.portfolio.dependencies)
          if (link.to == m) {
            const OracleCalendar& from =
                oracle_of_project[static_cast<std::size_t>(network[link.from].project)];
            each(link, from, link.lag_days * from.per_day());
          }
      };
      std::int32_t expected_start = 0, expected_finish = 0;
      if (milestone.actual) {
        f = calendar.finish_of_day(milestone.actual->days());
        s = milestone.actual_start
                ? calendar.next_working(std::int64_t{milestone.actual_start->days()} * 1440)
                : calendar.start_for_finish(f, d);
        expected_start = milestone.actual_start ? milestone.actual_start->days() : day_of(s);
        expected_finish = milestone.actual->days();
      } else if (milestone.actual_start) {
        s = calendar.next_working(std::int64_t{milestone.actual_start->days()} * 1440);
        f = std::max(calendar.advance(s, d), std::int64_t{as_of} * 1440);
        edges_in([&](const Dependency& link, const OracleCalendar& from, std::int64_t lag) {
          const auto p = static_cast<std::size_t>(link.from);
          if (link.type == LinkType::FinishToFinish)
            f = std::max(f, from.shift(finish[p], lag));
          if (link.type == LinkType::StartToFinish)
            f = std::max(f, from.shift(start[p], lag));
        });
        for (const auto& date : {milestone.planned, milestone.forecast})
          if (date)
            f = std::max(f, calendar.finish_of_day(date->days()));
        expected_start = milestone.actual_start->days();
        expected_finish = day_of(f);
      } else {
        std::int64_t bound = std::int64_t{as_of} * 1440;
        edges_in([&](const Dependency& link, const OracleCalendar& from, std::int64_t lag) {
          const auto p = static_cast<std::size_t>(link.from);
          switch (link.type) {
            case LinkType::FinishToStart:
              bound = std::max(bound, from.shift(finish[p], lag));
              break;
            case LinkType::StartToStart:
              bound = std::max(bound, from.shift(start[p], lag));
              break;
            case LinkType::FinishToFinish:
              bound = std::max(bound, calendar.start_for_finish(from.shift(finish[p], lag), d));
              break;
            case LinkType::StartToFinish:
              bound = std::max(bound, calendar.start_for_finish(from.shift(start[p], lag), d));
              break;
          }
        });
        for (const auto& date : {milestone.planned, milestone.forecast})
          if (date)
            bound =
                std::max(bound, calendar.start_for_finish(calendar.finish_of_day(date->days()), d));
        s = calendar.next_working(bound);
        f = calendar.advance(s, d);
        expected_start = day_of(s);
        expected_finish = day_of(f);
      }
      CAPTURE(m);
      CHECK(iso(schedule.milestones[static_cast<std::size_t>(m)].early_start) ==
            iso(expected_start));
      CHECK(iso(schedule.milestones[static_cast<std::size_t>(m)].early_finish) ==
            iso(expected_finish));
    }
  }
}

TEST_CASE("calendar schedule: a round-the-clock calendar gives exactly the calendar-day schedule") {
  // Every day 00:00-24:00 and no holiday is all-days by another name: the pass on instants must
  // give every early and late date, float and driver that the day pass gives.
  std::mt19937 random(7);
  auto pick = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  CalendarDefinition clock;
  clock.name = "round-the-clock";
  for (auto& weekday : clock.weekdays)
    weekday = {{0, 1440}};
  for (int trial = 0; trial < 40; ++trial) {
    CAPTURE(trial);
    Builder network;
    network.portfolio.calendars.push_back(clock);
    const std::int32_t as_of = day("2025-01-01") + pick(0, 700);
    for (int p = 0; p < 3; ++p)
      network.project("P" + std::to_string(p), "");
    const int count = pick(2, 30);
    for (int m = 0; m < count; ++m) {
      auto index = network.milestone(pick(0, 2), "m" + std::to_string(m), pick(0, 40));
      Milestone& milestone = network[index];
      int state = pick(0, 9);
      if (state == 0)
        milestone.actual = Date::from_days(as_of - pick(0, 30));
      else if (state == 1)
        milestone.actual_start = Date::from_days(as_of - pick(0, 20));
      if (pick(0, 2) == 0)
        milestone.planned = Date::from_days(as_of + pick(-10, 200));
      if (pick(0, 5) == 0)
        milestone.forecast = Date::from_days(as_of + pick(-10, 200));
    }
    for (int e = pick(0, count * 2); e > 0; --e) {
      int from = pick(0, count - 1), to = pick(0, count - 1);
      if (from >= to || network.portfolio.find_dependency(from, to))
        continue;
      network.portfolio.add_dependency(
          {from, to, static_cast<LinkType>(pick(0, 3)), pick(-10, 30)});
    }
    auto days = network.schedule(Date::from_days(as_of));
    for (auto& project : network.portfolio.projects)
      project.calendar = "round-the-clock";
    auto instants = network.schedule(Date::from_days(as_of));
    for (std::size_t m = 0; m < days.milestones.size(); ++m) {
      CAPTURE(m);
      const auto& a = days.milestones[m];
      const auto& b = instants.milestones[m];
      CHECK(a.early_start == b.early_start);
      CHECK(a.early_finish == b.early_finish);
      CHECK(a.late_start == b.late_start);
      CHECK(a.late_finish == b.late_finish);
      CHECK(a.total_float == b.total_float);
      CHECK(a.driver == b.driver);
      CHECK(a.driver_dependency == b.driver_dependency);
    }
  }
}

#include "database_folder.h"
#include "operations/calendars.h"

TEST_CASE("calendar store: calendars and a project's calendar are kept, changes logged") {
  testing::DatabaseFolder folder("calendars");
  auto& database = *folder.database;
  store::ChangeContext context;
  context.actor = "tester";
  operations::add_calendar(database, context, {"site-a", std::string("vn-mon-fri"), {}, {}, {}});
  operations::add_calendar(
      database, context,
      {"night", {}, std::string("mon-sat"), std::string("22:00-24:00"), std::string("none")});
  operations::CalendarChange change;
  change.exception = Date::parse("2027-02-13");
  change.periods = "08:00-12:00";
  operations::set_calendar(database, context, "site-a", change);
  CHECK_THROWS_AS(operations::add_calendar(database, context,
                                           {"site-a", std::string("vn-mon-sat"), {}, {}, {}}),
                  Conflict);
  CHECK_THROWS_AS(operations::set_calendar(database, context, "vn-mon-fri", change), InvalidInput);
  database.modify(context, [](Portfolio& portfolio) {
    Project project;
    project.code = "ND-A";
    project.name = "A";
    project.province = "Trà Vinh";
    project.calendar = "site-a";
    portfolio.add_project(project);
  });
  Portfolio portfolio = database.load();
  REQUIRE(portfolio.calendars.size() == 2);
  CHECK(portfolio.calendars[0].name == "night");
  CHECK(portfolio.calendars[0].weekdays[5] == DayPeriods{{22 * 60, 1440}});
  CHECK(portfolio.calendars[0].weekdays[6].empty());
  CHECK(portfolio.calendars[0].holidays == HolidayRule::None);
  CHECK(portfolio.calendars[1].name == "site-a");
  CHECK(portfolio.calendars[1].holidays == HolidayRule::Vietnam);
  CHECK(portfolio.calendars[1].exceptions.at(day("2027-02-13")) == DayPeriods{{480, 720}});
  CHECK(portfolio.projects[0].calendar == "site-a");
  auto history = database.history("", 100);
  bool logged = false;
  for (const auto& record : history)
    logged = logged || (record.entity == "calendar:site-a" && record.field == "exceptions");
  CHECK(logged);
  auto days = operations::calendar_days_of_year(portfolio.calendars[1], 2027);
  CHECK(std::any_of(days.begin(), days.end(), [](const operations::CalendarDay& entry) {
    return entry.kind == HolidayKind::Exception && entry.periods.size() == 1;
  }));
}

#include "analysis/forecast.h"
#include "domain/province.h"

TEST_CASE("calendar forecast: draws run on the project's calendar") {
  // The worked example above: with no lateness drawn, every draw gives the schedule's COD, the
  // event after Tết 2027 on Thursday 18/02; a drawn lateness of 2 days on the event is 2 working
  // days of vn-mon-fri (Friday 19/02, then Monday 22/02).
  Builder network;
  auto project = network.project("ND-A", "vn-mon-fri");
  network.portfolio.projects[0].technology = Technology::WindOnshore;
  network.portfolio.projects[0].capacity = Capacity::from_watts(10'000'000);
  auto a = network.milestone(project, "site_clearance", 5);
  auto b = network.milestone(project, "construction_start", 3);
  auto cod = network.milestone(project, "cod", 0);
  network.portfolio.add_dependency({a, b, LinkType::FinishToStart, 0});
  network.portfolio.add_dependency({b, cod, LinkType::FinishToStart, 0});
  graph::MilestoneNetwork graph(network.portfolio);
  const Date as_of = Date::parse("2027-02-01");
  for (int late : {0, 2}) {
    analysis::ForecastModel model;
    for (int i = 0; i < 20; ++i) {
      model.add_lateness("site_clearance", "wind", 0);
      model.add_lateness("construction_start", "wind", 0);
      model.add_lateness("cod", "wind", late);
    }
    model.finish();
    analysis::ForecastQuery query;
    query.draws = 50;
    query.threads = 1;
    auto result = analysis::compute_forecast(network.portfolio, graph, as_of, model, query,
                                             ProvinceRegistry::builtin());
    REQUIRE(result.projects.size() == 1);
    CHECK(iso(result.projects[0].deterministic) == "2027-02-18");
    CHECK(iso(result.projects[0].p50) == (late == 0 ? "2027-02-18" : "2027-02-22"));
  }
}
