#include "operations/undo.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "domain/edit.h"
#include "domain/province.h"
#include "operations/accounts.h"
#include "operations/edits.h"

namespace tiendo::operations {
namespace {

// What a row of the change log is, as far as undoing it goes.
enum class RowKind { ProjectField, MilestoneField, LinkCreated, LinkRemoved, LinkChanged, Other };

bool is_column(const std::vector<std::string_view>& columns, std::string_view field) {
  return std::find(columns.begin(), columns.end(), field) != columns.end();
}

RowKind kind_of(const store::ChangeRecord& row) {
  std::string_view entity = row.entity;
  if (entity.starts_with("project:"))
    return is_column(project_columns, row.field) && row.field != "code" ? RowKind::ProjectField
                                                                        : RowKind::Other;
  if (entity.starts_with("milestone:"))
    return is_column(milestone_columns, row.field) && row.field != "project" && row.field != "key"
               ? RowKind::MilestoneField
               : RowKind::Other;
  if (entity.starts_with("dependency:")) {
    if (row.field == "created" && row.new_value)
      return RowKind::LinkCreated;
    if (row.field == "removed" && row.old_value)
      return RowKind::LinkRemoved;
    if (row.field == "type_lag" && row.old_value)
      return RowKind::LinkChanged;
  }
  return RowKind::Other;
}

// A later row builds on `row` when it changes the same field of the same record, or changes the
// record as a whole (creates, removes or packs it: any row that is not a field of it).
bool builds_on(const store::ChangeRecord& later, const store::ChangeRecord& row) {
  if (later.entity != row.entity)
    return false;
  if (later.field == row.field)
    return true;
  return kind_of(later) == RowKind::Other || row.entity.starts_with("dependency:");
}

// "dependency:A:x->B:y": its two ends.
std::pair<std::string, std::string> link_ends(const std::string& entity) {
  std::string_view rest = std::string_view(entity).substr(std::string_view("dependency:").size());
  auto arrow = rest.find("->");
  if (arrow == std::string_view::npos)
    return {};
  return {std::string(rest.substr(0, arrow)), std::string(rest.substr(arrow + 2))};
}

// "FS 3": a link's type and lag as the change log describes it.
Fields link_fields(const std::string& from, const std::string& to, const std::string& described) {
  auto space = described.find(' ');
  Fields fields{{"from", from}, {"to", to}};
  fields.push_back(Field{"type", described.substr(0, space)});
  fields.push_back(Field{
      "lag_days", space == std::string::npos ? std::string("0") : described.substr(space + 1)});
  return fields;
}

// "milestone:CODE:key": the project's code and the key (a key has no ':', a code may not either).
std::pair<std::string, std::string> milestone_of(const std::string& entity) {
  std::string_view rest = std::string_view(entity).substr(std::string_view("milestone:").size());
  auto colon = rest.rfind(':');
  if (colon == std::string_view::npos)
    return {};
  return {std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 1))};
}

// A milestone by its reference "CODE:key"; nothing when it is not there.
std::optional<std::int32_t> find_reference(const Portfolio& portfolio,
                                           const std::string& reference) {
  auto colon = reference.rfind(':');
  if (colon == std::string::npos)
    return std::nullopt;
  return portfolio.find_milestone(reference.substr(0, colon), reference.substr(colon + 1));
}

std::string refusal_message(UndoRefusal reason, const store::ChangeRecord& change,
                            const store::ChangeRecord& later) {
  switch (reason) {
    case UndoRefusal::NotUndoable:
      return fmt::format(
          "change {} ({} of {}) cannot be undone: only a changed field or link can; nothing was "
          "written",
          change.id, change.field, change.entity);
    case UndoRefusal::BuiltUpon:
      return fmt::format(
          "change {} cannot be undone: change {} by {} at {} changed {} of {} since; nothing was "
          "written",
          change.id, later.id, later.actor, later.at_utc, later.field, later.entity);
    case UndoRefusal::Gone:
      return fmt::format("change {} cannot be undone: {} is no longer there; nothing was written",
                         change.id, change.entity);
  }
  return {};
}

}  // namespace

bool undoable_kind(const store::ChangeRecord& row) {
  return kind_of(row) != RowKind::Other;
}

