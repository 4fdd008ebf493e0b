#include "store/creation_log.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "domain/edit.h"

namespace tiendo::store {

std::string describe_cells(const std::vector<std::string_view>& columns,
                           const std::vector<std::string>& cells) {
  std::string text;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (cells[i].empty())
      continue;
    if (!text.empty())
      text += "; ";
    text.append(columns[i]).append("=").append(cells[i]);
  }
  return text;
}

// A row's cells from the description describe_cells wrote of them ("key=cod; planned=2027"): the
// columns come in their order, so each boundary is "; " and the next column's name and "=".
std::vector<std::string> cells_from_description(std::string_view text,
                                                const std::vector<std::string_view>& columns) {
  std::vector<std::string> cells(columns.size());
  std::optional<std::size_t> column;
  std::size_t value_start = 0, next_column = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (at != 0 && !(at >= 2 && text.substr(at - 2, 2) == "; "))
      continue;
    for (std::size_t c = next_column; c < columns.size(); ++c) {
      std::string_view rest = text.substr(at);
      if (!rest.starts_with(columns[c]) || rest.substr(columns[c].size()).substr(0, 1) != "=")
        continue;
      if (column)
        cells[*column] = std::string(text.substr(value_start, at - 2 - value_start));
      column = c;
      next_column = c + 1;
      value_start = at + columns[c].size() + 1;
      at = value_start - 1;
      break;
    }
  }
  if (column)
    cells[*column] = std::string(text.substr(value_start));
  return cells;
}

namespace {

// The cells a row had before the changes `changes` (oldest first) were made: each changed column
// gets back the old value its change logged, the latest change undone first.
std::vector<std::string> undo_changes(std::vector<std::string> cells,
                                      const std::vector<std::string_view>& columns,
                                      const std::vector<const ChangeRecord*>& changes) {
  for (auto change = changes.rbegin(); change != changes.rend(); ++change) {
    auto column = std::find(columns.begin(), columns.end(), (*change)->field);
    if (column == columns.end())
      continue;  // Not a column: a project's status, which its own table keeps.
    cells[static_cast<std::size_t>(column - columns.begin())] =
        (*change)->old_value.value_or(std::string());
  }
  return cells;
}

bool created_later(const std::vector<const ChangeRecord*>& changes) {
  return std::any_of(changes.begin(), changes.end(),
                     [](const ChangeRecord* change) { return change->field == "created"; });
}

}  // namespace

std::vector<ChangeRecord> expand_created_with_plan(const ChangeRecord& packed,
                                                   const ProjectNow& now,
                                                   const std::vector<ChangeRecord>& later) {
  std::map<std::string_view, std::vector<const ChangeRecord*>> changes_of;
  std::vector<std::string_view> removed_links;
  std::vector<std::string_view> milestones_changed;
  for (const auto& change : later) {
    auto& changes = changes_of[change.entity];
    if (changes.empty() && change.entity.starts_with("dependency:"))
      removed_links.push_back(change.entity);
    if (changes.empty() && change.entity.starts_with("milestone:"))
      milestones_changed.push_back(change.entity);
    changes.push_back(&change);
  }
  auto changes = [&](std::string_view entity) -> const std::vector<const ChangeRecord*>& {
    static const std::vector<const ChangeRecord*> none;
    auto found = changes_of.find(entity);
    return found == changes_of.end() ? none : found->second;
  };
  // Every line carries the command's time, actor and, when the command gave them, its reason
  // and source; otherwise a row's own reason and source as they were then.
  auto line = [&](std::string entity, std::string description, std::string_view row_reason,
                  std::string_view row_source) {
    ChangeRecord record = packed;
    record.entity = std::move(entity);
    record.field = "created";
    record.old_value = std::nullopt;
    record.new_value = std::move(description);
    record.reason = packed.reason.empty() ? std::string(row_reason) : packed.reason;
    record.source = packed.source.empty() ? std::string(row_source) : packed.source;
    return record;
  };

  std::vector<ChangeRecord> lines;
  lines.reserve(1 + now.milestones.size() + now.dependencies.size());
  // A database edited by hand may have lost the project's row: its creation is all there is.
  if (now.project_cells.size() != project_columns.size()) {
    lines.push_back(line(packed.entity, packed.new_value.value_or(std::string()), "", ""));
    return lines;
  }
  {
    auto project_cells = undo_changes(now.project_cells, project_columns, changes(packed.entity));
    lines.push_back(line(packed.entity, packed.new_value.value_or(std::string()), "",
                         project_cells[static_cast<std::size_t>(
                             std::find(project_columns.begin(), project_columns.end(), "source") -
                             project_columns.begin())]));
  }
  const auto reason_column = static_cast<std::size_t>(
      std::find(milestone_columns.begin(), milestone_columns.end(), "reason") -
      milestone_columns.begin());
  const auto source_column = static_cast<std::size_t>(
      std::find(milestone_columns.begin(), milestone_columns.end(), "source") -
      milestone_columns.begin());
  for (const auto& milestone : now.milestones) {
    const auto& its_changes = changes(milestone.entity);
    // One with a creation of its own came with a later command (or came back after a removal).
    if (created_later(its_changes))
      continue;
    auto cells = undo_changes(milestone.cells, milestone_columns, its_changes);
    lines.push_back(line(milestone.entity, describe_cells(milestone_columns, cells),
                         cells[reason_column], cells[source_column]));
  }
  // A milestone of the plan removed since (milestone remove) is no longer among the rows: its
  // removal logged every value it had then, and the changes before it are undone from those.
  for (std::string_view entity : milestones_changed) {
    const auto& its_changes = changes(entity);
    auto removal = std::find_if(its_changes.begin(), its_changes.end(), [](const auto* change) {
      return change->field == "created" || change->field == "removed";
    });
    if (removal == its_changes.end() || (*removal)->field != "removed" || !(*removal)->old_value)
      continue;
    auto cells = undo_changes(cells_from_description(*(*removal)->old_value, milestone_columns),
                              milestone_columns,
                              std::vector<const ChangeRecord*>(its_changes.begin(), removal));
    lines.push_back(line(std::string(entity), describe_cells(milestone_columns, cells),
                         cells[reason_column], cells[source_column]));
  }
  // A dependency's first later change tells what it was just after the command: created later
  // means it was not there; removed or retyped means it was, as that change's old value says.
  auto dependency_line = [&](std::string_view entity, const std::string* description_now) {
    const auto& its_changes = changes(entity);
    if (its_changes.empty()) {
      if (description_now)
        lines.push_back(line(std::string(entity), *description_now, "", ""));
      return;
    }
    const ChangeRecord& first = *its_changes.front();
    if (first.field == "created" || !first.old_value)
      return;
    lines.push_back(line(std::string(entity), *first.old_value, "", ""));
  };
  std::set<std::string_view> present;
  for (const auto& link : now.dependencies) {
    present.insert(link.entity);
    dependency_line(link.entity, &link.description);
  }
  // Dependencies removed since, and not made again, are no longer among the rows.
  for (std::string_view entity : removed_links)
    if (!present.count(entity))
      dependency_line(entity, nullptr);
  return lines;
}

}  // namespace tiendo::store
