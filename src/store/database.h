#pragma once
// The only code that talks to a database, SQLite or PostgreSQL (store/connection.h is the seam).
// A command opens the database, reads a Portfolio, and writes its changes in one transaction
// together with their change-log rows.
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.h"
#include "domain/portfolio.h"
#include "store/file_lock.h"

namespace tiendo::store {

// True for "postgresql://..." and "postgres://..." (libpq's URIs); anything else names a file.
bool is_postgres_uri(std::string_view location);
// A database's location as messages show it: a path as given, a URI without its password.
std::string printable_location(const std::string& location);

// Who makes a change and why; written to every change-log row of the command.
struct ChangeContext {
  std::string actor;
  std::string reason;
  std::string source;
};

// Whether the change log's account rows (entity "account:NAME") are read with the others.
enum class AccountRows { Included, Excluded };

struct ChangeRecord {
  std::int64_t id = 0;
  std::string at_utc;
  std::string actor;
  std::string project_code;
  std::string entity;
  std::string field;
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
  std::string reason;
  std::string source;
  // The write (one transaction: an import, a batch of edits) the row came with; rows of one
  // write share it, and undoing "the whole write" takes exactly them.
  std::int64_t write_id = 0;
};

// Which change-log rows a paged read returns (Database::changes). Every member given narrows it.
struct ChangeFilter {
  std::string project_code;
  // Only rows of these projects (a province's, chosen by the caller); none given: any project.
  std::optional<std::vector<std::string>> project_codes;
  std::string actor;
  // [since_utc, until_utc), as the change log writes moments ("YYYY-MM-DDTHH:MM:SSZ"); empty: open.
  std::string since_utc, until_utc;
  AccountRows account_rows = AccountRows::Included;
  std::size_t limit = 50;
  std::size_t offset = 0;
};

// A page of the change log, newest first, and how many rows the filter matches in all. A row a
// project was created with its plan by stands here as one row (its field "created_with_plan").
struct ChangePage {
  std::int64_t total = 0;
  std::vector<ChangeRecord> changes;
};

struct BaselineSummary {
  std::string name;
  std::string created_at_utc;
  std::string actor;
  std::int64_t milestones = 0;
};

// Planned dates of a baseline by "CODE:key".
using BaselineDates = std::map<std::string, std::optional<Date>>;

struct WriteSummary {
  std::size_t projects_added = 0, projects_changed = 0;
  std::size_t milestones_added = 0, milestones_changed = 0;
  std::size_t dependencies_added = 0, dependencies_changed = 0, dependencies_removed = 0;
  std::size_t status_events_added = 0;
  std::size_t projects_removed = 0, milestones_removed = 0, status_events_removed = 0;
  // The changes logged, one per line `history` shows: a project created with its plan is one row
  // of the change log that stands for the lines of its milestones and dependencies too.
  std::size_t change_log_rows = 0;
};

// What remove_project removed.
struct RemovedProject {
  std::size_t milestones = 0, dependencies = 0, status_events = 0;
  std::size_t change_log_rows = 0;
};

enum class OpenMode { CreateOrMigrate, MustExist };

// What `update_account` changes: each member given is set, the others stay. A password comes
// only as its argon2id string.
struct AccountChange {
  std::optional<Role> role;
  std::optional<std::vector<std::string>> provinces;
  std::optional<bool> disabled;
  std::optional<std::string> password_hash;
  // Ends every session of the account in the same transaction (a new password, a disabled
  // account: a browser logged in before must log in again).
  bool end_sessions = false;
  // When given, called inside the write transaction before anything is written, with the account
  // as stored and how many enabled admins there are (it among them, if it is one); what it throws
  // refuses the change. A rule that needs the other accounts is so checked against what another
  // writer could not change meanwhile.
  std::function<void(const Account& current, std::int64_t enabled_admins)> check;
};

// Failed logins of one name from one client address, or from every address: what
// operations/accounts.h decides a login's fate with. Times are Unix seconds.
struct LoginFailures {
  std::int64_t failures = 0;
  std::int64_t window_started = 0;
  // 0: not locked.
  std::int64_t locked_until = 0;
};

// A browser's session as stored: the hash of its id, never the id.
struct SessionRecord {
  std::string id_hash;
  std::string account;
  std::string created_at_utc;
  std::string last_seen_at_utc;
};

class Database {
 public:
  // Opens (and with CreateOrMigrate, creates and migrates) the database: a SQLite file's path, or a
  // "postgresql://user@host:port/db" URI (libpq's syntax) of an existing PostgreSQL database. A
  // database written by a newer tiendo is refused with a Conflict; a missing file, or a
  // PostgreSQL database without tiendo's schema, with MustExist is NotFound. A server that cannot
  // be reached is an Error naming it (exit 5).
  static Database open(const std::string& location, OpenMode mode = OpenMode::MustExist);
  // Whether a tiendo database is there: a file, or a PostgreSQL database with tiendo's schema.
  static bool exists(const std::string& location);
  // Removes the database: a file with its WAL and shared-memory files, or on PostgreSQL every
  // table of tiendo's schema (in one transaction, the database itself stays). Only the demo does
  // this, to rebuild what it made.
  static void remove(const std::string& location);
  // Holds the database file at `location` alone while the lock lives (store/file_lock.h): a
  // command that rebuilds or replaces it takes this first, and is refused (Conflict, naming it)
  // while another tiendo process has it open. Nothing is locked for PostgreSQL, whose server
  // keeps its own locks.
  static FileLock lock_alone(const std::string& location);

