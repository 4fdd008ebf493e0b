#pragma once
// What the server holds between requests: the database connection (one, used by one request at a
// time) and the portfolio loaded from it with its schedule; failed logins are kept in the database
// (operations/accounts.h). Every answer starts from snapshot(), which first asks the store whether
// anything was written since — by this server, the command line or a second server — so an answer
// is never staler than the database. Readers never wait for a write being prepared (an import,
// its dry run, an edit batch): they ask through connections of their own, which SQLite's
// write-ahead log lets read the last committed state meanwhile.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include "domain/error.h"
#include "operations/edits.h"
#include "operations/links.h"
#include "operations/projects.h"
#include "operations/queries.h"
#include "store/database.h"
#include "web/forecast_keeper.h"
#include "web/heavy_work.h"

namespace tiendo::web {

// The portfolio as one stamp of the database saw it, with what the answers need besides.
//
// After a milestone edit batch the new snapshot's schedule is not computed again: the batch edits
// the spare copy and brings the spare's own schedule up to date (analysis::update_schedule) with
// the milestones it changed and those the spare caught up with, so only what they reach is
// recomputed — early dates downstream, late dates and float upstream — and the result equals a
// full pass (tests/unit/test_incremental_schedule.cpp). What the snapshot caches (schedules at
// other dates, answers) starts empty for the new stamp; the fan chart is drawn off the request
// path (ForecastKeeper).
class Snapshot : public std::enable_shared_from_this<Snapshot> {
 public:
  Snapshot(operations::ScheduledPortfolio scheduled, operations::AlertSettings alert_settings,
           store::Database::Stamp stamp);
  // After an edit that changed no project's fields and no milestone's place: the index is kept.
  Snapshot(operations::ScheduledPortfolio scheduled, operations::AlertSettings alert_settings,
           store::Database::Stamp stamp, operations::ProjectIndex project_index);

