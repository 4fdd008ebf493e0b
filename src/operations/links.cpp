#include "operations/links.h"

#include <fmt/format.h>

#include <map>

#include "domain/edit.h"
#include "domain/error.h"
#include "operations/scope.h"

namespace tiendo::operations {

std::string link_entity(const std::string& from, const std::string& to) {
  return fmt::format("dependency:{}->{}", from, to);
}

std::vector<std::int64_t> dependency_versions(store::Database& database, const Portfolio& portfolio,
                                              const std::vector<std::int32_t>& dependencies) {
  std::map<std::string, std::map<std::string, store::ChangeRecord>> by_project;
  std::vector<std::int64_t> versions;
  versions.reserve(dependencies.size());
  for (auto index : dependencies) {
    const Dependency& link = portfolio.dependencies[static_cast<std::size_t>(index)];
    const std::string& code =
        portfolio
            .projects[static_cast<std::size_t>(
                portfolio.milestones[static_cast<std::size_t>(link.to)].project)]
            .code;
    auto found = by_project.find(code);
    if (found == by_project.end())
      found = by_project.emplace(code, database.last_changes(code)).first;
    auto record = found->second.find(
        link_entity(portfolio.reference(link.from), portfolio.reference(link.to)));
    versions.push_back(record == found->second.end() ? 0 : record->second.id);
  }
  return versions;
}

RemovedMilestone remove_milestone(store::Database& database, const store::ChangeContext& context,
                                  const std::string& reference, const Guard& guard) {
  // Everything here goes to the append-only change log, so it is checked before anything is
  // written, as every edit's context is.
  require_valid_text("--actor", context.actor);
  require_valid_text("--reason", context.reason);
  require_valid_text("--source", context.source);
  if (context.reason.empty())
    throw InvalidInput(
        message("reason: '': a milestone is removed only with a reason (the history keeps it)"));
  RemovedMilestone removed;
  auto summary = database.remove_milestone(
      context, reference, [&](const Portfolio& portfolio, std::int32_t milestone) {
        const Milestone& entry = portfolio.milestones[static_cast<std::size_t>(milestone)];
        const Project& project = portfolio.projects[static_cast<std::size_t>(entry.project)];
        removed.reference = portfolio.reference(milestone);
        if (guard.account) {
          // Its own project, and the successor of every link that goes with it: a link out of
          // it into another province's project bounded that project's dates.
          TouchedProjects touched;
          touched.own_rows(project);
          for (const auto& link : portfolio.dependencies)
            if (link.from == milestone || link.to == milestone)
              touched.link(portfolio, link);
          touched.check(*guard.account);
        }
        if (guard.expected_version)
          check_version(database, project.code, fmt::format("milestone:{}", removed.reference),
                        fmt::format("milestone '{}'", removed.reference), *guard.expected_version);
      });
  removed.links_removed = summary.dependencies_removed;
  return removed;
}

}  // namespace tiendo::operations
