#include "web/workspace.h"

#include "domain/edit.h"
#include "domain/text.h"
#include "analysis/incremental_schedule.h"
#include "report/views.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <future>
#include <iostream>

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
  if (as_of.days() == m_scheduled.schedule.as_of.days())
    return std::shared_ptr<const analysis::Schedule>(shared_from_this(), &m_scheduled.schedule);
  std::promise<std::shared_ptr<const analysis::Schedule>> promise;
  ScheduleFuture future;
  std::shared_ptr<const analysis::Schedule> previous;
  std::vector<std::int32_t> changed;
  bool maker = false;
  {
    std::lock_guard lock(m_schedules_mutex);
    auto found = m_schedules.find(as_of.days());
    if (found != m_schedules.end()) {
      future = found->second;
    } else {
      // A handful of dates is all a workspace asks about; past that the others are let go, so a
      // client walking through dates cannot make the server hold a schedule for each.
      if (m_schedules.size() > 16)
        m_schedules.clear();
      future = promise.get_future().share();
      m_schedules.emplace(as_of.days(), future);
      maker = true;
      auto carried = m_previous_schedules.find(as_of.days());
      if (carried != m_previous_schedules.end()) {
        // Only one that is ready: one still being made for the previous snapshot is not waited
        // for; this one is computed in full instead.
        if (carried->second.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
          try {
            previous = carried->second.get();
            changed = m_schedules_changed;
          } catch (...) {
            previous.reset();
          }
        }
        m_previous_schedules.erase(carried);
      }
    }
  }
  if (maker) {
    try {
      std::shared_ptr<const analysis::Schedule> made;
      if (previous) {
        analysis::Schedule updated = *previous;
        analysis::ScheduleChange change;
        change.milestones = std::move(changed);
        try {
          analysis::update_schedule(updated, m_scheduled.portfolio, *m_scheduled.network, as_of,
                                    change);
          made = std::make_shared<const analysis::Schedule>(std::move(updated));
        } catch (const InvalidInput&) {
          // Partly updated: computed in full below, which throws the same refusal.
        }
      }
      if (!made)
        made = std::make_shared<const analysis::Schedule>(
            operations::schedule_at(m_scheduled, as_of));
      promise.set_value(std::move(made));
    } catch (...) {
      // Those waiting get the same refusal; the next request tries again.
      promise.set_exception(std::current_exception());
      std::lock_guard lock(m_schedules_mutex);
      auto found = m_schedules.find(as_of.days());
      if (found != m_schedules.end() &&
          found->second.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
        m_schedules.erase(found);
    }
  }
  return future.get();
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

std::shared_ptr<const std::string> Snapshot::kept_answer(const std::string& key) const {
  std::shared_future<std::shared_ptr<const std::string>> future;
  {
    std::lock_guard lock(m_answers_mutex);
    auto found = m_answers.find(key);
    if (found == m_answers.end())
      return nullptr;
    future = found->second;
  }
  return future.get();
}

void Snapshot::keep_remake(const std::string& key, Remake remake) const {
  std::lock_guard lock(m_remakes_mutex);
  // A few questions at most (a department's dashboard in each language and scope asked lately).
  constexpr std::size_t most = 16;
  if (m_remakes.size() >= most && !m_remakes.count(key))
    return;
  m_remakes[key] = KeptRemake{std::move(remake), 0};
}

Workspace::Workspace(const std::string& database_path)
    : m_database_path(database_path),
      m_database(store::Database::open(database_path, store::OpenMode::MustExist)),
      m_accounts_database(store::Database::open(database_path, store::OpenMode::MustExist)),
      m_files(store::Database::files_at(database_path)),
      m_stamp_database(store::Database::open(database_path, store::OpenMode::MustExist)) {}

Workspace::~Workspace() {
  {
    std::lock_guard lock(m_preparer_mutex);
    m_preparer_stops = true;
  }
  m_preparer_wakes.notify_all();
  if (m_preparer.joinable())
    m_preparer.join();
}

void Workspace::publish_locked(std::shared_ptr<Snapshot> target) {
  {
    // The remakes the current snapshot kept, for the new one; one no request asked for over a
    // few edits is let go, so that a run of saves nobody looks at makes nothing.
    constexpr int edits_kept = 4;
    std::lock_guard to(target->m_remakes_mutex);
    target->m_remakes.clear();
    if (m_snapshot) {
      std::lock_guard from(m_snapshot->m_remakes_mutex);
      for (const auto& [key, kept] : m_snapshot->m_remakes)
        if (kept.edits_unasked < edits_kept)
          target->m_remakes.emplace(key, Snapshot::KeptRemake{kept.remake, kept.edits_unasked + 1});
    }
  }
  bool prepare = false;
  {
    std::lock_guard lock(target->m_remakes_mutex);
    prepare = !target->m_remakes.empty();
  }
  std::weak_ptr<const Snapshot> published = target;
  {
    std::lock_guard current(m_current_mutex);
    m_spare = std::move(m_snapshot);
    m_snapshot = std::move(target);
  }
  if (!prepare)
    return;
  {
    std::lock_guard lock(m_preparer_mutex);
    m_to_prepare = std::move(published);
    if (!m_preparer.joinable())
      m_preparer = std::thread([this] { prepare_answers(); });
  }
  m_preparer_wakes.notify_one();
}

void Workspace::prepare_answers() {
  for (;;) {
    std::shared_ptr<const Snapshot> snapshot;
    {
      std::unique_lock lock(m_preparer_mutex);
      m_preparer_wakes.wait(lock, [&] { return m_preparer_stops || !m_to_prepare.expired(); });
      if (m_preparer_stops)
        return;
      snapshot = m_to_prepare.lock();
      m_to_prepare.reset();
    }
    if (!snapshot)
      continue;
    std::vector<std::pair<std::string, Snapshot::Remake>> remakes;
    {
      std::lock_guard lock(snapshot->m_remakes_mutex);
      for (const auto& [key, kept] : snapshot->m_remakes)
        remakes.emplace_back(key, kept.remake);
    }
    for (const auto& entry : remakes) {
      // Named, not bound: a lambda may not take a structured binding before C++20's rules,
      // which clang 14 (the fuzz build) does not have.
      const std::string& key = entry.first;
      const Snapshot::Remake& remake = entry.second;
      // A reader asking meanwhile waits for this one making rather than making it again; what
      // fails here fails for the reader the same way (the answer holds the error).
      try {
        snapshot->answer(key, [&] { return remake(*snapshot); });
      } catch (...) {
      }
      // A newer snapshot published meanwhile: this one's remaining answers are not needed.
      std::lock_guard lock(m_preparer_mutex);
      if (m_preparer_stops || !m_to_prepare.expired())
        break;
    }
  }
}

void Workspace::reopen_if_lost(store::Database& database, std::atomic<bool>& lost) {
  const bool main = &database == &m_database;
  std::uint64_t& generation = main                                ? m_database_generation
                              : &database == &m_accounts_database ? m_accounts_generation
                                                                  : m_stamp_generation;
  std::uint64_t target = 0;
  bool replaced_now = false;
  {
    std::lock_guard lock(m_file_mutex);
    if (generation == m_file_generation && database.file_replaced()) {
      ++m_file_generation;
      replaced_now = true;
      std::cerr << "tiendo serve: " << printable(m_database_path)
                << ": the file the server opened is no longer at this path; the server reads "
                   "accounts, sessions and the portfolio from the file there now\n";
    }
    target = m_file_generation;
  }
  if (replaced_now) {
    // What readers compare with (the stamp connection's counts restart with the new file, and
    // could meet the old ones by chance), the portfolio read while a write held the main
    // connection, and the idle reading connections all belong to the old file.
    {
      std::lock_guard current(m_current_mutex);
      m_current_seen.reset();
      m_read_snapshot.reset();
      m_read_snapshot_seen.reset();
    }
    std::lock_guard reading(m_reading_mutex);
    m_reading_idle.clear();
  }
  if (!lost && generation == target)
    return;
  if (generation == target) {
    // Stays lost when the server is still away: Database::open throws before anything is
    // replaced.
    database = store::Database::open(m_database_path, store::OpenMode::MustExist);
    lost = false;
    return;
  }
  {
    std::lock_guard lock(m_file_mutex);
    auto now = store::Database::files_at(m_database_path);
    if (now.inode == 0)
      throw Unavailable(fmt::format(
          "{}: no database file at this path any more; put one back or restart the server",
          m_database_path));
    if (!now.same_file(m_files)) {
      // Another file: the -wal and -shm beside it are still the old file's (SQLite never removes
      // them while this server has that file open), and SQLite would replay them into the new
      // one. What the log holds is written into the old file first, so that file stays whole.
      try {
        database.checkpoint();
      } catch (const std::exception&) {
        // The old file keeps what it has; its log goes all the same.
      }
      store::Database::remove_stale_wal_files(m_database_path, m_files);
      m_files = store::Database::FileSet{};
      m_files.device = now.device;
      m_files.inode = now.inode;
    }
  }
  // Until a file the server can open is there, every request is refused: the old file is no longer
  // what the path names, and answering from it would lose writes.
  store::Database opened = [&] {
    try {
      return store::Database::open(m_database_path, store::OpenMode::MustExist);
    } catch (const Unavailable&) {
      throw;
    } catch (const std::exception& error) {
      throw Unavailable(fmt::format(
          "{}: the file at this path now cannot be opened ({}); put a tiendo database there or "
          "restart the server",
          m_database_path, printable(error.what())));
    }
  }();
  {
    // The log the new file has now is its own, to be removed only if it too is replaced.
    std::lock_guard lock(m_file_mutex);
    auto now = store::Database::files_at(m_database_path);
    if (now.same_file(m_files))
      m_files = now;
  }
  database = std::move(opened);
  lost = false;
  if (main) {
    // Nothing read from the old file may answer for the new one: the portfolio, its schedules and
    // the answers kept with them go (readers holding them finish with what they hold).
    set_current_locked(nullptr);
    m_spare.reset();
    m_spare_behind.clear();
    m_spare_behind_links.clear();
    m_spare_behind_projects.clear();
    m_spare_behind_structure.reset();
    m_spare_unexplained.clear();
    m_spare_baseline.reset();
  }
  generation = target;
}

void Workspace::check_written(store::Database& database) {
  if (!database.file_replaced())
    return;
  // Committed, but to the file that was at the path before: nobody will read it again. The next
  // use of this connection opens the new one.
  std::string message = fmt::format(
      "{}: the database file was replaced while this change was written; the change went to the "
      "file that was there before and is not in the new one; send it again",
      m_database_path);
  std::cerr << "tiendo serve: " << printable(message) << '\n';
  throw Unavailable(message);
}

void Workspace::mark_lost() {
  m_database_lost = true;
  m_accounts_lost = true;
  m_stamp_lost = true;
  std::lock_guard lock(m_reading_mutex);
  m_reading_idle.clear();
}

std::unique_ptr<store::Database> Workspace::take_reading() {
  {
    std::lock_guard lock(m_reading_mutex);
    while (!m_reading_idle.empty()) {
      auto database = std::move(m_reading_idle.back());
      m_reading_idle.pop_back();
      // One kept from before the file at the path was replaced reads the old file: let go.
      if (!database->file_replaced())
        return database;
    }
  }
  return std::make_unique<store::Database>(
      store::Database::open(m_database_path, store::OpenMode::MustExist));
}

void Workspace::give_back_reading(std::unique_ptr<store::Database> database) {
  std::lock_guard lock(m_reading_mutex);
  // A few are kept for the next readers; more at once are opened for them and closed after.
  if (m_reading_idle.size() < 4)
    m_reading_idle.push_back(std::move(database));
}

store::Database::Stamp Workspace::stamp_now() {
  std::lock_guard lock(m_stamp_mutex);
  return use_connection(m_stamp_database, m_stamp_lost, Access::Read,
                        [](store::Database& database) { return database.stamp(); });
}

std::shared_ptr<const Snapshot> Workspace::snapshot() {
  // What the stamp connection sees now, before anything is compared with it.
  auto seen = stamp_now();
  {
    std::lock_guard current(m_current_mutex);
    if (m_snapshot && m_current_seen == seen)
      return m_snapshot;
    if (m_read_snapshot && m_read_snapshot_seen == seen)
      return m_read_snapshot;
  }
  // Something was committed since the current snapshot was last known current: this process's
  // own write (whose snapshot may be current already), or another's. The main connection tells
  // which; when a write being prepared holds it, the portfolio is read through the stamp
  // connection instead of waiting — unless an edit batch is only making its commit current.
  std::unique_lock database(m_database_mutex, std::try_to_lock);
  if (!database.owns_lock()) {
    if (!m_committing)
      return snapshot_while_writing();
    database.lock();
  }
  use_connection(m_database, m_database_lost, Access::Read,
                 [this](store::Database&) { refresh_locked(); });
  std::lock_guard current(m_current_mutex);
  m_current_seen = seen;
  m_read_snapshot.reset();
  m_read_snapshot_seen.reset();
  return m_snapshot;
}

void Workspace::prepare_spare() {
  std::lock_guard lock(m_database_mutex);
  if (m_spare || !m_snapshot)
    return;
  m_spare = m_snapshot->copy();
  m_spare_behind.clear();
  m_spare_behind_links.clear();
  m_spare_behind_projects.clear();
  m_spare_last_change.clear();
  m_spare_unexplained.clear();
  m_spare_baseline.reset();
}

std::shared_ptr<const Snapshot> Workspace::snapshot_while_writing() {
  std::lock_guard lock(m_stamp_mutex);
  return use_connection(m_stamp_database, m_stamp_lost, Access::Read,
                        [this](store::Database& reading) -> std::shared_ptr<const Snapshot> {
                          auto seen = reading.stamp();
                          {
                            // Another reader may have read it meanwhile.
                            std::lock_guard current(m_current_mutex);
                            if (m_snapshot && m_current_seen == seen)
                              return m_snapshot;
                            if (m_read_snapshot && m_read_snapshot_seen == seen)
                              return m_read_snapshot;
                          }
                          auto scheduled =
                              operations::load_scheduled(reading, Date::today_in_vietnam());
                          auto settings = operations::load_alert_settings(reading, "");
                          auto loaded = std::make_shared<const Snapshot>(std::move(scheduled),
                                                                         std::move(settings), seen);
                          std::lock_guard current(m_current_mutex);
                          m_read_snapshot = loaded;
                          m_read_snapshot_seen = seen;
                          return loaded;
                        });
}

void Workspace::note_own_write_locked() {
  // The stamp connection first, then the main one: a write of someone else's committed before
  // the first look shows in the second, and then nothing is taken as current.
  auto seen = stamp_now();
  if (m_database.stamp() != m_snapshot->stamp())
    return;
  std::lock_guard current(m_current_mutex);
  m_current_seen = seen;
  m_read_snapshot.reset();
  m_read_snapshot_seen.reset();
}

void Workspace::set_current_locked(std::shared_ptr<Snapshot> snapshot) {
  std::lock_guard current(m_current_mutex);
  m_snapshot = std::move(snapshot);
}

void Workspace::refresh_locked() {
  auto stamp = m_database.stamp();
  if (m_snapshot && m_snapshot->stamp() == stamp)
    return;
  // Someone else wrote: both copies are read again (the spare from the new current one, when a
  // batch needs it).
  m_spare.reset();
  m_spare_behind.clear();
  m_spare_behind_links.clear();
  m_spare_behind_projects.clear();
  m_spare_behind_structure.reset();
  m_spare_unexplained.clear();
  m_spare_baseline.reset();
  auto scheduled = operations::load_scheduled(m_database, Date::today_in_vietnam());
  auto settings = operations::load_alert_settings(m_database, "");
  set_current_locked(std::make_shared<Snapshot>(std::move(scheduled), std::move(settings), stamp));
}

std::shared_ptr<Snapshot> Snapshot::copy() const {
  return std::make_shared<Snapshot>(m_scheduled, m_alert_settings, m_stamp, m_project_index);
}

namespace {

std::shared_ptr<const Snapshot::AlertPlaces> places_of(const Portfolio& portfolio,
                                                       const std::vector<analysis::Alert>& alerts) {
  auto places = std::make_shared<Snapshot::AlertPlaces>();
  places->critical_of_project.assign(portfolio.projects.size(), 0);
  places->province_of_project.assign(portfolio.projects.size(), nullptr);
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const auto project = static_cast<std::size_t>(alerts[i].project);
    auto& slot = places->province_of_project[project];
    if (!slot)
      slot = &places->provinces.try_emplace(portfolio.projects[project].province).first->first;
    auto& province = places->provinces.find(*slot)->second;
    province.positions.push_back(static_cast<std::uint32_t>(i));
    if (alerts[i].severity == analysis::Severity::Critical) {
      ++province.critical;
      ++places->critical_of_project[project];
    }
  }
  return places;
}

}  // namespace

