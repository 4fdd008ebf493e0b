#include "domain/portfolio.h"

#include <algorithm>

#include "domain/memory.h"

#include <fmt/format.h>

#include "domain/error.h"

namespace tiendo {

std::string dependency_change_text(const Dependency& dependency) {
  std::string text = std::string(link_type_key(dependency.type))
                         .append(" ")
                         .append(std::to_string(dependency.lag_days));
  if (dependency.lag_minutes)
    text.append(" ").append(std::to_string(*dependency.lag_minutes));
  if (dependency.lag_calendar)
    text.append(" ").append(lag_calendar_text(*dependency.lag_calendar));
  return text;
}

std::string_view link_type_key(LinkType type) {
  switch (type) {
    case LinkType::FinishToStart:
      return "FS";
    case LinkType::StartToStart:
      return "SS";
    case LinkType::FinishToFinish:
      return "FF";
    case LinkType::StartToFinish:
      return "SF";
  }
  return "FS";
}

std::optional<LinkType> parse_link_type(std::string_view key) {
  for (auto type : {LinkType::FinishToStart, LinkType::StartToStart, LinkType::FinishToFinish,
                    LinkType::StartToFinish})
    if (link_type_key(type) == key)
      return type;
  return std::nullopt;
}

std::pair<std::string_view, std::string_view> split_reference(std::string_view reference) {
  std::size_t colon = reference.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == reference.size())
    throw InvalidInput(message("'{}': not a milestone reference (write PROJECT_CODE:key, e.g. LS-KHANHKHE:cod)",
        reference));
  return {reference.substr(0, colon), reference.substr(colon + 1)};
}

const CalendarDefinition* Portfolio::find_calendar(std::string_view name) const {
  if (const CalendarDefinition* built_in = find_built_in_calendar(name))
    return built_in;
  for (const auto& calendar : calendars)
    if (calendar.name == name)
      return &calendar;
  return nullptr;
}

std::optional<std::int32_t> Portfolio::find_project(std::string_view code) const {
  auto found = m_project_by_code.find(code);
  if (found == m_project_by_code.end())
    return std::nullopt;
  return found->second;
}

std::optional<std::int32_t> Portfolio::find_milestone(std::string_view code,
                                                      std::string_view key) const {
  auto project = find_project(code);
  if (!project)
    return std::nullopt;
  for (std::int32_t index : m_milestones_of_project[static_cast<std::size_t>(*project)])
    if (milestones[static_cast<std::size_t>(index)].key == key)
      return index;
  return std::nullopt;
}

void Portfolio::reserve(std::size_t project_count, std::size_t milestone_count,
                        std::size_t dependency_count) {
  // Only ever grows: an importer reserves for one table at a time and passes 0 for the others.
  if (project_count > projects.capacity()) {
    projects.reserve(project_count);
    advise_huge_pages(projects);
    m_milestones_of_project.reserve(project_count);
    m_project_by_code.reserve(project_count);
  }
  if (milestone_count > milestones.capacity()) {
    milestones.reserve(milestone_count);
    advise_huge_pages(milestones);
  }
  if (dependency_count > dependencies.capacity()) {
    dependencies.reserve(dependency_count);
    if (m_dependency_index_built)
      resize_dependency_index(dependency_count * 2);
  }
}

std::int32_t Portfolio::milestone_by_reference(std::string_view reference) const {
  auto [code, key] = split_reference(reference);
  if (!find_project(code))
    throw NotFound(message("project '{}' not found", code));
  if (auto index = find_milestone(code, key))
    return *index;
  throw NotFound(message("milestone '{}' not found", reference));
}

namespace {

// Mixes the two ends into a well-spread hash (the finaliser of splitmix64): indices of
// neighbouring milestones would otherwise crowd into neighbouring slots.
std::uint64_t pair_hash(std::int32_t from, std::int32_t to) {
  std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32) |
                      static_cast<std::uint32_t>(to);
  key ^= key >> 30;
  key *= 0xbf58476d1ce4e5b9ULL;
  key ^= key >> 27;
  key *= 0x94d049bb133111ebULL;
  key ^= key >> 31;
  return key;
}

