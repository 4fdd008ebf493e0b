// A link's type or lag, a link added or removed, a project's own fields or its status, a
// milestone added or removed, changed through the workspace: its rows written alone and the
// portfolio brought up to date from what changed, as a milestone edit is (web/workspace.h); a
// baseline saved from the portfolio in memory. Every other write goes through the store's full
// write and the next reader reads the portfolio again: an import and the undo of a write (any
// number of rows), a calendar, a project's calendar, rules, data date or parent (every milestone
// on it or under it may move), and a project added or removed (the projects are ordered by code,
// so a new one renumbers what the tallies and kept answers index by project: bounded, but not yet
// made here). docs/performance.md has what each costs.
#include <atomic>
#include <map>
#include <tuple>

#include "analysis/incremental_schedule.h"
#include "graph/network.h"
#include "operations/in_place_edits.h"
#include "operations/links.h"
#include "web/workspace.h"

namespace tiendo::web {

operations::DependencyResult Workspace::set_link(const store::ChangeContext& context,
                                                 const std::string& from, const std::string& to,
                                                 const std::optional<std::string>& type,
                                                 const std::optional<std::string>& lag_days,
                                                 const Account* account,
                                                 std::optional<std::int64_t> expected_version) {
  std::lock_guard lock(m_database_mutex);
  return use_connection(m_database, m_database_lost, Access::Write, [&](store::Database&) {
    return set_link_locked(context, from, to, type, lag_days, account, expected_version);
  });
}

operations::DependencyResult Workspace::set_link_locked(
    const store::ChangeContext& context, const std::string& from, const std::string& to,
    const std::optional<std::string>& type, const std::optional<std::string>& lag_days,
    const Account* account, std::optional<std::int64_t> expected_version) {
  const Date today = Date::today_in_vietnam();
  // Through the store's full write; the next reader reads the portfolio again.
  auto in_full = [&] {
    return operations::edit_dependency(m_database, context, operations::EditKind::Set, from, to,
                                       type, lag_days, today, account, expected_version);
  };
  refresh_locked();
  if (!m_snapshot || m_snapshot->scheduled().schedule.as_of.days() != today.days())
    return in_full();  // The day turned since the portfolio was scheduled.
  std::vector<std::int32_t> behind;
  auto target = take_spare_locked(behind);
  // Readers that see this write's commit wait for it to become current (see snapshot()).
  m_committing = true;
  struct Committed {
    std::atomic<bool>& flag;
    ~Committed() { flag = false; }
  } committed{m_committing};
  // On a refusal the target is let go (its schedule may be partly updated): the next write edits
  // a copy of the current portfolio.
  auto edit = operations::set_dependency_in_place(
      m_database, context, target->m_scheduled.portfolio, *target->m_scheduled.network,
      target->m_scheduled.schedule, behind, m_snapshot->stamp(), from, to, type, lag_days, today,
      account, expected_version);
  if (!edit.written)
    return in_full();  // Someone else wrote since the portfolio was read.
  if (m_database.file_replaced()) {
    // Written to a file no longer at the path: refused after this returns (check_written), and
    // the portfolio read from the new file for the next request.
    set_current_locked(nullptr);
    return edit.result;
  }
  const Portfolio& portfolio = target->m_scheduled.portfolio;
  const std::string& successor =
      portfolio
          .projects[static_cast<std::size_t>(
              portfolio.milestones[static_cast<std::size_t>(edit.value.to)].project)]
          .code;
  // The link is logged under its successor's project: that project changed today (stale rule).
  std::vector<std::pair<std::string, Date>> last_change{{successor, edit.changed_day}};
  target->m_alert_settings.last_change[successor] = edit.changed_day;
  target->m_stamp = edit.stamp;
  // The alerts and pipeline cells from the link's two ends and what moved.
  carry_answers_locked(*target, std::vector<std::int32_t>{edit.value.from, edit.value.to});
  publish_locked(std::move(target));
  m_spare_behind.clear();
  m_spare_behind_links = {{edit.dependency, edit.value}};
  m_spare_last_change = std::move(last_change);
  m_spare_unexplained.clear();
  m_spare_baseline.reset();
  note_own_write_locked();
  return edit.result;
}

void Workspace::set_project(const store::ChangeContext& context, const Fields& fields,
                            const Account* account, std::optional<std::int64_t> expected_version) {
  std::lock_guard lock(m_database_mutex);
  use_connection(m_database, m_database_lost, Access::Write, [&](store::Database&) {
    set_project_locked(context, fields, account, expected_version);
  });
}

void Workspace::set_project_locked(const store::ChangeContext& context, const Fields& fields,
                                   const Account* account,
                                   std::optional<std::int64_t> expected_version) {
  const Date today = Date::today_in_vietnam();
  // Through the store's full write; the next reader reads the portfolio again.
  auto in_full = [&] {
    operations::edit_project(m_database, context, operations::EditKind::Set, fields, nullptr,
                             account, expected_version);
  };
  refresh_locked();
  if (!m_snapshot || m_snapshot->scheduled().schedule.as_of.days() != today.days())
    return in_full();  // The day turned since the portfolio was scheduled.
  std::vector<std::int32_t> behind;
  auto target = take_spare_locked(behind);
  m_committing = true;
  struct Committed {
    std::atomic<bool>& flag;
    ~Committed() { flag = false; }
  } committed{m_committing};
  // On a refusal the target is let go, as for a link (set_link_locked).
  auto edit = operations::edit_project_in_place(
      m_database, context, target->m_scheduled.portfolio, *target->m_scheduled.network,
      target->m_scheduled.schedule, behind, m_snapshot->stamp(), fields, today, account,
      expected_version);
  if (!edit.written)
    return in_full();  // Someone else wrote meanwhile, or the change is not bounded.
  if (m_database.file_replaced()) {
    set_current_locked(nullptr);
    return;
  }
  const std::string& code = edit.value.code;
  std::vector<std::pair<std::string, Date>> last_change{{code, edit.changed_day}};
  target->m_alert_settings.last_change[code] = edit.changed_day;
  target->m_stamp = edit.stamp;
  target->m_project_index.update_project(target->m_scheduled.portfolio, edit.project);
  // The project's alerts and pipeline cells, and those its milestones reach (an alert's row
  // names the projects on its driver chain).
  const auto& own =
      target->m_project_index.milestones_by_project()[static_cast<std::size_t>(edit.project)];
  carry_answers_locked(*target, std::vector<std::int32_t>(own.begin(), own.end()),
                       std::span<const std::int32_t>(&edit.project, 1));
  publish_locked(std::move(target));
  m_spare_behind.clear();
  m_spare_behind_links.clear();
  m_spare_behind_projects = {{edit.project, edit.value}};
  m_spare_last_change = std::move(last_change);
  m_spare_unexplained.clear();
  m_spare_baseline.reset();
  note_own_write_locked();
}

}  // namespace tiendo::web