std::shared_ptr<const std::vector<analysis::Alert>> Snapshot::alerts() const {
  std::lock_guard lock(m_alerts_mutex);
  if (m_alerts)
    return m_alerts;
  if (m_previous_alerts) {
    analysis::AlertInputs inputs = operations::alert_inputs(m_alert_settings);
    m_alerts = std::make_shared<const std::vector<analysis::Alert>>(analysis::update_alerts(
        *m_previous_alerts, m_scheduled.portfolio, *m_scheduled.network, m_scheduled.schedule,
        inputs, m_recompute_alerts, &m_alerts_kept_from));
  } else {
    m_alerts = std::make_shared<const std::vector<analysis::Alert>>(operations::alerts_of(
        m_scheduled, m_scheduled.schedule, m_alert_settings, operations::AlertsQuery{}));
    m_alerts_kept_from.clear();
  }
  m_previous_alerts.reset();
  m_recompute_alerts.clear();
  m_fresh_alerts.reset();
  // Their places with them, on the time of whoever asked for every alert (a pass over them,
  // small beside making them): otherwise the first dashboard after the next edit would make
  // them, on a reader's time.
  m_alert_places = places_of(m_scheduled.portfolio, *m_alerts);
  m_carried_fresh.reset();
  m_carried_fresh_stale.clear();
  return m_alerts;
}