constexpr std::int32_t empty_slot = -1;

}  // namespace

// The dependency index is an open-addressing table of positions in `dependencies`, probed
// linearly and kept at most half full; the ends are read from the dependency itself, so a slot
// is four bytes. A node-based map over two million dependencies took five times the memory.
std::size_t Portfolio::dependency_slot(std::int32_t from, std::int32_t to) const {
  std::size_t mask = m_dependency_slots.size() - 1;
  for (std::size_t slot = pair_hash(from, to) & mask;; slot = (slot + 1) & mask) {
    std::int32_t index = m_dependency_slots[slot];
    if (index == empty_slot)
      return slot;
    const auto& dependency = dependencies[static_cast<std::size_t>(index)];
    if (dependency.from == from && dependency.to == to)
      return slot;
  }
}

void Portfolio::index_dependency(std::int32_t index) const {
  const auto& dependency = dependencies[static_cast<std::size_t>(index)];
  if ((m_dependency_slot_count + 1) * 2 > m_dependency_slots.size())
    resize_dependency_index((m_dependency_slot_count + 1) * 2);
  std::size_t slot = dependency_slot(dependency.from, dependency.to);
  // The first of two dependencies with the same ends keeps the slot, as a lookup expects.
  if (m_dependency_slots[slot] == empty_slot) {
    m_dependency_slots[slot] = index;
    ++m_dependency_slot_count;
  }
}

void Portfolio::resize_dependency_index(std::size_t at_least) const {
  std::size_t size = 16;
  while (size < at_least)
    size *= 2;
  if (size <= m_dependency_slots.size())
    return;
  std::vector<std::int32_t> old = std::move(m_dependency_slots);
  m_dependency_slots.assign(size, empty_slot);
  for (std::int32_t index : old)
    if (index != empty_slot)
      m_dependency_slots[dependency_slot(dependencies[static_cast<std::size_t>(index)].from,
                                         dependencies[static_cast<std::size_t>(index)].to)] = index;
}

void Portfolio::build_dependency_index() const {
  // A portfolio moved from keeps the flag but not the table.
  if (m_dependency_index_built && !m_dependency_slots.empty())
    return;
  m_dependency_slots.clear();
  m_dependency_slot_count = 0;
  resize_dependency_index(dependencies.size() * 2);
  for (std::size_t i = 0; i < dependencies.size(); ++i)
    index_dependency(static_cast<std::int32_t>(i));
  m_dependency_index_built = true;
}

std::optional<std::int32_t> Portfolio::find_dependency(std::int32_t from, std::int32_t to) const {
  build_dependency_index();
  std::int32_t index = m_dependency_slots[dependency_slot(from, to)];
  if (index == empty_slot)
    return std::nullopt;
  return index;
}

void Portfolio::add_dependency(Dependency dependency) {
  dependencies.push_back(dependency);
  if (m_dependency_index_built)
    index_dependency(static_cast<std::int32_t>(dependencies.size() - 1));
}

std::string Portfolio::reference(std::int32_t milestone) const {
  const auto& entry = milestones[static_cast<std::size_t>(milestone)];
  return fmt::format("{}:{}", projects[static_cast<std::size_t>(entry.project)].code, entry.key);
}

std::int32_t Portfolio::add_project(Project project) {
  auto index = static_cast<std::int32_t>(projects.size());
  m_project_by_code.emplace(project.code, index);
  projects.push_back(std::move(project));
  m_milestones_of_project.emplace_back();
  return index;
}

std::int32_t Portfolio::add_milestone(Milestone milestone) {
  auto index = static_cast<std::int32_t>(milestones.size());
  m_milestones_of_project[static_cast<std::size_t>(milestone.project)].push_back(index);
  milestones.push_back(std::move(milestone));
  return index;
}

