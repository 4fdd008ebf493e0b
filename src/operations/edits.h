#pragma once
// What a user can change, one function per action. Each takes the store and plain values — what
// a face (the command line, the web workspace) parsed — runs every rule of the action (existence,
// conflicts, validity, cycles, the supported years) inside the store's one write transaction, and
// returns plain values or throws a typed error (InvalidInput, NotFound, Conflict). No face decides
// any of this itself, so the command line and the web answer the same edit the same way.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/schedule.h"
#include "domain/account.h"
#include "domain/edit.h"
#include "io/templates.h"
#include "store/database.h"

namespace tiendo::graph {
class MilestoneNetwork;
}

namespace tiendo::operations {

// What the web workspace adds to an edit: the account it is made for (Forbidden when the project
// lies outside its role or provinces) and the version of the record the user saw (VersionConflict
// when the record changed since). The command line acts for whoever may open the file: no guard.
// The edits of projects, statuses and links take the account alone (`account`, null for the
// command line), checked by the same scope rule.
struct Guard {
  const Account* account = nullptr;
  std::optional<std::int64_t> expected_version;
};

// The rule for a write that may touch many projects (an import): every project whose figures it
// changes (operations/scope.h: its own rows, a parent it names or leaves, the successor of a link
// it adds, changes or removes) must lie within the account's scope, before and after. Forbidden
// names the first that does not.
void check_scope(const Account& account, const Portfolio& before, const Portfolio& after);

// Refuses (VersionConflict, naming who changed it and when) an edit of `entity` ("milestone:
// CODE:key", "dependency:A:x->B:y", logged under `project_code`) made against a version other
// than its latest change-log entry's id (0 before any); `shown` names it in the message.
void check_version(store::Database& database, const std::string& project_code,
                   const std::string& entity, const std::string& shown, std::int64_t expected);

// The version of a milestone: the id of its latest change-log entry, 0 before any. Read in the
// edit's own transaction when checked, so no write can come in between.
std::int64_t milestone_version(store::Database& database, const std::string& reference);

// Add refuses a key that exists (Conflict); Set refuses one that does not (NotFound).
enum class EditKind { Add, Set };

struct ProjectResult {
  store::WriteSummary summary;
  std::size_t template_milestones = 0;
};

// Adds or changes the project whose code is in `fields` (field names as the projects CSV). With
// template steps, its technology's milestones and links come too; a technology with no template
// is refused whole, as the user asked for one. With `expected_version` (Set), a project changed
// since that version (operations/project_writes.h) is refused with VersionConflict.
ProjectResult edit_project(store::Database& database, const store::ChangeContext& context,
                           EditKind kind, const Fields& fields,
                           const std::vector<io::TemplateStep>* template_steps = nullptr,
                           const Account* account = nullptr,
                           std::optional<std::int64_t> expected_version = std::nullopt);

// Records a side state (suspended, cancelled, retired, active) from a date; the context's reason
// and source go with it.
void set_project_status(store::Database& database, const store::ChangeContext& context,
                        const std::string& code, ProjectStatus status, Date when,
                        const Account* account = nullptr);

// Adds or changes the milestone REF ("CODE:key"), fields as the milestones CSV names them.
void edit_milestone(store::Database& database, const store::ChangeContext& context, EditKind kind,
                    const std::string& reference, const Fields& fields, Date as_of,
                    const Guard& guard = {});

// What add_milestone_in_place did.
struct InPlaceMilestoneAdd {
  bool written = false;  // False: the database moved since `stamp`; nothing written.
  // Its index: after its project's others, as a reload orders it; the milestones from there on
  // moved up one (Portfolio::place_last_milestone).
  std::int32_t milestone = -1;
  Milestone value;
  // The new portfolio's network: the old one with the milestone inserted, linked to nothing.
  std::shared_ptr<const graph::MilestoneNetwork> network;
  store::Database::Stamp stamp;  // The database's stamp once the edit is written.
  Date changed_day;              // The UTC day of the change-log row (for the stale rule).
};

// The same edit as edit_milestone (Add: every rule, the guard's scope, the same refusals and
// messages), made on `portfolio` itself, which must hold what the database holds at `stamp`, as
// the web server holds it: the milestone is inserted where a reload puts it (after its
// project's others), only its row and change-log row are written, the network is `network` with
// one more milestone linked to nothing, and `schedule` (the one `portfolio` had before the
// milestones `also_changed`, by their indices before the insertion, were changed in it) gets
// an entry for it, computed with theirs (analysis::update_schedule) instead of all again. When
// someone else wrote meanwhile, nothing is written and `written` is false. On a refusal, or when
// nothing is written, the milestone is not in `portfolio`, but `schedule` may be partly updated:
// the caller lets it go.
InPlaceMilestoneAdd add_milestone_in_place(
    store::Database& database, const store::ChangeContext& context, Portfolio& portfolio,
    const graph::MilestoneNetwork& network, analysis::Schedule& schedule,
    std::span<const std::int32_t> also_changed, const store::Database::Stamp& stamp,
    const std::string& reference, const Fields& fields, Date as_of, const Guard& guard = {});

// A portfolio as the web server holds it: the result of an edit made in memory.
struct EditedPortfolio {
  Portfolio portfolio;
  analysis::Schedule schedule;   // At the as-of date of the edit, on the same network.
  store::Database::Stamp stamp;  // The database's stamp once the edit is written.
  Date changed_day;              // The UTC day of the change-log rows (for the stale rule).
};

// The same edit as edit_milestone (Set), made against a portfolio already in memory with its
// network, as the web server holds it: every rule runs on a copy of it, the links are unchanged so
// the network serves the schedule check as is, and only the milestone's row and its change-log
// rows are written — provided the database is still at `stamp`. When someone else wrote
// meanwhile, nothing is written and nothing returned, and the caller makes the edit with
// edit_milestone instead.
std::optional<EditedPortfolio> edit_milestone_in_memory(
    store::Database& database, const store::ChangeContext& context, const Portfolio& current,
    const graph::MilestoneNetwork& network, const store::Database::Stamp& stamp,
    const std::string& reference, const Fields& fields, Date as_of, const Guard& guard = {});

// One milestone edit of a batch (Set), as a face received it. The guard's account must outlive
// the call.
struct MilestoneEdit {
  store::ChangeContext context;
  std::string reference;
  Fields fields;
  Guard guard;
};

struct BatchEdit {
  // The edited portfolio, or nothing when the database moved since `stamp` (nothing written).
  std::optional<EditedPortfolio> edited;
  // Per edit, in order: null when it was written, else why it was refused (InvalidInput,
  // NotFound, Forbidden, VersionConflict), nothing of it written.
  std::vector<std::exception_ptr> errors;
};

// Several edits as edit_milestone_in_memory makes one, in one copy of the portfolio, one schedule
// and one transaction: a server that receives edits from many browsers at once writes them
// together instead of copying and scheduling a national portfolio once for each. Each edit keeps
// its own rules and answer; a refused one changes nothing, the others are written in order.
BatchEdit edit_milestones_in_memory(store::Database& database, const Portfolio& current,
                                    const graph::MilestoneNetwork& network,
                                    const store::Database::Stamp& stamp,
                                    const std::vector<MilestoneEdit>& edits, Date as_of);

// A milestone's value after a batch, by index: what a second copy of the portfolio applies to
// catch up with the batch without copying the first.
struct MilestoneChange {
  std::int32_t milestone = 0;
  Milestone value;
};

struct InPlaceBatch {
  bool written = false;          // False: the database moved since `stamp`; nothing written.
  analysis::Schedule schedule;   // When written: the schedule at the as-of date.
  store::Database::Stamp stamp;  // The database's stamp once the batch is written.
  Date changed_day;              // The UTC day of the change-log rows (for the stale rule).
  std::vector<MilestoneChange> changes;    // Every milestone written, its final value, in order.
  std::vector<std::exception_ptr> errors;  // As BatchEdit's.
};

// The same batch as edit_milestones_in_memory, made on `portfolio` itself instead of a copy (it
// must hold what the database holds at `stamp`): a server keeping two copies of a national
// portfolio edits the one nobody reads and lets the other follow with `changes`. When nothing is
// written, or the store fails, the portfolio is put back as it was.
//
// `previous`, when given, is the schedule `portfolio` had before the milestones `also_changed`
// were changed in it (none: its schedule as it is): the batch's schedule is then brought up to
// date from it (analysis::update_schedule: only what the edits reach is recomputed) instead of
// computed in full. It is taken, whatever happens: on no write it is lost.
InPlaceBatch edit_milestones_in_place(store::Database& database, Portfolio& portfolio,
                                      const graph::MilestoneNetwork& network,
                                      const store::Database::Stamp& stamp,
                                      const std::vector<MilestoneEdit>& edits, Date as_of,
                                      std::optional<analysis::Schedule> previous = std::nullopt,
                                      std::span<const std::int32_t> also_changed = {});

// Records that REF happened on `date` (any date form), with the context's reason and source.
void complete_milestone(store::Database& database, const store::ChangeContext& context,
                        const std::string& reference, const std::string& date, Date as_of,
                        const Account* account = nullptr);

struct DependencyResult {
  std::string from, to;
  LinkType type = LinkType::FinishToStart;
  std::int32_t lag_days = 0;
};

// Adds or changes the link FROM -> TO; `type` and `lag_days` as text, absent to keep (Set) or to
// take FS and 0 (Add). With an account, TO's project must lie in its scope (the link bounds TO's
// dates; FROM's project may be anyone's); so for a link removed. With an expected version (the
// web's If-Match), a link changed or removed since is refused (VersionConflict naming who changed
// it and when): a link's version is the id of its latest change-log entry
// (operations/links.h).
DependencyResult edit_dependency(store::Database& database, const store::ChangeContext& context,
                                 EditKind kind, const std::string& from, const std::string& to,
                                 const std::optional<std::string>& type,
                                 const std::optional<std::string>& lag_days, Date as_of,
                                 const Account* account = nullptr,
                                 std::optional<std::int64_t> expected_version = std::nullopt);
void remove_dependency(store::Database& database, const store::ChangeContext& context,
                       const std::string& from, const std::string& to,
                       const Account* account = nullptr,
                       std::optional<std::int64_t> expected_version = std::nullopt);

// Saves today's planned dates under a name; returns how many milestones it holds.
std::size_t save_baseline(store::Database& database, const store::ChangeContext& context,
                          const std::string& name);

// What save_baseline_in_place did.
struct InPlaceBaseline {
  bool written = false;          // False: the database moved since `stamp`; nothing written.
  std::size_t milestones = 0;    // How many planned dates it holds.
  store::BaselineDates dates;    // Its dates, as Database::baseline reads them back.
  store::Database::Stamp stamp;  // The database's stamp once it is written.
};

// The same as save_baseline (the same rules and refusals), from `portfolio`, which must hold
// what the database holds at `stamp` (as the web server holds it), instead of reading the
// portfolio again. When someone else wrote meanwhile, nothing is written.
InPlaceBaseline save_baseline_in_place(store::Database& database,
                                       const store::ChangeContext& context,
                                       const Portfolio& portfolio,
                                       const store::Database::Stamp& stamp,
                                       const std::string& name);

// The rule every edit of dates, durations or links passes before it is written: the network has
// no cycle (named by the row that closed it, where `locate` knows rows) and schedules within the
// supported years at the as-of date (the milestone that leaves them named).
void check_schedulable(const Portfolio& portfolio, Date as_of,
                       const std::function<InputLocation(std::int32_t dependency)>& locate = {});

}  // namespace tiendo::operations
