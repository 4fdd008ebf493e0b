#include "operations/contractor_import.h"

#include <fmt/format.h>
#include <utf8proc.h>

#include <cstdlib>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "analysis/forward_pass.h"
#include "domain/edit.h"
#include "domain/error.h"
#include "domain/province.h"
#include "domain/schedule_rules.h"
#include "domain/text.h"
#include "io/mspdi_reader.h"
#include "operations/edits.h"
#include "operations/scope.h"

namespace tiendo::operations {
namespace {

ScheduleRules schedule_rules_of(const io::ContractorProject& contractor) {
  ScheduleRules rules{.p6 = true};
  switch (contractor.lag_calendar) {
    case io::LagCalendar::Predecessor:
      rules.lag_calendar = LagCalendarRule::Predecessor;
      break;
    case io::LagCalendar::Successor:
      rules.lag_calendar = LagCalendarRule::Successor;
      break;
    case io::LagCalendar::Project:
      rules.lag_calendar = LagCalendarRule::ProjectDefault;
      break;
    case io::LagCalendar::TwentyFourHour:
      rules.lag_calendar = LagCalendarRule::TwentyFourHour;
      break;
  }
  switch (contractor.out_of_sequence) {
    case io::OutOfSequence::RetainedLogic:
      rules.out_of_sequence = OutOfSequenceRule::RetainedLogic;
      break;
    case io::OutOfSequence::ProgressOverride:
      rules.out_of_sequence = OutOfSequenceRule::ProgressOverride;
      break;
    case io::OutOfSequence::ActualDates:
      rules.out_of_sequence = OutOfSequenceRule::ActualDates;
      break;
  }
  return rules;
}

std::int32_t day_of(std::int64_t instant) { return analysis::calendar_time::day_of(instant); }

std::string kind_text(const io::ContractorSchedule& schedule, io::ActivityKind kind) {
  if (kind == io::ActivityKind::LevelOfEffort)
    return "a level-of-effort activity";
  return schedule.format == "mspdi" ? "a summary task" : "a WBS summary activity";
}

// Where an activity, relationship or calendar is in its file, in the file's own terms, for
// messages: a P6 table and row, or an MS Project element with its UID and line. A message of its
// own inside the message it is a value of, so that a Vietnamese page says "bảng TASK, dòng 12"
// where the command line says "table TASK row 12"; the table's and the element's names stay as
// the file writes them: they name what the person opens in P6 or MS Project.
bool is_mspdi(const io::ContractorSchedule& schedule) { return schedule.format == "mspdi"; }

Message place_of(const io::ContractorSchedule& schedule, const io::ContractorActivity& activity) {
  if (is_mspdi(schedule))
    return message("element {} UID {} (line {})", "Task", activity.internal_id, activity.row);
  return message("table {} row {}", "TASK", activity.row);
}

Message place_of(const io::ContractorSchedule& schedule,
                 const io::ContractorRelationship& relationship) {
  if (is_mspdi(schedule))
    return message("element PredecessorLink of Task UID {} (line {})", relationship.successor,
                   relationship.row);
  return message("table {} row {}", "TASKPRED", relationship.row);
}

Message place_of(const io::ContractorSchedule& schedule, const io::ContractorCalendar& calendar) {
  if (is_mspdi(schedule))
    return message("element {} UID {} (line {})", "Calendar", calendar.id, calendar.row);
  return message("table {} row {}", "CALENDAR", calendar.row);
}

// A field by the name each format gives it: P6's column, MS Project's element.
std::string_view field_of(const io::ContractorSchedule& schedule, std::string_view xer,
                          std::string_view mspdi) {
  return is_mspdi(schedule) ? mspdi : xer;
}

// A calendar's name in the department's table: the project's code folded to the letters a
// calendar name may hold, then the file's id ("hs2-lwm-imp-040-20-640").
std::string calendar_name(std::string_view code, std::string_view id) {
  std::string folded;
  for (char c : fold_for_matching(code)) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      folded += c;
    else if (!folded.empty() && folded.back() != '-')
      folded += '-';
  }
  std::string suffix;
  for (char c : fold_for_matching(id))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      suffix += c;
  if (suffix.empty())
    suffix = "calendar";
  const std::size_t room = suffix.size() + 1 >= 40 ? 0 : 40 - suffix.size() - 1;
  if (folded.size() > room)
    folded.resize(room);
  while (!folded.empty() && folded.back() == '-')
    folded.pop_back();
  std::string name = folded.empty() ? suffix : folded + "-" + suffix;
  if (name.size() > 40)
    name.resize(40);
  return name;
}

std::int32_t rounded_days(std::int64_t minutes, std::int64_t minutes_per_day) {
  if (minutes_per_day <= 0)
    return 0;
  return static_cast<std::int32_t>(std::llround(static_cast<double>(minutes) /
                                                static_cast<double>(minutes_per_day)));
}

// Minutes fit the store's 32-bit columns up to 4,000 years; a file past that is refused.
std::int32_t stored_minutes(const io::ContractorSchedule& schedule, const Message& place,
                            std::string_view field, std::int64_t minutes) {
  if (minutes > 2'000'000'000 || minutes < -2'000'000'000)
    throw InvalidInput(message("{}: {}, field {}: {} hours is more than tiendo holds",
                               schedule.file, place, field, minutes / 60));
  return static_cast<std::int32_t>(minutes);
}

// A project code from the file's short name: diacritics dropped (Đ → D), case kept, each run of
// other characters than letters, digits, '-', '_' and '.' one '-' ("ĐG-BẠCLIÊU 3" → "DG-BACLIEU-3").
std::string project_code_of(std::string_view short_name) {
  std::string text(short_name);
  for (auto [from, to] : {std::pair{"Đ", "D"}, std::pair{"đ", "d"}}) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at))
      text.replace(at, std::string_view(from).size(), to);
  }
  utf8proc_uint8_t* mapped = nullptr;
  auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.c_str()),
                             static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                             static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK));
  std::string stripped = length >= 0 ? std::string(reinterpret_cast<char*>(mapped),
                                                   static_cast<std::size_t>(length))
                                     : text;
  std::free(mapped);
  std::string code;
  for (char c : stripped) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0 && static_cast<unsigned char>(c) < 0x80;
    if (keep || c == '-' || c == '_' || c == '.')
      code += c;
    else if (!code.empty() && code.back() != '-')
      code += '-';
  }
  while (!code.empty() && code.back() == '-')
    code.pop_back();
  return code;
}

}  // namespace

