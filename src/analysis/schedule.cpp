#include "analysis/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "analysis/forward_pass.h"
#include "domain/error.h"
#include "domain/schedule_rules.h"

namespace tiendo::analysis {

using detail::guarded;

std::string_view driver_kind_key(DriverKind kind) {
  switch (kind) {
    case DriverKind::Actual:
      return "actual";
    case DriverKind::ActualStart:
      return "actual_start";
    case DriverKind::AsOf:
      return "as_of";
    case DriverKind::Planned:
      return "planned";
    case DriverKind::Forecast:
      return "forecast";
    case DriverKind::Predecessor:
      return "predecessor";
    case DriverKind::ImposedSlip:
      return "imposed_slip";
  }
  return "";
}

// Every date the schedule gives lies in the supported years, or the schedule is refused with the
// milestone named and the chain of links that carried it there, so no report prints year 16330.
void require_supported_dates(const Portfolio& portfolio, const Schedule& schedule,
                             std::span<const std::int32_t> milestones) {
  const std::size_t count = milestones.empty() ? schedule.milestones.size() : milestones.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t m =
        milestones.empty() ? i : static_cast<std::size_t>(milestones[i]);
    const auto& entry = schedule.milestones[m];
    // Worded as messages of their own, so that a page words each part in its language.
    std::optional<Message> which;
    std::int32_t days = 0;
    if (!Date::supported(entry.early_finish)) {
      which = message("early finish");
      days = entry.early_finish;
    } else if (entry.late_finish && !Date::supported(*entry.late_finish)) {
      which = message("late finish");
      days = *entry.late_finish;
    } else {
      continue;
    }
    auto reference = portfolio.reference(static_cast<std::int32_t>(m));
    Message limit =
        days > Date::last_supported_day()
            ? message("after {}", Day{Date::from_days(Date::last_supported_day()).iso_day()})
            : message("before {}", Day{Date::from_days(Date::first_supported_day()).iso_day()});
    auto chain = driver_chain(portfolio, schedule, static_cast<std::int32_t>(m));
    const std::size_t link_count = chain.size() - 1;
    Message links = link_count == 1 ? message("a chain of {} link", Count{link_count})
                                    : message("a chain of {} links", Count{link_count});
    std::string root = portfolio.reference(chain.back().milestone);
    std::optional<Message> origin;
    if (chain.back().driver == DriverKind::ImposedSlip)
      origin = chain.size() > 1 ? message("the slip imposed on {}, carried by {}", root, links)
                                : message("the imposed slip");
    else if (chain.size() > 1)
      origin = message("carried there by the durations and lags of {} from {}", links, root);
    if (origin)
      throw InvalidInput(message("{}: {}: falls {}, outside the supported years {}-{} ({})",
                                 reference, *which, limit, first_supported_year,
                                 last_supported_year, *origin));
    throw InvalidInput(message("{}: {}: falls {}, outside the supported years {}-{}", reference,
                               *which, limit, first_supported_year, last_supported_year));
  }
}

MilestoneDates milestone_dates(const Portfolio& portfolio) {
  const std::size_t count = portfolio.milestones.size();
  MilestoneDates dates;
  dates.actual.assign(count, no_bound);
  dates.actual_start.assign(count, no_bound);
  dates.planned.assign(count, no_bound);
  dates.forecast.assign(count, no_bound);
  dates.durations.resize(count);
  auto days = [](const std::optional<Date>& date) { return date ? date->days() : no_bound; };
  for (std::size_t m = 0; m < count; ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    dates.actual[m] = days(milestone.actual);
    dates.actual_start[m] = days(milestone.actual_start);
    dates.planned[m] = days(milestone.planned);
    dates.forecast[m] = days(milestone.forecast);
    dates.durations[m] = milestone.duration_days;
  }
  return dates;
}