  // What `restore` put in place.
  struct Restored {
    int schema_version = 0;
    std::int64_t projects = 0;
  };
  // Replaces the database file at `location` with a copy of the tiendo database file `backup`,
  // holding the file alone (lock_alone) from start to end. The backup is checked first (a
  // database, tiendo's, at a schema this tiendo reads, passing SQLite's quick check); the copy is
  // made beside the file through SQLite's backup API and closed, so it has no -wal of its own;
  // the old file's write-ahead log is checkpointed into it and removed with its -shm, so that
  // nothing of the old database can be replayed into the new one; and the copy is renamed over
  // the file, so that a crash at any point leaves the old database or the new one. Links are
  // refused at both names (InvalidInput), as is a PostgreSQL URI.
  static Restored restore(const std::string& backup, const std::string& location);
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  // Whether the file this connection opened is no longer the one its path names: another file was
  // moved over it (a backup restored by `mv`) or it was removed. What this connection writes then
  // goes to a file nobody will open again. One stat; always false for PostgreSQL.
  bool file_replaced();

  // Writes what SQLite's write-ahead log holds into the database file, as far as no reader needs
  // it (a passive checkpoint); nothing for PostgreSQL. A server writes the log of a file that was
  // replaced under it into that file before removing the log (remove_stale_wal_files).
  void checkpoint();

  // The files at a SQLite database's path: the database file and its write-ahead log and
  // shared-memory index beside it, each as device and inode (zero when absent).
  struct FileSet {
    std::uint64_t device = 0, inode = 0;
    std::uint64_t wal_device = 0, wal_inode = 0;
    std::uint64_t shm_device = 0, shm_inode = 0;
    bool same_file(const FileSet& other) const {
      return device == other.device && inode == other.inode;
    }
  };
  static FileSet files_at(const std::string& location);
  // Removes the -wal and -shm beside `location` that are still those of `stale` (the same device
  // and inode): the log of a file that was replaced, which SQLite would otherwise replay into the
  // file now at the path. A log the new file made since is its own, and stays.
  static void remove_stale_wal_files(const std::string& location, const FileSet& stale);

  // Where the database is (a file's path, or a PostgreSQL URI without its password) and which
  // engine holds it; nothing else above the store needs to know.
  const std::string& location() const;
  bool is_postgres() const;

  static int latest_schema_version();
  int schema_version();

  // Lean leaves out what only listings and reports show (a milestone's name and source, a
  // project's site and source), so that the commands which schedule and aggregate a national
  // portfolio load it in less time and memory.
  enum class Detail { Full, Lean };
  Portfolio load(Detail detail = Detail::Full);
  // A slice for a question that needs no network: every project (lean) and its status events, and
  // only the milestones with an actual date whose key is one of `milestone_keys`; no dependency.
  // The caller says which keys its rule reads (see analysis/pipeline.h); the store only fetches.
  Portfolio load_done_milestones(const std::vector<std::string>& milestone_keys);