  const Portfolio& portfolio() const { return m_scheduled.portfolio; }
  const operations::ScheduledPortfolio& scheduled() const { return m_scheduled; }
  const operations::AlertSettings& alert_settings() const { return m_alert_settings; }
  const store::Database::Stamp& stamp() const { return m_stamp; }
  const operations::ProjectIndex& project_index() const { return m_project_index; }
  // Every alert at the snapshot's own as-of date with its settings, made once and kept. After a
  // milestone edit batch they are brought up to date from the previous snapshot's, when it had
  // them (analysis::update_alerts): only the projects the moved milestones reach are computed
  // again (tests/unit/test_incremental_alerts.cpp).
  std::shared_ptr<const std::vector<analysis::Alert>> alerts() const;
  // Of the alerts of the projects whose recorded province `in_scope` takes (in alerts()'
  // order): how many are critical, and the first `top`. After an edit it reads the previous
  // snapshot's alerts and computes only those of the projects the edit reaches, merging them in
  // order, without making alerts() (a copy of every alert, tens of thousands at national
  // scale); the count comes from each province's and project's counts of the previous alerts
  // (AlertPlaces), and the first `top` from the positions of the provinces in scope, so the
  // national list is not walked either: the dashboard after a save costs about what a cached
  // one does. Edits that follow carry the same previous alerts and add the projects they reach,
  // until someone asks for alerts().
  struct AlertDigest {
    std::size_t critical = 0;
    std::vector<analysis::Alert> top;
  };
  AlertDigest alert_digest(const std::function<bool(std::string_view province)>& in_scope,
                           std::size_t top) const;
  // Where the alerts of a list of alerts lie: each recorded province's positions in it (in
  // order) and its critical ones, and each project's critical ones with the province they were
  // counted under. Made once per list, from the portfolio of the snapshot that first asks, and
  // carried with the list to the snapshots that follow: a project whose province changes since
  // is one whose alerts are computed again, so it is taken out under the province it was
  // counted in.
  struct AlertPlaces {
    struct Province {
      std::vector<std::uint32_t> positions;
      std::size_t critical = 0;
    };
    std::map<std::string, Province, std::less<>> provinces;
    std::vector<std::uint32_t> critical_of_project;
    std::vector<const std::string*> province_of_project;  // nullptr: no alert
  };
  // The JSON row of each of alerts() (report::alert_json_row), in the same order, one after the
  // other in one text.
  struct AlertRows {
    std::string text;
    std::vector<std::size_t> ends;  // Where each row ends in `text`.
    std::string_view row(std::size_t i) const {
      std::size_t begin = i == 0 ? 0 : ends[i - 1];
      return std::string_view(text).substr(begin, ends[i] - begin);
    }
  };
  // Made once; after an edit batch, the rows of the alerts kept from the previous snapshot are
  // kept with them and only the alerts computed again are written (their driver chains are most
  // of the work of /api/v1/alerts).
  std::shared_ptr<const AlertRows> alert_rows() const;
  // The pipeline `query` asks for on `schedule` (one of this snapshot's). At the snapshot's own
  // date, one asked without province or
  // technology filters is kept per question (analysis::PipelineTally) and, after a milestone
  // edit batch, brought up to date from the previous snapshot's: only the projects of the
  // milestones edited or whose schedule entries moved are counted again
  // (tests/unit/test_incremental_pipeline.cpp).
  analysis::PipelineResult pipeline(const analysis::Schedule& schedule,
                                    const analysis::PipelineQuery& query) const;
  // A copy of this snapshot's portfolio, schedule, settings and index, without its caches.
  std::shared_ptr<Snapshot> copy() const;
  // The schedule at an as-of date, computed once per date and kept while the snapshot lives. At
  // the snapshot's own date it is its own schedule (nothing copied; the pointer keeps the snapshot
  // alive). Another date is computed outside any lock another date's reader needs: a reader asking
  // for today never waits for a report computing its period's dates at the lowered priority, and
  // those asking for the same date meanwhile wait for the one computation. After an edit, a date
  // the previous snapshot had is brought up to date from its schedule there
  // (analysis::update_schedule) from the milestones the edit changed, instead of computed again.
  std::shared_ptr<const analysis::Schedule> schedule(Date as_of) const;

  // An answer that depends only on this snapshot and the question (`key`: the route and its
  // normalised parameters), made by `make` the first time and kept while the snapshot lives: the
  // snapshot never changes, so neither does the answer. A few hundred are kept at most.
  std::shared_ptr<const std::string> answer(const std::string& key,
                                            const std::function<std::string()>& make) const;
  // The answer `key` when it is kept or being made for another request (waiting for it then);
  // nothing when nobody asked for it yet.
  std::shared_ptr<const std::string> kept_answer(const std::string& key) const;
  // How to make the answer `key` for a later snapshot, off the request path: an edit hands the
  // snapshot's remakes to the one it makes, and the workspace makes them there after it is
  // published (Workspace::publish_locked), so the first reader after a save finds the answer
  // made or being made rather than making it. Each request that asks for the answer keeps its
  // remake again; one nobody asked for over a few edits is let go.
  using Remake = std::function<std::string(const Snapshot&)>;
  void keep_remake(const std::string& key, Remake remake) const;

 private:
  friend class Workspace;
  // Only the workspace changes a snapshot, and only one no reader holds: what it cached is
  // forgotten first.
  void forget_answers();
  // After an edit handed it the previous snapshot's answers: the alerts of the projects to
  // compute again and the kept pipeline tallies brought up to date now, while no reader holds
  // the snapshot, so that its first dashboard only reads them.
  void prepare_after_edit();
  void make_fresh_alerts_locked() const;  // m_alerts_mutex held
  const analysis::PipelineTally& tally_locked(const std::string& key,
                                              const analysis::PipelineQuery& query) const;