std::optional<CalendarNetwork> calendar_network(const Portfolio& portfolio) {
  // Each project's calendar, resolved once; all-days is the identity clock (nullptr).
  std::vector<const WorkingCalendar*> of_project(portfolio.projects.size(), nullptr);
  CalendarNetwork result;
  std::unordered_map<std::string, const WorkingCalendar*> by_name;
  auto resolve = [&](const std::string& name, const std::string& owner) -> const WorkingCalendar* {
    if (name.empty() || name == all_days_calendar)
      return nullptr;
    if (auto found = by_name.find(name); found != by_name.end())
      return found->second;
    const CalendarDefinition* definition = portfolio.find_calendar(name);
    if (!definition)
      throw InvalidInput(fmt::format("{}: calendar: '{}': no such calendar", owner, name));
    auto calendar = WorkingCalendar::shared(*definition);
    by_name.emplace(name, calendar.get());
    result.owned.push_back(std::move(calendar));
    return result.owned.back().get();
  };
  bool exact = false;
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p)
    of_project[p] = resolve(portfolio.projects[p].calendar, portfolio.projects[p].code);
  // Milestones with a calendar of their own or an exact duration (imported schedules) need the
  // pass in instants too.
  for (const auto& milestone : portfolio.milestones)
    if (!milestone.calendar.empty() || milestone.duration_minutes || milestone.as_late_as_possible)
      exact = true;
  // So do projects with P6's scheduling options other than the defaults, which only that pass
  // honours.
  for (const auto& project : portfolio.projects)
    if (follows_p6(project.schedule_rules) && project.schedule_rules != "p6")
      exact = true;
  // And links with a lag calendar of their own (only imported schedules have them, whose
  // milestones have exact durations: the loop runs only when nothing above asked for the pass).
  if (!exact)
    exact = std::any_of(portfolio.dependencies.begin(), portfolio.dependencies.end(),
                        [](const Dependency& link) { return link.lag_calendar.has_value(); });
  if (result.owned.empty() && !exact)
    return std::nullopt;
  const std::size_t count = portfolio.milestones.size();
  result.of_milestone.resize(count);
  result.durations.resize(count);
  // Each project's rules, read once: P6's, and its options where the file had others.
  std::vector<ScheduleRules> rules_of(portfolio.projects.size());
  bool any_p6 = false;
  bool any_override = false;
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    if (auto rules = parse_schedule_rules(portfolio.projects[p].schedule_rules))
      rules_of[p] = *rules;
    any_p6 = any_p6 || rules_of[p].p6;
    any_override =
        any_override || rules_of[p].out_of_sequence != OutOfSequenceRule::RetainedLogic;
  }
  if (any_p6)
    result.p6_rules.assign(count, 0);
  if (any_override)
    result.progress_override.assign(count, 0);
  bool constrained = std::any_of(portfolio.milestones.begin(), portfolio.milestones.end(),
                                 [](const Milestone& m) { return m.start_on_or_after.has_value(); });
  if (constrained)
    result.start_on_or_after.assign(count, no_instant);
  if (std::any_of(portfolio.milestones.begin(), portfolio.milestones.end(),
                  [](const Milestone& m) { return m.as_late_as_possible; }))
    result.as_late_as_possible.assign(count, 0);
  for (std::size_t m = 0; m < count; ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    const auto project = static_cast<std::size_t>(milestone.project);
    const WorkingCalendar* calendar =
        milestone.calendar.empty()
            ? of_project[project]
            : resolve(milestone.calendar, portfolio.reference(static_cast<std::int32_t>(m)));
    result.of_milestone[m] = calendar;
    result.durations[m] =
        milestone.duration_minutes
            ? std::int64_t{*milestone.duration_minutes}
            : std::int64_t{milestone.duration_days} * calendar_time::minutes_per_day(calendar);
    if (rules_of[project].p6)
      result.p6_rules[m] = milestone.finish_event ? 2 : 1;
    if (any_override && rules_of[project].out_of_sequence != OutOfSequenceRule::RetainedLogic)
      result.progress_override[m] = 1;
    if (constrained && milestone.start_on_or_after)
      result.start_on_or_after[m] = *milestone.start_on_or_after;
    if (milestone.as_late_as_possible)
      result.as_late_as_possible[m] = 1;
  }
  result.lags.resize(portfolio.dependencies.size());
  result.lag_calendars.resize(portfolio.dependencies.size());
  for (std::size_t e = 0; e < portfolio.dependencies.size(); ++e) {
    const Dependency& link = portfolio.dependencies[e];
    // The successor's project's rules say which calendar the lag counts on: the link bounds
    // the successor, in the schedule of the project it belongs to.
    const auto to = static_cast<std::size_t>(link.to);
    const WorkingCalendar* lag_calendar = result.of_milestone[static_cast<std::size_t>(link.from)];
    // A link's own lag calendar (an elapsed lag from MS Project) comes before its project's.
    const LagCalendarRule rule =
        link.lag_calendar
            ? *link.lag_calendar
            : rules_of[static_cast<std::size_t>(portfolio.milestones[to].project)].lag_calendar;
    switch (rule) {
      case LagCalendarRule::Predecessor:
        break;
      case LagCalendarRule::Successor:
        lag_calendar = result.of_milestone[to];
        break;
      case LagCalendarRule::ProjectDefault:
        lag_calendar = of_project[static_cast<std::size_t>(portfolio.milestones[to].project)];
        break;
      case LagCalendarRule::TwentyFourHour:
        lag_calendar = nullptr;  // The whole-days clock: every minute of every day works.
        break;
    }
    result.lag_calendars[e] = lag_calendar;
    result.lags[e] = link.lag_minutes ? std::int64_t{*link.lag_minutes}
                                      : std::int64_t{link.lag_days} *
                                            calendar_time::minutes_per_day(lag_calendar);
  }
  return result;
}

