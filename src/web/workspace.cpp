#include "web/workspace.h"

#include "domain/edit.h"

#include <algorithm>
#include <cctype>

namespace tiendo::web {
namespace {

constexpr auto login_window = std::chrono::minutes(15);
constexpr std::size_t login_attempts = 5;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
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
  {
    std::lock_guard lock(m_answers_mutex);
    auto found = m_answers.find(key);
    if (found != m_answers.end())
      return found->second;
  }
  // Made outside the lock, so one slow question does not hold up the others; two requests asking
  // the same at once may both make it, and the answers are the same.
  auto made = std::make_shared<const std::string>(make());
  std::lock_guard lock(m_answers_mutex);
  if (m_answers.size() >= 256)
    m_answers.clear();
  m_answers.emplace(key, made);
  return made;
}

Workspace::Workspace(const std::string& database_path)
    : m_database(store::Database::open(database_path, store::OpenMode::MustExist)),
      m_accounts_database(store::Database::open(database_path, store::OpenMode::MustExist)) {}

std::shared_ptr<const Snapshot> Workspace::snapshot() {
  std::lock_guard lock(m_database_mutex);
  refresh_locked();
  return m_snapshot;
}

void Workspace::refresh_locked() {
  auto stamp = m_database.stamp();
  if (m_snapshot && m_snapshot->stamp() == stamp)
    return;
  auto scheduled = operations::load_scheduled(m_database, Date::today_in_vietnam());
  auto settings = operations::load_alert_settings(m_database, "");
  m_snapshot = std::make_shared<const Snapshot>(std::move(scheduled), std::move(settings), stamp);
}

struct Workspace::PendingEdit {
  const operations::MilestoneEdit* edit = nullptr;
  bool done = false;
  std::exception_ptr error;
  MilestoneEditOutcome outcome;
};

Workspace::MilestoneEditOutcome Workspace::edit_milestone(const operations::MilestoneEdit& edit) {
  PendingEdit mine;
  mine.edit = &edit;
  {
    std::lock_guard lock(m_pending_mutex);
    m_pending.push_back(&mine);
  }
  // The portfolio the edits replace is let go after the lock: freeing a national portfolio takes
  // about as long as copying it, and nobody need wait for that.
  std::shared_ptr<const Snapshot> retired;
  {
    std::lock_guard lock(m_database_mutex);
    std::vector<PendingEdit*> batch;
    {
      std::lock_guard pending(m_pending_mutex);
      // A request that held the database meanwhile made this edit with its own.
      if (!mine.done)
        batch.swap(m_pending);
    }
    if (!batch.empty())
      run_edits_locked(batch, retired);
  }
  retired.reset();
  if (mine.error)
    std::rethrow_exception(mine.error);
  return mine.outcome;
}

void Workspace::run_edits_locked(const std::vector<PendingEdit*>& batch,
                                 std::shared_ptr<const Snapshot>& retired) {
  std::vector<operations::MilestoneEdit> edits;
  for (const auto* pending : batch)
    edits.push_back(*pending->edit);
  Date today = Date::today_in_vietnam();
  auto finish = [&](std::size_t e, std::exception_ptr error) {
    PendingEdit& pending = *batch[e];
    pending.error = error;
    pending.outcome.snapshot = m_snapshot;
    if (!error) {
      auto [code, key] = split_reference(pending.edit->reference);
      pending.outcome.changes = operations::milestone_changes(m_database, std::string(code));
    }
    pending.done = true;
  };
  try {
    // Another writer may come in between reading the stamp and writing; then the portfolio is
    // read again and the batch made again, a few times before giving up on memory.
    for (int attempt = 0; attempt < 3; ++attempt) {
      refresh_locked();
      if (m_snapshot->scheduled().schedule.as_of.days() != today.days()) {
        // The day turned since the portfolio was scheduled: its "today" is another one.
        m_snapshot.reset();
        refresh_locked();
      }
      const auto& scheduled = m_snapshot->scheduled();
      auto result = operations::edit_milestones_in_memory(
          m_database, scheduled.portfolio, *scheduled.network, m_snapshot->stamp(), edits, today);
      if (!result.edited)
        continue;
      bool any_written = false;
      auto settings = m_snapshot->alert_settings();
      for (std::size_t e = 0; e < edits.size(); ++e)
        if (!result.errors[e]) {
          any_written = true;
          auto [code, key] = split_reference(edits[e].reference);
          settings.last_change[std::string(code)] = result.edited->changed_day;
        }
      if (any_written) {
        retired = m_snapshot;
        m_snapshot = std::make_shared<const Snapshot>(
            operations::ScheduledPortfolio{std::move(result.edited->portfolio),
                                           std::move(result.edited->schedule), scheduled.network},
            std::move(settings), result.edited->stamp, m_snapshot->project_index());
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
    // A failure of the store itself (a full disk): every edit of the batch gets it, none written.
    for (std::size_t e = 0; e < edits.size(); ++e)
      if (!batch[e]->done)
        finish(e, std::current_exception());
  }
}

bool Workspace::login_locked(const std::string& name) {
  std::lock_guard lock(m_logins_mutex);
  auto found = m_failed_logins.find(lower(name));
  if (found == m_failed_logins.end())
    return false;
  auto now = std::chrono::steady_clock::now();
  auto& times = found->second;
  while (!times.empty() && now - times.front() >= login_window)
    times.pop_front();
  if (times.empty()) {
    m_failed_logins.erase(found);
    return false;
  }
  return times.size() >= login_attempts;
}

bool Workspace::begin_login(const std::string& name) {
  if (login_locked(name))
    return false;
  std::lock_guard lock(m_logins_mutex);
  auto now = std::chrono::steady_clock::now();
  // Names that are no account are counted too (so they cost an attacker the same), which could
  // grow the map without end: past a bound, what has expired goes, then the names not locked.
  // A name that is locked stays locked whatever else is sent.
  if (m_failed_logins.size() > 100'000) {
    for (auto it = m_failed_logins.begin(); it != m_failed_logins.end();) {
      bool expired = it->second.empty() || now - it->second.back() >= login_window;
      it = expired ? m_failed_logins.erase(it) : std::next(it);
    }
    for (auto it = m_failed_logins.begin();
         m_failed_logins.size() > 100'000 && it != m_failed_logins.end();)
      it = it->second.size() < login_attempts ? m_failed_logins.erase(it) : std::next(it);
  }
  auto& times = m_failed_logins[lower(name)];
  if (times.size() >= login_attempts)
    return false;
  times.push_back(now);
  return true;
}

void Workspace::login_succeeded(const std::string& name) {
  std::lock_guard lock(m_logins_mutex);
  m_failed_logins.erase(lower(name));
}

}  // namespace tiendo::web