  operations::ScheduledPortfolio m_scheduled;
  operations::AlertSettings m_alert_settings;
  store::Database::Stamp m_stamp;
  operations::ProjectIndex m_project_index;
  using ScheduleFuture = std::shared_future<std::shared_ptr<const analysis::Schedule>>;
  mutable std::mutex m_schedules_mutex;
  mutable std::map<std::int32_t, ScheduleFuture> m_schedules;
  // Set by an edit: the previous snapshot's schedules at other dates and the milestones whose own
  // inputs changed since (each date's is brought up to date from them when first asked), or
  // nothing when the edit's effect is not bounded so.
  mutable std::map<std::int32_t, ScheduleFuture> m_previous_schedules;
  mutable std::vector<std::int32_t> m_schedules_changed;
  mutable std::mutex m_alerts_mutex;
  mutable std::shared_ptr<const std::vector<analysis::Alert>> m_alerts;
  // Set by an edit batch: the previous snapshot's alerts and the projects to compute again.
  mutable std::shared_ptr<const std::vector<analysis::Alert>> m_previous_alerts;
  mutable std::vector<bool> m_recompute_alerts;
  // The alerts of the projects in m_recompute_alerts, sorted, once alert_digest made them.
  mutable std::shared_ptr<const std::vector<analysis::Alert>> m_fresh_alerts;
  // The places of m_alerts' alerts, or of m_previous_alerts' when there are those, once
  // alert_digest made them or an edit carried them from the previous snapshot.
  mutable std::shared_ptr<const AlertPlaces> m_alert_places;
  // Set by an edit when the previous snapshot had computed its m_fresh_alerts (or carried
  // them): those, and the projects among m_recompute_alerts whose alerts in them are stale (the
  // edits' since). alert_digest makes m_fresh_alerts from them.
  mutable std::shared_ptr<const std::vector<analysis::Alert>> m_carried_fresh;
  mutable std::vector<bool> m_carried_fresh_stale;
  // For each of m_alerts, its index in the previous snapshot's when it was kept from there (-1:
  // computed again); empty when they were computed in full. Read once by alert_rows().
  mutable std::vector<std::int32_t> m_alerts_kept_from;
  mutable std::mutex m_alert_rows_mutex;
  mutable std::shared_ptr<const AlertRows> m_alert_rows;
  // Set by an edit batch with m_previous_alerts: the previous snapshot's rows, when it had them.
  mutable std::shared_ptr<const AlertRows> m_previous_alert_rows;
  mutable std::mutex m_tallies_mutex;
  mutable std::map<std::string, std::shared_ptr<const analysis::PipelineTally>> m_tallies;
  // Set by an edit batch: the previous snapshot's tallies and the projects to count again.
  mutable std::map<std::string, std::shared_ptr<const analysis::PipelineTally>> m_previous_tallies;
  mutable std::vector<bool> m_count_again;
  struct KeptRemake {
    Remake remake;
    int edits_unasked = 0;  // Edits since a request last asked for the answer.
  };
  mutable std::mutex m_remakes_mutex;
  mutable std::map<std::string, KeptRemake> m_remakes;
  mutable std::mutex m_answers_mutex;
  mutable std::map<std::string, std::shared_future<std::shared_ptr<const std::string>>> m_answers;
};

// What a request's work does with the database, which tells whether it may run again after its
// connection was found lost: a read may; a write may not, as it may have been written.
enum class Access { Read, Write };

class Workspace {
 public:
  explicit Workspace(const std::string& database_path);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // The portfolio as the database holds it now: reloaded when its stamp moved since the last load.
  std::shared_ptr<const Snapshot> snapshot();
  // Makes the spare copy of the current portfolio now (the server calls it before it listens),
  // so that the first edit does not copy a national portfolio on its request's time.
  void prepare_spare();

  // Runs `work` with the database while no other request uses it (SQLite connections are not to
  // be shared between threads at once). A PostgreSQL server that went away makes it throw
  // Unavailable (503); see use_connection for how the workspace connects again.
  template <class Work>
  decltype(auto) with_database(Work&& work, Access access = Access::Write) {
    std::lock_guard lock(m_database_mutex);
    return use_connection(m_database, m_database_lost, access, std::forward<Work>(work));
  }