std::int32_t Portfolio::place_last_milestone() {
  Milestone last = std::move(milestones.back());
  milestones.pop_back();
  const auto project = last.project;
  auto position =
      static_cast<std::int32_t>(std::partition_point(milestones.begin(), milestones.end(),
                                                     [&](const Milestone& milestone) {
                                                       return milestone.project <= project;
                                                     }) -
                                milestones.begin());
  milestones.insert(milestones.begin() + position, std::move(last));
  for (auto& dependency : dependencies) {
    dependency.from += dependency.from >= position ? 1 : 0;
    dependency.to += dependency.to >= position ? 1 : 0;
  }
  // Its project lists it at its new place (after the others: the last of its list), and every
  // later project's list moves up one, as the links' ends did.
  auto& own = m_milestones_of_project[static_cast<std::size_t>(project)];
  own.pop_back();
  for (auto& list : m_milestones_of_project)
    for (auto& index : list)
      index += index >= position ? 1 : 0;
  own.push_back(position);
  m_dependency_index_built = false;
  return position;
}

void Portfolio::remove_dependency(std::size_t index) {
  dependencies.erase(dependencies.begin() + static_cast<std::ptrdiff_t>(index));
  m_dependency_index_built = false;
}

Portfolio::Kept Portfolio::remove_rows(const std::vector<std::int32_t>& project_indexes,
                                       const std::vector<std::int32_t>& milestone_indexes,
                                       const std::vector<std::size_t>& status_event_indexes) {
  Kept kept;
  kept.projects.assign(projects.size(), true);
  kept.milestones.assign(milestones.size(), true);
  kept.dependencies.assign(dependencies.size(), true);
  kept.status_events.assign(status_events.size(), true);
  for (auto index : project_indexes)
    kept.projects.at(static_cast<std::size_t>(index)) = false;
  for (auto index : milestone_indexes)
    kept.milestones.at(static_cast<std::size_t>(index)) = false;
  for (auto index : status_event_indexes)
    kept.status_events.at(index) = false;
  for (std::size_t i = 0; i < milestones.size(); ++i)
    if (!kept.projects[static_cast<std::size_t>(milestones[i].project)])
      kept.milestones[i] = false;
  for (std::size_t i = 0; i < status_events.size(); ++i)
    if (!kept.projects[static_cast<std::size_t>(status_events[i].project)])
      kept.status_events[i] = false;
  for (std::size_t i = 0; i < dependencies.size(); ++i)
    if (!kept.milestones[static_cast<std::size_t>(dependencies[i].from)] ||
        !kept.milestones[static_cast<std::size_t>(dependencies[i].to)])
      kept.dependencies[i] = false;
  // The new position of every row kept, and the rows moved up to it.
  auto renumber = [](const std::vector<bool>& keep) {
    std::vector<std::int32_t> position(keep.size(), -1);
    std::int32_t next = 0;
    for (std::size_t i = 0; i < keep.size(); ++i)
      if (keep[i])
        position[i] = next++;
    return position;
  };
  auto compact = [](auto& rows, const std::vector<bool>& keep) {
    std::size_t next = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!keep[i])
        continue;
      // Never moved onto itself: a string moved onto itself may be left empty.
      if (next != i)
        rows[next] = std::move(rows[i]);
      ++next;
    }
    rows.resize(next);
  };
  auto project_position = renumber(kept.projects);
  auto milestone_position = renumber(kept.milestones);
  compact(projects, kept.projects);
  compact(milestones, kept.milestones);
  compact(dependencies, kept.dependencies);
  compact(status_events, kept.status_events);
  for (auto& milestone : milestones)
    milestone.project = project_position[static_cast<std::size_t>(milestone.project)];
  for (auto& event : status_events)
    event.project = project_position[static_cast<std::size_t>(event.project)];
  for (auto& dependency : dependencies) {
    dependency.from = milestone_position[static_cast<std::size_t>(dependency.from)];
    dependency.to = milestone_position[static_cast<std::size_t>(dependency.to)];
  }
  reindex();
  return kept;
}

void Portfolio::reindex() {
  m_project_by_code.clear();
  m_milestones_of_project.assign(projects.size(), {});
  m_dependency_index_built = false;
  for (std::size_t i = 0; i < projects.size(); ++i)
    m_project_by_code.emplace(projects[i].code, static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < milestones.size(); ++i)
    m_milestones_of_project[static_cast<std::size_t>(milestones[i].project)].push_back(
        static_cast<std::int32_t>(i));
}

}  // namespace tiendo
