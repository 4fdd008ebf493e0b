#include "web/workspace.h"

#include "domain/edit.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <future>

namespace tiendo::web {
namespace {

// Whether an edit was refused because the database server went away.
bool lost_connection(const std::exception_ptr& error) {
  if (!error)
    return false;
  try {
    std::rethrow_exception(error);
  } catch (const Unavailable&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

Snapshot::Snapshot(operations::ScheduledPortfolio scheduled,
                   operations::AlertSettings alert_settings, store::Database::Stamp stamp)
    : m_scheduled(std::move(scheduled)),
      m_alert_settings(std::move(alert_settings)),
      m_stamp(stamp),
      m_project_index(m_scheduled.portfolio) {}

Snapshot::Snapshot(operations::ScheduledPortfolio scheduled,
                   operations::AlertSettings alert_settings, store::Database::Stamp stamp,
                   operations::ProjectIndex project_index)
    : m_scheduled(std::move(scheduled)),
      m_alert_settings(std::move(alert_settings)),
      m_stamp(stamp),
      m_project_index(std::move(project_index)) {}

std::shared_ptr<const analysis::Schedule> Snapshot::schedule(Date as_of) const {
  std::lock_guard lock(m_schedules_mutex);
  auto& slot = m_schedules[as_of.days()];
  if (!slot) {
    // A handful of dates is all a workspace asks about; past that the oldest are let go, so a
    // client walking through dates cannot make the server hold a schedule for each.
    if (m_schedules.size() > 16)
      for (auto it = m_schedules.begin(); it != m_schedules.end();)
        it = it->first == as_of.days() ? std::next(it) : m_schedules.erase(it);
    slot = std::make_shared<const analysis::Schedule>(
        as_of.days() == m_scheduled.schedule.as_of.days()
            ? m_scheduled.schedule
            : operations::schedule_at(m_scheduled, as_of));
  }
  return slot;
}

std::shared_ptr<const std::string> Snapshot::answer(
    const std::string& key, const std::function<std::string()>& make) const {
  // The first request for an answer makes it; those asking for the same meanwhile wait for it
  // instead of making it too: eight clients asking for the national alerts at once would
  // otherwise compute them eight times over, with eight times the memory.
  std::promise<std::shared_ptr<const std::string>> promise;
  std::shared_future<std::shared_ptr<const std::string>> future;
  bool maker = false;
  {
    std::lock_guard lock(m_answers_mutex);
    auto found = m_answers.find(key);
    if (found != m_answers.end()) {
      future = found->second;
    } else {
      if (m_answers.size() >= 256)
        m_answers.clear();
      future = promise.get_future().share();
      m_answers.emplace(key, future);
      maker = true;
    }
  }
  if (maker) {
    try {
      promise.set_value(std::make_shared<const std::string>(make()));
    } catch (...) {
      // Those waiting get the same refusal; the next request tries again.
      promise.set_exception(std::current_exception());
      std::lock_guard lock(m_answers_mutex);
      auto found = m_answers.find(key);
      if (found != m_answers.end() && found->second.valid() &&
          found->second.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
        m_answers.erase(found);
    }
  }
  return future.get();
}

Workspace::Workspace(const std::string& database_path)
    : m_database_path(database_path),
      m_database(store::Database::open(database_path, store::OpenMode::MustExist)),
      m_accounts_database(store::Database::open(database_path, store::OpenMode::MustExist)) {}

void Workspace::reopen_if_lost(store::Database& database, std::atomic<bool>& lost) {
  if (!lost)
    return;
  // Stays lost when the server is still away: Database::open throws before anything is replaced.
  database = store::Database::open(m_database_path, store::OpenMode::MustExist);
  lost = false;
}

void Workspace::mark_lost() {
  m_database_lost = true;
  m_accounts_lost = true;
}

std::shared_ptr<const Snapshot> Workspace::snapshot() {
  std::lock_guard lock(m_database_mutex);
  use_connection(m_database, m_database_lost, Access::Read,
                 [this](store::Database&) { refresh_locked(); });
  return m_snapshot;
}

void Workspace::refresh_locked() {
  auto stamp = m_database.stamp();
  if (m_snapshot && m_snapshot->stamp() == stamp)
    return;
  // Someone else wrote: both copies are read again (the spare from the new current one, when a
  // batch needs it).
  m_spare.reset();
  m_spare_behind.clear();
  m_spare_last_change.clear();
  auto scheduled = operations::load_scheduled(m_database, Date::today_in_vietnam());
  auto settings = operations::load_alert_settings(m_database, "");
  m_snapshot = std::make_shared<Snapshot>(std::move(scheduled), std::move(settings), stamp);
}

std::shared_ptr<Snapshot> Snapshot::copy() const {
  return std::make_shared<Snapshot>(m_scheduled, m_alert_settings, m_stamp, m_project_index);
}

void Snapshot::forget_answers() {
  std::lock_guard schedules(m_schedules_mutex);
  m_schedules.clear();
  std::lock_guard answers(m_answers_mutex);
  m_answers.clear();
}

std::shared_ptr<Snapshot> Workspace::take_spare_locked() {
  // Only this object holds the spare when its count is one, and nobody can take another
  // reference to it then (readers get snapshots from m_snapshot, under the same lock). The fence
  // makes the last reader's accesses happen before the changes below.
  if (m_spare && m_spare.use_count() == 1) {
    std::atomic_thread_fence(std::memory_order_acquire);
    auto spare = std::move(m_spare);
    auto& milestones = spare->m_scheduled.portfolio.milestones;
    for (auto& change : m_spare_behind)
      milestones[static_cast<std::size_t>(change.milestone)] = std::move(change.value);
    for (auto& [code, day] : m_spare_last_change)
      spare->m_alert_settings.last_change[code] = day;
    m_spare_behind.clear();
    m_spare_last_change.clear();
    spare->forget_answers();
    spare->m_stamp = m_snapshot->stamp();
    return spare;
  }
  // A reader still holds the spare (or there is none yet): it is let go, and the batch edits a
  // copy of the current portfolio.
  m_spare.reset();
  m_spare_behind.clear();
  m_spare_last_change.clear();
  return m_snapshot->copy();
}

struct Workspace::PendingEdit {
  const operations::MilestoneEdit* edit = nullptr;
  const std::function<void(const Snapshot&, const MilestoneChanges&)>* answer = nullptr;
  bool done = false;
  std::exception_ptr error;
  MilestoneChanges changes;
};

Workspace::MilestoneChanges Workspace::edit_milestone(
    const operations::MilestoneEdit& edit,
    const std::function<void(const Snapshot&, const MilestoneChanges&)>& answer) {
  PendingEdit mine;
  mine.edit = &edit;
  mine.answer = &answer;
  {
    std::lock_guard lock(m_pending_mutex);
    m_pending.push_back(&mine);
  }
  {
    std::lock_guard lock(m_database_mutex);
    std::vector<PendingEdit*> batch;
    {
      std::lock_guard pending(m_pending_mutex);
      // A request that held the database meanwhile made this edit with its own.
      if (!mine.done)
        batch.swap(m_pending);
    }
    if (!batch.empty()) {
      run_edits_locked(batch);
      // An edit is a write and never runs twice, but a connection found lost is opened again
      // for the next request.
      for (const auto* pending : batch)
        if (lost_connection(pending->error))
          mark_lost();
    }
  }
  if (mine.error)
    std::rethrow_exception(mine.error);
  return std::move(mine.changes);
}

void Workspace::run_edits_locked(const std::vector<PendingEdit*>& batch) {
  std::vector<operations::MilestoneEdit> edits;
  auto finish = [&](std::size_t e, std::exception_ptr error) {
    PendingEdit& pending = *batch[e];
    if (!error) {
      try {
        auto [code, key] = split_reference(pending.edit->reference);
        pending.changes = operations::milestone_changes(m_database, std::string(code));
        if (*pending.answer)
          (*pending.answer)(*m_snapshot, pending.changes);
      } catch (...) {
        error = std::current_exception();
      }
    }
    pending.error = error;
    pending.done = true;
  };
  try {
    reopen_if_lost(m_database, m_database_lost);
    for (const auto* pending : batch)
      edits.push_back(*pending->edit);
    Date today = Date::today_in_vietnam();
    // Another writer may come in between reading the stamp and writing; then the portfolio is
    // read again and the batch made again, a few times before giving up on memory.
    for (int attempt = 0; attempt < 3; ++attempt) {
      refresh_locked();
      if (m_snapshot->scheduled().schedule.as_of.days() != today.days()) {
        // The day turned since the portfolio was scheduled: its "today" is another one.
        m_snapshot.reset();
        refresh_locked();
      }
      auto target = take_spare_locked();
      auto result = operations::edit_milestones_in_place(m_database, target->m_scheduled.portfolio,
                                                         *target->m_scheduled.network,
                                                         m_snapshot->stamp(), edits, today);
      if (!result.written) {
        // Nothing was written and the target is as it was: it stays the spare until the
        // portfolio is read again.
        m_spare = std::move(target);
        continue;
      }
      if (!result.changes.empty()) {
        std::vector<std::pair<std::string, Date>> last_change;
        for (std::size_t e = 0; e < edits.size(); ++e)
          if (!result.errors[e]) {
            auto [code, key] = split_reference(edits[e].reference);
            last_change.emplace_back(std::string(code), result.changed_day);
          }
        for (const auto& [code, day] : last_change)
          target->m_alert_settings.last_change[code] = day;
        target->m_scheduled.schedule = std::move(result.schedule);
        target->m_stamp = result.stamp;
        m_spare = std::move(m_snapshot);
        m_spare_behind = std::move(result.changes);
        m_spare_last_change = std::move(last_change);
        m_snapshot = std::move(target);
      } else {
        // Every edit was refused: the target holds what the current one holds.
        target->m_stamp = result.stamp;
        m_spare = std::move(target);
      }
      for (std::size_t e = 0; e < edits.size(); ++e)
        finish(e, result.errors[e]);
      return;
    }
    // The database kept moving: each edit through the store alone, and the portfolio read again.
    for (std::size_t e = 0; e < edits.size(); ++e) {
      std::exception_ptr error;
      try {
        operations::edit_milestone(m_database, edits[e].context, operations::EditKind::Set,
                                   edits[e].reference, edits[e].fields, today, edits[e].guard);
      } catch (...) {
        error = std::current_exception();
      }
      refresh_locked();
      finish(e, error);
    }
  } catch (...) {
    // A failure of the store itself (a full disk, the server gone): every edit of the batch not yet
    // answered gets it — each request must be answered, or its thread would take it as made.
    for (auto* pending : batch)
      if (!pending->done) {
        pending->error = std::current_exception();
        pending->done = true;
      }
  }
}

}  // namespace tiendo::web
