#include "operations/scope.h"

#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

#include "domain/error.h"
#include "operations/accounts.h"

namespace tiendo::operations {

void TouchedProjects::own_rows(const Project& project) {
  m_touched.push_back(Touched{&project, Why::OwnRows, nullptr, nullptr, {}});
}

void TouchedProjects::project_row(const Project* before, const Project& after,
                                  const Portfolio& portfolio_before,
                                  const Portfolio& portfolio_after) {
  own_rows(after);
  if (before && before->province != after.province)
    own_rows(*before);
  std::string_view left = before ? std::string_view(before->parent) : std::string_view();
  if (left == after.parent)
    return;
  // The parent left counts toward the totals again (when it has no other child), the one named
  // stops counting: both figures change, as much as the project's own.
  if (!left.empty())
    if (auto parent = portfolio_before.find_project(left))
      m_touched.push_back(Touched{&portfolio_before.projects[static_cast<std::size_t>(*parent)],
                                  Why::ParentLeft,
                                  &after,
                                  nullptr,
                                  {}});
  if (!after.parent.empty())
    if (auto parent = portfolio_after.find_project(after.parent))
      m_touched.push_back(Touched{&portfolio_after.projects[static_cast<std::size_t>(*parent)],
                                  Why::ParentNamed,
                                  &after,
                                  nullptr,
                                  {}});
}

void TouchedProjects::link(const Portfolio& portfolio, const Dependency& dependency) {
  const Milestone& successor = portfolio.milestones[static_cast<std::size_t>(dependency.to)];
  m_touched.push_back(Touched{&portfolio.projects[static_cast<std::size_t>(successor.project)],
                              Why::LinkSuccessor, nullptr, &portfolio, dependency});
}

void TouchedProjects::check(const Account& account) const {
  // An import touches thousands of projects in a few provinces: each province is asked once.
  std::unordered_map<std::string_view, bool> allowed;
  for (const auto& touched : m_touched) {
    const Project& project = *touched.project;
    auto [entry, inserted] = allowed.try_emplace(project.province, false);
    if (inserted)
      entry->second = can_write(account, project.province);
    if (entry->second)
      continue;
    std::string related, why;
    switch (touched.why) {
      case Why::OwnRows:
        break;
      case Why::ParentNamed:
        related = touched.child->code;
        why = fmt::format(", which '{}' would name as its parent", related);
        break;
      case Why::ParentLeft:
        related = touched.child->code;
        why = fmt::format(", the parent '{}' would leave", related);
        break;
      case Why::LinkSuccessor:
        related = fmt::format("{} -> {}", touched.portfolio->reference(touched.link.from),
                              touched.portfolio->reference(touched.link.to));
        why = fmt::format(", the successor of the link {}", related);
        break;
    }
    throw OutOfScope(
        fmt::format(
            "{} may not change project '{}' in {}{} (role {}, provinces: {}); nothing was written",
            account.name, project.code, project.province, why, role_key(account.role),
            account.provinces.empty() ? std::string("none")
                                      : fmt::format("{}", fmt::join(account.provinces, ", "))),
        account.name, project.code, project.province, touched.why, related);
  }
}

TouchedProjects touched_between(const Portfolio& before, const Portfolio& after) {
  TouchedProjects touched;
  for (std::size_t p = 0; p < after.projects.size(); ++p) {
    const Project* old = p < before.projects.size() ? &before.projects[p] : nullptr;
    if (old && *old == after.projects[p])
      continue;
    touched.project_row(old, after.projects[p], before, after);
  }
  for (std::size_t m = 0; m < after.milestones.size(); ++m)
    if (m >= before.milestones.size() || !(after.milestones[m] == before.milestones[m]))
      touched.own_rows(after.projects[static_cast<std::size_t>(after.milestones[m].project)]);
  for (std::size_t e = before.status_events.size(); e < after.status_events.size(); ++e)
    touched.own_rows(after.projects[static_cast<std::size_t>(after.status_events[e].project)]);
  // Links are compared by their ends, not their positions: removing one moves those after it.
  // Milestones keep their positions, so the ends mean the same in both portfolios. The common
  // case, links unchanged in place or appended, needs no lookup.
  auto same_link = [](const Portfolio& other, std::size_t position, const Dependency& link) {
    if (position < other.dependencies.size() && other.dependencies[position] == link)
      return true;
    auto found = other.find_dependency(link.from, link.to);
    return found && other.dependencies[static_cast<std::size_t>(*found)] == link;
  };
  for (std::size_t d = 0; d < after.dependencies.size(); ++d)
    if (!same_link(before, d, after.dependencies[d]))
      touched.link(after, after.dependencies[d]);  // Added or changed.
  for (std::size_t d = 0; d < before.dependencies.size(); ++d) {
    const Dependency& link = before.dependencies[d];
    if (d < after.dependencies.size() && after.dependencies[d] == link)
      continue;
    if (!after.find_dependency(link.from, link.to))
      touched.link(before, link);  // Removed.
  }
  return touched;
}

}  // namespace tiendo::operations