  // Runs `change` on a copy of the portfolio inside one write transaction (taken before the
  // portfolio is read, so concurrent writers never lose each other's updates), then writes every
  // difference and its change-log rows. If `change` throws, nothing is written. With dry_run the
  // transaction is rolled back after the summary is computed.
  WriteSummary modify(const ChangeContext& context, const std::function<void(Portfolio&)>& change,
                      bool dry_run = false);
  // A change that reads much may say, through the function it is given, when it will add and
  // change no more projects and milestones (it goes on with dependencies only): they are then
  // written while it goes on. It must then leave them as they are, and must not use this
  // database until it returns.
  using StagedChange =
      std::function<void(Portfolio&, const std::function<void()>& milestones_final)>;
  WriteSummary modify_in_stages(const ChangeContext& context, const StagedChange& change,
                                bool dry_run = false);

  // Takes rows out of the portfolio a change works on, by their positions in it now, as
  // Portfolio::remove_rows does (a project with its milestones and status events, a milestone
  // with its links). Only rows that were there when the change began may be removed.
  using Remover = std::function<void(const std::vector<std::int32_t>& projects,
                                     const std::vector<std::int32_t>& milestones,
                                     const std::vector<std::size_t>& status_events)>;
  // As modify, for a change that also removes rows (an undo takes a creation back): every row
  // removed gets a change-log row (field "removed", every value it had; a status event "status"
  // from its value to none), as remove_project and remove_milestone log theirs, with the same
  // moment as the change's other rows, so the history shows it as one write.
  // With dry_run the transaction is rolled back after the summary is computed. With
  // `baseline_first`, the portfolio as stored is first saved as that baseline (as save_baseline;
  // Conflict when the name is taken) in the same transaction, so that a change that fails or is
  // a dry run leaves no baseline behind.
  WriteSummary modify_removing(const ChangeContext& context,
                               const std::function<void(Portfolio&, const Remover&)>& change,
                               bool dry_run = false, const std::string& baseline_first = {});

  // Removes the project `code` with its milestones, every link into or out of them and its
  // status events, in one write transaction. `check` runs first, inside the transaction, on the
  // portfolio as stored and the project's index: what it throws refuses the removal, nothing
  // written. Each removed row gets a change-log row (field "removed") holding its values, so the
  // change log keeps what was removed: the links, then the milestones, the status events, and last
  // the project (entity "project:CODE"). NotFound for an unknown code.
  RemovedProject remove_project(
      const ChangeContext& context, const std::string& code,
      const std::function<void(const Portfolio& portfolio, std::int32_t project)>& check);

  std::vector<ChangeRecord> history(const std::string& project_code, std::size_t limit,
                                    AccountRows account_rows = AccountRows::Included);

  // The change log's rows as written (a project created with its plan is one row), newest first,
  // a page at a time: what the history page and GET /api/v1/history page through.
  ChangePage changes(const ChangeFilter& filter);
  // One row by its id; nothing when there is none.
  std::optional<ChangeRecord> change(std::int64_t id);
  // The rows one write made together with row `id` (the same write id: one transaction, however
  // many rows and whatever the second), oldest first; empty when there is no such row.
  std::vector<ChangeRecord> changes_written_with(std::int64_t id);
  // Every row after `id` that names one of `projects` (or no project, when `projects` is empty
  // it is every row after `id`), oldest first: what could have built on a change.
  std::vector<ChangeRecord> changes_after(std::int64_t id,
                                          const std::vector<std::string>& projects);

  void save_baseline(const std::string& name, const std::string& actor, const Portfolio& portfolio);
  std::vector<BaselineSummary> baselines();
  BaselineDates baseline(const std::string& name);

  // The latest change-log entry of one entity ("milestone:CODE:key", "project:CODE"): its id is
  // the entity's version, which an edit made against an older one is refused for.
  std::optional<ChangeRecord> last_change(const std::string& project_code,
                                          const std::string& entity);
  // The latest change-log entry of every entity of one project, by entity.
  std::map<std::string, ChangeRecord> last_changes(const std::string& project_code);
  // What tells a reader that the database changed since it last looked: the change log's last id
  // (every write of this connection logs) and SQLite's data_version (which moves when another
  // connection, another process, commits). Equal stamps mean nothing changed.
  struct Stamp {
    std::int64_t last_change_id = 0;
    std::int64_t data_version = 0;
    bool operator==(const Stamp&) const = default;
  };
  Stamp stamp();