void Snapshot::make_fresh_alerts_locked() const {
  if (m_alerts || !m_previous_alerts || m_fresh_alerts)
    return;
  analysis::AlertInputs inputs = operations::alert_inputs(m_alert_settings);
  // The alerts of the projects to compute again, sorted: those the previous snapshot
  // computed kept, except for the projects an edit since reached.
  m_fresh_alerts = std::make_shared<const std::vector<analysis::Alert>>(
      m_carried_fresh
          ? analysis::update_alerts(*m_carried_fresh, m_scheduled.portfolio, *m_scheduled.network,
                                    m_scheduled.schedule, inputs, m_carried_fresh_stale)
          : analysis::update_alerts({}, m_scheduled.portfolio, *m_scheduled.network,
                                    m_scheduled.schedule, inputs, m_recompute_alerts));
  m_carried_fresh.reset();
  m_carried_fresh_stale.clear();
}

void Snapshot::prepare_after_edit() {
  // Nobody reads this snapshot yet: what its first dashboard needs is brought up to date now,
  // on the write's time (a fraction of a millisecond), not on the reader's.
  {
    std::lock_guard lock(m_alerts_mutex);
    make_fresh_alerts_locked();
  }
  std::lock_guard lock(m_tallies_mutex);
  std::vector<std::string> keys;
  for (const auto& [key, tally] : m_previous_tallies)
    keys.push_back(key);
  for (const auto& key : keys) {
    // A copy: bringing the tally up to date lets the previous one go.
    analysis::PipelineQuery query = m_previous_tallies.at(key)->query();
    tally_locked(key, query);
  }
}

