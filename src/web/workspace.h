#pragma once
// What the server holds between requests: the database connection (one, used by one request at a
// time), the portfolio loaded from it with its schedule, and the failed-login counts. Every answer
// starts from snapshot(), which first asks the store whether anything was written since — by this
// server, the command line or a second server — so an answer is never staler than the database.
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "operations/projects.h"
#include "operations/queries.h"
#include "store/database.h"

namespace tiendo::web {

// The portfolio as one stamp of the database saw it, with what the answers need besides.
class Snapshot {
 public:
  Snapshot(operations::ScheduledPortfolio scheduled, operations::AlertSettings alert_settings,
           store::Database::Stamp stamp);

  const Portfolio& portfolio() const { return m_scheduled.portfolio; }
  const operations::ScheduledPortfolio& scheduled() const { return m_scheduled; }
  const operations::AlertSettings& alert_settings() const { return m_alert_settings; }
  const store::Database::Stamp& stamp() const { return m_stamp; }
  const operations::ProjectIndex& project_index() const { return m_project_index; }
  // The schedule at an as-of date, computed once per date and kept while the snapshot lives.
  std::shared_ptr<const analysis::Schedule> schedule(Date as_of) const;

 private:
  operations::ScheduledPortfolio m_scheduled;
  operations::AlertSettings m_alert_settings;
  store::Database::Stamp m_stamp;
  operations::ProjectIndex m_project_index;
  mutable std::mutex m_schedules_mutex;
  mutable std::map<std::int32_t, std::shared_ptr<const analysis::Schedule>> m_schedules;
};

class Workspace {
 public:
  explicit Workspace(const std::string& database_path);

  // The portfolio as the database holds it now: reloaded when its stamp moved since the last load.
  std::shared_ptr<const Snapshot> snapshot();

  // Runs `work` with the database while no other request uses it (SQLite connections are not to
  // be shared between threads at once).
  template <class Work>
  decltype(auto) with_database(Work&& work) {
    std::lock_guard lock(m_database_mutex);
    return work(m_database);
  }

  // Failed logins per name (lower case) in the last 15 minutes: five lock the name out until the
  // oldest of them is 15 minutes old. Kept in memory: a restart forgets them, as it ends no
  // session either.
  bool login_locked(const std::string& name);
  void record_failed_login(const std::string& name);
  void clear_failed_logins(const std::string& name);

 private:
  std::mutex m_database_mutex;
  store::Database m_database;
  std::shared_ptr<const Snapshot> m_snapshot;

  std::mutex m_logins_mutex;
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> m_failed_logins;
};

}  // namespace tiendo::web
