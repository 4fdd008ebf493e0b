// MS Project's XML export read into the contractor-schedule contract (issue 31): real files from
// MPXJ's test data and a hand-written Vietnamese one, every refusal, and damaged files.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "domain/calendar.h"
#include "domain/date.h"
#include "domain/error.h"
#include "domain/portfolio.h"
#include "io/contractor_schedule.h"
#include "io/mspdi_reader.h"

#include <unistd.h>

using namespace tiendo;
using namespace tiendo::io;

namespace {

std::string fixture(const std::string& name) {
  return (std::filesystem::path(TIENDO_SOURCE_DIR) / "fixtures" / name).string();
}

std::string dump_instant(std::optional<std::int64_t> instant) {
  if (!instant)
    return "-";
  auto day = static_cast<std::int32_t>(*instant / 1440);
  auto minutes = *instant % 1440;
  return fmt::format("{} {:02}:{:02}", Date::from_days(day).iso_day(), minutes / 60, minutes % 60);
}

std::int64_t at(const char* date, int hour, int minute) {
  return std::int64_t{Date::parse(date).days()} * 1440 + hour * 60 + minute;
}

std::string read_all(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

// A file of its own for each variant, in the build's temporary folder.
std::string write_variant(const std::string& name, const std::string& text) {
  auto folder =
      std::filesystem::temp_directory_path() / ("tiendo-mspdi-tests-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  auto path = (folder / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// The Vietnamese fixture with `from` replaced by `to` (once; the text must be there).
std::string vietnamese_with(const std::string& name, const std::string& from,
                            const std::string& to) {
  auto text = read_all(fixture("msproject/huong-linh-9.xml"));
  auto at_index = text.find(from);
  REQUIRE_MESSAGE(at_index != std::string::npos, from);
  text.replace(at_index, from.size(), to);
  return write_variant(name, text);
}

// The line of the first `needle` in the Vietnamese fixture.
std::size_t line_of(const std::string& needle) {
  auto text = read_all(fixture("msproject/huong-linh-9.xml"));
  auto index = text.find(needle);
  REQUIRE(index != std::string::npos);
  return static_cast<std::size_t>(
             std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(index), '\n')) +
         1;
}

std::string refusal(const std::string& path, const MspdiLimits& limits = {}) {
  try {
    read_mspdi(path, limits);
  } catch (const InvalidInput& error) {
    return error.what();
  }
  FAIL("not refused: " << path);
  return {};
}

const ContractorActivity& activity(const ContractorProject& project, const std::string& uid) {
  for (const auto& each : project.activities)
    if (each.internal_id == uid)
      return each;
  FAIL("no task UID " << uid);
  return project.activities.front();
}

const ContractorCalendar& calendar(const ContractorSchedule& schedule, const std::string& uid) {
  for (const auto& each : schedule.calendars)
    if (each.id == uid)
      return each;
  FAIL("no calendar UID " << uid);
  return schedule.calendars.front();
}

const DayPeriods office = {WorkingPeriod{8 * 60, 12 * 60}, WorkingPeriod{13 * 60, 17 * 60}};
const DayPeriods site = {WorkingPeriod{7 * 60 + 30, 11 * 60 + 30}, WorkingPeriod{13 * 60, 17 * 60}};

const std::vector<std::string> real_files = {
    "external/msproject/mpxj-mspdirelations.xml",
    "external/msproject/mpxj-calendar-calendars-project2019-mspdi.xml",
    "external/msproject/mpxj-calendar-recurring-exceptions-project2016-mspdi.xml",
    "external/msproject/mpxj-task-links-project2016-mspdi.xml",
    "external/msproject/mpxj-caltest.xml",
    "external/msproject/mpxj-assignment-assignments-project2007-mspdi.xml"};

}  // namespace

// What the reader makes of each fixture, printed (run with --no-skip -tc="mspdi dump").
TEST_CASE("mspdi dump" * doctest::skip(true)) {
  for (auto name : {"external/msproject/mpxj-mspdirelations.xml",
                    "external/msproject/mpxj-calendar-calendars-project2019-mspdi.xml",
                    "external/msproject/mpxj-calendar-recurring-exceptions-project2016-mspdi.xml",
                    "external/msproject/mpxj-task-links-project2016-mspdi.xml",
                    "external/msproject/mpxj-caltest.xml",
                    "external/msproject/mpxj-assignment-assignments-project2007-mspdi.xml",
                    "msproject/huong-linh-9.xml"}) {
    auto schedule = read_mspdi(fixture(name));
    std::cout << "== " << name << "\n";
    for (const auto& calendar : schedule.calendars) {
      std::cout << "calendar " << calendar.id << " " << calendar.name << " "
                << format_weekdays(calendar.definition.weekdays) << " exceptions "
                << calendar.definition.exceptions.size();
      for (const auto& [day, periods] : calendar.definition.exceptions)
        std::cout << " " << Date::from_days(day).iso_day() << "=" << format_day_periods(periods);
      std::cout << "\n";
    }
    for (const auto& project : schedule.projects) {
      std::cout << "project " << project.short_name << " | " << project.name << " data "
                << dump_instant(project.data_date) << " cal " << project.default_calendar_id
                << "\n";
      for (const auto& a : project.activities)
        std::cout << "  " << a.internal_id << " id=" << a.id << " " << a.name << " [" << a.group
                  << "] kind=" << int(a.kind) << " cal=" << a.calendar_id
                  << " dur=" << a.planned_minutes << " rem=" << a.remaining_minutes
                  << " es=" << dump_instant(a.early_start) << " ef=" << dump_instant(a.early_finish)
                  << " as=" << dump_instant(a.actual_start)
                  << " af=" << dump_instant(a.actual_finish)
                  << " ps=" << dump_instant(a.planned_start) << " c=" << int(a.constraint) << " "
                  << a.constraint_text << " " << dump_instant(a.constraint_instant) << " line "
                  << a.row << "\n";
      for (const auto& r : project.relationships)
        std::cout << "  link " << r.predecessor << "->" << r.successor << " "
                  << link_type_key(r.type) << " lag " << r.lag_minutes
                  << (r.lag_elapsed ? " elapsed" : "") << " line " << r.row << "\n";
    }
  }
}

TEST_CASE("mspdi: MS Project's own links, lags, durations and dates (MPXJ mspdirelations.xml)") {
  auto path = fixture("external/msproject/mpxj-mspdirelations.xml");
  auto schedule = read_mspdi(path);
  CHECK(schedule.format == "mspdi");
  CHECK(schedule.file == path);
  REQUIRE(schedule.calendars.size() == 1);
  const auto& standard = schedule.calendars[0];
  CHECK(standard.id == "1");
  CHECK(standard.name == "Standard");
  CHECK(standard.minutes_per_day == 480);
  for (std::size_t day = 0; day < 5; ++day)
    CHECK(standard.definition.weekdays[day] == office);
  CHECK(standard.definition.weekdays[5].empty());
  CHECK(standard.definition.weekdays[6].empty());
  REQUIRE(schedule.projects.size() == 1);
  const auto& project = schedule.projects[0];
  CHECK(project.short_name == "mspdirelations");
  // No StatusDate: no data date (CurrentDate, 2009-01-09, is only the day it was saved).
  CHECK_FALSE(project.data_date.has_value());
  CHECK(project.default_calendar_id == "1");
  // Task UID 0, the project's summary, is not an activity.
  REQUIRE(project.activities.size() == 5);
  const auto& first = activity(project, "1");
  CHECK(first.id == "1");
  CHECK(first.name == "Task 1");
  CHECK(first.kind == ActivityKind::Task);
  CHECK(first.calendar_id == "1");
  CHECK(first.planned_minutes == 480);
  CHECK(first.remaining_minutes == 480);
  CHECK_FALSE(first.started);
  CHECK(first.early_start == at("2006-09-21", 8, 0));
  CHECK(first.early_finish == at("2006-09-21", 17, 0));
  REQUIRE(project.relationships.size() == 4);
  // A link without a Type is finish-to-start, MS Project's default left out.
  CHECK(project.relationships[0].predecessor == "1");
  CHECK(project.relationships[0].successor == "2");
  CHECK(project.relationships[0].type == LinkType::FinishToStart);
  CHECK(project.relationships[1].type == LinkType::StartToStart);
  CHECK(project.relationships[1].lag_minutes == 480);  // LinkLag 4800 tenths of a minute
  CHECK(project.relationships[2].type == LinkType::FinishToFinish);
  CHECK(project.relationships[3].type == LinkType::StartToFinish);
  CHECK_FALSE(project.relationships[1].lag_elapsed);
  CHECK(project.relationships[0].row > first.row);
}

TEST_CASE(
    "mspdi: link types 0 FF, 1 FS, 2 SF, 3 SS and lags in tenths of minutes (MPXJ task-links)") {
  auto schedule = read_mspdi(fixture("external/msproject/mpxj-task-links-project2016-mspdi.xml"));
  const auto& project = schedule.projects.at(0);
  REQUIRE(project.relationships.size() == 8);
  std::vector<std::int64_t> lags;
  for (const auto& link : project.relationships)
    lags.push_back(link.lag_minutes);
  CHECK(lags == std::vector<std::int64_t>{0, 480, 960, 2400, 4800, 960, 960, 960});
  CHECK(project.relationships[4].type == LinkType::FinishToStart);
  CHECK(project.relationships[5].type == LinkType::StartToFinish);
  CHECK(project.relationships[6].type == LinkType::StartToStart);
  CHECK(project.relationships[7].type == LinkType::FinishToFinish);
  // A two-week lag (4800 working minutes) after a Monday task: MS Project's successor starts
  // Tuesday two weeks later.
  CHECK(activity(project, "10").early_start == at("2016-02-23", 8, 0));
}

TEST_CASE("mspdi: recurring exceptions read through the days MS Project expands them to") {
  auto schedule = read_mspdi(
      fixture("external/msproject/mpxj-calendar-recurring-exceptions-project2016-mspdi.xml"));
  const auto& standard = calendar(schedule, "1");
  const auto& exceptions = standard.definition.exceptions;
  CHECK(exceptions.size() == 140);
  // "Daily 1": three days from 1 January 2000; "Daily 2": every third day from 1 February.
  for (auto day :
       {"2000-01-01", "2000-01-02", "2000-01-03", "2000-02-01", "2000-02-04", "2000-02-07"}) {
    REQUIRE_MESSAGE(exceptions.contains(Date::parse(day).days()), day);
    CHECK(exceptions.at(Date::parse(day).days()).empty());
  }
  CHECK_FALSE(exceptions.contains(Date::parse("2000-02-02").days()));
  // The calendar as the schedule uses it: no work on those days.
  WorkingCalendar working(standard.definition);
  CHECK(working.periods_on(Date::parse("2000-02-04").days()).empty());
  CHECK(working.periods_on(Date::parse("2000-02-03").days()) == office);
}

TEST_CASE(
    "mspdi: base calendars and calendars derived from them (MPXJ caltest, calendar-calendars)") {
  auto caltest = read_mspdi(fixture("external/msproject/mpxj-caltest.xml"));
  CHECK(caltest.calendars.size() == 5);
  // "Resource Three" states only its days off; its weekdays are its base's ("Base Calendar").
  const auto& derived = calendar(caltest, "6");
  CHECK(derived.name == "Resource Three");
  CHECK(derived.definition.weekdays[0] == office);
  CHECK(derived.definition.weekdays[6].empty());
  CHECK(derived.definition.exceptions.size() == 9);
  CHECK(derived.definition.exceptions.contains(Date::parse("2005-11-01").days()));
  CHECK(derived.definition.exceptions.contains(Date::parse("2005-11-25").days()));
  // A task on "Base Calendar" (UID 3) keeps it; the others take the project's (-1).
  const auto& project = caltest.projects.at(0);
  CHECK(project.short_name == "caltest");
  CHECK(activity(project, "4").calendar_id == "3");
  CHECK(activity(project, "2").calendar_id == "1");
  // MS Project 2019 writes BaseCalendarUID 0 on a base calendar: it has no base.
  auto calendars =
      read_mspdi(fixture("external/msproject/mpxj-calendar-calendars-project2019-mspdi.xml"));
  CHECK(calendars.calendars.size() == 5);
  CHECK(calendar(calendars, "3").name == "Calendar1");
  CHECK(calendar(calendars, "5").definition.weekdays[2] == office);
}

TEST_CASE(
    "mspdi: progress and constraints as MS Project 2007 wrote them (MPXJ assignment-assignments)") {
  auto schedule =
      read_mspdi(fixture("external/msproject/mpxj-assignment-assignments-project2007-mspdi.xml"));
  const auto& project = schedule.projects.at(0);
  // Its CurrentDate (2016-03-11) is no data date: the file has no StatusDate.
  CHECK_FALSE(project.data_date.has_value());
  REQUIRE(project.activities.size() == 3);
  // Each task's TimephasedData holds a UID, a Start and a Finish of its own: they are not the
  // task's.
  const auto& untouched = activity(project, "1");
  CHECK_FALSE(untouched.started);
  CHECK(untouched.early_start == at("2016-01-04", 8, 0));
  CHECK(untouched.early_finish == at("2016-01-15", 17, 0));
  CHECK(untouched.constraint == ConstraintKind::StartOnOrAfter);
  CHECK(untouched.constraint_instant == at("2016-01-04", 8, 0));
  const auto& quarter = activity(project, "2");
  CHECK(quarter.started);
  CHECK_FALSE(quarter.finished);
  CHECK(quarter.actual_start == at("2016-01-04", 8, 0));
  CHECK(quarter.planned_minutes == 80 * 60);
  CHECK(quarter.remaining_minutes == 60 * 60);
  CHECK(activity(project, "3").remaining_minutes == 40 * 60);
}

TEST_CASE("mspdi: a Vietnamese schedule on a Vietnamese calendar (hand-written)") {
  auto schedule = read_mspdi(fixture("msproject/huong-linh-9.xml"));
  REQUIRE(schedule.calendars.size() == 2);
  const auto& site_calendar = calendar(schedule, "1");
  CHECK(site_calendar.name == "Lịch công trường T2–T7");
  for (std::size_t day = 0; day < 6; ++day)
    CHECK(site_calendar.definition.weekdays[day] == site);
  CHECK(site_calendar.definition.weekdays[6].empty());
  auto exceptions = site_calendar.definition.exceptions;
  // Tết (an Exception, Type 1), 30/4–1/5 (the older form), the make-up day of Giỗ Tổ.
  for (auto day : {"2026-02-16", "2026-02-21", "2026-04-27", "2026-04-30", "2026-05-01"}) {
    REQUIRE_MESSAGE(exceptions.contains(Date::parse(day).days()), day);
    CHECK(exceptions.at(Date::parse(day).days()).empty());
  }
  CHECK_FALSE(exceptions.contains(Date::parse("2026-02-23").days()));
  // The rainy season's work week: Saturday mornings only in June.
  CHECK(exceptions.at(Date::parse("2026-06-06").days()) ==
        DayPeriods{WorkingPeriod{7 * 60 + 30, 11 * 60 + 30}});
  CHECK_FALSE(exceptions.contains(Date::parse("2026-06-08").days()));
  CHECK_FALSE(exceptions.contains(Date::parse("2026-07-04").days()));
  // The concrete crew's calendar: its base's weekdays and holidays, Saturday off, one Sunday
  // worked.
  const auto& crew = calendar(schedule, "2");
  CHECK(crew.name == "Tổ đổ bê tông (T2–T6)");
  CHECK(crew.definition.weekdays[0] == site);
  CHECK(crew.definition.weekdays[5].empty());
  CHECK(crew.definition.exceptions.at(Date::parse("2026-02-17").days()).empty());
  CHECK(crew.definition.exceptions.at(Date::parse("2026-03-01").days()) ==
        DayPeriods{WorkingPeriod{7 * 60 + 30, 11 * 60 + 30}});

  const auto& project = schedule.projects.at(0);
  CHECK(project.short_name == "Điện gió Hướng Linh 9 – tiến độ EPC");
  CHECK(project.data_date == at("2026-03-02", 7, 30));  // StatusDate, not CurrentDate
  REQUIRE(project.activities.size() == 8);
  const auto& preparation = activity(project, "1");
  CHECK(preparation.kind == ActivityKind::Summary);
  CHECK(preparation.group.empty());
  const auto& clearance = activity(project, "2");
  CHECK(clearance.name == "Giải phóng mặt bằng");
  CHECK(clearance.group == "Chuẩn bị mặt bằng");
  CHECK(clearance.started);
  CHECK(clearance.finished);
  CHECK(clearance.actual_start == at("2026-01-05", 7, 30));
  CHECK(clearance.actual_finish == at("2026-01-30", 17, 0));
  CHECK(clearance.remaining_minutes == 0);
  CHECK(clearance.planned_finish == at("2026-01-24", 17, 0));
  const auto& road = activity(project, "3");
  CHECK(road.started);
  CHECK_FALSE(road.finished);
  CHECK(road.planned_minutes == 160 * 60);
  CHECK(road.remaining_minutes == 80 * 60);
  CHECK(road.planned_start == at("2026-01-26", 7, 30));
  const auto& concrete = activity(project, "5");
  CHECK(concrete.group == "Thi công tuabin");
  CHECK(concrete.calendar_id == "2");
  CHECK(concrete.constraint == ConstraintKind::StartOnOrAfter);
  CHECK(concrete.constraint_instant == at("2026-03-09", 7, 30));
  CHECK(concrete.early_start == at("2026-03-16", 7, 30));
  CHECK(concrete.row == line_of("<UID>5</UID>") - 1);
  const auto& energising = activity(project, "7");
  CHECK(energising.kind == ActivityKind::StartMilestone);
  CHECK(energising.group.empty());
  CHECK(energising.planned_minutes == 0);
  const auto& cod = activity(project, "8");
  CHECK(cod.constraint == ConstraintKind::FinishOnOrBefore);
  CHECK(cod.constraint_text == "Finish No Later Than");
  CHECK(cod.constraint_instant == at("2026-06-30", 17, 0));

  REQUIRE(project.relationships.size() == 6);
  const auto& lag_days = project.relationships[1];
  CHECK(lag_days.predecessor == "3");
  CHECK(lag_days.successor == "5");
  CHECK(lag_days.lag_minutes == 2 * 480);
  CHECK(project.relationships[2].type == LinkType::StartToStart);
  // An elapsed day (LagFormat 8): 1,440 minutes of the clock, marked elapsed.
  CHECK(project.relationships[3].type == LinkType::FinishToFinish);
  CHECK(project.relationships[3].lag_minutes == 1440);
  CHECK(project.relationships[3].lag_elapsed);
  // 50% of the predecessor's 120 hours (LagFormat 19, LinkLag the percentage).
  CHECK(project.relationships[4].lag_minutes == 60 * 60);
  CHECK_FALSE(project.relationships[4].lag_elapsed);
  CHECK(project.relationships[5].type == LinkType::StartToFinish);
}

TEST_CASE("mspdi: an inactive task is left out with its links") {
  auto path = vietnamese_with("inactive.xml", "<Name>Thử nghiệm và đóng điện</Name>",
                              "<Name>Thử nghiệm và đóng điện</Name><Active>0</Active>");
  auto schedule = read_mspdi(path);
  const auto& project = schedule.projects.at(0);
  CHECK(project.activities.size() == 7);
  for (const auto& each : project.activities)
    CHECK(each.internal_id != "7");
  CHECK(project.relationships.size() == 4);
  for (const auto& link : project.relationships) {
    CHECK(link.predecessor != "7");
    CHECK(link.successor != "7");
  }
}

TEST_CASE("mspdi: the early dates MS Project wrote are read for every task not started") {
  // What the import's comparison test measures tiendo's schedule against.
  for (const auto& name : real_files) {
    CAPTURE(name);
    auto schedule = read_mspdi(fixture(name));
    for (const auto& project : schedule.projects)
      for (const auto& task : project.activities) {
        if (task.started || task.kind == ActivityKind::Summary)
          continue;
        CAPTURE(task.internal_id);
        REQUIRE(task.early_start);
        REQUIRE(task.early_finish);
        CHECK(*task.early_start <= *task.early_finish);
        // MS Project's early finish is the start plus the duration on the task's calendar.
        const auto* definition = &calendar(schedule, task.calendar_id).definition;
        WorkingCalendar working(*definition);
        if (working.can_finish_at(*task.early_finish) && task.planned_minutes > 0)
          CHECK(working.work_before(*task.early_finish) - working.work_before(*task.early_start) ==
                task.planned_minutes);
      }
  }
}

TEST_CASE("mspdi: every refusal names the file, element, line, field and value") {
  struct Case {
    std::string name, from, to, expected;
  };
  auto start_line = line_of("<Start>2026-03-19T07:30:00</Start>");
  auto link_line = line_of("<PredecessorUID>5</PredecessorUID>");
  auto calendar_line = line_of("<CalendarUID>2</CalendarUID>");
  std::vector<Case> cases = {
      {"bad-date.xml", "<Start>2026-03-19T07:30:00</Start>", "<Start>2026-13-19T07:30:00</Start>",
       fmt::format(
           "element Task (line {}), field Start: '2026-13-19T07:30:00' is not a date and time",
           start_line)},
      {"unknown-predecessor.xml", "<PredecessorUID>5</PredecessorUID>",
       "<PredecessorUID>55</PredecessorUID>",
       fmt::format("element PredecessorLink (line {}), field PredecessorUID: '55' is not a task of "
                   "the file",
                   link_line)},
      {"missing-calendar.xml", "<CalendarUID>2</CalendarUID>", "<CalendarUID>9</CalendarUID>",
       fmt::format("element Task (line {}), field CalendarUID: '9' is not a calendar of the file",
                   calendar_line)},
      {"missing-project-calendar.xml", "<CalendarUID>1</CalendarUID>",
       "<CalendarUID>7</CalendarUID>",
       fmt::format(
           "element Project (line {}), field CalendarUID: '7' is not a calendar of the file",
           line_of("<CalendarUID>1</CalendarUID>"))},
      {"unknown-base.xml", "<BaseCalendarUID>1</BaseCalendarUID>",
       "<BaseCalendarUID>4</BaseCalendarUID>",
       "field BaseCalendarUID: '4' is not a calendar of the file"},
      {"bad-duration.xml", "<Duration>PT120H0M0S</Duration>", "<Duration>120 giờ</Duration>",
       "field Duration: '120 giờ' is not a duration (ISO 8601, e.g. PT40H0M0S)"},
      {"bad-link-type.xml", "<Type>3</Type>", "<Type>7</Type>",
       "field Type: '7' is not a link type (0 FF, 1 FS, 2 SF, 3 SS)"},
      {"bad-lag.xml", "<LinkLag>14400</LinkLag>", "<LinkLag>ba ngày</LinkLag>",
       "field LinkLag: 'ba ngày' is not a whole number"},
      {"bad-constraint.xml", "<ConstraintType>4</ConstraintType>",
       "<ConstraintType>9</ConstraintType>",
       "field ConstraintType: '9' is not a constraint type (0 to 7)"},
      {"constraint-without-date.xml", "<ConstraintDate>2026-03-09T07:30:00</ConstraintDate>", "",
       "field ConstraintDate: is missing for the constraint Start No Earlier Than"},
      {"bad-time.xml", "<FromTime>07:30:00</FromTime>", "<FromTime>7h30</FromTime>",
       "field FromTime: '7h30' is not a time of day (HH:MM:SS)"},
      {"bad-day-type.xml", "<DayType>1</DayType>", "<DayType>8</DayType>",
       "field DayType: '8' is not 0 (an exception) or 1–7 (Sunday to Saturday)"},
      {"cross-project.xml", "<CrossProject>0</CrossProject>", "<CrossProject>1</CrossProject>",
       "field CrossProject: '1' links to a task of another project file"},
      {"duplicate-uid.xml", "<UID>6</UID>", "<UID>5</UID>", "field UID: '5' appears twice"},
      {"finish-without-start.xml", "<ActualStart>2026-01-05T07:30:00</ActualStart>", "",
       "field ActualStart: is missing for a task with an ActualFinish"},
      {"percent.xml", "<PercentComplete>50</PercentComplete>",
       "<PercentComplete>150</PercentComplete>",
       "field PercentComplete: '150' is not a percentage"},
      {"recurring.xml", "<Type>1</Type><DayWorking>1</DayWorking>",
       "<Type>6</Type><DayWorking>1</DayWorking>",
       "field Type: '6' is a recurring exception without the days it falls on"},
      {"not-mspdi.xml", "<Project xmlns=\"http://schemas.microsoft.com/project\">",
       "<Project xmlns=\"http://example.org/other\">",
       "not an MS Project XML (MSPDI) file (line 5: its root is <Project> in namespace "
       "http://example.org/other"},
      {"doctype.xml", "<Project xmlns", "<!DOCTYPE Project [<!ENTITY x \"y\">]>\n<Project xmlns",
       "XML with a DOCTYPE (line 5), refused"},
  };
  for (const auto& each : cases) {
    CAPTURE(each.name);
    auto path = vietnamese_with(each.name, each.from, each.to);
    auto message = refusal(path);
    CHECK_MESSAGE(message.find(path + ": ") == 0, message);
    CHECK_MESSAGE(message.find(each.expected) != std::string::npos, message);
  }
  // A circle of bases.
  auto circle = read_all(fixture("msproject/huong-linh-9.xml"));
  circle.replace(circle.find("<BaseCalendarUID>-1</BaseCalendarUID>"), 37,
                 "<BaseCalendarUID>2</BaseCalendarUID>");
  circle.replace(circle.find("<IsBaseCalendar>1</IsBaseCalendar>"), 34,
                 "<IsBaseCalendar>0</IsBaseCalendar>");
  CHECK(
      refusal(write_variant("circle.xml", circle)).find("leads round a circle of base calendars") !=
      std::string::npos);
  // Not XML, empty, another XML, missing.
  CHECK(refusal(write_variant("text.xml", "ERMHDR\t8.2\n")).find("not well-formed XML") !=
        std::string::npos);
  CHECK(refusal(write_variant("empty.xml", "")).find("not an MS Project XML (MSPDI) file") !=
        std::string::npos);
  CHECK(refusal(write_variant("other.xml", "<?xml version=\"1.0\"?><workbook/>"))
            .find("its root is <workbook>") != std::string::npos);
  CHECK(refusal("/nonexistent/plan.xml") == "/nonexistent/plan.xml: cannot be read");
}

TEST_CASE("mspdi: limits on size, depth, tags and values") {
  auto path = fixture("msproject/huong-linh-9.xml");
  MspdiLimits small;
  small.total_bytes = 4096;
  CHECK(refusal(path, small).find("more than 4096 bytes, refused") != std::string::npos);
  MspdiLimits shallow;
  shallow.depth = 4;
  CHECK(refusal(path, shallow).find("XML nested deeper than 4 levels at line") !=
        std::string::npos);
  MspdiLimits short_values;
  short_values.value_bytes = 10;
  CHECK(refusal(path, short_values).find("a value longer than 10 bytes, refused") !=
        std::string::npos);
  MspdiLimits few_days;
  few_days.exception_days = 5;
  CHECK(refusal(path, few_days).find("past 5 days, refused") != std::string::npos);
  // The days walked over the whole file are bounded too, each range counted again when it repeats
  // days (200 ranges of three centuries once took 22 s) and a base's days copied into each
  // calendar derived from it: the fixture walks 53 (39 of calendar 1, 1 of calendar 2 and the 13
  // it copies from its base).
  MspdiLimits few_file_days;
  few_file_days.exception_days_in_file = 20;
  CHECK(refusal(path, few_file_days)
            .find("past the exception days tiendo reads in one file, refused") !=
        std::string::npos);
  MspdiLimits base_copy_days;
  base_copy_days.exception_days_in_file = 45;
  CHECK(refusal(path, base_copy_days).find("field BaseCalendarUID") != std::string::npos);
  MspdiLimits enough_days;
  enough_days.exception_days_in_file = 53;
  CHECK(read_mspdi(path, enough_days).calendars.size() == 2);
  // A tag of two megabytes is refused before expat holds it whole.
  auto long_tag = vietnamese_with("long-tag.xml", "<Tasks>",
                                  "<Tasks note=\"" + std::string(2 << 20, 'x') + "\">");
  CHECK(refusal(long_tag).find("an XML tag longer than 1048576 bytes") != std::string::npos);
  // Deep nesting inside a skipped element is refused too (default depth 64).
  std::string deep;
  for (int i = 0; i < 200; ++i)
    deep += "<a>";
  auto nested =
      vietnamese_with("deep.xml", "<Tasks>", "<Extra>" + deep + "</a>" + "</Extra><Tasks>");
  CHECK(refusal(nested).find("XML nested deeper than 64 levels") != std::string::npos);
}

TEST_CASE("mspdi: truncated and damaged real files are refused, never a crash") {
  // Every cut of a real file leaves its root open: each is refused as bad input. Flipped bytes
  // give a file that is read or refused, never anything else.
  for (const auto& name : {real_files[0], std::string("msproject/huong-linh-9.xml")}) {
    auto text = read_all(fixture(name));
    std::size_t cuts = 0;
    for (std::size_t length = 0; length < text.size(); length += 1 + length / 40) {
      CAPTURE(length);
      auto path = write_variant("cut.xml", text.substr(0, length));
      CHECK_THROWS_AS(read_mspdi(path), InvalidInput);
      ++cuts;
    }
    CHECK(cuts > 100);
    std::uint32_t seed = 2026;
    for (int round = 0; round < 300; ++round) {
      auto damaged = text;
      for (int flip = 0; flip < 3; ++flip) {
        seed = seed * 1664525u + 1013904223u;
        auto index = seed % damaged.size();
        seed = seed * 1664525u + 1013904223u;
        damaged[index] = "<>/&\"'0-9TPx:\n\x80\xff"[seed % 16];
      }
      auto path = write_variant("damaged.xml", damaged);
      try {
        read_mspdi(path);
      } catch (const InvalidInput&) {
      } catch (const std::exception& error) {
        FAIL("round " << round << " threw other than InvalidInput: " << error.what());
      }
    }
  }
}

TEST_CASE("mspdi: the import's dispatch takes .xml files in any case") {
  CHECK(is_mspdi_file("plan.xml"));
  CHECK(is_mspdi_file("/tmp/Tiến độ EPC.XML"));
  CHECK_FALSE(is_mspdi_file("plan.xer"));
  CHECK_FALSE(is_mspdi_file("plan.xlsx"));
  CHECK_FALSE(is_mspdi_file("xml"));
}