  // Runs `work` inside one write transaction when the database is still at `expected` (nothing
  // written since the caller read it) and commits; returns false, running nothing, otherwise. A
  // server holding the portfolio in memory writes a small edit this way, without reading it all
  // again, and falls back to modify when someone else wrote meanwhile.
  bool write_if_unchanged(const Stamp& expected, const std::function<void()>& work);
  // Inside write_if_unchanged: writes one milestone that exists, from `before` to `after` (its
  // project an index into `portfolio`), with a change-log row per changed field, as modify does.
  WriteSummary update_milestone(const ChangeContext& context, const Portfolio& portfolio,
                                const Milestone& before, const Milestone& after);

  // Inside write_if_unchanged: writes one project that exists (by its code), from `before` to
  // `after`, with a change-log row per changed field, as modify does. Its parent is not written:
  // a change of parent goes through modify.
  WriteSummary update_project(const ChangeContext& context, const Project& before,
                              const Project& after);
  // Inside write_if_unchanged: writes one link that exists, from `before` to `after` (the same
  // two ends, indices into `portfolio`), with its change-log row ("type_lag", under its
  // successor's project), as modify does. NotFound when the database holds no such link.
  WriteSummary update_dependency(const ChangeContext& context, const Portfolio& portfolio,
                                 const Dependency& before, const Dependency& after);

  // Inside write_if_unchanged: writes one milestone new to the database (its project, an index
  // into `portfolio`, exists; it has no links yet) and its change-log row ("created", every
  // value it has), as modify does for a milestone added to a project that was there before.
  WriteSummary insert_milestone(const ChangeContext& context, const Portfolio& portfolio,
                                const Milestone& milestone);
  // Inside write_if_unchanged: saves the planned dates of `portfolio` (what the database holds)
  // as the baseline `name`, as save_baseline does (Conflict when the name is taken).
  void add_baseline(const std::string& name, const std::string& actor, const Portfolio& portfolio);
  // Inside write_if_unchanged: writes one link new to the database (its ends, indices into
  // `portfolio`, exist) and its change-log row ("created", under its successor's project), as
  // modify does for a link added between milestones that were there before.
  WriteSummary insert_dependency(const ChangeContext& context, const Portfolio& portfolio,
                                 const Dependency& dependency);
  // Inside write_if_unchanged: removes the link `dependency` (its ends indices into `portfolio`)
  // with its change-log row ("removed", what it was), as modify does. NotFound when the database
  // holds no such link.
  WriteSummary delete_dependency(const ChangeContext& context, const Portfolio& portfolio,
                                 const Dependency& dependency);
  // Inside write_if_unchanged: writes one status event of a project that exists (`event.project`
  // an index into `portfolio`) and its change-log row ("status"), as modify does.
  WriteSummary insert_status_event(const ChangeContext& context, const Portfolio& portfolio,
                                   const StatusEvent& event);

  // Inside write_if_unchanged: removes the milestone `milestone` (an index into `portfolio`, what
  // the database holds) and every link into or out of it, with the change-log rows
  // remove_milestone writes.
  WriteSummary delete_milestone(const ChangeContext& context, const Portfolio& portfolio,
                                std::int32_t milestone);

  // Removes the milestone REF ("CODE:key") and every link into or out of it, in one write
  // transaction: a change-log row per link ("removed", its type and lag, under its successor's
  // project, as modify logs a link removed) and one for the milestone ("removed", every field it
  // had), so the history keeps what went. `check` is called first, inside the transaction, with
  // the portfolio as stored and the milestone's index: what it throws refuses the removal and
  // nothing is written. NotFound for an unknown project or milestone.
  WriteSummary remove_milestone(
      const ChangeContext& context, const std::string& reference,
      const std::function<void(const Portfolio&, std::int32_t milestone)>& check);