bool is_contractor_schedule(const std::string& file) {
  if (file.size() < 4)
    return false;
  std::string extension = file.substr(file.size() - 4);
  for (auto& c : extension)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == ".xer" || io::is_mspdi_file(file);
}

std::string fold_activity_key(std::string_view activity_id) {
  std::string key;
  for (char c : fold_for_matching(activity_id)) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      key += c;
    else if (!key.empty() && key.back() != '_')
      key += '_';
  }
  while (!key.empty() && key.back() == '_')
    key.pop_back();
  return key;
}

std::optional<std::string> contractor_activity_of(const Milestone& milestone) {
  // "FILE TASK ID" from a P6 file, "FILE Task ID" from an MS Project file, as the import writes
  // the source of each activity's milestone.
  constexpr std::string_view marker = " TASK ";
  auto at = milestone.source.rfind(marker);
  if (at == std::string::npos)
    at = milestone.source.rfind(" Task ");
  if (at == std::string::npos || at == 0)
    return std::nullopt;
  std::string id = milestone.source.substr(at + marker.size());
  if (id.empty() || (milestone.key != "cod" && fold_activity_key(id) != milestone.key))
    return std::nullopt;
  return id;
}

std::string contractor_update_source(const io::ContractorSchedule& schedule,
                                     const std::string& file_name) {
  std::optional<std::int64_t> latest;
  for (const auto& project : schedule.projects)
    if (project.data_date && (!latest || *project.data_date > *latest))
      latest = project.data_date;
  const std::string& file = file_name.empty() ? schedule.file : file_name;
  if (!latest)
    return file;
  return fmt::format("{} (data date {})", file, Date::from_days(day_of(*latest)).iso_day());
}

