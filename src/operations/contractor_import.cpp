#include "operations/contractor_import.h"

#include <fmt/format.h>
#include <utf8proc.h>

#include <cstdlib>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

#include "analysis/forward_pass.h"
#include "domain/edit.h"
#include "domain/error.h"
#include "domain/province.h"
#include "domain/text.h"
#include "io/mspdi_reader.h"
#include "operations/edits.h"

namespace tiendo::operations {
namespace {

std::int32_t day_of(std::int64_t instant) { return analysis::calendar_time::day_of(instant); }

std::string kind_text(io::ActivityKind kind) {
  return kind == io::ActivityKind::LevelOfEffort ? "a level-of-effort activity"
                                                 : "a WBS summary activity";
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
std::int32_t stored_minutes(const io::ContractorSchedule& schedule, std::string_view table,
                            std::size_t row, std::string_view field, std::int64_t minutes) {
  if (minutes > 2'000'000'000 || minutes < -2'000'000'000)
    throw InvalidInput(message("{}: table {} row {}, field {}: {} hours is more than tiendo holds",
                               schedule.file, table, row, field, minutes / 60));
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

void apply_contractor_schedule(Portfolio& portfolio, const io::ContractorSchedule& schedule,
                               const ContractorImportOptions& options,
                               std::vector<std::string>& notes, std::vector<std::string>* codes) {
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
  // Milestone of each activity (by task_id), across the file's projects: a relationship may join
  // two of them.
  std::unordered_map<std::string, std::int32_t> milestone_of_activity;
  std::unordered_map<std::string, const io::ContractorActivity*> skipped_activity;
  bool cod_found = options.cod_activity.empty();
  std::vector<std::pair<const io::ContractorProject*, std::int32_t>> imported;

  for (const auto& contractor : schedule.projects) {
    const std::string code =
        options.code.empty() ? project_code_of(contractor.short_name) : options.code;
    if (portfolio.find_project(code))
      throw InvalidInput(message("{}: project {} is already in the portfolio; importing a later "
                                 "update of it is not supported yet",
                                 file, code));
    // Its calendars: the project's default and every one its activities name.
    std::map<std::string, std::string> name_of_calendar;  // file id -> tiendo name
    auto add_calendar = [&](const std::string& id) {
      if (id.empty() || name_of_calendar.contains(id))
        return;
      const auto* calendar = calendar_by_id.at(id);
      CalendarDefinition definition = calendar->definition;
      definition.name = calendar_name(code, id);
      if (const auto* existing = portfolio.find_calendar(definition.name)) {
        if (!(*existing == definition))
          throw InvalidInput(message("{}: table CALENDAR row {}: calendar {} would be named {}, "
                                     "which the department's table already holds with other hours",
                                     file, calendar->row, id, definition.name));
      } else {
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

    ProblemList problems;
    Fields fields{{"code", code},
                  {"name", contractor.name.empty() ? contractor.short_name : contractor.name},
                  {"technology", options.technology},
                  {"province", options.province}};
    if (!options.capacity_mw.empty())
      fields.push_back({"capacity_mw", options.capacity_mw});
    std::string source = fmt::format("{} (P6 {} {})", file, contractor.short_name,
                                     contractor.data_date
                                         ? Date::from_days(day_of(*contractor.data_date)).iso_day()
                                         : std::string("without a data date"));
    fields.push_back({"source", source});
    if (!default_calendar.empty())
      fields.push_back({"calendar", name_of_calendar.at(default_calendar)});
    const std::int32_t project = apply_project(portfolio, fields, InputLocation{}, problems,
                                               ProvinceRegistry::builtin());
    problems.throw_if_any();
    auto& stored_project = portfolio.projects[static_cast<std::size_t>(project)];
    stored_project.schedule_rules = "p6";
    if (contractor.data_date)
      stored_project.data_date = Date::from_days(day_of(*contractor.data_date));
    imported.emplace_back(&contractor, project);
    if (codes)
      codes->push_back(code);
    const std::string& project_calendar = stored_project.calendar;

    // Activities as milestones, keys folded from their IDs; two IDs that fold to one key are
    // refused, both named.
    std::unordered_map<std::string, const io::ContractorActivity*> activity_of_key;
    for (const auto& activity : contractor.activities) {
      if (activity.kind == io::ActivityKind::LevelOfEffort ||
          activity.kind == io::ActivityKind::Summary) {
        notes.push_back(fmt::format("{}: table TASK row {}: {} '{}' is {}; skipped", file,
                                    activity.row, printable(activity.id), printable(activity.name),
                                    kind_text(activity.kind)));
        skipped_activity.emplace(activity.internal_id, &activity);
        continue;
      }
      std::string key = activity.id == options.cod_activity && !options.cod_activity.empty()
                            ? std::string("cod")
                            : fold_activity_key(activity.id);
      if (activity.id == options.cod_activity)
        cod_found = true;
      if (key.empty() || key.size() > 64)
        throw InvalidInput(message("{}: table TASK row {}, field task_code: '{}' does not fold to "
                                   "a milestone key (1 to 64 letters, digits and '_')",
                                   file, activity.row, printable(activity.id)));
      if (auto [other, inserted] = activity_of_key.emplace(key, &activity); !inserted)
        throw InvalidInput(message("{}: table TASK rows {} and {}: activity IDs '{}' and '{}' both "
                                   "fold to the milestone key {}",
                                   file, other->second->row, activity.row,
                                   printable(other->second->id), printable(activity.id), key));
      Milestone milestone;
      milestone.project = project;
      milestone.key = key;
      milestone.name = activity.name.empty() ? activity.id : activity.name;
      milestone.source = fmt::format("{} TASK {}", file, activity.id);
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
      milestone.duration_minutes =
          stored_minutes(schedule, "TASK", activity.row,
                         activity.finished ? "target_drtn_hr_cnt" : "remain_drtn_hr_cnt", minutes);
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
      else if (activity.constraint_text == "CS_MEO" && activity.constraint_instant && !activity.started) {
        // P6's "finish on" holds the early finish at its date at the soonest: a start bound of
        // the duration before it on the activity's calendar.
        auto working = WorkingCalendar::shared(*portfolio.find_calendar(calendar));
        milestone.start_on_or_after = analysis::calendar_time::start_for_finish(
            working.get(), *activity.constraint_instant, minutes);
      }
      else if (activity.constraint == io::ConstraintKind::FinishOnOrBefore)
        milestone.finish_on_or_before = activity.constraint_instant;
      for (const auto& date : {milestone.planned, milestone.actual, milestone.actual_start})
        if (date && !Date::supported(date->days()))
          throw InvalidInput(message("{}: table TASK row {}: a date outside the supported years",
                                     file, activity.row));
      milestone_of_activity.emplace(activity.internal_id, portfolio.add_milestone(std::move(milestone)));
    }
    std::size_t other_constraints = 0;
    for (const auto& activity : contractor.activities)
      other_constraints += activity.constraint == io::ConstraintKind::Other;
    if (other_constraints > 0)
      notes.push_back(fmt::format("{}: {} activities of {} carry other constraints than start on or "
                                  "after and finish on or before (as late as possible, mandatory, "
                                  "...); they do not bound tiendo's schedule",
                                  file, other_constraints, code));
    if (contractor.lag_calendar != io::LagCalendar::Predecessor)
      notes.push_back(fmt::format("{}: {} counts lags on another calendar than the predecessor's; "
                                  "tiendo counts them on the predecessor's",
                                  file, code));
  }
  if (!cod_found)
    throw InvalidInput(message("cod: '{}': no such activity ID in {}", options.cod_activity, file)
                           .on_command_line("--cod: '{}': no such activity ID in {}"));

  // Relationships as dependencies, lags exactly in working minutes.
  std::size_t skipped_links = 0;
  for (const auto& [contractor, project] : imported) {
    for (const auto& relationship : contractor->relationships) {
      auto from = milestone_of_activity.find(relationship.predecessor);
      auto to = milestone_of_activity.find(relationship.successor);
      if (from == milestone_of_activity.end() || to == milestone_of_activity.end()) {
        ++skipped_links;
        continue;
      }
      if (portfolio.find_dependency(from->second, to->second)) {
        notes.push_back(fmt::format("{}: table TASKPRED row {}: a second relationship between the "
                                    "same two activities; the first is kept",
                                    file, relationship.row));
        continue;
      }
      Dependency dependency;
      dependency.from = from->second;
      dependency.to = to->second;
      dependency.type = relationship.type;
      dependency.lag_minutes =
          stored_minutes(schedule, "TASKPRED", relationship.row, "lag_hr_cnt", relationship.lag_minutes);
      const auto& predecessor = portfolio.milestones[static_cast<std::size_t>(from->second)];
      const std::string& lag_calendar =
          predecessor.calendar.empty()
              ? portfolio.projects[static_cast<std::size_t>(predecessor.project)].calendar
              : predecessor.calendar;
      const auto* definition = portfolio.find_calendar(lag_calendar);
      dependency.lag_days = rounded_days(
          relationship.lag_minutes,
          definition ? WorkingCalendar::shared(*definition)->minutes_per_day() : 1440);
      portfolio.add_dependency(dependency);
    }
  }
  if (skipped_links > 0)
    notes.push_back(fmt::format("{}: {} relationships to or from skipped activities; left out",
                                file, skipped_links));
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
  // Read and checked whole before the transaction.
  const io::ContractorSchedule schedule =
      io::is_mspdi_file(file) ? io::read_mspdi(file) : io::read_xer(file);
  ContractorImportResult result;
  store::ChangeContext logged = context;
  if (logged.source.empty())
    logged.source = file;
  result.summary = database.modify(
      logged,
      [&](Portfolio& portfolio) {
        std::optional<Portfolio> before;
        if (account && account->role != Role::Admin)
          before = portfolio;
        result.notes.clear();
        result.projects.clear();
        const std::size_t first_dependency = portfolio.dependencies.size();
        apply_contractor_schedule(portfolio, schedule, options, result.notes, &result.projects);
        if (account)
          check_scope(*account, before ? *before : portfolio, portfolio);
        check_schedulable(portfolio, as_of, [&](std::int32_t dependency) {
          // A cycle is named by the relationship that closed it.
          InputLocation location;
          if (static_cast<std::size_t>(dependency) >= first_dependency)
            location.file = file + " TASKPRED";
          return location;
        });
      },
      dry_run);
  return result;
}

}  // namespace tiendo::operations