namespace tiendo::web {

// A link added or removed, or a status set: one row written and the portfolio brought up to
// date, as for a link's type or lag (set_link_locked), the network taken from the write.
void Workspace::structural_write_locked(
    const std::function<bool(Snapshot&, std::span<const std::int32_t>, Date, StructuralWrite&)>&
        write,
    const std::function<void()>& in_full) {
  const Date today = Date::today_in_vietnam();
  refresh_locked();
  if (!m_snapshot || m_snapshot->scheduled().schedule.as_of.days() != today.days())
    return in_full();  // The day turned since the portfolio was scheduled.
  std::vector<std::int32_t> behind;
  auto target = take_spare_locked(behind);
  // Readers that see this write's commit wait for it to become current (see snapshot()).
  m_committing = true;
  struct Committed {
    std::atomic<bool>& flag;
    ~Committed() { flag = false; }
  } committed{m_committing};
  // On a refusal the target is let go (its portfolio and schedule may be partly changed): the
  // next write edits a copy of the current portfolio.
  StructuralWrite done;
  if (!write(*target, behind, today, done))
    return in_full();  // Someone else wrote since the portfolio was read.
  if (m_database.file_replaced()) {
    // Written to a file no longer at the path: refused after this returns (check_written).
    set_current_locked(nullptr);
    return;
  }
  std::vector<std::pair<std::string, Date>> last_change{{done.code, done.changed_day}};
  // A milestone removed with its links is logged under the successor's project of each too.
  if (done.removal)
    for (const auto& code : done.removal->logged_projects)
      if (code != done.code)
        last_change.emplace_back(code, done.changed_day);
  for (const auto& [code, day] : last_change)
    target->m_alert_settings.last_change[code] = day;
  target->m_stamp = done.stamp;
  // A milestone added may come with a reason: whether it moved later without one is read from
  // its log rows, as after a milestone edit.
  std::vector<std::pair<std::string, std::optional<std::int32_t>>> unexplained;
  if (done.milestone) {
    std::string reference = target->m_scheduled.portfolio.reference(done.milestone->milestone);
    auto& slips = target->m_alert_settings.unexplained_slips;
    operations::refresh_unexplained_slips(m_database, done.code, "milestone:" + reference, slips);
    auto found = slips.find(reference);
    unexplained.emplace_back(reference,
                             found == slips.end() ? std::nullopt : std::optional(found->second));
  }
  if (done.milestone) {
    target->m_scheduled.network = done.milestone->network;
    target->m_project_index.insert_milestone(target->m_scheduled.portfolio,
                                             done.milestone->milestone);
    // New to every answer: its project's alerts and pipeline cells are counted again, and what
    // the current snapshot answered is renumbered for the milestones after it, which moved up
    // one.
    carry_answers_locked(*target, std::vector<std::int32_t>{done.milestone->milestone}, {},
                         std::nullopt, done.milestone->milestone);
  } else if (done.removal) {
    // Its neighbours moved, its project's stage and alerts are counted again, and what the
    // current snapshot answered is renumbered for the links and milestones after it.
    target->m_scheduled.network = done.removal->network;
    target->m_project_index.remove_milestone(done.removal->milestone);
    const std::int32_t project = done.removal->value.project;
    carry_answers_locked(
        *target, done.removal->neighbours, std::span<const std::int32_t>(&project, 1),
        std::span<const std::int32_t>(done.removal->renumbering), -1, done.removal->milestone);
  } else if (done.link) {
    // The link's two ends, what moved from them and, for a link removed, the others' new
    // indices (a driver that only changed its index did not move).
    target->m_scheduled.network = done.link->network;
    std::span<const std::int32_t> renumbered;
    if (!done.link_added)
      renumbered = done.link->renumbering;
    carry_answers_locked(*target,
                         std::vector<std::int32_t>{done.link->value.from, done.link->value.to}, {},
                         renumbered);
  } else {
    // A status moves no date: the project's pipeline cells and alerts are counted again.
    carry_answers_locked(*target, std::vector<std::int32_t>{},
                         std::span<const std::int32_t>(&done.event->project, 1));
  }
  publish_locked(std::move(target));
  m_spare_behind.clear();
  m_spare_behind_links.clear();
  m_spare_behind_projects.clear();
  m_spare_behind_structure = std::move(done);
  m_spare_last_change = std::move(last_change);
  m_spare_unexplained = std::move(unexplained);
  note_own_write_locked();
}

void Workspace::catch_up_structure(Snapshot& spare, std::vector<std::int32_t>& behind) {
  if (!m_spare_behind_structure)
    return;
  auto& change = *m_spare_behind_structure;
  Portfolio& portfolio = spare.m_scheduled.portfolio;
  if (change.link) {
    // Told to the next schedule update as a change of both its ends, as a link's type or lag.
    if (change.link_added) {
      portfolio.add_dependency(change.link->value);
    } else {
      portfolio.remove_dependency(static_cast<std::size_t>(change.link->dependency));
      analysis::renumber_driving_links(spare.m_scheduled.schedule, change.link->renumbering);
    }
    spare.m_scheduled.network = change.link->network;
    behind.push_back(change.link->value.from);
    behind.push_back(change.link->value.to);
  }
  if (change.event)
    portfolio.status_events.push_back(*change.event);
  if (change.milestone) {
    // Inserted where it was in the current portfolio (the spare held the same milestones
    // before); its schedule gets an empty entry there, computed by the next update.
    portfolio.add_milestone(change.milestone->value);
    auto index = portfolio.place_last_milestone();
    if (index != change.milestone->milestone)
      throw Error(message("internal: the spare's milestones differ from the current ones"));
    spare.m_project_index.insert_milestone(portfolio, index);
    spare.m_scheduled.network = change.milestone->network;
    analysis::make_room_for_milestone(spare.m_scheduled.schedule, index);
    for (auto& milestone : behind)
      milestone += milestone >= index ? 1 : 0;
    behind.push_back(index);
  }
  if (change.removal) {
    // Taken out as it was of the current portfolio, with its links; the schedule's drivers
    // follow the links' new indices, and its neighbours are told to the next update.
    const auto& removal = *change.removal;
    portfolio.remove_rows({}, {removal.milestone}, {});
    spare.m_project_index.remove_milestone(removal.milestone);
    spare.m_scheduled.network = removal.network;
    analysis::remove_schedule_entry(spare.m_scheduled.schedule, removal.milestone);
    analysis::renumber_driving_links(spare.m_scheduled.schedule, removal.renumbering);
    std::erase(behind, removal.milestone);
    for (auto& milestone : behind)
      milestone -= milestone > removal.milestone ? 1 : 0;
    behind.insert(behind.end(), removal.neighbours.begin(), removal.neighbours.end());
  }
  m_spare_behind_structure.reset();
}

operations::DependencyResult Workspace::add_link(const store::ChangeContext& context,
                                                 const std::string& from, const std::string& to,
                                                 const std::optional<std::string>& type,
                                                 const std::optional<std::string>& lag_days,
                                                 const Account* account) {
  std::lock_guard lock(m_database_mutex);
  return use_connection(m_database, m_database_lost, Access::Write, [&](store::Database&) {
    operations::DependencyResult result;
    structural_write_locked(
        [&](Snapshot& target, std::span<const std::int32_t> behind, Date today,
            StructuralWrite& done) {
          auto edit = operations::add_dependency_in_place(
              m_database, context, target.m_scheduled.portfolio, target.m_scheduled.schedule,
              behind, m_snapshot->stamp(), from, to, type, lag_days, today, account);
          if (!edit.written)
            return false;
          result = edit.result;
          const Portfolio& portfolio = target.m_scheduled.portfolio;
          done.code = portfolio
                          .projects[static_cast<std::size_t>(
                              portfolio.milestones[static_cast<std::size_t>(edit.value.to)].project)]
                          .code;
          done.changed_day = edit.changed_day;
          done.stamp = edit.stamp;
          done.link_added = true;
          done.link = std::move(edit);
          return true;
        },
        [&] {
          result = operations::edit_dependency(m_database, context, operations::EditKind::Add,
                                               from, to, type, lag_days,
                                               Date::today_in_vietnam(), account);
        });
    return result;
  });
}

void Workspace::remove_link(const store::ChangeContext& context, const std::string& from,
                            const std::string& to, const Account* account,
                            std::optional<std::int64_t> expected_version) {
  std::lock_guard lock(m_database_mutex);
  use_connection(m_database, m_database_lost, Access::Write, [&](store::Database&) {
    structural_write_locked(
        [&](Snapshot& target, std::span<const std::int32_t> behind, Date today,
            StructuralWrite& done) {
          auto edit = operations::remove_dependency_in_place(
              m_database, context, target.m_scheduled.portfolio, target.m_scheduled.schedule,
              behind, m_snapshot->stamp(), from, to, today, account, expected_version);
          if (!edit.written)
            return false;
          const Portfolio& portfolio = target.m_scheduled.portfolio;
          done.code = portfolio
                          .projects[static_cast<std::size_t>(
                              portfolio.milestones[static_cast<std::size_t>(edit.value.to)].project)]
                          .code;
          done.changed_day = edit.changed_day;
          done.stamp = edit.stamp;
          done.link_added = false;
          done.link = std::move(edit);
          return true;
        },
        [&] {
          operations::remove_dependency(m_database, context, from, to, account,
                                        expected_version);
        });
  });
}

void Workspace::set_status(const store::ChangeContext& context, const std::string& code,
                           ProjectStatus status, Date when, const Account* account) {
  std::lock_guard lock(m_database_mutex);
  use_connection(m_database, m_database_lost, Access::Write, [&](store::Database&) {
    structural_write_locked(
        [&](Snapshot& target, std::span<const std::int32_t> behind, Date today,
            StructuralWrite& done) {
          auto edit = operations::set_project_status_in_place(
              m_database, context, target.m_scheduled.portfolio, *target.m_scheduled.network,
              target.m_scheduled.schedule, behind, m_snapshot->stamp(), code, status, when,
              today, account);
          if (!edit.written)
            return false;
          done.code = code;
          done.changed_day = edit.changed_day;
          done.stamp = edit.stamp;
          done.event = edit.event;
          return true;
        },
        [&] {
          operations::set_project_status(m_database, context, code, status, when, account);
        });
  });
}

void Workspace::add_milestone(const store::ChangeContext& context, const std::string& reference,
                              const Fields& fields, const operations::Guard& guard) {
  std::lock_guard lock(m_database_mutex);
  use_connection(m_database, m_database_lost, Access::Write, [&](store::Database&) {
    structural_write_locked(
        [&](Snapshot& target, std::span<const std::int32_t> behind, Date today,
            StructuralWrite& done) {
          auto edit = operations::add_milestone_in_place(
              m_database, context, target.m_scheduled.portfolio, *target.m_scheduled.network,
              target.m_scheduled.schedule, behind, m_snapshot->stamp(), reference, fields, today,
              guard);
          if (!edit.written)
            return false;
          done.code =
              target.m_scheduled.portfolio.projects[static_cast<std::size_t>(edit.value.project)]
                  .code;
          done.changed_day = edit.changed_day;
          done.stamp = edit.stamp;
          done.milestone = std::move(edit);
          return true;
        },
        [&] {
          operations::edit_milestone(m_database, context, operations::EditKind::Add, reference,
                                     fields, Date::today_in_vietnam(), guard);
        });
  });
}

std::size_t Workspace::save_baseline(const store::ChangeContext& context, const std::string& name) {
  std::lock_guard lock(m_database_mutex);
  return use_connection(m_database, m_database_lost, Access::Write, [&](store::Database&) {
    const Date today = Date::today_in_vietnam();
    // Through the store's full write; the next reader reads the portfolio again.
    auto in_full = [&] { return operations::save_baseline(m_database, context, name); };
    refresh_locked();
    if (!m_snapshot || m_snapshot->scheduled().schedule.as_of.days() != today.days())
      return in_full();  // The day turned since the portfolio was scheduled.
    // The current portfolio is what the database holds at its stamp: its planned dates are the
    // baseline's, with no need to read them again.
    m_committing = true;
    struct Committed {
      std::atomic<bool>& flag;
      ~Committed() { flag = false; }
    } committed{m_committing};
    auto saved = operations::save_baseline_in_place(m_database, context, m_snapshot->portfolio(),
                                                    m_snapshot->stamp(), name);
    if (!saved.written)
      return in_full();  // Someone else wrote since the portfolio was read.
    if (m_database.file_replaced()) {
      // Written to a file no longer at the path: refused after this returns (check_written).
      set_current_locked(nullptr);
      return saved.milestones;
    }
    std::vector<std::int32_t> behind;
    auto target = take_spare_locked(behind);
    // The spare's schedule still lacks the last write's milestones: brought up to date with
    // them, as the next edit would.
    analysis::ScheduleChange change;
    change.milestones = behind;
    analysis::update_schedule(target->m_scheduled.schedule, target->m_scheduled.portfolio,
                              *target->m_scheduled.network, today, change);
    target->m_stamp = saved.stamp;
    target->m_alert_settings.baseline = saved.dates;
    // Every alert compares with the latest baseline: nothing is carried, and the alerts are
    // made in full now, on the write's time, so that no reader after it waits for them. The
    // kept dashboards are made by the preparer (publish_locked).
    carry_answers_locked(*target, std::nullopt);
    target->alerts();
    keep_unchanged_alert_rows_locked(*target);
    publish_locked(std::move(target));
    m_spare_behind.clear();
    m_spare_behind_links.clear();
    m_spare_behind_projects.clear();
    m_spare_behind_structure.reset();
    m_spare_last_change.clear();
    m_spare_unexplained.clear();
    m_spare_baseline = std::move(saved.dates);
    note_own_write_locked();
    return saved.milestones;
  });
}

void Workspace::keep_unchanged_alert_rows_locked(Snapshot& target) {
  // Never waiting for a reader making the current snapshot's alerts or rows.
  std::shared_ptr<const std::vector<analysis::Alert>> previous;
  std::shared_ptr<const Snapshot::AlertRows> rows;
  {
    std::unique_lock alerts(m_snapshot->m_alerts_mutex, std::try_to_lock);
    if (!alerts.owns_lock() || !m_snapshot->m_alerts)
      return;
    previous = m_snapshot->m_alerts;
  }
  {
    std::unique_lock kept(m_snapshot->m_alert_rows_mutex, std::try_to_lock);
    if (!kept.owns_lock() || !m_snapshot->m_alert_rows)
      return;
    rows = m_snapshot->m_alert_rows;
  }
  // The previous alerts by what they are about; an alert equal to one of them keeps its row.
  std::map<std::tuple<std::int32_t, std::int32_t, analysis::AlertKind, std::int32_t>, std::int32_t>
      by_subject;
  for (std::size_t i = 0; i < previous->size(); ++i) {
    const auto& alert = (*previous)[i];
    by_subject.emplace(
        std::tuple{alert.project, alert.milestone, alert.kind, alert.other_milestone},
        static_cast<std::int32_t>(i));
  }
  std::lock_guard alerts(target.m_alerts_mutex);
  if (!target.m_alerts)
    return;
  const auto& now = *target.m_alerts;
  std::vector<std::int32_t> kept_from(now.size(), -1);
  for (std::size_t i = 0; i < now.size(); ++i) {
    auto found = by_subject.find(
        std::tuple{now[i].project, now[i].milestone, now[i].kind, now[i].other_milestone});
    if (found != by_subject.end() && (*previous)[static_cast<std::size_t>(found->second)] == now[i])
      kept_from[i] = found->second;
  }
  target.m_alerts_kept_from = std::move(kept_from);
  std::lock_guard kept(target.m_alert_rows_mutex);
  target.m_alert_rows.reset();
  target.m_previous_alert_rows = std::move(rows);
}

operations::RemovedMilestone Workspace::remove_milestone(const store::ChangeContext& context,
                                                         const std::string& reference,
                                                         const operations::Guard& guard) {
  std::lock_guard lock(m_database_mutex);
  return use_connection(m_database, m_database_lost, Access::Write, [&](store::Database&) {
    operations::RemovedMilestone result;
    structural_write_locked(
        [&](Snapshot& target, std::span<const std::int32_t> behind, Date today,
            StructuralWrite& done) {
          auto edit = operations::remove_milestone_in_place(
              m_database, context, target.m_scheduled.portfolio, target.m_scheduled.schedule,
              behind, m_snapshot->stamp(), reference, today, guard);
          if (!edit.written)
            return false;
          result = edit.result;
          done.code =
              target.m_scheduled.portfolio.projects[static_cast<std::size_t>(edit.value.project)]
                  .code;
          done.changed_day = edit.changed_day;
          done.stamp = edit.stamp;
          done.removal = std::move(edit);
          return true;
        },
        [&] { result = operations::remove_milestone(m_database, context, reference, guard); });
    return result;
  });
}

}  // namespace tiendo::web