  // The day (UTC) of each project's latest change-log entry, by project code.
  std::map<std::string, Date> last_change_by_project();
  // The change-log rows that tell whether a milestone's plan or forecast last moved later without
  // a reason (analysis::unexplained_slips decides): every change of a milestone's planned or
  // forecast date from one date to another, and every milestone row that came with a reason, in
  // the log's order. Of one project when `project_code` is given, of one milestone ("milestone:
  // CODE:key") when `entity` is too.
  std::vector<ChangeRecord> milestone_date_changes(const std::string& project_code = "",
                                                   const std::string& entity = "");

  std::optional<std::string> setting(const std::string& key);
  void set_setting(const std::string& key, const std::string& value, const ChangeContext& context);

  // Accounts. Every write runs in one transaction with its change-log rows (entity
  // "account:NAME"); a password or token is logged only as "changed", "issued" or "revoked".
  // Names compare without case. add_account throws Conflict for a name taken; the others throw
  // NotFound for an unknown name.
  void add_account(const Account& account, const std::string& password_hash,
                   const ChangeContext& context);
  // Returns the account as it is after the change.
  Account update_account(const std::string& name, const AccountChange& change,
                         const ChangeContext& context);
  void set_password_hash(const std::string& name, const std::string& password_hash,
                         const ChangeContext& context);
  // Removes the account with its provinces, tokens and sessions; its change-log rows stay, with a
  // last one saying it was removed. `check` as in AccountChange.
  void remove_account(
      const std::string& name, const ChangeContext& context,
      const std::function<void(const Account& current, std::int64_t enabled_admins)>& check);
  std::optional<Account> find_account(const std::string& name);
  std::vector<Account> accounts();
  // The stored argon2id string, read only to verify a password.
  std::optional<std::string> password_hash(const std::string& name);
  void add_token(const std::string& name, const std::string& token_hash,
                 const ChangeContext& context);
  // Revokes every active token of the account; returns how many were active.
  std::size_t revoke_tokens(const std::string& name, const ChangeContext& context);
  // The account of an active (unrevoked) token, disabled or not: the caller decides.
  std::optional<Account> account_for_token_hash(const std::string& token_hash);

  // Sessions of the web workspace, by the hash of their id. They are not account changes and go
  // to no change log. Times are UTC "YYYY-MM-DDTHH:MM:SSZ", which order as text.
  void create_session(const std::string& id_hash, const std::string& account,
                      const std::string& at_utc);
  std::optional<SessionRecord> find_session(const std::string& id_hash);
  void touch_session(const std::string& id_hash, const std::string& at_utc);
  void delete_session(const std::string& id_hash);
  // Removes the sessions last seen before `cutoff_utc`; returns how many.
  std::size_t delete_sessions_seen_before(const std::string& cutoff_utc);

  // Failed logins, by login name (compared as given: the caller folds case) and client address.
  // In one write transaction: first removes every row whose window started before
  // `expired_before` and whose lock ended before `now`, then runs `decide` on the counts of
  // `name` at each of `addresses` (zeros where none are stored), then stores what it left (a
  // pair left all zero is removed). Every server process shares them, and a restart keeps them.
  void update_login_failures(const std::string& name, const std::vector<std::string>& addresses,
                             std::int64_t now, std::int64_t expired_before,
                             const std::function<void(std::vector<LoginFailures>&)>& decide);

  // A consistent copy of the whole database, even while others write: into a new SQLite file at
  // `target` (InvalidInput when it exists, is a link, or is no file name: see io/output_path.h) or
  // into an empty PostgreSQL database named by a URI. File to file it is SQLite's online backup;
  // otherwise every row of every table is copied with its id in one transaction, so a failure
  // leaves nothing behind.
  void backup_to(const std::string& target);

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  WriteSummary write_change(const ChangeContext& context, const StagedChange& change,
                            bool dry_run,
                            const std::function<void(Portfolio&, const Remover&)>* removing,
                            const std::string& baseline_first);
  std::unique_ptr<Impl> m_impl;
};

// The message of a failure inside the database engine (a full disk, a corrupt file, a failed
// statement), or nothing when the exception came from elsewhere; main reports the two differently
// and only the store knows the engines.
std::optional<std::string> database_failure(const std::exception& error);

}  // namespace tiendo::store
