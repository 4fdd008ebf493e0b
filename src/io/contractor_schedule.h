#pragma once
// A contractor's schedule as read from Primavera P6 (XER) or Microsoft Project (MSPDI XML), before
// it becomes tiendo projects (issue 31, DESIGN.md "Working calendars"). The readers only read and
// check the file: every value keeps the file's own units and ids, and every problem names the
// file, table (or element), row (or line) and field. Turning activities into milestones (keys,
// events, skipped kinds, updates of a project imported before) is the import operation's work.
//
// Instants are minutes since 1970-01-01 00:00 in the file's local time, as src/domain/calendar.h
// counts them; durations and lags are working minutes of the activity's (or the lag's) calendar.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/portfolio.h"

namespace tiendo::io {

enum class ActivityKind : std::uint8_t {
  Task,           // Work with a duration (P6 TT_Task, TT_Rsrc; MS Project a task).
  StartMilestone, // An event at its start (P6 TT_Mile; MS Project a milestone).
  FinishMilestone,// An event at its finish (P6 TT_FinMile).
  LevelOfEffort,  // Skipped by the import, with a line saying so (P6 TT_LOE).
  Summary         // Skipped by the import, with a line saying so (P6 TT_WBS; MS Project summary).
};

// Only these two bound the schedule (DESIGN.md); the others are read, kept and reported.
enum class ConstraintKind : std::uint8_t { None, StartOnOrAfter, FinishOnOrBefore, Other };

struct ContractorCalendar {
  std::string id;    // The file's id: P6 clndr_id, MS Project UID.
  std::string name;  // As the file names it (UTF-8, NFC).
  // Weekdays (Monday first) and dated exceptions; its `name` is left empty for the import to set.
  CalendarDefinition definition;
  // The file's hours per day, in minutes, when it states one (P6 day_hr_cnt); the import's
  // "days" for this calendar. Empty: the longest weekday.
  std::optional<std::int64_t> minutes_per_day;
  std::size_t row = 0;  // Row (XER) or line (XML) for messages.
};

struct ContractorActivity {
  std::string id;           // What people call it: P6 task_code ("PCS-140"); MS Project ID or WBS.
  std::string internal_id;  // What relationships refer to: P6 task_id; MS Project UID.
  std::string name;
  std::string group;        // Its WBS path or outline parent's name, for grouping on pages.
  ActivityKind kind = ActivityKind::Task;
  std::string calendar_id;  // A ContractorCalendar::id of the file.
  std::int64_t planned_minutes = 0;    // Original (planned) duration, working minutes.
  std::int64_t remaining_minutes = 0;  // Remaining duration, working minutes.
  bool started = false;
  bool finished = false;
  std::optional<std::int64_t> actual_start;   // Instants.
  std::optional<std::int64_t> actual_finish;
  std::optional<std::int64_t> planned_start;  // Target (baseline-like) dates: measure slip only.
  std::optional<std::int64_t> planned_finish;
  std::optional<std::int64_t> early_start;    // As the contractor's tool computed them: what
  std::optional<std::int64_t> early_finish;   // tiendo's schedule is compared with in tests.
  ConstraintKind constraint = ConstraintKind::None;
  std::optional<std::int64_t> constraint_instant;
  std::string constraint_text;  // The file's own constraint type, for an Other.
  std::size_t row = 0;
};

struct ContractorRelationship {
  std::string predecessor;  // ContractorActivity::internal_id
  std::string successor;
  LinkType type = LinkType::FinishToStart;
  std::int64_t lag_minutes = 0;  // Working minutes (may be negative: a lead).
  std::size_t row = 0;
  // MS Project: an "elapsed" lag (LagFormat 4, 6, 8, 10, 12 and the estimated 36-44) counts
  // clock time, every minute of the day, whatever the calendars: lag_minutes are such minutes
  // (the 24-hour calendar's; an elapsed percentage is refused by the reader). Always false from
  // P6, whose lag calendar is the project's option.
  bool lag_elapsed = false;
};

// The scheduling options a file was computed with, where tiendo honours them.
enum class LagCalendar : std::uint8_t { Predecessor, Successor, Project, TwentyFourHour };
enum class OutOfSequence : std::uint8_t { RetainedLogic, ProgressOverride, ActualDates };

struct ContractorProject {
  std::string id;          // P6 proj_id; MS Project: "1".
  std::string short_name;  // P6 proj_short_name; MS Project the file's title or name.
  std::string name;
  std::optional<std::int64_t> data_date;  // P6 last_recalc_date; MS Project StatusDate (only).
  std::string default_calendar_id;
  LagCalendar lag_calendar = LagCalendar::Predecessor;
  OutOfSequence out_of_sequence = OutOfSequence::RetainedLogic;
  std::vector<ContractorActivity> activities;
  std::vector<ContractorRelationship> relationships;
};

struct ContractorSchedule {
  std::string file;     // As given, for messages and the change log's source.
  std::string format;   // "xer" or "mspdi".
  std::vector<ContractorCalendar> calendars;  // Global and project calendars alike.
  std::vector<ContractorProject> projects;
  // What the reader left out of a real file rather than refuse it, one line each, for the import
  // to show: a target or early date outside the supported years (P6 writes year 4637 for an
  // activity whose target duration is 600 years), which measures nothing.
  std::vector<std::string> notes;
};

// Throw InvalidInput naming file, table/element, row/line, field and value when the file cannot
// be read as such a schedule (not the format, a date that does not parse, a relationship to an
// unknown activity, an activity on a missing calendar, a size past the readers' limits).
ContractorSchedule read_xer(const std::string& path);
ContractorSchedule read_mspdi(const std::string& path);

}  // namespace tiendo::io