Snapshot::AlertDigest Snapshot::alert_digest(
    const std::function<bool(std::string_view province)>& in_scope, std::size_t top) const {
  std::shared_ptr<const std::vector<analysis::Alert>> base, fresh;
  std::shared_ptr<const AlertPlaces> places;
  std::vector<bool> recompute;
  {
    std::lock_guard lock(m_alerts_mutex);
    if (!m_alerts && m_previous_alerts) {
      make_fresh_alerts_locked();
      base = m_previous_alerts;
      fresh = m_fresh_alerts;
      recompute = m_recompute_alerts;
    }
  }
  if (!base)
    base = alerts();
  {
    std::lock_guard lock(m_alerts_mutex);
    // The places belong to the list they were made for; alerts() made since replaced it.
    if (!m_alert_places && (base == m_alerts || base == m_previous_alerts))
      m_alert_places = places_of(m_scheduled.portfolio, *base);
    places = (base == m_alerts || base == m_previous_alerts) ? m_alert_places : nullptr;
  }
  if (!places)
    places = places_of(m_scheduled.portfolio, *base);
  recompute.resize(m_scheduled.portfolio.projects.size(), false);
  const auto& projects = m_scheduled.portfolio.projects;

  AlertDigest digest;
  // The provinces in scope and their critical alerts, less those of the projects computed
  // again (counted under the province they were counted in), plus the new ones.
  std::vector<const AlertPlaces::Province*> shown;
  bool everything = true;
  for (const auto& [name, province] : places->provinces) {
    if (in_scope(name)) {
      shown.push_back(&province);
      digest.critical += province.critical;
    } else {
      everything = false;
    }
  }
  for (std::size_t p = 0; p < recompute.size() && p < places->province_of_project.size(); ++p)
    if (recompute[p] && places->province_of_project[p] && in_scope(*places->province_of_project[p]))
      digest.critical -= places->critical_of_project[p];
  std::vector<const analysis::Alert*> fresh_shown;
  if (fresh)
    for (const auto& alert : *fresh)
      if (in_scope(projects[static_cast<std::size_t>(alert.project)].province)) {
        fresh_shown.push_back(&alert);
        digest.critical += alert.severity == analysis::Severity::Critical;
      }

  // The first `top`: the base's alerts in scope, in order (every one, or the provinces'
  // positions merged), those of the projects computed again left out, merged with the new ones.
  using Cursor = std::pair<std::uint32_t, std::size_t>;  // position, province in `shown`
  std::vector<Cursor> heap;
  std::vector<std::size_t> next_of(shown.size(), 0);
  std::size_t next_position = 0;
  if (!everything) {
    for (std::size_t i = 0; i < shown.size(); ++i)
      if (!shown[i]->positions.empty())
        heap.emplace_back(shown[i]->positions[0], i);
    std::make_heap(heap.begin(), heap.end(), std::greater<>());
  }
  // The next kept alert in scope, or nullptr.
  auto next_kept = [&]() -> const analysis::Alert* {
    for (;;) {
      std::uint32_t position = 0;
      if (everything) {
        if (next_position >= base->size())
          return nullptr;
        position = static_cast<std::uint32_t>(next_position++);
      } else {
        if (heap.empty())
          return nullptr;
        std::pop_heap(heap.begin(), heap.end(), std::greater<>());
        auto [at, i] = heap.back();
        heap.pop_back();
        position = at;
        if (++next_of[i] < shown[i]->positions.size()) {
          heap.emplace_back(shown[i]->positions[next_of[i]], i);
          std::push_heap(heap.begin(), heap.end(), std::greater<>());
        }
      }
      const auto& alert = (*base)[position];
      if (!recompute[static_cast<std::size_t>(alert.project)])
        return &alert;
    }
  };
  const analysis::Alert* kept = next_kept();
  std::size_t next_fresh = 0;
  while (digest.top.size() < top && (kept || next_fresh < fresh_shown.size())) {
    if (kept && (next_fresh == fresh_shown.size() ||
                 analysis::alert_before(m_scheduled.portfolio, *kept, *fresh_shown[next_fresh]))) {
      digest.top.push_back(*kept);
      kept = next_kept();
    } else {
      digest.top.push_back(*fresh_shown[next_fresh++]);
    }
  }
  return digest;
}