void apply_contractor_schedule(Portfolio& portfolio, const io::ContractorSchedule& schedule,
                               const ContractorImportOptions& options,
                               std::vector<std::string>& notes, std::vector<std::string>* codes,
                               std::vector<std::string>* updated_codes,
                               const MilestoneRemover& remove_milestones) {
  const std::string& file = options.file_name.empty() ? schedule.file : options.file_name;
  notes.insert(notes.end(), schedule.notes.begin(), schedule.notes.end());
  if (!options.code.empty() && schedule.projects.size() != 1)
    throw InvalidInput(message("code: '{}': {} holds {} projects; a code names the one project of "
                               "a file",
                               options.code, file, schedule.projects.size())
                           .on_command_line("--code: '{}': {} holds {} projects; --code names the "
                                            "one project of a file"));
  std::unordered_map<std::string, const io::ContractorCalendar*> calendar_by_id;
  for (const auto& calendar : schedule.calendars)
    calendar_by_id.emplace(calendar.id, &calendar);
  // Each calendar the schedule uses becomes a table of a megabyte over the supported years, kept
  // while the portfolio has it: a file of 5,000 calendars, one for each activity, once took 5.5
  // GB and 19 s to preview. Contractors' files use a handful.
  std::set<std::string> calendars_used;
  for (const auto& contractor : schedule.projects) {
    if (!contractor.default_calendar_id.empty())
      calendars_used.insert(contractor.default_calendar_id);
    for (const auto& activity : contractor.activities)
      if (!activity.calendar_id.empty())
        calendars_used.insert(activity.calendar_id);
  }
  if (calendars_used.size() > maximum_calendars_per_file)
    throw InvalidInput(message("{}: its projects and activities use {} calendars; a file imports "
                               "at most {}",
                               file, calendars_used.size(), maximum_calendars_per_file));
  // Milestone of each activity (by task_id), across the file's projects: a relationship may join
  // two of them.
  std::unordered_map<std::string, std::int32_t> milestone_of_activity;
  std::unordered_map<std::string, const io::ContractorActivity*> skipped_activity;
  bool cod_found = options.cod_activity.empty();
  std::vector<std::pair<const io::ContractorProject*, std::int32_t>> imported;
  // An update (a project the portfolio holds already, issue 31): the milestones a contractor's
  // file made that are still in it, which the file's relationships are compared with; and those
  // the later file no longer has, removed at the end.
  std::vector<bool> from_contractor;
  std::vector<std::int32_t> missing;
  bool updating = false;

  for (const auto& contractor : schedule.projects) {
    const std::string code =
        options.code.empty() ? project_code_of(contractor.short_name) : options.code;
    const auto existing = portfolio.find_project(code);
    if (existing &&
        !follows_p6(portfolio.projects[static_cast<std::size_t>(*existing)].schedule_rules))
      throw InvalidInput(message("{}: project {} is already in the portfolio and was not imported "
                                 "from a contractor's schedule; a contractor's file updates only a "
                                 "project it made",
                                 file, code)
                             .on_command_line("{}: project {} is already in the portfolio and was "
                                              "not imported from a contractor's schedule; a "
                                              "contractor's file updates only a project it made "
                                              "(--code names another code)"));
    if (!existing && (options.province.empty() || options.technology.empty()))
      throw InvalidInput(
          message("province and technology: a contractor's schedule (.xer, .xml) needs both for a "
                  "project it adds")
              .on_command_line("--province and --technology: a contractor's schedule (.xer, .xml) "
                               "needs both, for its projects"));
    if (existing && !updating) {
      updating = true;
      from_contractor.assign(portfolio.milestones.size(), false);
    }
    // Its calendars: the project's default and every one its activities name. They are named
    // from the project's code, so an update of the project changes them as the later file has
    // them.
    std::map<std::string, std::string> name_of_calendar;  // file id -> tiendo name
    auto add_calendar = [&](const std::string& id) {
      if (id.empty() || name_of_calendar.contains(id))
        return;
      const auto* calendar = calendar_by_id.at(id);
      CalendarDefinition definition = calendar->definition;
      definition.name = calendar_name(code, id);
      auto stored = std::find_if(portfolio.calendars.begin(), portfolio.calendars.end(),
                                 [&](const CalendarDefinition& other) {
                                   return other.name == definition.name;
                                 });
      if (stored != portfolio.calendars.end()) {
        if (!(*stored == definition)) {
          if (!existing)
            throw InvalidInput(message("{}: {}: calendar {} would be named {}, which the "
                                       "department's table already holds with other hours",
                                       file, place_of(schedule, *calendar), id, definition.name));
          *stored = definition;
        }
      } else if (const auto* built_in = portfolio.find_calendar(definition.name);
                 built_in && !(*built_in == definition)) {
        throw InvalidInput(message("{}: {}: calendar {} would be named {}, which the "
                                   "department's table already holds with other hours",
                                   file, place_of(schedule, *calendar), id, definition.name));
      } else if (!built_in) {
        portfolio.calendars.push_back(definition);
      }
      name_of_calendar[id] = definition.name;
    };
    std::string default_calendar = contractor.default_calendar_id;
    if (default_calendar.empty()) {
      // No project calendar: the one most of its activities use.
      std::map<std::string, std::size_t> uses;
      for (const auto& activity : contractor.activities)
        ++uses[activity.calendar_id];
      std::size_t most = 0;
      for (const auto& [id, count] : uses)
        if (count > most) {
          most = count;
          default_calendar = id;
        }
    }
    add_calendar(default_calendar);
    for (const auto& activity : contractor.activities)
      add_calendar(activity.calendar_id);

    std::int32_t project = 0;
    if (!existing) {
      ProblemList problems;
      Fields fields{{"code", code},
                    {"name", contractor.name.empty() ? contractor.short_name : contractor.name},
                    {"technology", options.technology},
                    {"province", options.province}};
      if (!options.capacity_mw.empty())
        fields.push_back({"capacity_mw", options.capacity_mw});
      // The file and its data date, as the change log's rows name them (pages write the date
      // as they write dates).
      std::string source =
          contractor.data_date
              ? fmt::format("{} (data date {})", file,
                            Date::from_days(day_of(*contractor.data_date)).iso_day())
              : file;
      fields.push_back({"source", source});
      if (!default_calendar.empty())
        fields.push_back({"calendar", name_of_calendar.at(default_calendar)});
      project = apply_project(portfolio, fields, InputLocation{}, problems,
                              ProvinceRegistry::builtin());
      problems.throw_if_any();
      if (codes)
        codes->push_back(code);
    } else {
      // An update changes what the options name (a province, a technology, a capacity given
      // again) as project set would, and the calendar and data date as the later file has them;
      // the project's name and source stay the department's.
      ProblemList problems;
      Fields fields{{"code", code}};
      if (!options.technology.empty())
        fields.push_back({"technology", options.technology});
      if (!options.province.empty())
        fields.push_back({"province", options.province});
      if (!options.capacity_mw.empty())
        fields.push_back({"capacity_mw", options.capacity_mw});
      if (!default_calendar.empty())
        fields.push_back({"calendar", name_of_calendar.at(default_calendar)});
      project = apply_project(portfolio, fields, InputLocation{}, problems,
                              ProvinceRegistry::builtin());
      problems.throw_if_any();
      if (updated_codes)
        updated_codes->push_back(code);
    }
    auto& stored_project = portfolio.projects[static_cast<std::size_t>(project)];
    // P6's rules, with the file's scheduling options where they differ from P6's defaults (a
    // later file may change them: a P6 user may switch to progress override mid-project).
    stored_project.schedule_rules = format_schedule_rules(schedule_rules_of(contractor));
    if (contractor.data_date)
      stored_project.data_date = Date::from_days(day_of(*contractor.data_date));
    imported.emplace_back(&contractor, project);
    const std::string project_calendar = stored_project.calendar;

    // The project's milestones as they are: those a contractor's file made, by the activity ID
    // their source names (so that an activity keeps its key, `cod` included, whatever --cod says
    // now), and those the department added by hand, which no file changes or removes.
    std::unordered_map<std::string, std::int32_t> contractor_milestone;  // activity ID -> index
    std::unordered_map<std::string, std::int32_t> own_milestone;         // key -> index
    if (existing) {
      for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
        const Milestone& milestone = portfolio.milestones[m];
        if (milestone.project != project)
          continue;
        if (auto id = contractor_activity_of(milestone)) {
          contractor_milestone.emplace(*id, static_cast<std::int32_t>(m));
          from_contractor[m] = true;
        } else {
          own_milestone.emplace(milestone.key, static_cast<std::int32_t>(m));
        }
      }
    }
    std::unordered_map<std::string, bool> still_there;  // activity ID -> in the later file

    // Activities as milestones, keys folded from their IDs; two IDs that fold to one key are
    // refused, both named.
    std::unordered_map<std::string, const io::ContractorActivity*> activity_of_key;
    for (const auto& activity : contractor.activities) {
      if (activity.kind == io::ActivityKind::LevelOfEffort ||
          activity.kind == io::ActivityKind::Summary) {
        notes.push_back(fmt::format("{}: {}: {} '{}' is {}; skipped", file,
                                    place_of(schedule, activity).english(), printable(activity.id),
                                    printable(activity.name), kind_text(schedule, activity.kind)));
        skipped_activity.emplace(activity.internal_id, &activity);
        continue;
      }
      const auto earlier = contractor_milestone.find(activity.id);
      std::string key =
          earlier != contractor_milestone.end()
              ? portfolio.milestones[static_cast<std::size_t>(earlier->second)].key
          : activity.id == options.cod_activity && !options.cod_activity.empty()
              ? std::string("cod")
              : fold_activity_key(activity.id);
      if (activity.id == options.cod_activity)
        cod_found = true;
      if (key.empty() || key.size() > 64)
        throw InvalidInput(message("{}: {}, field {}: '{}' does not fold to a milestone key (1 "
                                   "to 64 letters, digits and '_')",
                                   file, place_of(schedule, activity),
                                   field_of(schedule, "task_code", "ID"), printable(activity.id)));
      if (auto [other, inserted] = activity_of_key.emplace(key, &activity); !inserted)
        throw InvalidInput(message("{}: {} and {}: activity IDs '{}' and '{}' both fold to the "
                                   "milestone key {}",
                                   file, place_of(schedule, *other->second),
                                   place_of(schedule, activity), printable(other->second->id),
                                   printable(activity.id), key));
      if (own_milestone.contains(key))
        throw InvalidInput(message("{}: {}, field {}: '{}' folds to the key {} of a milestone of {} "
                                   "that was not imported from a contractor's file; rename one of "
                                   "them",
                                   file, place_of(schedule, activity),
                                   field_of(schedule, "task_code", "ID"), printable(activity.id),
                                   key, code));
      Milestone milestone;
      milestone.project = project;
      milestone.key = key;
      milestone.name = activity.name.empty() ? activity.id : activity.name;
      milestone.source = fmt::format("{} {} {}", file, is_mspdi(schedule) ? "Task" : "TASK", activity.id);
      const std::string& calendar = name_of_calendar.at(activity.calendar_id);
      if (calendar != project_calendar)
        milestone.calendar = calendar;
      const auto* file_calendar = calendar_by_id.at(activity.calendar_id);
      const std::int64_t per_day =
          file_calendar->minutes_per_day
              ? *file_calendar->minutes_per_day
              : WorkingCalendar::shared(*portfolio.find_calendar(calendar))->minutes_per_day();
      const bool event = activity.kind != io::ActivityKind::Task;
      milestone.finish_event = activity.kind == io::ActivityKind::FinishMilestone;
      // What is left to do is what the schedule runs; a finished activity keeps its plan.
      std::int64_t minutes =
          event ? 0 : activity.finished ? activity.planned_minutes : activity.remaining_minutes;
      milestone.duration_minutes = stored_minutes(
          schedule, place_of(schedule, activity),
          activity.finished ? field_of(schedule, "target_drtn_hr_cnt", "Duration")
                            : field_of(schedule, "remain_drtn_hr_cnt", "RemainingDuration"),
          minutes);
      milestone.duration_days = rounded_days(minutes, per_day);
      if (activity.finished) {
        milestone.actual = Date::from_days(day_of(event && activity.actual_start
                                                      ? *activity.actual_start
                                                      : *activity.actual_finish));
        if (!event && activity.actual_start)
          milestone.actual_start = Date::from_days(day_of(*activity.actual_start));
      } else if (activity.started && !event && activity.actual_start) {
        milestone.actual_start = Date::from_days(day_of(*activity.actual_start));
      }
      auto planned = activity.kind == io::ActivityKind::StartMilestone ? activity.planned_start
                                                                       : activity.planned_finish;
      if (planned)
        milestone.planned = Date::from_days(day_of(*planned));
      if (activity.constraint == io::ConstraintKind::StartOnOrAfter ||
          (activity.constraint_text == "CS_MSO" && activity.constraint_instant))
        milestone.start_on_or_after = activity.constraint_instant;
      else if ((activity.constraint_text == "CS_MEO" || activity.constraint_text == "CS_MEOA") &&
               activity.constraint_instant && !activity.started) {
        // P6's "finish on" and "finish on or after" hold the early finish at its date at the
        // soonest: a start bound of the duration before it on the activity's calendar.
        auto working = WorkingCalendar::shared(*portfolio.find_calendar(calendar));
        milestone.start_on_or_after = analysis::calendar_time::start_for_finish(
            working.get(), *activity.constraint_instant, minutes);
      }
      else if (activity.constraint == io::ConstraintKind::FinishOnOrBefore)
        milestone.finish_on_or_before = activity.constraint_instant;
      milestone.as_late_as_possible = activity.constraint_text == "CS_ALAP" && !activity.finished;
      for (const auto& date : {milestone.planned, milestone.actual, milestone.actual_start})
        if (date && !Date::supported(date->days()))
          throw InvalidInput(message("{}: {}: a date outside the supported years", file,
                                     place_of(schedule, activity)));
      if (earlier != contractor_milestone.end()) {
        // The later file's values of what a contractor's file holds; the department's forecast,
        // delay reason and the source it was first imported from stay. Unchanged, it is the
        // same value and the store writes nothing.
        still_there[activity.id] = true;
        Milestone& stored = portfolio.milestones[static_cast<std::size_t>(earlier->second)];
        stored.name = milestone.name;
        stored.duration_days = milestone.duration_days;
        stored.duration_minutes = milestone.duration_minutes;
        stored.calendar = milestone.calendar;
        stored.planned = milestone.planned;
        stored.actual_start = milestone.actual_start;
        stored.actual = milestone.actual;
        stored.start_on_or_after = milestone.start_on_or_after;
        stored.finish_on_or_before = milestone.finish_on_or_before;
        stored.finish_event = milestone.finish_event;
        stored.as_late_as_possible = milestone.as_late_as_possible;
        milestone_of_activity.emplace(activity.internal_id, earlier->second);
        continue;
      }
      const std::int32_t added = portfolio.add_milestone(std::move(milestone));
      if (updating)
        from_contractor.push_back(true);
      milestone_of_activity.emplace(activity.internal_id, added);
    }
    // Activities of an earlier file that the later one no longer has (or skips) go.
    for (const auto& [id, index] : contractor_milestone)
      if (!still_there.contains(id))
        missing.push_back(index);
    // Start on, finish on, finish on or after and as late as possible are honoured above.
    std::size_t other_constraints = 0;
    for (const auto& activity : contractor.activities)
      other_constraints += activity.constraint == io::ConstraintKind::Other &&
                           activity.constraint_text != "CS_MSO" &&
                           activity.constraint_text != "CS_MEO" &&
                           activity.constraint_text != "CS_MEOA" &&
                           activity.constraint_text != "CS_ALAP";
    if (other_constraints > 0)
      notes.push_back(fmt::format("{}: {} activities of {} carry constraints that tiendo does not "
                                  "honour (mandatory start or finish, start on or before, ...); "
                                  "they do not bound tiendo's schedule",
                                  file, other_constraints, code));
    // The file's scheduling options are honoured (domain/schedule_rules.h); the notes say which
    // of them differ from P6's defaults, since they change the dates.
    if (contractor.out_of_sequence == io::OutOfSequence::ProgressOverride)
      notes.push_back(fmt::format("{}: {} schedules out-of-sequence progress by progress "
                                  "override, as tiendo does for it",
                                  file, code));
    else if (contractor.out_of_sequence == io::OutOfSequence::ActualDates)
      notes.push_back(fmt::format("{}: {} schedules out-of-sequence progress by actual dates, as "
                                  "tiendo does for it",
                                  file, code));
    // MS Project's own rule (lags on the successor's calendar) is no option of its file.
    if (contractor.lag_calendar != io::LagCalendar::Predecessor && !is_mspdi(schedule))
      notes.push_back(fmt::format("{}: {} counts lags on {}, as tiendo does for it", file, code,
                                  contractor.lag_calendar == io::LagCalendar::Successor
                                      ? "the successor's calendar"
                                  : contractor.lag_calendar == io::LagCalendar::Project
                                      ? "the project's default calendar"
                                      : "a 24-hour calendar"));
  }
  if (!cod_found)
    throw InvalidInput(message("cod: '{}': no such activity ID in {}", options.cod_activity, file)
                           .on_command_line("--cod: '{}': no such activity ID in {}"));
  if (updating)
    from_contractor.resize(portfolio.milestones.size(), false);
  std::vector<bool> going(portfolio.milestones.size(), false);
  for (auto index : missing)
    going[static_cast<std::size_t>(index)] = true;

  // Relationships as dependencies, lags exactly in working minutes. In an update a link between
  // two activities of the files changes as the later file has it, and one the later file no
  // longer has goes; links to or from the department's own milestones stay.
  std::size_t skipped_links = 0;
  std::set<std::pair<std::int32_t, std::int32_t>> in_file;
  for (const auto& [contractor, project] : imported) {
    for (const auto& relationship : contractor->relationships) {
      auto from = milestone_of_activity.find(relationship.predecessor);
      auto to = milestone_of_activity.find(relationship.successor);
      if (from == milestone_of_activity.end() || to == milestone_of_activity.end()) {
        ++skipped_links;
        continue;
      }
      if (!in_file.emplace(from->second, to->second).second) {
        notes.push_back(fmt::format("{}: {}: a second relationship between the same "
                                    "two activities; the first is kept",
                                    file, place_of(schedule, relationship).english()));
        continue;
      }
      Dependency dependency;
      dependency.from = from->second;
      dependency.to = to->second;
      dependency.type = relationship.type;
      dependency.lag_minutes =
          stored_minutes(schedule, place_of(schedule, relationship),
                         field_of(schedule, "lag_hr_cnt", "LinkLag"), relationship.lag_minutes);
      // The days beside the minutes, for reading: days of the calendar the lag counts on. An
      // elapsed lag (MS Project's "2ed", "12eh") counts on the 24-hour clock, nights, weekends
      // and holidays included, whatever the project's rule: the link's own lag calendar.
      std::string lag_calendar;
      if (relationship.lag_elapsed) {
        dependency.lag_calendar = LagCalendarRule::TwentyFourHour;
      } else if (contractor->lag_calendar != io::LagCalendar::TwentyFourHour) {
        const auto& lag_end = portfolio.milestones[static_cast<std::size_t>(
            contractor->lag_calendar == io::LagCalendar::Successor ? to->second : from->second)];
        const auto& project = portfolio.projects[static_cast<std::size_t>(lag_end.project)];
        lag_calendar =
            lag_end.calendar.empty() || contractor->lag_calendar == io::LagCalendar::Project
                ? project.calendar
                : lag_end.calendar;
      }
      const auto* definition =
          lag_calendar.empty() ? nullptr : portfolio.find_calendar(lag_calendar);
      dependency.lag_days = rounded_days(
          relationship.lag_minutes,
          definition ? WorkingCalendar::shared(*definition)->minutes_per_day() : 1440);
      if (auto found = portfolio.find_dependency(from->second, to->second)) {
        auto& stored = portfolio.dependencies[static_cast<std::size_t>(*found)];
        stored.type = dependency.type;
        stored.lag_days = dependency.lag_days;
        stored.lag_minutes = dependency.lag_minutes;
        stored.lag_calendar = dependency.lag_calendar;
        continue;
      }
      portfolio.add_dependency(dependency);
    }
  }
  if (updating) {
    std::vector<std::size_t> gone_links;
    for (std::size_t d = 0; d < portfolio.dependencies.size(); ++d) {
      const auto& dependency = portfolio.dependencies[d];
      const auto from = static_cast<std::size_t>(dependency.from);
      const auto to = static_cast<std::size_t>(dependency.to);
      if (from_contractor[from] && from_contractor[to] && !going[from] && !going[to] &&
          !in_file.contains({dependency.from, dependency.to}))
        gone_links.push_back(d);
    }
    for (auto d = gone_links.rbegin(); d != gone_links.rend(); ++d)
      portfolio.remove_dependency(*d);
  }
  if (skipped_links > 0)
    notes.push_back(fmt::format("{}: {} relationships to or from skipped activities; left out",
                                file, skipped_links));
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end());
    for (auto index : missing) {
      notes.push_back(fmt::format("{}: {} is no longer in the file; removed", file,
                                  portfolio.reference(index)));
    }
    if (remove_milestones)
      remove_milestones(missing);
    else
      portfolio.remove_rows({}, missing, {});
  }
}

