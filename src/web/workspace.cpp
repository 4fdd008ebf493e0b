#include "web/workspace.h"

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
    : m_database(store::Database::open(database_path, store::OpenMode::MustExist)) {}

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