UndoRefused::UndoRefused(UndoRefusal reason, store::ChangeRecord change, store::ChangeRecord later)
    : Conflict(refusal_message(reason, change, later)),
      m_reason(reason),
      m_change(std::move(change)),
      m_later(std::move(later)) {}

std::vector<store::ChangeRecord> rows_to_undo(store::Database& database, std::int64_t id,
                                              UndoScope scope) {
  std::vector<store::ChangeRecord> rows;
  if (scope == UndoScope::Write) {
    rows = database.changes_written_with(id);
  } else if (auto row = database.change(id)) {
    rows.push_back(std::move(*row));
  }
  if (rows.empty())
    throw NotFound(fmt::format("change {} not found", id));
  return rows;
}

UndoResult undo_change(store::Database& database, const store::ChangeContext& context,
                       std::int64_t id, UndoScope scope, Date as_of, const Account* account) {
  if (account && !can_manage_accounts(*account))
    throw Forbidden(
        fmt::format("{} may not undo changes: only an administrator may", account->name));
  require_valid_text("actor", context.actor);
  require_valid_text("reason", context.reason);
  if (context.reason.empty())
    throw InvalidInput("reason: '': say why the change is undone");
  UndoResult result;
  database.modify(context, [&](Portfolio& portfolio) {
    // Read inside the write's transaction, so that no change can come in between the check that
    // nothing built on the rows and the undoing of them.
    auto rows = rows_to_undo(database, id, scope);
    std::set<std::string> projects;
    for (const auto& row : rows) {
      if (kind_of(row) == RowKind::Other)
        throw UndoRefused(UndoRefusal::NotUndoable, row);
      if (!row.project_code.empty())
        projects.insert(row.project_code);
    }
    auto later = database.changes_after(rows.back().id,
                                        std::vector<std::string>(projects.begin(), projects.end()));
    for (const auto& row : rows)
      for (const auto& next : later)
        if (builds_on(next, row))
          throw UndoRefused(UndoRefusal::BuiltUpon, row, next);
    // The newest first, so that a field a write changed twice ends at its first old value.
    ProblemList problems;
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
      std::string old_value = row->old_value.value_or("");
      switch (kind_of(*row)) {
        case RowKind::ProjectField: {
          std::string code = row->entity.substr(std::string_view("project:").size());
          if (!portfolio.find_project(code))
            throw UndoRefused(UndoRefusal::Gone, *row);
          apply_project(portfolio, Fields{{"code", code}, {row->field, old_value}}, InputLocation{},
                        problems, ProvinceRegistry::builtin());
          break;
        }
        case RowKind::MilestoneField: {
          auto [code, key] = milestone_of(row->entity);
          if (!portfolio.find_milestone(code, key))
            throw UndoRefused(UndoRefusal::Gone, *row);
          apply_milestone(portfolio,
                          Fields{{"project", code}, {"key", key}, {row->field, old_value}},
                          InputLocation{}, problems);
          break;
        }
        case RowKind::LinkCreated:
        case RowKind::LinkRemoved:
        case RowKind::LinkChanged: {
          auto [from, to] = link_ends(row->entity);
          auto predecessor = find_reference(portfolio, from);
          auto successor = find_reference(portfolio, to);
          if (!predecessor || !successor)
            throw UndoRefused(UndoRefusal::Gone, *row);
          auto index = portfolio.find_dependency(*predecessor, *successor);
          if (kind_of(*row) == RowKind::LinkCreated) {
            if (!index)
              throw UndoRefused(UndoRefusal::Gone, *row);
            portfolio.remove_dependency(static_cast<std::size_t>(*index));
          } else {
            if (kind_of(*row) == RowKind::LinkChanged && !index)
              throw UndoRefused(UndoRefusal::Gone, *row);
            apply_dependency(portfolio, link_fields(from, to, old_value), InputLocation{},
                             problems);
          }
          break;
        }
        case RowKind::Other:
          break;
      }
    }
    problems.throw_if_any();
    check_schedulable(portfolio, as_of);
    result.rows_undone = rows.size();
  });
  return result;
}

}  // namespace tiendo::operations