std::vector<ContractorDifference> contractor_differences(const Portfolio& before,
                                                        const Portfolio& after,
                                                        const std::vector<std::int32_t>& removed) {
  std::vector<ContractorDifference> differences;
  auto add = [&](std::string project, std::string entity, std::string_view field,
                 std::optional<std::string> old_value, std::optional<std::string> new_value) {
    differences.push_back({std::move(project), std::move(entity), std::string(field),
                           std::move(old_value), std::move(new_value)});
  };
  auto value = [](const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
  };
  auto code_of = [&](const Portfolio& portfolio, std::int32_t milestone) {
    return portfolio
        .projects[static_cast<std::size_t>(
            portfolio.milestones[static_cast<std::size_t>(milestone)].project)]
        .code;
  };
  for (std::size_t p = 0; p < after.projects.size(); ++p) {
    const Project& project = after.projects[p];
    const std::string entity = "project:" + project.code;
    if (p >= before.projects.size()) {
      add(project.code, entity, "created", std::nullopt, project.name);
      continue;
    }
    const Project& old = before.projects[p];
    auto old_cells = project_cells(old), cells = project_cells(project);
    for (std::size_t column = 0; column < cells.size(); ++column)
      if (cells[column] != old_cells[column])
        add(project.code, entity, project_columns[column], value(old_cells[column]),
            value(cells[column]));
  }
  for (std::size_t m = 0; m < after.milestones.size(); ++m) {
    const Milestone& milestone = after.milestones[m];
    const std::string code = code_of(after, static_cast<std::int32_t>(m));
    const std::string entity = "milestone:" + code + ":" + milestone.key;
    if (m >= before.milestones.size()) {
      if (static_cast<std::size_t>(milestone.project) < before.projects.size())
        add(code, entity, "created", std::nullopt, milestone.name);
      continue;
    }
    const Milestone& old = before.milestones[m];
    if (old == milestone)
      continue;
    auto old_cells = milestone_cells(before, old), cells = milestone_cells(after, milestone);
    for (std::size_t column = 0; column < cells.size(); ++column)
      if (cells[column] != old_cells[column])
        add(code, entity, milestone_columns[column], value(old_cells[column]),
            value(cells[column]));
  }
  std::vector<bool> going(after.milestones.size(), false);
  for (auto index : removed)
    going[static_cast<std::size_t>(index)] = true;
  // As the store describes a link in the change log.
  auto link_text = [](const Dependency& link) { return dependency_change_text(link); };
  auto link_entity = [&](const Portfolio& portfolio, const Dependency& link) {
    return "dependency:" + portfolio.reference(link.from) + "->" + portfolio.reference(link.to);
  };
  for (const auto& link : before.dependencies) {
    if (after.find_dependency(link.from, link.to) &&
        !going[static_cast<std::size_t>(link.from)] && !going[static_cast<std::size_t>(link.to)])
      continue;
    add(code_of(before, link.to), link_entity(before, link), "removed", link_text(link),
        std::nullopt);
  }
  for (const auto& link : after.dependencies) {
    if (going[static_cast<std::size_t>(link.from)] || going[static_cast<std::size_t>(link.to)])
      continue;
    auto found = before.find_dependency(link.from, link.to);
    if (!found) {
      if (static_cast<std::size_t>(after.milestones[static_cast<std::size_t>(link.to)].project) <
          before.projects.size())
        add(code_of(after, link.to), link_entity(after, link), "created", std::nullopt,
            link_text(link));
      continue;
    }
    const Dependency& old = before.dependencies[static_cast<std::size_t>(*found)];
    if (!(old == link))
      add(code_of(after, link.to), link_entity(after, link), "type_lag", link_text(old),
          link_text(link));
  }
  for (const auto& calendar : after.calendars) {
    auto old = std::find_if(before.calendars.begin(), before.calendars.end(),
                            [&](const CalendarDefinition& other) { return other.name == calendar.name; });
    const std::string entity = "calendar:" + calendar.name;
    if (old == before.calendars.end()) {
      add("", entity, "created", std::nullopt, format_weekdays(calendar.weekdays));
      continue;
    }
    if (format_weekdays(old->weekdays) != format_weekdays(calendar.weekdays))
      add("", entity, "weekdays", format_weekdays(old->weekdays),
          format_weekdays(calendar.weekdays));
    if (format_exceptions(old->exceptions) != format_exceptions(calendar.exceptions))
      add("", entity, "exceptions", value(format_exceptions(old->exceptions)),
          value(format_exceptions(calendar.exceptions)));
  }
  for (auto index : removed) {
    const Milestone& milestone = after.milestones[static_cast<std::size_t>(index)];
    const std::string code = code_of(after, index);
    add(code, "milestone:" + code + ":" + milestone.key, "removed", milestone.name, std::nullopt);
  }
  return differences;
}

