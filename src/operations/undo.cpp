#include "operations/undo.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "domain/edit.h"
#include "domain/province.h"
#include "domain/stage.h"
#include "operations/accounts.h"
#include "operations/edits.h"
#include "operations/project_writes.h"
#include "operations/scope.h"
#include "store/creation_log.h"

namespace tiendo::operations {
namespace {

// What a row of the change log is, as far as undoing it goes.
enum class RowKind {
  ProjectField,
  MilestoneField,
  LinkCreated,
  LinkRemoved,
  LinkChanged,
  ProjectCreated,    // "created_with_plan": the project with its milestones and inner links
  ProjectRemoved,    // "removed", every field it had
  MilestoneCreated,  // "created", every field it had
  MilestoneRemoved,  // "removed", every field it had
  StatusAdded,       // "status" from none to "suspended 2021-03-01"
  StatusRemoved,     // "status" from "suspended 2021-03-01" to none
  Other
};

bool is_column(const std::vector<std::string_view>& columns, std::string_view field) {
  return std::find(columns.begin(), columns.end(), field) != columns.end();
}

RowKind kind_of(const store::ChangeRecord& row) {
  std::string_view entity = row.entity;
  if (entity.starts_with("project:")) {
    if (row.field == store::created_with_plan_field && row.new_value)
      return RowKind::ProjectCreated;
    if (row.field == "removed" && row.old_value)
      return RowKind::ProjectRemoved;
    if (row.field == "status")
      return row.new_value && !row.old_value   ? RowKind::StatusAdded
             : row.old_value && !row.new_value ? RowKind::StatusRemoved
                                               : RowKind::Other;
    return is_column(project_columns, row.field) && row.field != "code" ? RowKind::ProjectField
                                                                        : RowKind::Other;
  }
  if (entity.starts_with("milestone:")) {
    if (row.field == "created" && row.new_value)
      return RowKind::MilestoneCreated;
    if (row.field == "removed" && row.old_value)
      return RowKind::MilestoneRemoved;
    return is_column(milestone_columns, row.field) && row.field != "project" && row.field != "key"
               ? RowKind::MilestoneField
               : RowKind::Other;
  }
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

bool is_field(RowKind kind) {
  return kind == RowKind::ProjectField || kind == RowKind::MilestoneField ||
         kind == RowKind::LinkChanged;
}
bool is_status(RowKind kind) {
  return kind == RowKind::StatusAdded || kind == RowKind::StatusRemoved;
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
  // "TYPE LAG_DAYS [LAG_MINUTES] [LAG_CALENDAR]", as domain/portfolio.h's
  // dependency_change_text writes a link: the minutes a number, the calendar a word. A text
  // without a calendar (every row logged before links had one) is a link on its project's rules.
  std::istringstream words(described);
  std::string type, lag_days = "0", word;
  words >> type >> lag_days;
  Fields fields{{"from", from}, {"to", to}, {"type", type}, {"lag_days", lag_days}};
  std::string lag_calendar;
  while (words >> word) {
    if (!word.empty() && (std::isdigit(static_cast<unsigned char>(word.back())) != 0))
      fields.push_back(Field{"lag_minutes", word});
    else
      lag_calendar = word;
  }
  fields.push_back(Field{"lag_calendar", lag_calendar});
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

// Whether a row names project `code`: its own rows, its milestones, a link with an end in it.
bool names_project(const store::ChangeRecord& row, const std::string& code) {
  if (row.project_code == code || row.entity == "project:" + code ||
      row.entity.starts_with("milestone:" + code + ":"))
    return true;
  if (!row.entity.starts_with("dependency:"))
    return false;
  auto [from, to] = link_ends(row.entity);
  return from.starts_with(code + ":") || to.starts_with(code + ":");
}

// Whether a row names milestone "CODE:key": its own rows or a link with an end at it.
bool names_milestone(const store::ChangeRecord& row, const std::string& reference) {
  if (row.entity == "milestone:" + reference)
    return true;
  if (!row.entity.starts_with("dependency:"))
    return false;
  auto [from, to] = link_ends(row.entity);
  return from == reference || to == reference;
}

// A later row builds on `row` when undoing `row` would silently throw it away or make it
// meaningless: for a changed field, a later change of the same field or of the record as a
// whole (created, removed); for a status, any later row of the project's own but a field; for a
// link, any later row of it; for a project or milestone created or removed, any later row that
// names it or something in it (a project made again under the code, a milestone changed, a link
// to it).
bool builds_on(const store::ChangeRecord& later, const store::ChangeRecord& row) {
  RowKind kind = kind_of(row);
  if (kind == RowKind::ProjectCreated || kind == RowKind::ProjectRemoved)
    return names_project(later, row.entity.substr(std::string_view("project:").size()));
  if (kind == RowKind::MilestoneCreated || kind == RowKind::MilestoneRemoved)
    return names_milestone(later, row.entity.substr(std::string_view("milestone:").size()));
  if (later.entity != row.entity)
    return false;
  RowKind later_kind = kind_of(later);
  if (is_status(kind))
    return !is_field(later_kind);
  if (later.field == row.field || row.entity.starts_with("dependency:"))
    return true;
  return !is_field(later_kind) && !is_status(later_kind);
}

// "suspended 2021-03-01": a status event's status and date as the change log writes them.
std::optional<std::pair<ProjectStatus, Date>> status_of(const std::optional<std::string>& text) {
  if (!text)
    return std::nullopt;
  auto space = text->find(' ');
  if (space == std::string::npos)
    return std::nullopt;
  auto status = parse_status(std::string_view(*text).substr(0, space));
  auto date = Date::try_parse(std::string_view(*text).substr(space + 1));
  if (!status || !date)
    return std::nullopt;
  return std::pair{*status, *date};
}

// The reason and source a status event was given: those of the row that added it (a removal's
// row carries the removal's reason instead), else the row's own.
std::pair<std::string, std::string> status_reason(store::Database& database,
                                                  const store::ChangeRecord& row) {
  store::ChangeFilter filter;
  filter.project_code = row.project_code;
  filter.limit = 500;
  for (;;) {
    auto page = database.changes(filter);
    for (const auto& earlier : page.changes)
      if (earlier.id < row.id && earlier.entity == row.entity && earlier.field == "status" &&
          earlier.new_value == row.old_value)
        return {earlier.reason, earlier.source};
    if (page.changes.size() < filter.limit)
      return {row.reason, row.source};
    filter.offset += filter.limit;
  }
}

// The fields a row described by describe_cells had, the empty ones left out.
Fields described_fields(const std::string& described,
                        const std::vector<std::string_view>& columns) {
  auto cells = store::cells_from_description(described, columns);
  Fields fields;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (!cells[i].empty())
      fields.push_back(Field{std::string(columns[i]), std::move(cells[i])});
  return fields;
}

// The links between project `index` (or only its milestone `milestone`, when given) and other
// projects, and the projects naming it as parent, leaving out those to projects and milestones
// this same undo removes too (`leaving`, `leaving_milestones`).
std::vector<StillLinked::Link> outside_links(const Portfolio& portfolio, std::int32_t index,
                                             std::optional<std::int32_t> milestone,
                                             const std::set<std::string>& leaving,
                                             const std::set<std::string>& leaving_milestones) {
  std::vector<StillLinked::Link> links;
  const std::string& code = portfolio.projects[static_cast<std::size_t>(index)].code;
  if (!milestone)
    for (const auto& other : portfolio.projects)
      if (other.parent == code && !leaving.contains(other.code))
        links.push_back({other.code, ""});
  for (const auto& dependency : portfolio.dependencies) {
    auto from = portfolio.milestones[static_cast<std::size_t>(dependency.from)].project;
    auto to = portfolio.milestones[static_cast<std::size_t>(dependency.to)].project;
    bool from_here = milestone ? dependency.from == *milestone : from == index;
    bool to_here = milestone ? dependency.to == *milestone : to == index;
    if (from_here == to_here)
      continue;
    std::int32_t other_milestone = from_here ? dependency.to : dependency.from;
    const std::string& other =
        portfolio.projects[static_cast<std::size_t>(from_here ? to : from)].code;
    if (other == code || leaving.contains(other) ||
        leaving_milestones.contains(portfolio.reference(other_milestone)))
      continue;
    links.push_back({other, fmt::format("{} -> {}", portfolio.reference(dependency.from),
                                        portfolio.reference(dependency.to))});
  }
  return links;
}

void refuse_if_linked(const std::string& what, std::vector<StillLinked::Link> links) {
  if (links.empty())
    return;
  std::vector<std::string> named;
  for (const auto& link : links)
    named.push_back(link.how.empty() ? fmt::format("{} (names it as its parent)", link.project)
                                     : fmt::format("{} ({})", link.project, link.how));
  throw StillLinked(fmt::format("the creation of '{}' cannot be undone while other projects link "
                                "to it: {}; remove those links first; nothing was written",
                                what, fmt::join(named, ", ")),
                    what, std::move(links));
}

Message refusal_message(UndoRefusal reason, const store::ChangeRecord& change,
                            const store::ChangeRecord& later) {
  switch (reason) {
    case UndoRefusal::NotUndoable:
      return message(
          "change {} ({} of {}) cannot be undone: only a change, creation or removal of a "
          "project, milestone or link, or a status, can; nothing was written",
          change.id, change.field, change.entity);
    case UndoRefusal::BuiltUpon:
      return message(
          "change {} cannot be undone: change {} by {} at {} changed {} of {} since; nothing was "
          "written",
          change.id, later.id, later.actor, later.at_utc, later.field, later.entity);
    case UndoRefusal::Gone:
      return message("change {} cannot be undone: {} is no longer there; nothing was written",
                     change.id, change.entity);
    case UndoRefusal::Taken:
      return message(
          "change {} cannot be undone: {} is there again under the same code; nothing was "
          "written",
          change.id, change.entity);
  }
  return {};
}

// Account names compare without case (store/database.h), as far as ASCII goes.
bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

}  // namespace

bool undoable_kind(const store::ChangeRecord& row) {
  return kind_of(row) != RowKind::Other;
}

bool may_undo(const Account& account, const store::ChangeRecord& row) {
  if (account.disabled || account.role == Role::Viewer)
    return false;
  return can_manage_accounts(account) || same_name(account.name, row.actor);
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
    throw NotFound(message("change {} not found", id));
  return rows;
}

UndoResult undo_change(store::Database& database, const store::ChangeContext& context,
                       std::int64_t id, UndoScope scope, Date as_of, const Account* account) {
  if (account && (account->disabled || account->role == Role::Viewer))
    throw Forbidden(message("{} may not undo changes: only an editor or administrator may",
                                account->name));
  require_valid_text("actor", context.actor);
  require_valid_text("reason", context.reason);
  if (context.reason.empty())
    throw InvalidInput(message("reason: '': say why the change is undone"));
  UndoResult result;
  result.summary = database.modify_removing(context, [&](Portfolio& portfolio,
                                                         const store::Database::Remover& remove) {
    // Read inside the write's transaction, so that no change can come in between the check that
    // nothing built on the rows and the undoing of them.
    auto rows = rows_to_undo(database, id, scope);
    std::set<std::string> projects, leaving, leaving_milestones;
    for (const auto& row : rows) {
      if (account && !may_undo(*account, row))
        throw Forbidden(message(
            "{} may not undo change {}: it was made by {}; an editor undoes only her own changes",
            account->name, row.id, row.actor));
      RowKind kind = kind_of(row);
      if (kind == RowKind::Other)
        throw UndoRefused(UndoRefusal::NotUndoable, row);
      if (!row.project_code.empty())
        projects.insert(row.project_code);
      if (kind == RowKind::ProjectCreated)
        leaving.insert(row.entity.substr(std::string_view("project:").size()));
      if (kind == RowKind::MilestoneCreated)
        leaving_milestones.insert(row.entity.substr(std::string_view("milestone:").size()));
    }
    // Every row after the write's first that is not of the write (writers take turns, so none
    // lies between its rows today; the rows of a database older than the write ids were grouped
    // by actor and second, which another write may interleave).
    std::set<std::int64_t> of_the_write;
    for (const auto& row : rows)
      of_the_write.insert(row.id);
    auto later = database.changes_after(rows.front().id,
                                        std::vector<std::string>(projects.begin(), projects.end()));
    for (const auto& row : rows)
      for (const auto& next : later)
        if (next.id > row.id && !of_the_write.contains(next.id) && builds_on(next, row))
          throw UndoRefused(UndoRefusal::BuiltUpon, row, next);
    // Each step is checked against the caller's provinces as it is taken, on the portfolio as it
    // then is: every project whose figures it changes must be hers.
    auto in_scope = [&](const TouchedProjects& touched) {
      if (account)
        touched.check(*account);
    };
    // What was removed is made again first (projects, then what is in them), then fields and
    // links are put back, then what was created goes (milestones, then projects), so that each
    // step finds what it needs there and links gone before what they join; within each, the
    // newest first, so that a field a write changed twice ends at its first old value.
    std::vector<const store::ChangeRecord*> order;
    for (auto row = rows.rbegin(); row != rows.rend(); ++row)
      order.push_back(&*row);
    auto phase = [](const store::ChangeRecord* row) {
      switch (kind_of(*row)) {
        case RowKind::ProjectRemoved:
          return 0;
        case RowKind::MilestoneRemoved:
        case RowKind::StatusRemoved:
          return 1;
        case RowKind::MilestoneCreated:
          return 3;
        case RowKind::ProjectCreated:
          return 4;
        default:
          return 2;
      }
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](const auto* a, const auto* b) { return phase(a) < phase(b); });
    ProblemList problems;
    std::vector<Fields> parents;
    std::set<std::string> milestones_restored;
    for (const store::ChangeRecord* row : order) {
      std::string old_value = row->old_value.value_or("");
      TouchedProjects touched;
      switch (kind_of(*row)) {
        case RowKind::ProjectField: {
          std::string code = row->entity.substr(std::string_view("project:").size());
          auto index = portfolio.find_project(code);
          if (!index)
            throw UndoRefused(UndoRefusal::Gone, *row);
          Project before = portfolio.projects[static_cast<std::size_t>(*index)];
          apply_project(portfolio, Fields{{"code", code}, {row->field, old_value}}, InputLocation{},
                        problems, ProvinceRegistry::builtin());
          problems.throw_if_any();
          touched.project_row(&before, portfolio.projects[static_cast<std::size_t>(*index)],
                              portfolio, portfolio);
          in_scope(touched);
          break;
        }
        case RowKind::MilestoneField: {
          // Every field of the milestone that the undone rows name, put back together: a
          // duration in days given alone drops the exact minutes beside it, so the two go as one.
          if (!milestones_restored.insert(row->entity).second)
            break;
          auto [code, key] = milestone_of(row->entity);
          auto index = portfolio.find_milestone(code, key);
          if (!index)
            throw UndoRefused(UndoRefusal::Gone, *row);
          touched.own_rows(portfolio.projects[static_cast<std::size_t>(
              portfolio.milestones[static_cast<std::size_t>(*index)].project)]);
          in_scope(touched);
          // The rows come latest first: the last one seen of a field is its earliest, whose old
          // value is what the field held before them all.
          std::map<std::string, std::string> earliest;
          for (const store::ChangeRecord* other : order)
            if (other->entity == row->entity && kind_of(*other) == RowKind::MilestoneField)
              earliest[other->field] = other->old_value.value_or("");
          Fields fields{{"project", code}, {"key", key}};
          for (auto& [field, value] : earliest)
            fields.push_back(Field{field, std::move(value)});
          apply_milestone(portfolio, fields, InputLocation{}, problems);
          problems.throw_if_any();
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
            touched.link(portfolio, portfolio.dependencies[static_cast<std::size_t>(*index)]);
            in_scope(touched);
            portfolio.remove_dependency(static_cast<std::size_t>(*index));
          } else {
            if (kind_of(*row) == RowKind::LinkChanged && !index)
              throw UndoRefused(UndoRefusal::Gone, *row);
            apply_dependency(portfolio, link_fields(from, to, old_value), InputLocation{},
                             problems);
            problems.throw_if_any();
            auto made = portfolio.find_dependency(*predecessor, *successor);
            touched.link(portfolio, portfolio.dependencies[static_cast<std::size_t>(*made)]);
            in_scope(touched);
          }
          break;
        }
        case RowKind::ProjectCreated: {
          std::string code = row->entity.substr(std::string_view("project:").size());
          auto index = portfolio.find_project(code);
          if (!index)
            throw UndoRefused(UndoRefusal::Gone, *row);
          // The project goes, and a parent it names counts toward the totals again: both must
          // be the caller's, as for a removal (operations/project_writes.h).
          const Project& project = portfolio.projects[static_cast<std::size_t>(*index)];
          Project without_parent = project;
          without_parent.parent.clear();
          touched.project_row(&project, without_parent, portfolio, portfolio);
          in_scope(touched);
          refuse_if_linked(code, outside_links(portfolio, *index, std::nullopt, leaving,
                                               leaving_milestones));
          remove({*index}, {}, {});
          break;
        }
        case RowKind::MilestoneCreated: {
          auto [code, key] = milestone_of(row->entity);
          auto index = portfolio.find_milestone(code, key);
          if (!index)
            throw UndoRefused(UndoRefusal::Gone, *row);
          auto project = portfolio.milestones[static_cast<std::size_t>(*index)].project;
          touched.own_rows(portfolio.projects[static_cast<std::size_t>(project)]);
          in_scope(touched);
          refuse_if_linked(code + ":" + key,
                           outside_links(portfolio, project, *index, leaving, leaving_milestones));
          remove({}, {*index}, {});
          break;
        }
        case RowKind::ProjectRemoved: {
          std::string code = row->entity.substr(std::string_view("project:").size());
          if (portfolio.find_project(code))
            throw UndoRefused(UndoRefusal::Taken, *row);
          // Its parent is named once every project of the undo is there again: a parent made
          // again by the same undo may come after it.
          Fields fields = described_fields(old_value, project_columns);
          auto parent = std::find_if(fields.begin(), fields.end(),
                                     [](const Field& field) { return field.name == "parent"; });
          if (parent != fields.end()) {
            parents.push_back(Fields{{"code", code}, *parent});
            fields.erase(parent);
          }
          auto index = apply_project(portfolio, fields, InputLocation{}, problems,
                                     ProvinceRegistry::builtin());
          problems.throw_if_any();
          touched.project_row(nullptr, portfolio.projects[static_cast<std::size_t>(index)],
                              portfolio, portfolio);
          in_scope(touched);
          break;
        }
        case RowKind::MilestoneRemoved: {
          auto [code, key] = milestone_of(row->entity);
          auto project = portfolio.find_project(code);
          if (!project)
            throw UndoRefused(UndoRefusal::Gone, *row);
          if (portfolio.find_milestone(code, key))
            throw UndoRefused(UndoRefusal::Taken, *row);
          touched.own_rows(portfolio.projects[static_cast<std::size_t>(*project)]);
          in_scope(touched);
          apply_milestone(portfolio, described_fields(old_value, milestone_columns),
                          InputLocation{}, problems);
          problems.throw_if_any();
          break;
        }
        case RowKind::StatusAdded:
        case RowKind::StatusRemoved: {
          std::string code = row->entity.substr(std::string_view("project:").size());
          auto project = portfolio.find_project(code);
          if (!project)
            throw UndoRefused(UndoRefusal::Gone, *row);
          touched.own_rows(portfolio.projects[static_cast<std::size_t>(*project)]);
          in_scope(touched);
          bool added = kind_of(*row) == RowKind::StatusAdded;
          auto event = status_of(added ? row->new_value : row->old_value);
          if (!event)
            throw UndoRefused(UndoRefusal::NotUndoable, *row);
          if (!added) {
            auto [reason, source] = status_reason(database, *row);
            portfolio.status_events.push_back(
                StatusEvent{*project, event->first, event->second, reason, source});
            break;
          }
          // The latest event of the project with that status and day is the one the row added.
          std::optional<std::size_t> found;
          for (std::size_t e = 0; e < portfolio.status_events.size(); ++e) {
            const auto& stored = portfolio.status_events[e];
            if (stored.project == *project && stored.status == event->first &&
                stored.date == event->second)
              found = e;
          }
          if (!found)
            throw UndoRefused(UndoRefusal::Gone, *row);
          remove({}, {}, {*found});
          break;
        }
        case RowKind::Other:
          break;
      }
    }
    for (const auto& fields : parents) {
      auto index = portfolio.find_project(fields.front().value);
      Project before = portfolio.projects[static_cast<std::size_t>(*index)];
      apply_project(portfolio, fields, InputLocation{}, problems, ProvinceRegistry::builtin());
      problems.throw_if_any();
      TouchedProjects touched;
      touched.project_row(&before, portfolio.projects[static_cast<std::size_t>(*index)],
                          portfolio, portfolio);
      in_scope(touched);
    }
    check_schedulable(portfolio, as_of);
    result.rows_undone = rows.size();
  });
  return result;
}

}  // namespace tiendo::operations