// The work of the predecessor's `calendar` that must be done for link `e` to let its successor
// start at `successor_start` and finish at `successor_finish`: the successor's bound moved back
// by the link's lag on the lag's calendar, plus the predecessor's duration `d` where the link
// leaves from its start. Shared by the backward pass (late dates) and as late as possible
// (successors' early dates).
static std::int64_t work_before_successor(const Dependency& link, const CalendarNetwork& calendars,
                                          std::int32_t e, const WorkingCalendar* calendar,
                                          std::int64_t d, std::int64_t successor_start,
                                          std::int64_t successor_finish) {
  using namespace calendar_time;
  const std::int64_t lag = calendars.lags[static_cast<std::size_t>(e)];
  const WorkingCalendar* lag_calendar = calendars.lag_calendars[static_cast<std::size_t>(e)];
  switch (link.type) {
    case LinkType::FinishToStart:
      return work_before_lag(calendar, lag_calendar, successor_start, lag);
    case LinkType::StartToStart:
      return work_before_lag(calendar, lag_calendar, successor_start, lag) + d;
    case LinkType::FinishToFinish:
      return work_before_lag(calendar, lag_calendar, successor_finish, lag);
    case LinkType::StartToFinish:
      return work_before_lag(calendar, lag_calendar, successor_finish, lag) + d;
  }
  return 0;
}

// The backward pass on calendars, for one milestone: the day rules of the backward pass in
// instants, each link's lag on the predecessor's calendar; late dates and float are then printed
// as days, float in calendar days. Reads the successors' late instants and the milestone's early
// finish instant from `schedule.instants`.
void calendar_backward_step(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                            const CalendarNetwork& calendars, std::int32_t milestone,
                            Schedule& schedule) {
  using namespace calendar_time;
  const auto m = static_cast<std::size_t>(milestone);
  MilestoneSchedule& entry = schedule.milestones[m];
  auto& late_start = schedule.instants.late_start;
  auto& late_finish = schedule.instants.late_finish;
  if (portfolio.milestones[m].actual) {
    entry.late_start = entry.late_finish = entry.total_float = std::nullopt;
    entry.critical = false;
    late_start[m] = late_finish[m] = 0;
    return;
  }
  const WorkingCalendar* calendar = calendars.of_milestone[m];
  const std::int64_t d = calendars.durations[m];
  // A finish with work in it ends a working minute; an event sits at a working instant.
  auto latest = [&](std::int64_t work) {
    return calendar_time::guarded(d > 0 ? end_of_work(calendar, work) : start_of_work(calendar, work));
  };
  std::int64_t finish = std::numeric_limits<std::int64_t>::max();
  for (std::int32_t e : network.outgoing(milestone)) {
    const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(e)];
    const auto to = static_cast<std::size_t>(link.to);
    if (portfolio.milestones[to].actual)
      continue;
    finish = std::min(finish, latest(work_before_successor(link, calendars, e, calendar, d,
                                                           late_start[to], late_finish[to])));
  }
  if (finish == std::numeric_limits<std::int64_t>::max())
    finish = schedule.instants.early_finish[m];
  // A finish-on-or-before constraint bounds the late finish as typed.
  if (const auto& constraint = portfolio.milestones[m].finish_on_or_before)
    finish = std::min(finish, *constraint);
  late_finish[m] = finish;
  late_start[m] =
      d == 0 ? finish : calendar_time::guarded(start_of_work(calendar, work_before(calendar, finish) - d));
  entry.late_finish = day_of(late_finish[m]);
  entry.late_start = day_of(late_start[m]);
  entry.total_float = *entry.late_finish - entry.early_finish;
  entry.critical = *entry.total_float <= 0;
}