namespace {
// The key a pipeline question is kept under; none for one with province or technology filters
// (not kept).
std::optional<std::string> tally_key(const analysis::PipelineQuery& query) {
  if (query.province || query.technology)
    return std::nullopt;
  std::string key;
  for (auto field : query.group_by)
    key += std::string(analysis::group_field_key(field)) + ',';
  key += '|' + query.stage.value_or("-");
  key += query.legacy_provinces ? "|legacy" : "|current";
  key += query.cod_basis == analysis::CodBasis::Planned ? "|planned" : "|forecast";
  return key;
}
}  // namespace

analysis::PipelineResult Snapshot::pipeline(const analysis::Schedule& schedule,
                                            const analysis::PipelineQuery& query) const {
  auto key = tally_key(query);
  if (!key || schedule.as_of.days() != m_scheduled.schedule.as_of.days())
    return operations::pipeline_of(m_scheduled, schedule, query);
  std::lock_guard lock(m_tallies_mutex);
  return tally_locked(*key, query).result();
}

const analysis::PipelineTally& Snapshot::tally_locked(const std::string& key,
                                                      const analysis::PipelineQuery& query) const {
  auto& slot = m_tallies[key];
  if (!slot) {
    const auto& provinces = ProvinceRegistry::builtin();
    const auto& by_project = m_project_index.milestones_by_project();
    auto previous = m_previous_tallies.find(key);
    if (previous != m_previous_tallies.end()) {
      // The previous snapshot's, with the projects whose values may have moved counted again.
      auto tally = std::make_shared<analysis::PipelineTally>(*previous->second);
      if (tally->update(m_scheduled.portfolio, m_scheduled.schedule, m_count_again, provinces,
                        by_project))
        slot = std::move(tally);
      m_previous_tallies.erase(previous);
    }
    if (!slot)
      slot = std::make_shared<const analysis::PipelineTally>(
          m_scheduled.portfolio, m_scheduled.schedule, query, provinces, by_project);
  }
  return *slot;
}

std::shared_ptr<const Snapshot::AlertRows> Snapshot::alert_rows() const {
  auto alerts = this->alerts();
  std::lock_guard lock(m_alert_rows_mutex);
  if (m_alert_rows)
    return m_alert_rows;
  std::vector<std::int32_t> kept_from;
  {
    std::lock_guard alerts_lock(m_alerts_mutex);
    kept_from = std::move(m_alerts_kept_from);
    m_alerts_kept_from.clear();
  }
  // Rows are kept only from the rows of the very alerts they were kept from.
  auto previous = std::move(m_previous_alert_rows);
  m_previous_alert_rows.reset();
  if (kept_from.size() != alerts->size())
    previous.reset();
  auto rows = std::make_shared<AlertRows>();
  rows->ends.reserve(alerts->size());
  std::vector<bool> leaf;
  for (std::size_t i = 0; i < alerts->size(); ++i) {
    if (previous && kept_from[i] >= 0) {
      rows->text += previous->row(static_cast<std::size_t>(kept_from[i]));
    } else {
      if (leaf.empty())
        leaf = analysis::leaf_projects(m_scheduled.portfolio);
      rows->text += report::alert_json_row(m_scheduled.portfolio, m_scheduled.schedule, leaf,
                                           (*alerts)[i]);
    }
    rows->ends.push_back(rows->text.size());
  }
  m_alert_rows = std::move(rows);
  return m_alert_rows;
}

