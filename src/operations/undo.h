#pragma once
// Undoing a mistake: a new change, logged like any other, that puts back the values one row of
// the change log replaced, or every row one write made with it (a whole import). It never
// rewrites the change log: the mistake and its undoing both stay in the history.
//
// What can be undone is what the change log holds both sides of: a field of a project or a
// milestone changed (its old value is written back), a link added (removed again), removed (made
// again) or changed (its type and lag put back). A creation with its plan, a status, an account's
// change, a removal of a project or milestone are not: they are refused, naming why. A row a later
// change built on — a later row of the same field of the same project, milestone or link — is
// refused too, naming that change, since putting the old value back would silently throw away the
// later one.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/account.h"
#include "domain/error.h"
#include "store/database.h"

namespace tiendo::operations {

// One row, or every row written together with it (the same moment and actor: one command).
enum class UndoScope { Change, Write };

// Why an undo was refused, with what a face needs to word it in its own language.
enum class UndoRefusal {
  NotUndoable,  // a kind of change that cannot be undone (`field` of `entity`)
  BuiltUpon,    // change `later` (by `later_actor` at `later_at_utc`) changed it again since
  Gone,         // the project, milestone or link is no longer there
};

// A refused undo: Conflict (exit 4, HTTP 409), and nothing written. The message is English with
// every value; a page words it from the members.
class UndoRefused : public Conflict {
 public:
  UndoRefused(UndoRefusal reason, store::ChangeRecord change, store::ChangeRecord later = {});
  UndoRefusal reason() const { return m_reason; }
  // The row that cannot be undone (one of the write's rows, for a whole write).
  const store::ChangeRecord& change() const { return m_change; }
  // For BuiltUpon: the later row.
  const store::ChangeRecord& later() const { return m_later; }

 private:
  UndoRefusal m_reason;
  store::ChangeRecord m_change;
  store::ChangeRecord m_later;
};

// Whether a row is of a kind undo_change can put back (a changed field or link), whatever came
// after it: what a page offers an undo button for.
bool undoable_kind(const store::ChangeRecord& row);

// The rows an undo of `id` would put back, oldest first: the row, or every row written with it.
// NotFound when there is no such row.
std::vector<store::ChangeRecord> rows_to_undo(store::Database& database, std::int64_t id,
                                              UndoScope scope);

struct UndoResult {
  std::size_t rows_undone = 0;
  store::WriteSummary summary;
};

// Undoes change `id` (or its whole write) as a new change made under `context` (its reason is
// required: why the change is taken back). `account`, when given (the web), must be an admin's:
// Forbidden otherwise. NotFound for an unknown id; UndoRefused as above; the network's rules
// (no cycle, supported years at `as_of`) as any edit.
UndoResult undo_change(store::Database& database, const store::ChangeContext& context,
                       std::int64_t id, UndoScope scope, Date as_of,
                       const Account* account = nullptr);

}  // namespace tiendo::operations