// Moves each milestone to be placed as late as possible (not done, not started) as late as its
// successors' early dates allow without delaying any of them, successors first, so that a chain
// of such milestones moves together: P6's "as late as possible", which uses up the free float.
// Its successors' early dates do not change, by construction; a milestone with no successor
// not done stays where the forward pass put it. Reads and writes `schedule.instants`' early
// instants and the early days of the entries.
void place_as_late_as_possible(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                               const CalendarNetwork& calendars, Schedule& schedule) {
  using namespace calendar_time;
  if (calendars.as_late_as_possible.empty())
    return;
  auto& early_start = schedule.instants.early_start;
  auto& early_finish = schedule.instants.early_finish;
  auto order = network.topological_order();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const auto m = static_cast<std::size_t>(*it);
    const Milestone& milestone = portfolio.milestones[m];
    if (!calendars.as_late_as_possible[m] || milestone.actual || milestone.actual_start)
      continue;
    const WorkingCalendar* calendar = calendars.of_milestone[m];
    const std::int64_t d = calendars.durations[m];
    // Work ends a working minute; a start event sits at a working instant; a finish event sits
    // where the work before it would end (17:00, not the next morning).
    auto latest = [&](std::int64_t work) {
      const bool ends_work = d > 0 || milestone.finish_event;
      return calendar_time::guarded(ends_work ? end_of_work(calendar, work)
                                              : start_of_work(calendar, work));
    };
    std::int64_t finish = std::numeric_limits<std::int64_t>::max();
    for (std::int32_t e : network.outgoing(*it)) {
      const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(e)];
      const auto to = static_cast<std::size_t>(link.to);
      if (portfolio.milestones[to].actual)
        continue;
      finish = std::min(finish, latest(work_before_successor(link, calendars, e, calendar, d,
                                                             early_start[to], early_finish[to])));
    }
    if (finish == std::numeric_limits<std::int64_t>::max() || finish <= early_finish[m])
      continue;
    early_finish[m] = finish;
    early_start[m] = d == 0 ? finish
                            : calendar_time::guarded(
                                  start_of_work(calendar, work_before(calendar, finish) - d));
    auto& entry = schedule.milestones[m];
    entry.early_start = day_of(early_start[m]);
    entry.early_finish = day_of(early_finish[m]);
  }
}

// The backward pass in days, for one milestone, from its successors' late dates.
void backward_step(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                   std::int32_t m, Schedule& schedule) {
  const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
  MilestoneSchedule& entry = schedule.milestones[static_cast<std::size_t>(m)];
  if (milestone.actual) {
    entry.late_start = entry.late_finish = entry.total_float = std::nullopt;
    entry.critical = false;
    return;
  }
  const std::int32_t d = milestone.duration_days;
  std::int32_t late_finish = std::numeric_limits<std::int32_t>::max();
  for (std::int32_t e : network.outgoing(m)) {
    const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(e)];
    if (portfolio.milestones[static_cast<std::size_t>(link.to)].actual)
      continue;
    const MilestoneSchedule& to = schedule.milestones[static_cast<std::size_t>(link.to)];
    std::int64_t bound = 0;
    switch (link.type) {
      case LinkType::FinishToStart:
        bound = std::int64_t{*to.late_start} - link.lag_days;
        break;
      case LinkType::StartToStart:
        bound = std::int64_t{*to.late_start} - link.lag_days + d;
        break;
      case LinkType::FinishToFinish:
        bound = std::int64_t{*to.late_finish} - link.lag_days;
        break;
      case LinkType::StartToFinish:
        bound = std::int64_t{*to.late_finish} - link.lag_days + d;
        break;
    }
    late_finish = std::min(late_finish, guarded(bound));
  }
  if (late_finish == std::numeric_limits<std::int32_t>::max())
    late_finish = entry.early_finish;
  entry.late_finish = late_finish;
  entry.late_start = guarded(std::int64_t{late_finish} - d);
  entry.total_float = late_finish - entry.early_finish;
  entry.critical = *entry.total_float <= 0;
}