void Snapshot::forget_answers() {
  {
    std::lock_guard remakes(m_remakes_mutex);
    m_remakes.clear();
  }
  {
    std::lock_guard alerts(m_alerts_mutex);
    m_alerts.reset();
    m_previous_alerts.reset();
    m_recompute_alerts.clear();
    m_fresh_alerts.reset();
    m_alerts_kept_from.clear();
    m_alert_places.reset();
    m_carried_fresh.reset();
    m_carried_fresh_stale.clear();
  }
  {
    std::lock_guard rows(m_alert_rows_mutex);
    m_alert_rows.reset();
    m_previous_alert_rows.reset();
  }
  {
    std::lock_guard tallies(m_tallies_mutex);
    m_tallies.clear();
    m_previous_tallies.clear();
    m_count_again.clear();
  }
  std::lock_guard schedules(m_schedules_mutex);
  m_schedules.clear();
  m_previous_schedules.clear();
  m_schedules_changed.clear();
  std::lock_guard answers(m_answers_mutex);
  m_answers.clear();
}

std::shared_ptr<Snapshot> Workspace::take_spare_locked(std::vector<std::int32_t>& behind) {
  behind.clear();
  // Only this object holds the spare when its count is one, and nobody can take another
  // reference to it then (readers get snapshots from m_snapshot, never the spare). The fence
  // makes the last reader's accesses happen before the changes below.
  if (m_spare && m_spare.use_count() == 1) {
    std::atomic_thread_fence(std::memory_order_acquire);
    auto spare = std::move(m_spare);
    auto& milestones = spare->m_scheduled.portfolio.milestones;
    // Its schedule still lacks these: the next batch brings it up to date with them and its own.
    for (auto& change : m_spare_behind) {
      milestones[static_cast<std::size_t>(change.milestone)] = std::move(change.value);
      behind.push_back(change.milestone);
    }
    // A link's type or lag (the links are the same ones): told as a change of both its ends,
    // which recomputes what the link itself would (downstream of its successor, upstream of its
    // predecessor) and a little more.
    for (auto& [index, link] : m_spare_behind_links) {
      spare->m_scheduled.portfolio.dependencies[static_cast<std::size_t>(index)] = link;
      behind.push_back(link.from);
      behind.push_back(link.to);
    }
    // A project's own fields: the schedule reads none of them, its search text does.
    for (auto& [index, project] : m_spare_behind_projects) {
      spare->m_scheduled.portfolio.projects[static_cast<std::size_t>(index)] = project;
      spare->m_project_index.update_project(spare->m_scheduled.portfolio, index);
    }
    catch_up_structure(*spare, behind);
    for (auto& [code, day] : m_spare_last_change)
      spare->m_alert_settings.last_change[code] = day;
    if (m_spare_baseline)
      spare->m_alert_settings.baseline = std::move(m_spare_baseline);
    m_spare_baseline.reset();
    for (auto& [reference, days] : m_spare_unexplained)
      if (days)
        spare->m_alert_settings.unexplained_slips[reference] = *days;
      else
        spare->m_alert_settings.unexplained_slips.erase(reference);
    m_spare_behind.clear();
    m_spare_behind_links.clear();
    m_spare_behind_projects.clear();
    m_spare_behind_structure.reset();
    m_spare_unexplained.clear();
    m_spare_baseline.reset();
    spare->forget_answers();
    spare->m_stamp = m_snapshot->stamp();
    return spare;
  }
  // A reader still holds the spare (or there is none yet): it is let go, and the batch edits a
  // copy of the current portfolio.
  m_spare.reset();
  m_spare_behind.clear();
  m_spare_behind_links.clear();
  m_spare_behind_projects.clear();
  m_spare_behind_structure.reset();
  m_spare_unexplained.clear();
  m_spare_baseline.reset();
  return m_snapshot->copy();
}

void Workspace::carry_answers_locked(Snapshot& target,
                                     const std::optional<std::vector<std::int32_t>>& edited,
                                     std::span<const std::int32_t> edited_projects,
                                     std::optional<std::span<const std::int32_t>> links_renumbered,
                                     std::int32_t milestone_inserted,
                                     std::int32_t milestone_removed) {
  carry_previous_answers_locked(target, edited, edited_projects, links_renumbered,
                                milestone_inserted, milestone_removed);
  target.prepare_after_edit();
}

