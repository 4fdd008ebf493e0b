// MS Project's XML export read into the contractor-schedule contract (issue 31): real files from
// MPXJ's test data and a hand-written Vietnamese one, every refusal, and damaged files.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "domain/date.h"
#include "domain/error.h"
#include "io/contractor_schedule.h"
#include "domain/calendar.h"
#include "domain/portfolio.h"
#include "io/mspdi_reader.h"

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

}  // namespace

TEST_CASE("mspdi dump" * doctest::skip(true)) {
  for (auto name : {"external/msproject/mpxj-mspdirelations.xml",
                    "external/msproject/mpxj-calendar-calendars-project2019-mspdi.xml",
                    "external/msproject/mpxj-calendar-recurring-exceptions-project2016-mspdi.xml",
                    "external/msproject/mpxj-task-links-project2016-mspdi.xml",
                    "external/msproject/mpxj-caltest.xml", "msproject/huong-linh-9.xml"}) {
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
                << dump_instant(project.data_date) << " cal " << project.default_calendar_id << "\n";
      for (const auto& a : project.activities)
        std::cout << "  " << a.internal_id << " id=" << a.id << " " << a.name << " [" << a.group
                  << "] kind=" << int(a.kind) << " cal=" << a.calendar_id << " dur=" << a.planned_minutes
                  << " rem=" << a.remaining_minutes << " es=" << dump_instant(a.early_start)
                  << " ef=" << dump_instant(a.early_finish) << " as=" << dump_instant(a.actual_start)
                  << " af=" << dump_instant(a.actual_finish) << " ps=" << dump_instant(a.planned_start)
                  << " c=" << int(a.constraint) << " " << a.constraint_text << " "
                  << dump_instant(a.constraint_instant) << " line " << a.row << "\n";
      for (const auto& r : project.relationships)
        std::cout << "  link " << r.predecessor << "->" << r.successor << " "
                  << link_type_key(r.type) << " lag " << r.lag_minutes
                  << (r.lag_elapsed ? " elapsed" : "") << " line " << r.row << "\n";
    }
  }
}
