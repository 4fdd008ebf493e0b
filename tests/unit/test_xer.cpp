// The P6 XER reader (issue 31): tables, calendars in their nested clndr_data, activities and
// relationships in the file's own units, the three encodings, and every refusal naming file,
// table, row and field.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "domain/date.h"
#include "domain/error.h"
#include "io/contractor_schedule.h"
#include <unistd.h>

using namespace tiendo;

namespace {

std::string fixture(const std::string& name) {
  return (std::filesystem::path(TIENDO_SOURCE_DIR) / "fixtures" / name).string();
}

std::int64_t at(const char* date, int hour, int minute) {
  return std::int64_t{Date::parse(date).days()} * 1440 + hour * 60 + minute;
}

// A minimal file around TASK and TASKPRED rows; `calendar` is the clndr_data.
std::string small_xer(const std::string& tasks, const std::string& relationships = "",
                      const std::string& calendar =
                          "(0||CalendarData()((0||DaysOfWeek()((0||1()())(0||2()((0||0(s|08:00|f|"
                          "12:00)())(0||1(s|13:00|f|17:00)())))(0||7()())))(0||Exceptions()((0||0("
                          "d|43650)())))))") {
  return "ERMHDR\t8.2.0\t2020-03-17\tProject\tadmin\tA\tdb\tProject Management\tUSD\n"
         "%T\tPROJECT\n%F\tproj_id\tproj_short_name\tclndr_id\tlast_recalc_date\n"
         "%R\t1\tDEMO\t9\t2019-07-01 00:00\n"
         "%T\tCALENDAR\n%F\tclndr_id\tclndr_name\tday_hr_cnt\tclndr_data\n"
         "%R\t9\tFive days\t8\t" + calendar + "\n"
         "%T\tTASK\n%F\ttask_id\tproj_id\tclndr_id\ttask_type\tstatus_code\ttask_code\ttask_name\t"
         "target_drtn_hr_cnt\tremain_drtn_hr_cnt\tact_start_date\tact_end_date\tearly_start_date\t"
         "early_end_date\ttarget_start_date\ttarget_end_date\tcstr_type\tcstr_date\n" +
         tasks +
         "%T\tTASKPRED\n%F\ttask_pred_id\ttask_id\tpred_task_id\tpred_type\tlag_hr_cnt\n" +
         relationships + "%E\n";
}

const std::string two_tasks =
    "%R\t11\t1\t9\tTT_Task\tTK_NotStart\tPCS-140\tFirst\t16\t16\t\t\t2019-07-01 08:00\t"
    "2019-07-02 17:00\t\t\t\t\n"
    "%R\t12\t1\t9\tTT_FinMile\tTK_NotStart\tPCS-150\tDone\t0\t0\t\t\t\t\t\t\tCS_MEOB\t"
    "2019-08-01 17:00\n";

// A temporary folder of the test's own; the reader needs files, not a database.
class Folder {
 public:
  Folder() {
    m_path = std::filesystem::temp_directory_path() /
             ("tiendo-xer-" + std::to_string(::getpid()) + "-" + std::to_string(++s_count));
    std::filesystem::create_directories(m_path);
  }
  ~Folder() { std::filesystem::remove_all(m_path); }
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
  static inline int s_count = 0;
};

std::string write(const Folder& folder, const std::string& name, const std::string& text) {
  auto path = (folder.path() / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string refusal(const std::string& path) {
  try {
    io::read_xer(path);
  } catch (const InvalidInput& problem) {
    return problem.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("xer: tables, calendar, activities and relationships in the file's units") {
  Folder folder;
  auto path = write(folder, "a.xer",
                    small_xer(two_tasks, "%R\t1\t12\t11\tPR_SS\t4.5\n%R\t2\t12\t11\tPR_FF\t-8\n"));
  auto schedule = io::read_xer(path);
  CHECK(schedule.format == "xer");
  REQUIRE(schedule.calendars.size() == 1);
  const auto& calendar = schedule.calendars[0];
  CHECK(calendar.id == "9");
  CHECK(calendar.name == "Five days");
  CHECK(calendar.minutes_per_day == 480);
  // P6's weekday 2 is Monday; 1 (Sunday) and 7 (Saturday) have no periods; 3..6 are not given.
  CHECK(calendar.definition.weekdays[0] == DayPeriods{{480, 720}, {780, 1020}});
  CHECK(calendar.definition.weekdays[6].empty());
  CHECK(calendar.definition.weekdays[5].empty());
  CHECK(calendar.definition.exceptions.at(Date::parse("2019-07-04").days()).empty());
  REQUIRE(schedule.projects.size() == 1);
  const auto& project = schedule.projects[0];
  CHECK(project.short_name == "DEMO");
  CHECK(project.data_date == at("2019-07-01", 0, 0));
  CHECK(project.default_calendar_id == "9");
  REQUIRE(project.activities.size() == 2);
  CHECK(project.activities[0].id == "PCS-140");
  CHECK(project.activities[0].internal_id == "11");
  CHECK(project.activities[0].planned_minutes == 16 * 60);
  CHECK(project.activities[0].early_start == at("2019-07-01", 8, 0));
  CHECK(project.activities[0].early_finish == at("2019-07-02", 17, 0));
  CHECK(project.activities[1].kind == io::ActivityKind::FinishMilestone);
  CHECK(project.activities[1].constraint == io::ConstraintKind::FinishOnOrBefore);
  CHECK(project.activities[1].constraint_instant == at("2019-08-01", 17, 0));
  REQUIRE(project.relationships.size() == 2);
  CHECK(project.relationships[0].predecessor == "11");
  CHECK(project.relationships[0].successor == "12");
  CHECK(project.relationships[0].type == LinkType::StartToStart);
  CHECK(project.relationships[0].lag_minutes == 270);
  CHECK(project.relationships[1].lag_minutes == -480);
}

TEST_CASE("xer: bad files are refused naming file, table, row and field") {
  Folder folder;
  CHECK(refusal(write(folder, "not.xer", "name,date\nA,1\n")).find("not a Primavera P6 XER file") !=
        std::string::npos);
  auto missing_calendar = small_xer(
      "%R\t11\t1\t77\tTT_Task\tTK_NotStart\tA1\tFirst\t8\t8\t\t\t\t\t\t\t\t\n");
  CHECK(refusal(write(folder, "m.xer", missing_calendar)) ==
        folder.path().string() +
            "/m.xer: table TASK row 1 (line 10), field clndr_id: '77' is not a calendar of the "
            "file (CALENDAR)");
  auto unknown = small_xer(two_tasks, "%R\t1\t12\t99\tPR_FS\t0\n");
  CHECK(refusal(write(folder, "u.xer", unknown)).find(
            "table TASKPRED row 1 (line 14), field pred_task_id: '99' is not an activity") !=
        std::string::npos);
  auto bad_date = small_xer(
      "%R\t11\t1\t9\tTT_Task\tTK_NotStart\tA1\tFirst\t8\t8\t\t\t2019-13-01 08:00\t\t\t\t\t\n");
  CHECK(refusal(write(folder, "d.xer", bad_date)).find(
            "table TASK row 1 (line 10), field early_start_date: '2019-13-01 08:00' is not a "
            "date and time") != std::string::npos);
  auto bad_calendar = small_xer(two_tasks, "", "(0||CalendarData()((0||DaysOfWeek()(");
  CHECK(refusal(write(folder, "c.xer", bad_calendar)).find("field clndr_data") !=
        std::string::npos);
  // Nesting past what a calendar holds is refused, not followed.
  std::string deep = "(0||CalendarData()(";
  for (int i = 0; i < 100000; ++i)
    deep += "(0||x()(";
  CHECK(refusal(write(folder, "deep.xer", small_xer(two_tasks, "", deep))).find("nests deeper") !=
        std::string::npos);
  auto cut = small_xer(two_tasks);
  cut.resize(cut.size() - 3);
  CHECK(refusal(write(folder, "cut.xer", cut)).find("without %E") != std::string::npos);
}

TEST_CASE("xer: UTF-8, Windows-1252 and Windows-1258 with combining tone marks, as NFC") {
  Folder folder;
  auto utf8 = small_xer(
      "%R\t11\t1\t9\tTT_Task\tTK_NotStart\tA1\tĐổ bê tông\t8\t8\t\t\t\t\t\t\t\t\n");
  CHECK(io::read_xer(write(folder, "u.xer", utf8)).projects[0].activities[0].name == "Đổ bê tông");
  auto western = small_xer(
      "%R\t11\t1\t9\tTT_Task\tTK_NotStart\tA1\tB\xE9ton \x96 fa\xE7" "ade\t8\t8\t\t\t\t\t\t\t\t\n");
  CHECK(io::read_xer(write(folder, "w.xer", western)).projects[0].activities[0].name ==
        "Béton – façade");
  auto schedule = io::read_xer(fixture("p6/synthetic-vn-1258.xer"));
  const auto& project = schedule.projects.at(0);
  CHECK(project.short_name == "ĐG-BẠCLIÊU-3");
  CHECK(project.name == "Điện gió Bạc Liêu 3");
  CHECK(schedule.calendars.at(0).name == "Lịch công trường 6 ngày");
  CHECK(project.activities.at(1).name == "Đổ bê tông móng trụ tuốc-bin");
  CHECK(project.activities.at(1).group == "Xây dựng móng trụ");
  CHECK(project.activities.at(1).started);
  CHECK(project.activities.at(1).remaining_minutes == 120 * 60);
  CHECK(project.activities.at(2).id == "ĐN-110");
  CHECK(project.activities.at(2).constraint == io::ConstraintKind::StartOnOrAfter);
  CHECK(project.activities.at(5).kind == io::ActivityKind::LevelOfEffort);
  CHECK(project.activities.at(6).kind == io::ActivityKind::Summary);
  CHECK(schedule.calendars.at(0).definition.exceptions.at(Date::parse("2027-01-15").days()) ==
        DayPeriods{{420, 660}});
}

TEST_CASE("xer: real exports read whole (mpxj's test files and a published P6 schedule)") {
  auto predecessor = io::read_xer(fixture("external/p6/mpxj-PredecessorCalendar.xer"));
  CHECK(predecessor.projects.at(0).lag_calendar == io::LagCalendar::Predecessor);
  auto successor = io::read_xer(fixture("external/p6/mpxj-SuccessorCalendar.xer"));
  CHECK(successor.projects.at(0).lag_calendar == io::LagCalendar::Successor);
  // MPXJ's defective export: a calendar cut short is refused, named.
  CHECK_THROWS_WITH_AS(io::read_xer(fixture("external/p6/mpxj-invalid-8.4.xer")),
                       doctest::Contains("table CALENDAR row 3 (line 33), field clndr_data"),
                       InvalidInput);
  CHECK(io::read_xer(fixture("external/p6/mpxj-percent-complete-8.4.xer"))
            .projects.at(0)
            .activities.size() == 12);
  auto large = io::read_xer(fixture("external/p6/pyp6xer-sp10-cost-loaded.xer"));
  CHECK(large.calendars.size() == 6);
  CHECK(large.projects.at(0).activities.size() == 3994);
  CHECK(large.projects.at(0).relationships.size() == 5966);
  CHECK(large.projects.at(0).data_date == at("2017-09-16", 0, 0));
}