  // Runs `work` with the database only if no other request is using it; false otherwise. For
  // bookkeeping that may wait for a later request (a session's idle time), which must never keep
  // a reader waiting behind an import.
  template <class Work>
  bool with_database_if_free(Work&& work) {
    std::unique_lock lock(m_database_mutex, std::try_to_lock);
    if (!lock.owns_lock())
      return false;
    use_connection(m_database, m_database_lost, Access::Write, std::forward<Work>(work));
    return true;
  }

  // Runs `work` that only reads the database on a connection of its own, taken from a few kept
  // open: it waits neither for a write being prepared on the main connection nor for another
  // reader. A connection found lost is let go, and the work runs once more on a new one.
  template <class Work>
  decltype(auto) with_reading(Work&& work) {
    try {
      ReadingLease lease(*this);
      return work(lease.database());
    } catch (const Unavailable&) {
      mark_lost();
    }
    ReadingLease lease(*this);
    try {
      return work(lease.database());
    } catch (const Unavailable&) {
      lease.discard();
      mark_lost();
      throw;
    }
  }

  // Heavy reads (forecasts, reports, exports, dry runs): at most one per user, and as many at once
  // as there are processors (web/heavy_work.h).
  HeavyWork& heavy_work() { return m_heavy_work; }
  // The default forecast, drawn off the request threads (web/forecast_keeper.h).
  ForecastKeeper& forecasts() { return m_forecasts; }

  // What a milestone edit answers with: the latest change of each milestone of its project
  // (their versions).
  using MilestoneChanges = std::map<std::string, store::ChangeRecord>;
  // Makes one milestone edit (Set; every rule, scope and version as edit_milestone), together
  // with the edits other requests are waiting to make: the first to get the database makes all
  // that are waiting in one schedule and one transaction (operations::edit_milestones_in_place),
  // and the portfolio it edited becomes the current one. `answer`, when given, is called with the
  // portfolio holding the edit before anyone can change it again (what the face renders from it,
  // it renders there, so that no request keeps an edited portfolio past its batch). Throws the
  // edit's own refusal.
  MilestoneChanges edit_milestone(
      const operations::MilestoneEdit& edit,
      const std::function<void(const Snapshot&, const MilestoneChanges&)>& answer = {});

  // Changes a link's type or lag (operations::edit_dependency, Set: every rule, scope and version
  // as there). The link's row is written alone and the portfolio brought up to date as after a
  // milestone edit: the spare copy takes the change, its schedule is updated from the link's ends
  // and the alerts and pipeline cells of the projects whose values moved are computed again when
  // asked (web/workspace_writes.cpp). When someone else wrote meanwhile, it is written through the
  // store's full write and the portfolio read again.
  operations::DependencyResult set_link(const store::ChangeContext& context,
                                        const std::string& from, const std::string& to,
                                        const std::optional<std::string>& type,
                                        const std::optional<std::string>& lag_days,
                                        const Account* account,
                                        std::optional<std::int64_t> expected_version);

  // Changes a project's own fields (operations::edit_project, Set without a template: every
  // rule, scope and version as there) likewise: its row written alone, the spare copy changed, the
  // project's alerts and pipeline cells (and those its milestones reach) computed again when
  // asked. A change of its calendar, schedule rules, data date or parent, whose effect the project
  // does not bound, is written through the store's full write and the portfolio read again.
  void set_project(const store::ChangeContext& context, const Fields& fields,
                   const Account* account, std::optional<std::int64_t> expected_version);

