#include "operations/project_writes.h"

#include <fmt/format.h>

#include <algorithm>

#include "domain/edit.h"
#include "io/csv.h"
#include "operations/scope.h"

namespace tiendo::operations {

std::int64_t project_version(store::Database& database, const std::string& code) {
  auto last = database.last_change(code, "project:" + code);
  return last ? last->id : 0;
}

void check_project_version(store::Database& database, const std::string& code,
                           std::int64_t expected) {
  auto last = database.last_change(code, "project:" + code);
  std::int64_t current = last ? last->id : 0;
  if (current == expected)
    return;
  throw VersionConflict(
      message("project '{}' was changed by {} at {} (version {}, the edit was made against "
              "version {}); nothing was written",
                  code, last ? last->actor : std::string("nobody"),
                  last ? last->at_utc : std::string("-"), current, expected),
      last ? last->actor : "", last ? last->at_utc : "", current);
}

store::RemovedProject remove_project(store::Database& database, const store::ChangeContext& context,
                                     const std::string& code, const Account* account,
                                     std::optional<std::int64_t> expected_version) {
  // The change log keeps what is removed for good, so every text of it is checked first.
  require_valid_text("actor", context.actor);
  require_valid_text("reason", context.reason);
  require_valid_text("source", context.source);
  if (context.reason.find_first_not_of(" \t") == std::string::npos)
    throw InvalidInput(message(
        "reason: '{}': say why the project is removed (the change log keeps it)", context.reason));
  return database.remove_project(
      context, code, [&](const Portfolio& portfolio, std::int32_t index) {
        const Project& project = portfolio.projects[static_cast<std::size_t>(index)];
        if (account) {
          // The project's own rows go, and a parent it names counts toward the totals again
          // when it was its only child: both must lie in the account's scope.
          Project without_parent = project;
          without_parent.parent.clear();
          TouchedProjects touched;
          touched.project_row(&project, without_parent, portfolio, portfolio);
          touched.check(*account);
        }
        if (expected_version)
          check_project_version(database, code, *expected_version);
        std::vector<StillLinked::Link> links;
        for (const auto& other : portfolio.projects)
          if (other.parent == code)
            links.push_back({other.code, ""});
        for (const auto& dependency : portfolio.dependencies) {
          auto from = portfolio.milestones[static_cast<std::size_t>(dependency.from)].project;
          auto to = portfolio.milestones[static_cast<std::size_t>(dependency.to)].project;
          if ((from == index) == (to == index))
            continue;
          links.push_back(
              {portfolio.projects[static_cast<std::size_t>(from == index ? to : from)].code,
               fmt::format("{} -> {}", portfolio.reference(dependency.from),
                           portfolio.reference(dependency.to))});
        }
        if (links.empty())
          return;
        std::vector<std::string> named;
        for (const auto& link : links)
          named.push_back(link.how.empty()
                              ? fmt::format("{} (names it as its parent)", link.project)
                              : fmt::format("{} ({})", link.project, link.how));
        throw StillLinked(
            fmt::format("project '{}' cannot be removed while other projects link to it: {}; "
                        "remove those links first; nothing was removed",
                        code, fmt::join(named, ", ")),
            code, std::move(links));
      });
}

std::vector<io::TemplateStep> read_templates(const std::string& path) {
  std::vector<std::string> csv_problems;
  auto table = io::read_csv_file(path, csv_problems);
  ProblemList problems;
  for (auto& line : csv_problems)
    problems.add_line(std::move(line));
  auto steps = io::parse_templates(table, problems);
  problems.throw_if_any();
  return steps;
}

std::vector<std::string> template_technologies(const std::vector<io::TemplateStep>& steps) {
  std::vector<std::string> technologies;
  for (const auto& step : steps)
    if (std::find(technologies.begin(), technologies.end(), step.technology) == technologies.end())
      technologies.push_back(step.technology);
  std::sort(technologies.begin(), technologies.end());
  return technologies;
}

}  // namespace tiendo::operations
