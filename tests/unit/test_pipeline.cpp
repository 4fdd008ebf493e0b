// Side states on a date, computed for all projects at once, must agree with the one-project rule.
#include <doctest/doctest.h>

#include "analysis/pipeline.h"

using namespace tiendo;

TEST_CASE("statuses_as_of: the latest event on or before the date, per project") {
  Portfolio portfolio;
  for (const char* code : {"A", "B", "C", "D"}) {
    Project project;
    project.code = code;
    project.name = code;
    project.province = "Sóc Trăng";
    portfolio.add_project(project);
  }
  auto day = [](int year, int month, int day_of_month) {
    return *Date::from_ymd(year, month, day_of_month);
  };
  // A: suspended, then active again. B: cancelled later than the date. C: two events on one day,
  // the later entry wins. D: nothing.
  portfolio.status_events = {{0, ProjectStatus::Suspended, day(2019, 3, 1), "", ""},
                             {0, ProjectStatus::Active, day(2020, 1, 1), "", ""},
                             {1, ProjectStatus::Cancelled, day(2021, 1, 1), "", ""},
                             {2, ProjectStatus::Suspended, day(2019, 6, 1), "", ""},
                             {2, ProjectStatus::Retired, day(2019, 6, 1), "", ""}};
  for (Date date :
       {day(2019, 1, 1), day(2019, 6, 1), day(2019, 12, 31), day(2020, 6, 30), day(2021, 1, 1)}) {
    CAPTURE(date.iso());
    auto all = analysis::statuses_as_of(portfolio, date);
    REQUIRE(all.size() == 4);
    for (std::int32_t p = 0; p < 4; ++p)
      CHECK(all[static_cast<std::size_t>(p)] == analysis::status_as_of(portfolio, p, date));
  }
  auto mid = analysis::statuses_as_of(portfolio, day(2019, 12, 31));
  CHECK(mid[0] == ProjectStatus::Suspended);
  CHECK_FALSE(mid[1].has_value());
  CHECK(mid[2] == ProjectStatus::Retired);
  CHECK_FALSE(mid[3].has_value());
  CHECK_FALSE(analysis::statuses_as_of(portfolio, day(2020, 6, 30))[0].has_value());
  CHECK(analysis::statuses_as_of(portfolio, day(2021, 1, 1))[1] == ProjectStatus::Cancelled);
}
