#include "operations/in_place_edits.h"

#include "analysis/incremental_schedule.h"
#include "domain/error.h"
#include "domain/province.h"
#include "graph/network.h"
#include "operations/project_writes.h"
#include "operations/scope.h"

namespace tiendo::operations {

Date latest_change_day(store::Database& database) {
  auto latest = database.history("", 1);
  return latest.empty() ? Date::today_in_vietnam()
                        : Date::parse(latest.back().at_utc.substr(0, 10));
}

InPlaceProjectEdit edit_project_in_place(store::Database& database,
                                         const store::ChangeContext& context, Portfolio& portfolio,
                                         const graph::MilestoneNetwork& network,
                                         analysis::Schedule& schedule,
                                         std::span<const std::int32_t> also_changed,
                                         const store::Database::Stamp& stamp, const Fields& fields,
                                         Date as_of, const Account* account,
                                         std::optional<std::int64_t> expected_version) {
  // The same checks, in the same order and with the same messages, as edit_project (Set).
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
  const Field* code = nullptr;
  for (const auto& field : fields)
    if (field.name == "code")
      code = &field;
  if (!code)
    throw InvalidInput(message("code: '': a project needs a code"));
  if (fields.size() == 1)
    throw InvalidInput(message("give at least one field to change").on_command_line(
        "project set: give at least one field to change"));
  InPlaceProjectEdit edit;
  std::optional<std::int32_t> index;
  Project before;
  struct Unbounded {};
  const std::size_t project_count = portfolio.projects.size();
  try {
    edit.written = database.write_if_unchanged(stamp, [&] {
      auto found = portfolio.find_project(code->value);
      if (!found)
        throw NotFound(message("project '{}' not found", code->value));
      before = portfolio.projects[static_cast<std::size_t>(*found)];
      index = found;
      if (expected_version) {
        // A form made against an older version is refused before its values are read; the
        // account's scope first, so that a reader outside it learns nothing of who changed it.
        if (account) {
          TouchedProjects touched;
          touched.own_rows(before);
          touched.check(*account);
        }
        check_project_version(database, code->value, *expected_version);
      }
      ProblemList problems;
      auto applied =
          apply_project(portfolio, fields, InputLocation{}, problems, ProvinceRegistry::builtin());
      if (portfolio.projects.size() != project_count)
        throw Error(message("internal: a project's change added a project"));
      check_parents(portfolio, problems);
      problems.throw_if_any();
      if (applied != *found)
        throw Error(message("internal: a project's change named another project"));
      const Project& after = portfolio.projects[static_cast<std::size_t>(*found)];
      if (account) {
        TouchedProjects touched;
        touched.project_row(&before, after, portfolio, portfolio);
        touched.check(*account);
      }
      // What the schedule reads of a project (its calendar, rules and data date) and its place
      // in the projects' tree: not bounded by the project, so written and read again in full.
      if (after.parent != before.parent || after.calendar != before.calendar ||
          after.schedule_rules != before.schedule_rules || after.data_date != before.data_date)
        throw Unbounded{};
      if (!also_changed.empty()) {
        analysis::ScheduleChange change;
        change.milestones.assign(also_changed.begin(), also_changed.end());
        analysis::update_schedule(schedule, portfolio, network, as_of, change);
      }
      database.update_project(context, before, after);
      edit.project = *found;
      edit.value = after;
      edit.stamp = database.stamp();
      edit.changed_day = latest_change_day(database);
    });
  } catch (const Unbounded&) {
    portfolio.projects[static_cast<std::size_t>(*index)] = before;
    edit.unbounded = true;
    return edit;
  } catch (...) {
    if (index && portfolio.projects.size() == project_count)
      portfolio.projects[static_cast<std::size_t>(*index)] = before;
    throw;
  }
  if (!edit.written && index)
    portfolio.projects[static_cast<std::size_t>(*index)] = before;
  return edit;
}

InPlaceStatusEdit set_project_status_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    const graph::MilestoneNetwork& network, analysis::Schedule& schedule,
    std::span<const std::int32_t> also_changed, const store::Database::Stamp& stamp,
    const std::string& code, ProjectStatus status, Date when, Date as_of,
    const Account* account) {
  // The same checks, in the same order and with the same messages, as set_project_status.
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
  InPlaceStatusEdit edit;
  const std::size_t event_count = portfolio.status_events.size();
  try {
    edit.written = database.write_if_unchanged(stamp, [&] {
      auto index = portfolio.find_project(code);
      if (!index)
        throw NotFound(message("project '{}' not found", code));
      if (account) {
        TouchedProjects touched;
        touched.own_rows(portfolio.projects[static_cast<std::size_t>(*index)]);
        touched.check(*account);
      }
      if (!also_changed.empty()) {
        analysis::ScheduleChange change;
        change.milestones.assign(also_changed.begin(), also_changed.end());
        analysis::update_schedule(schedule, portfolio, network, as_of, change);
      }
      edit.event = StatusEvent{*index, status, when, context.reason, context.source};
      database.insert_status_event(context, portfolio, edit.event);
      portfolio.status_events.push_back(edit.event);
      edit.project = *index;
      edit.stamp = database.stamp();
      edit.changed_day = latest_change_day(database);
    });
  } catch (...) {
    portfolio.status_events.resize(event_count);
    throw;
  }
  if (!edit.written)
    portfolio.status_events.resize(event_count);
  return edit;
}

}  // namespace tiendo::operations