  // Adds the link FROM -> TO (operations::edit_dependency, Add), removes one
  // (operations::remove_dependency), or sets a project's status (operations::set_project_status):
  // every rule, cycle, scope and version as there. The one row is written alone and the portfolio
  // brought up to date as after a link's type or lag: the network is built again with the link's
  // edges, the schedule updated from the link's ends (or, for a status, only the project's
  // pipeline cells and alerts counted again when asked). When someone else wrote meanwhile, it is
  // written through the store's full write and the portfolio read again.
  operations::DependencyResult add_link(const store::ChangeContext& context,
                                        const std::string& from, const std::string& to,
                                        const std::optional<std::string>& type,
                                        const std::optional<std::string>& lag_days,
                                        const Account* account);
  void remove_link(const store::ChangeContext& context, const std::string& from,
                   const std::string& to, const Account* account,
                   std::optional<std::int64_t> expected_version);
  void set_status(const store::ChangeContext& context, const std::string& code,
                  ProjectStatus status, Date when, const Account* account);
  // Adds the milestone REF (operations::edit_milestone, Add: every rule and the guard's scope as
  // there) likewise: its row written alone, the milestone appended to the portfolio (a reload
  // orders it last too), the network kept with one more milestone linked to nothing, its
  // schedule entry computed, and its project's alerts and pipeline cells counted again.
  void add_milestone(const store::ChangeContext& context, const std::string& reference,
                     const Fields& fields, const operations::Guard& guard);
  // Saves the current portfolio's planned dates as the baseline `name`
  // (operations::save_baseline: the same rules and refusals) without reading the portfolio
  // again; the alerts, which compare with the latest baseline, are computed again in full
  // before the new portfolio is current. Returns how many milestones it holds.
  std::size_t save_baseline(const store::ChangeContext& context, const std::string& name);
  // Removes the milestone REF with its links (operations::remove_milestone: every rule, the
  // reason, scope and version as there) likewise: its rows written alone, the milestone and its
  // links taken out of the portfolio (the later ones move down, as a reload numbers them), the
  // network built again, the schedule brought up to date from its neighbours.
  operations::RemovedMilestone remove_milestone(const store::ChangeContext& context,
                                                const std::string& reference,
                                                const operations::Guard& guard);

  // Accounts, tokens and sessions through a connection of their own: telling who asks must not
  // wait for a write of the portfolio, which holds the main connection for a while (SQLite's
  // write-ahead log lets this one read meanwhile).
  //
  // A write (a login, a failed one, a token, a logout) goes through the portfolio's own connection
  // when no write holds it: through the accounts connection it would move the database's stamp
  // as another writer's would, and the next reader and the next edit would read the whole
  // portfolio again (a second at national scale) after every login. When a write of the
  // portfolio holds the main connection, it goes through the accounts one rather than wait.
  template <class Work>
  decltype(auto) with_accounts(Work&& work, Access access = Access::Write) {
    if (access == Access::Write) {
      std::unique_lock database(m_database_mutex, std::try_to_lock);
      if (database.owns_lock())
        return use_connection(m_database, m_database_lost, access, std::forward<Work>(work));
    }
    std::lock_guard lock(m_accounts_mutex);
    return use_connection(m_accounts_database, m_accounts_lost, access, std::forward<Work>(work));
  }

  // At most a few argon2id checks at once: each takes 64 MiB and most of a core, so a flood of
  // logins must queue rather than take the memory and the processors from everyone else.
  template <class Check>
  decltype(auto) with_password_check(Check&& check) {
    std::unique_lock lock(m_password_checks_mutex);
    // A bounded queue: past it the login is answered 503 with Retry-After at once, so that a
    // burst of logins cannot hold every worker (and every other user's request) for seconds.
    if (m_password_checks_waiting >= 32)
      throw Overloaded(message("too many logins at once; try again in a few seconds"), 2);
    ++m_password_checks_waiting;
    m_password_checks_free.wait(lock, [&] { return m_password_checks < 2; });
    --m_password_checks_waiting;
    ++m_password_checks;
    lock.unlock();
    struct Release {
      Workspace* workspace;
      ~Release() {
        std::lock_guard lock(workspace->m_password_checks_mutex);
        --workspace->m_password_checks;
        workspace->m_password_checks_free.notify_one();
      }
    } release{this};
    return check();
  }