ContractorImportResult import_contractor_schedule(store::Database& database,
                                                  const store::ChangeContext& context,
                                                  const std::string& file,
                                                  const ContractorImportOptions& options,
                                                  bool dry_run, Date as_of,
                                                  const Account* account) {
  require_valid_text("--actor", context.actor);
  if (account && (account->role == Role::Viewer || account->disabled))
    throw Forbidden(message("{} may not import (role {})", account->name, role_key(account->role)));
  if (!options.baseline.empty()) {
    require_valid_text("--baseline", options.baseline);
    // A baseline is of the whole portfolio: only who may save one (an administrator) may ask an
    // import for one.
    if (account && account->role != Role::Admin)
      throw Forbidden(message("{} may not save a baseline (role {})", account->name,
                              role_key(account->role)));
  }
  // Read and checked whole before the transaction.
  const io::ContractorSchedule schedule =
      io::is_mspdi_file(file) ? io::read_mspdi(file) : io::read_xer(file);
  ContractorImportResult result;
  store::ChangeContext logged = context;
  // Every row of the write names the file and its data date (an update's edits, a new project
  // alike); a source the caller gave comes first.
  const std::string named = contractor_update_source(schedule, options.file_name);
  logged.source = logged.source.empty() ? named : logged.source + "; " + named;
  result.summary = database.modify_removing(
      logged,
      [&](Portfolio& portfolio, const store::Database::Remover& remover) {
        // The scope rule and the list of differences compare the portfolio before and after,
        // row by row, before the activities a later file lost are taken out.
        std::optional<Portfolio> before;
        if ((account && account->role != Role::Admin) || dry_run)
          before = portfolio;
        result.notes.clear();
        result.projects.clear();
        result.updated.clear();
        result.differences.clear();
        const std::size_t first_dependency = portfolio.dependencies.size();
        std::vector<std::int32_t> missing;
        apply_contractor_schedule(
            portfolio, schedule, options, result.notes, &result.projects, &result.updated,
            [&](const std::vector<std::int32_t>& milestones) { missing = milestones; });
        if (account) {
          auto touched = touched_between(before ? *before : portfolio, portfolio);
          // The activities a later file lost go with their links: one pass over the links.
          std::vector<bool> going(portfolio.milestones.size(), false);
          for (auto index : missing) {
            going[static_cast<std::size_t>(index)] = true;
            const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(index)];
            touched.own_rows(portfolio.projects[static_cast<std::size_t>(milestone.project)]);
          }
          if (!missing.empty())
            for (const auto& link : portfolio.dependencies)
              if (going[static_cast<std::size_t>(link.from)] ||
                  going[static_cast<std::size_t>(link.to)])
                touched.link(portfolio, link);
          touched.check(*account);
        }
        if (dry_run)
          result.differences = contractor_differences(*before, portfolio, missing);
        if (!missing.empty())
          remover({}, missing, {});
        check_schedulable(portfolio, as_of, [&](std::int32_t dependency) {
          // A cycle is named by the relationship that closed it.
          InputLocation location;
          if (static_cast<std::size_t>(dependency) >= first_dependency)
            location.file = file + (io::is_mspdi_file(file) ? " PredecessorLink" : " TASKPRED");
          return location;
        });
      },
      dry_run, options.baseline);
  return result;
}

}  // namespace tiendo::operations
