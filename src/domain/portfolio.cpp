#include "domain/portfolio.h"

#include <fmt/format.h>

#include "domain/error.h"

namespace tiendo {

std::string_view link_type_key(LinkType type) {
  switch (type) {
    case LinkType::FinishToStart: return "FS";
    case LinkType::StartToStart: return "SS";
    case LinkType::FinishToFinish: return "FF";
    case LinkType::StartToFinish: return "SF";
  }
  return "FS";
}

std::optional<LinkType> parse_link_type(std::string_view key) {
  for (auto type : {LinkType::FinishToStart, LinkType::StartToStart, LinkType::FinishToFinish,
                    LinkType::StartToFinish})
    if (link_type_key(type) == key) return type;
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
  if (found == m_project_by_code.end()) return std::nullopt;
  return found->second;
}

std::optional<std::int32_t> Portfolio::find_milestone(std::string_view code,
                                                      std::string_view key) const {
  auto found = m_milestone_by_reference.find(fmt::format("{}:{}", code, key));
  if (found == m_milestone_by_reference.end()) return std::nullopt;
  return found->second;
}

std::int32_t Portfolio::milestone_by_reference(std::string_view reference) const {
  auto [code, key] = split_reference(reference);
  if (!find_project(code)) throw NotFound(fmt::format("project '{}' not found", code));
  if (auto index = find_milestone(code, key)) return *index;
  throw NotFound(fmt::format("milestone '{}' not found", reference));
}

namespace {
std::uint64_t pair_key(std::int32_t from, std::int32_t to) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32) |
         static_cast<std::uint32_t>(to);
}
}  // namespace

std::optional<std::int32_t> Portfolio::find_dependency(std::int32_t from, std::int32_t to) const {
  auto found = m_dependency_by_pair.find(pair_key(from, to));
  if (found == m_dependency_by_pair.end()) return std::nullopt;
  return found->second;
}

void Portfolio::add_dependency(Dependency dependency) {
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
  return index;
}

std::int32_t Portfolio::add_milestone(Milestone milestone) {
  auto index = static_cast<std::int32_t>(milestones.size());
  m_milestone_by_reference.emplace(
      fmt::format("{}:{}", projects[static_cast<std::size_t>(milestone.project)].code,
                  milestone.key),
      index);
  milestones.push_back(std::move(milestone));
  return index;
}

void Portfolio::remove_dependency(std::size_t index) {
  dependencies.erase(dependencies.begin() + static_cast<std::ptrdiff_t>(index));
  m_dependency_by_pair.clear();
  for (std::size_t i = 0; i < dependencies.size(); ++i)
    m_dependency_by_pair.emplace(pair_key(dependencies[i].from, dependencies[i].to),
                                 static_cast<std::int32_t>(i));
}

void Portfolio::reindex() {
  m_project_by_code.clear();
  m_milestone_by_reference.clear();
  m_dependency_by_pair.clear();
  for (std::size_t i = 0; i < dependencies.size(); ++i)
    m_dependency_by_pair.emplace(pair_key(dependencies[i].from, dependencies[i].to),
                                 static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < projects.size(); ++i)
    m_project_by_code.emplace(projects[i].code, static_cast<std::int32_t>(i));
  for (std::size_t i = 0; i < milestones.size(); ++i)
    m_milestone_by_reference.emplace(reference(static_cast<std::int32_t>(i)),
                                     static_cast<std::int32_t>(i));
}

}  // namespace tiendo