 private:
  // A connection to a PostgreSQL server that went away (stopped, restarted, the network cut) can
  // only fail from then on: once one has failed so, both connections are marked lost (they reach
  // the same server) and each is opened again before its next use, so the workspace answers again
  // as soon as the server is back, without a restart. While the server is away, opening fails with
  // Unavailable too. Work that only reads runs once more on a connection opened again, so the
  // first request after a restart the server saw no request during is answered as well; a write
  // is not run twice. The caller holds the connection's mutex.
  //
  // A SQLite file can be replaced under the server (a backup moved over it): before each use the
  // connection asks whether its path still names the file it opened (one stat), and when not, it
  // is opened again from the path (see reopen_if_lost). After a write it asks again: a write that
  // went to the file that was there before is refused (Unavailable: 503), never answered as made.
  template <class Work>
  decltype(auto) use_connection(store::Database& database, std::atomic<bool>& lost, Access access,
                                Work&& work) {
    reopen_if_lost(database, lost);
    try {
      return run_checked(database, access, work);
    } catch (const Unavailable&) {
      mark_lost();
      if (access == Access::Write)
        throw;
    }
    reopen_if_lost(database, lost);
    try {
      return run_checked(database, access, work);
    } catch (const Unavailable&) {
      mark_lost();
      throw;
    }
  }
  template <class Work>
  decltype(auto) run_checked(store::Database& database, Access access, Work& work) {
    using Result = decltype(work(database));
    if constexpr (std::is_void_v<Result>) {
      work(database);
      if (access == Access::Write)
        check_written(database);
    } else {
      Result result = work(database);
      if (access == Access::Write)
        check_written(database);
      return result;
    }
  }
  // Throws Unavailable when the file the connection wrote to is no longer at its path.
  void check_written(store::Database& database);
  void reopen_if_lost(store::Database& database, std::atomic<bool>& lost);
  void mark_lost();

  void refresh_locked();
  // The stamp as the stamp connection sees it now.
  store::Database::Stamp stamp_now();
  // The portfolio read through the stamp connection, for readers while the main connection is
  // held by a write being prepared and something was committed meanwhile.
  std::shared_ptr<const Snapshot> snapshot_while_writing();
  // After this process's own write through the main connection: the current snapshot holds it,
  // so the stamp connection's view is taken as current when the main connection saw no other.
  void note_own_write_locked();
  void set_current_locked(std::shared_ptr<Snapshot> snapshot);

  // A connection of the reading pool, given back when the lease ends.
  class ReadingLease {
   public:
    explicit ReadingLease(Workspace& workspace)
        : m_workspace(workspace), m_database(workspace.take_reading()) {}
    ~ReadingLease() {
      if (m_database)
        m_workspace.give_back_reading(std::move(m_database));
    }
    ReadingLease(const ReadingLease&) = delete;
    ReadingLease& operator=(const ReadingLease&) = delete;
    store::Database& database() { return *m_database; }
    void discard() { m_database.reset(); }

