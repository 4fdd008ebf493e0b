#pragma once
// Undoing a mistake: a new change, logged like any other, that takes back what one row of the
// change log did, or every row one write made with it (a whole import: all of it or nothing, in
// one transaction). It never rewrites the change log: the mistake and its undoing both stay in
// the history.
//
// Every kind of change to the portfolio can be undone:
// - a field of a project or a milestone changed: its old value is written back;
// - a link added (removed again), removed (made again) or changed (its type and lag put back);
// - a project created with its plan: it goes again with its milestones and their links; a
//   milestone added: it goes again with its links. Refused (StillLinked, naming them) while
//   another project links to it or names it as parent, unless this same undo removes that too;
// - a project or milestone removed: it is made again with every value its removal logged, the
//   project with its milestones, links and status events when the whole write is undone; refused
//   (Taken) when its code or key is there again;
// - a status set: the status event goes again (the project's previous status is back), and a
//   status event removed is made again.
// A calendar's or an account's change, and a project's code, are not undoable (NotUndoable). A
// row a later change built on is refused too, naming that change (BuiltUpon), since putting the
// old state back would silently throw the later one away: a later change of the same field, any
// later row of the same link, or any later row naming a project or milestone created or removed
// (changed, linked to, made again). Who may: an administrator any change; an editor her own
// changes (their actor is her name), and every step only within her provinces (the scope rule
// of operations/scope.h: each project whose figures the undo changes); a viewer none.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/account.h"
#include "domain/error.h"
#include "store/database.h"

namespace tiendo::operations {

// One row, or every row written together with it (the same write id: one transaction).
enum class UndoScope { Change, Write };

// Why an undo was refused, with what a face needs to word it in its own language.
enum class UndoRefusal {
  NotUndoable,  // a kind of change that cannot be undone (`field` of `entity`)
  BuiltUpon,    // change `later` (by `later_actor` at `later_at_utc`) changed it again since
  Gone,         // the project, milestone or link is no longer there
  Taken,        // a project or milestone removed is there again under the same code or key
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

// Whether a row is of a kind undo_change can take back, whatever came after it: what a page
// offers an undo button for (with may_undo).
bool undoable_kind(const store::ChangeRecord& row);

// Whether `account` may undo `row` at all: an administrator any row, an editor her own (scope is
// checked when the undo is made), a viewer or a disabled account none.
bool may_undo(const Account& account, const store::ChangeRecord& row);

// The rows an undo of `id` would put back, oldest first: the row, or every row written with it.
// NotFound when there is no such row.
std::vector<store::ChangeRecord> rows_to_undo(store::Database& database, std::int64_t id,
                                              UndoScope scope);

struct UndoResult {
  std::size_t rows_undone = 0;
  store::WriteSummary summary;
};

// Undoes change `id` (or its whole write) as a new change made under `context` (its reason is
// required: why the change is taken back). `account`, when given (the web), must be allowed every
// row (may_undo: Forbidden otherwise) and every project the undo changes (OutOfScope). NotFound
// for an unknown id; UndoRefused as above; StillLinked for a creation others link to; the
// network's rules (no cycle, supported years at `as_of`) as any edit. Nothing is written when
// any of these refuses.
UndoResult undo_change(store::Database& database, const store::ChangeContext& context,
                       std::int64_t id, UndoScope scope, Date as_of,
                       const Account* account = nullptr);

}  // namespace tiendo::operations