void Workspace::carry_previous_answers_locked(
    Snapshot& target, const std::optional<std::vector<std::int32_t>>& edited,
    std::span<const std::int32_t> edited_projects,
    std::optional<std::span<const std::int32_t>> links_renumbered, std::int32_t milestone_inserted,
    std::int32_t milestone_removed) {
  // The alerts, when the current snapshot has them, are brought up to date from its own when the
  // new one is first asked: the projects to compute again are those of the milestones edited or
  // whose schedule entries moved, and those they reach.
  std::shared_ptr<const std::vector<analysis::Alert>> previous;
  std::shared_ptr<const Snapshot::AlertRows> previous_rows;
  // When the current snapshot never made its alerts but carries an earlier one's (only its
  // dashboard was asked for), the new one carries those too, with the projects to compute again
  // since then.
  std::vector<bool> pending;
  std::shared_ptr<const Snapshot::AlertPlaces> places;
  // The alerts the current snapshot computed again for its dashboard (or carried to compute),
  // and the projects among them still to be computed again.
  std::shared_ptr<const std::vector<analysis::Alert>> carried_fresh;
  std::vector<bool> carried_stale;
  {
    // Never waiting for a reader making the current snapshot's alerts (a second or so at
    // national scale): they are then computed in full for the new one.
    std::unique_lock alerts(m_snapshot->m_alerts_mutex, std::try_to_lock);
    if (alerts.owns_lock()) {
      previous = m_snapshot->m_alerts;
      if (!previous && m_snapshot->m_previous_alerts) {
        previous = m_snapshot->m_previous_alerts;
        pending = m_snapshot->m_recompute_alerts;
      }
      places = m_snapshot->m_alert_places;
      if (!m_snapshot->m_alerts && m_snapshot->m_previous_alerts) {
        if (m_snapshot->m_fresh_alerts) {
          carried_fresh = m_snapshot->m_fresh_alerts;
        } else if (m_snapshot->m_carried_fresh) {
          carried_fresh = m_snapshot->m_carried_fresh;
          carried_stale = m_snapshot->m_carried_fresh_stale;
        }
      }
    }
  }
  if (previous) {
    // Nor for one writing their rows: the new snapshot's are then written in full.
    std::unique_lock rows(m_snapshot->m_alert_rows_mutex, std::try_to_lock);
    if (rows.owns_lock())
      previous_rows = pending.empty() ? m_snapshot->m_alert_rows
                                      : m_snapshot->m_previous_alert_rows;
  }
  const auto& before = m_snapshot->m_scheduled;
  const auto& after = target.m_scheduled;
  {
    std::lock_guard rows(target.m_alert_rows_mutex);
    target.m_alert_rows.reset();
    target.m_previous_alert_rows.reset();
  }
  std::lock_guard alerts(target.m_alerts_mutex);
  target.m_alerts.reset();
  target.m_previous_alerts.reset();
  target.m_recompute_alerts.clear();
  target.m_fresh_alerts.reset();
  target.m_alerts_kept_from.clear();
  target.m_alert_places.reset();
  target.m_carried_fresh.reset();
  target.m_carried_fresh_stale.clear();
  // The pipeline questions the current snapshot answered, for the new one to bring up to date
  // when asked (never waiting for a reader counting one).
  std::map<std::string, std::shared_ptr<const analysis::PipelineTally>> tallies;
  {
    std::unique_lock kept(m_snapshot->m_tallies_mutex, std::try_to_lock);
    if (kept.owns_lock())
      tallies = m_snapshot->m_tallies;
  }
  {
    std::lock_guard kept(target.m_tallies_mutex);
    target.m_tallies.clear();
    target.m_previous_tallies.clear();
    target.m_count_again.clear();
  }
  const std::size_t inserted = milestone_inserted >= 0 ? 1 : 0;
  const std::size_t removed = milestone_removed >= 0 ? 1 : 0;
  if (!edited || before.schedule.as_of.days() != after.schedule.as_of.days() ||
      before.portfolio.projects.size() != after.portfolio.projects.size() ||
      before.portfolio.milestones.size() + inserted !=
          after.portfolio.milestones.size() + removed ||
      (!links_renumbered &&
       before.portfolio.dependencies.size() != after.portfolio.dependencies.size()) ||
      before.schedule.milestones.size() + inserted != after.schedule.milestones.size() + removed)
    return;
  {
    // The schedules at other dates the current snapshot made, to be brought up to date from the
    // edited milestones when the new one is asked for them (never waiting for a reader making
    // one).
    std::map<std::int32_t, Snapshot::ScheduleFuture> schedules;
    {
      std::unique_lock kept(m_snapshot->m_schedules_mutex, std::try_to_lock);
      if (kept.owns_lock())
        schedules = m_snapshot->m_schedules;
    }
    std::lock_guard kept(target.m_schedules_mutex);
    // A link added or removed renumbers the links the kept schedules' drivers name, a milestone
    // inserted the milestones: those are computed again in full when asked.
    target.m_previous_schedules = links_renumbered || inserted || removed
                                      ? std::map<std::int32_t, Snapshot::ScheduleFuture>{}
                                      : std::move(schedules);
    target.m_schedules_changed = *edited;
  }
  auto moved =
      analysis::moved_milestones(before.schedule, after.schedule, *edited,
                                 links_renumbered.value_or(std::span<const std::int32_t>{}),
                                 milestone_inserted, milestone_removed);
  if (previous && (inserted || removed)) {
    // The alerts kept name the milestones after the one inserted or removed by their old
    // indices.
    auto renumbered = std::make_shared<std::vector<analysis::Alert>>(*previous);
    analysis::renumber_alert_milestones(*renumbered, milestone_inserted, milestone_removed);
    previous = std::move(renumbered);
    if (carried_fresh) {
      auto fresh = std::make_shared<std::vector<analysis::Alert>>(*carried_fresh);
      analysis::renumber_alert_milestones(*fresh, milestone_inserted, milestone_removed);
      carried_fresh = std::move(fresh);
    }
  }
  if (previous) {
    auto reached =
        analysis::projects_alerts_reach(after.portfolio, *after.network, after.schedule, moved);
    for (auto p : edited_projects)
      reached[static_cast<std::size_t>(p)] = true;
    target.m_recompute_alerts = reached;
    for (std::size_t p = 0; p < pending.size() && p < target.m_recompute_alerts.size(); ++p)
      if (pending[p])
        target.m_recompute_alerts[p] = true;
    if (carried_fresh) {
      // The projects computed again for the current snapshot that this edit does not reach
      // keep their alerts: only those it reaches (and those already waiting) are computed, so
      // a run of saves with dashboards between them does not compute every earlier save's
      // projects again each time.
      for (std::size_t p = 0; p < carried_stale.size() && p < reached.size(); ++p)
        if (carried_stale[p])
          reached[p] = true;
      target.m_carried_fresh = std::move(carried_fresh);
      target.m_carried_fresh_stale = std::move(reached);
    }
    target.m_previous_alerts = std::move(previous);
    target.m_alert_places = std::move(places);
    // The rows too; the alert_rows_mutex is not held here, but nobody reads the target before
    // it becomes current.
    target.m_previous_alert_rows = std::move(previous_rows);
  }
  // A project's share of the pipeline reads its own fields, status events and milestones (the
  // gates done, its COD's early finish): those of the moved milestones are counted again.
  std::vector<bool> count_again(after.portfolio.projects.size(), false);
  for (auto m : moved)
    count_again[static_cast<std::size_t>(
        after.portfolio.milestones[static_cast<std::size_t>(m)].project)] = true;
  for (auto p : edited_projects)
    count_again[static_cast<std::size_t>(p)] = true;
  std::lock_guard kept(target.m_tallies_mutex);
  target.m_previous_tallies = std::move(tallies);
  target.m_count_again = std::move(count_again);
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
        // The day turned since the portfolio was scheduled: its "today" is another one. Readers
        // keep the old one until the new one is read.
        m_spare.reset();
        m_spare_behind.clear();
        m_spare_behind_links.clear();
        m_spare_behind_projects.clear();
        m_spare_behind_structure.reset();
        m_spare_unexplained.clear();
        m_spare_baseline.reset();
        auto scheduled = operations::load_scheduled(m_database, today);
        auto settings = operations::load_alert_settings(m_database, "");
        set_current_locked(std::make_shared<Snapshot>(std::move(scheduled), std::move(settings),
                                                      m_database.stamp()));
      }
      std::vector<std::int32_t> behind;
      auto target = take_spare_locked(behind);
      // Readers that see this batch's commit wait for it to become current (see snapshot()).
      m_committing = true;
      struct Committed {
        std::atomic<bool>& flag;
        ~Committed() { flag = false; }
      } committed{m_committing};
      // The schedule is brought up to date from the target's own (analysis/incremental_schedule.h):
      // only what this batch's milestones and those the target caught up with reach is recomputed.
      auto result = operations::edit_milestones_in_place(
          m_database, target->m_scheduled.portfolio, *target->m_scheduled.network,
          m_snapshot->stamp(), edits, today, std::move(target->m_scheduled.schedule), behind);
      if (result.written && m_database.file_replaced()) {
        // Written to a file that is no longer at the path: every edit of the batch is refused
        // (check_written), and the portfolio is read from the new file for the next request.
        m_snapshot.reset();
        check_written(m_database);
      }
      if (!result.written) {
        // Nothing was written and the target's portfolio is as it was, but its schedule was
        // taken: it is let go, and the portfolio is read again anyway.
        m_spare.reset();
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
        // Whether each edited milestone now moved later without a reason, from its log rows.
        std::vector<std::pair<std::string, std::optional<std::int32_t>>> unexplained;
        for (std::size_t e = 0; e < edits.size(); ++e)
          if (!result.errors[e]) {
            auto [code, key] = split_reference(edits[e].reference);
            auto& slips = target->m_alert_settings.unexplained_slips;
            operations::refresh_unexplained_slips(m_database, std::string(code),
                                                  "milestone:" + edits[e].reference, slips);
            auto found = slips.find(edits[e].reference);
            unexplained.emplace_back(edits[e].reference, found == slips.end()
                                                             ? std::nullopt
                                                             : std::optional(found->second));
          }
        target->m_scheduled.schedule = std::move(result.schedule);
        target->m_stamp = result.stamp;
        // The alerts and the pipeline's tallies are brought up to date from the current
        // snapshot's when the new one is first asked: from the milestones edited, when the
        // links are the current snapshot's.
        std::optional<std::vector<std::int32_t>> edited;
        if (m_snapshot->m_scheduled.portfolio.dependencies ==
            target->m_scheduled.portfolio.dependencies) {
          edited.emplace();
          for (std::size_t e = 0; e < edits.size(); ++e)
            if (!result.errors[e]) {
              auto index = target->m_scheduled.portfolio.milestone_by_reference(edits[e].reference);
              if (index < 0) {
                edited.reset();
                break;
              }
              edited->push_back(index);
            }
        }
        carry_answers_locked(*target, edited);
        publish_locked(std::move(target));
        m_spare_behind = std::move(result.changes);
        m_spare_last_change = std::move(last_change);
        m_spare_unexplained = std::move(unexplained);
      } else {
        // Every edit was refused: the target holds what the current one holds, its schedule
        // brought up to date with what it caught up with.
        target->m_scheduled.schedule = std::move(result.schedule);
        target->m_stamp = result.stamp;
        m_spare = std::move(target);
      }
      note_own_write_locked();
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
        check_written(m_database);
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