   private:
    Workspace& m_workspace;
    std::unique_ptr<store::Database> m_database;
  };
  std::unique_ptr<store::Database> take_reading();
  void give_back_reading(std::unique_ptr<store::Database> database);
  // The snapshot the next batch edits, caught up with the current one's portfolio; `behind`
  // gets the milestones it caught up with, which its schedule does not reflect yet.
  std::shared_ptr<Snapshot> take_spare_locked(std::vector<std::int32_t>& behind);
  struct PendingEdit;
  void run_edits_locked(const std::vector<PendingEdit*>& batch);
  operations::DependencyResult set_link_locked(const store::ChangeContext& context,
                                               const std::string& from, const std::string& to,
                                               const std::optional<std::string>& type,
                                               const std::optional<std::string>& lag_days,
                                               const Account* account,
                                               std::optional<std::int64_t> expected_version);
  void set_project_locked(const store::ChangeContext& context, const Fields& fields,
                          const Account* account, std::optional<std::int64_t> expected_version);
  // Before `target` (an edited copy, its schedule brought up to date) becomes current: what the
  // current snapshot answered (its alerts, their rows, its pipeline tallies) is handed to it, to
  // be brought up to date when first asked from the milestones `edited` (those whose own inputs
  // or links changed), those whose schedule entries moved, and the projects `edited_projects`
  // (whose own fields changed). Without `edited` (a change whose effect is not bounded so) the
  // target's answers are made in full.
  // `links_renumbered`, when given, says links were added or removed: each old link's index in
  // the target (-1 for one removed; empty when they kept their indices).
  // `milestone_inserted`, when not -1, is the index of a milestone inserted (those after it moved
  // up one), `milestone_removed` the old index of one removed (those after it moved down one):
  // the answers kept are renumbered to match.
  // Then the target's kept pipelines and the alerts of the projects the edits reached are
  // brought up to date at once (Snapshot::prepare_after_edit), before readers see it.
  void carry_answers_locked(
      Snapshot& target, const std::optional<std::vector<std::int32_t>>& edited,
      std::span<const std::int32_t> edited_projects = {},
      std::optional<std::span<const std::int32_t>> links_renumbered = std::nullopt,
      std::int32_t milestone_inserted = -1, std::int32_t milestone_removed = -1);
  void carry_previous_answers_locked(Snapshot& target,
                                     const std::optional<std::vector<std::int32_t>>& edited,
                                     std::span<const std::int32_t> edited_projects,
                                     std::optional<std::span<const std::int32_t>> links_renumbered,
                                     std::int32_t milestone_inserted,
                                     std::int32_t milestone_removed);
  // A link added or removed, a status set or a milestone added or removed, through the in-place
  // write (`write` runs it on the
  // target taken, with the milestones it is behind; it returns what the spare must catch up with,
  // or nothing when it wrote nothing); `in_full` when the in-place write cannot be made.
  struct StructuralWrite {
    // A link added (its index in the new portfolio) or removed (its index in the old one, and
    // the renumbering of the others), with the new network.
    std::optional<operations::InPlaceLinkChange> link;
    bool link_added = false;
    std::optional<StatusEvent> event;  // A status event added, the last of the portfolio's.
    // A milestone added, the last of the portfolio's, with the network holding it.
    std::optional<operations::InPlaceMilestoneAdd> milestone;
    // A milestone removed with its links, with the new network.
    std::optional<operations::InPlaceMilestoneRemoval> removal;
    // The project the change is logged under, the day of its change-log row, the stamp after it.
    std::string code;
    Date changed_day;
    store::Database::Stamp stamp;
  };
  void structural_write_locked(
      const std::function<bool(Snapshot&, std::span<const std::int32_t>, Date, StructuralWrite&)>&
          write,
      const std::function<void()>& in_full);
  void catch_up_structure(Snapshot& spare, std::vector<std::int32_t>& behind);
  // After `target`'s alerts were made in full on the current snapshot's portfolio and schedule
  // (a baseline saved): the rows of those equal to one of the current snapshot's alerts are taken
  // from its rows when it has them, as a row reads only the alert, the portfolio and the schedule.
  void keep_unchanged_alert_rows_locked(Snapshot& target);

  std::string m_database_path;
  std::mutex m_database_mutex;
  store::Database m_database;
  std::atomic<bool> m_database_lost = false;
  std::mutex m_accounts_mutex;
  store::Database m_accounts_database;
  std::atomic<bool> m_accounts_lost = false;

  // The file at the database's path, as the connections know it. Each time a connection finds
  // its file replaced, the generation moves on, and every connection opened at an older one is
  // opened again before its next use (under its own mutex). m_files is the file the connections
  // of the current generation open, with its -wal and -shm: the first to open another file
  // removes those that are still there, as SQLite would otherwise replay the old file's log into
  // the new one. A file moved away and back is the same file, with its own log.
  std::mutex m_file_mutex;
  std::uint64_t m_file_generation = 0;
  store::Database::FileSet m_files;
  // The generation each connection was opened at, under its own mutex.
  std::uint64_t m_database_generation = 0;
  std::uint64_t m_accounts_generation = 0;
  std::uint64_t m_stamp_generation = 0;

