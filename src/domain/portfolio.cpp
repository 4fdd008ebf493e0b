#include "domain/portfolio.h"

#include <fmt/format.h>

#include "domain/error.h"

namespace tiendo {

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
    throw InvalidInput(fmt::format(
        "'{}': not a milestone reference (write PROJECT_CODE:key, e.g. LS-KHANHKHE:cod)",
        reference));
  return {reference.substr(0, colon), reference.substr(colon + 1)};
}

std::optional<std::int32_t> Portfolio::find_project(std::string_view code) const {
  auto found = m_project_by_code.find(std::string(code));
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
  projects.reserve(project_count);
  m_milestones_of_project.reserve(project_count);
  m_project_by_code.reserve(project_count);
  milestones.reserve(milestone_count);
  dependencies.reserve(dependency_count);
}

std::int32_t Portfolio::milestone_by_reference(std::string_view reference) const {
  auto [code, key] = split_reference(reference);
  if (!find_project(code))
    throw NotFound(fmt::format("project '{}' not found", code));
  if (auto index = find_milestone(code, key))
    return *index;
  throw NotFound(fmt::format("milestone '{}' not found", reference));
}

namespace {
std::uint64_t pair_key(std::int32_t from, std::int32_t to) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32) |
         static_cast<std::uint32_t>(to);
}
}  // namespace

void Portfolio::build_dependency_index() const {
  if (m_dependency_index_built)
    return;
  m_dependency_by_pair.clear();
  m_dependency_by_pair.reserve(dependencies.size());
  for (std::size_t i = 0; i < dependencies.size(); ++i)
    m_dependency_by_pair.emplace(pair_key(dependencies[i].from, dependencies[i].to),
                                 static_cast<std::int32_t>(i));
  m_dependency_index_built = true;
}

std::optional<std::int32_t> Portfolio::find_dependency(std::int32_t from, std::int32_t to) const {
  build_dependency_index();
  auto found = m_dependency_by_pair.find(pair_key(from, to));
  if (found == m_dependency_by_pair.end())
    return std::nullopt;
  return found->second;
}

void Portfolio::add_dependency(Dependency dependency) {
  if (m_dependency_index_built)
    m_dependency_by_pair.emplace(pair_key(dependency.from, dependency.to),
                                 static_cast<std::int32_t>(dependencies.size()));
  dependencies.push_back(dependency);
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

void Portfolio::remove_dependency(std::size_t index) {
  dependencies.erase(dependencies.begin() + static_cast<std::ptrdiff_t>(index));
  m_dependency_index_built = false;
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