Schedule compute_schedule(const Portfolio& portfolio, const graph::MilestoneNetwork& network,
                          Date as_of, std::span<const ImposedFinish> imposed) {
  const std::size_t count = portfolio.milestones.size();
  Schedule schedule;
  schedule.as_of = as_of;
  schedule.milestones.resize(count);
  const MilestoneDates dates = milestone_dates(portfolio);
  std::vector<std::int32_t> imposed_finish;
  if (!imposed.empty()) {
    imposed_finish.assign(count, no_bound);
    for (const auto& bound : imposed)
      imposed_finish[static_cast<std::size_t>(bound.milestone)] = std::max(
          imposed_finish[static_cast<std::size_t>(bound.milestone)], bound.earliest_finish);
  }
  const std::int32_t data_date = as_of.days();
  ScheduleEntries entries{schedule.milestones};
  if (auto calendars = calendar_network(portfolio)) {
    // Some project works on a calendar: the whole network is counted in instants.
    EarlyInstants early{std::vector<std::int64_t>(count), std::vector<std::int64_t>(count)};
    calendar_forward_pass(portfolio.dependencies, network, *calendars, data_date,
                          ForwardInputs{dates.actual, dates.actual_start, dates.planned,
                                        dates.forecast, imposed_finish, dates.durations},
                          entries, early);
    schedule.instants.early_start = std::move(early.start);
    schedule.instants.early_finish = std::move(early.finish);
    place_as_late_as_possible(portfolio, network, *calendars, schedule);
    schedule.instants.late_start.assign(count, 0);
    schedule.instants.late_finish.assign(count, 0);
    auto order = network.topological_order();
    for (auto it = order.rbegin(); it != order.rend(); ++it)
      calendar_backward_step(portfolio, network, *calendars, *it, schedule);
    require_supported_dates(portfolio, schedule);
    return schedule;
  }
  forward_pass(portfolio.dependencies, network, data_date,
               ForwardInputs{dates.actual, dates.actual_start, dates.planned, dates.forecast,
                             imposed_finish, dates.durations},
               entries);

  // Backward pass over what is not done, successors before predecessors.
  auto order = network.topological_order();
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    backward_step(portfolio, network, *it, schedule);
  require_supported_dates(portfolio, schedule);
  return schedule;
}

std::optional<std::int32_t> slip_days(const Milestone& milestone, const MilestoneSchedule& entry) {
  if (!milestone.planned)
    return std::nullopt;
  return entry.early_finish - milestone.planned->days();
}

std::optional<std::int32_t> overdue_days(const Milestone& milestone, Date as_of) {
  if (milestone.actual || !milestone.planned || !(*milestone.planned < as_of))
    return std::nullopt;
  return as_of.days() - milestone.planned->days();
}

std::vector<DriverStep> driver_chain(const Portfolio& portfolio, const Schedule& schedule,
                                     std::int32_t milestone) {
  std::vector<DriverStep> chain;
  std::int32_t current = milestone;
  // The network is acyclic, so the walk ends; the bound only guards against a corrupt schedule.
  for (std::size_t guard = 0; guard <= portfolio.milestones.size(); ++guard) {
    const auto& entry = schedule.milestones[static_cast<std::size_t>(current)];
    chain.push_back(
        DriverStep{current, entry.early_finish, entry.driver,
                   entry.driver == DriverKind::Predecessor ? entry.driver_dependency : -1});
    if (entry.driver != DriverKind::Predecessor)
      break;
    current = portfolio.dependencies[static_cast<std::size_t>(entry.driver_dependency)].from;
  }
  return chain;
}

}  // namespace tiendo::analysis