  std::mutex m_pending_mutex;
  std::vector<PendingEdit*> m_pending;

  // The stamp connection: it only reads, so it never waits for the main one. SQLite's
  // data_version is counted per connection, so the stamps it gives are compared only with each
  // other: m_current_seen is what it saw when m_snapshot was last known to be current (taken
  // before that was checked, so a write in between only makes the next reader look again).
  std::mutex m_stamp_mutex;
  store::Database m_stamp_database;
  std::atomic<bool> m_stamp_lost = false;
  // Set while an edit batch commits and makes its portfolio the current one: a reader that sees
  // the stamp move then waits for the batch (a moment) instead of reading the portfolio again.
  std::atomic<bool> m_committing = false;

  // Connections that read for requests (with_reading), kept open between them.
  std::mutex m_reading_mutex;
  std::vector<std::unique_ptr<store::Database>> m_reading_idle;

  // Replaced under m_database_mutex and m_current_mutex both; readers take it under
  // m_current_mutex and keep the one they took, which nobody changes while they hold it.
  std::mutex m_current_mutex;
  std::shared_ptr<Snapshot> m_snapshot;
  std::optional<store::Database::Stamp> m_current_seen;
  // Read through the stamp connection while the main one was held, at the stamp it saw then;
  // dropped once the main connection is free again.
  std::shared_ptr<const Snapshot> m_read_snapshot;
  std::optional<store::Database::Stamp> m_read_snapshot_seen;

  HeavyWork m_heavy_work;
  ForecastKeeper m_forecasts;

  // Two copies of the portfolio, so that an edit never copies a national one: the snapshot that
  // was current before the last edit batch is kept with the changes it lacks. Once no reader holds
  // it, it catches up with them and the next batch edits it, then it becomes the current one and
  // the current one becomes the spare. When a reader still holds it, the batch edits a copy.
  std::shared_ptr<Snapshot> m_spare;
  std::vector<operations::MilestoneChange> m_spare_behind;
  // The links the last write changed (their index and value after it), for the spare likewise.
  std::vector<std::pair<std::int32_t, Dependency>> m_spare_behind_links;
  // The projects the last write changed (their index and row after it), likewise.
  std::vector<std::pair<std::int32_t, Project>> m_spare_behind_projects;
  // A link the last write added or removed, or a status event it added, for the spare likewise
  // (web/workspace_writes.cpp).
  std::optional<StructuralWrite> m_spare_behind_structure;
  std::vector<std::pair<std::string, Date>> m_spare_last_change;
  // The dates of a baseline the last write saved, which the spare's alerts compare with.
  std::optional<store::BaselineDates> m_spare_baseline;
  // The unexplained slips of the milestones the last batch edited, as the change log now says
  // (none: explained), for the spare to catch up with.
  std::vector<std::pair<std::string, std::optional<std::int32_t>>> m_spare_unexplained;

  // Makes the current snapshot the spare and `target` current, then asks the preparer to make
  // the answers the previous one kept remakes for (Snapshot::keep_remake).
  void publish_locked(std::shared_ptr<Snapshot> target);
  void prepare_answers();
  // The preparer: one thread, started with the first edit, making the kept remakes of the newest
  // published snapshot (an older one still waiting is passed over).
  std::mutex m_preparer_mutex;
  std::condition_variable m_preparer_wakes;
  std::weak_ptr<const Snapshot> m_to_prepare;
  bool m_preparer_stops = false;
  std::thread m_preparer;

  std::mutex m_password_checks_mutex;
  std::condition_variable m_password_checks_free;
  int m_password_checks = 0;
  int m_password_checks_waiting = 0;
};

}  // namespace tiendo::web
