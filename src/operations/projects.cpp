#include "operations/projects.h"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/impact.h"
#include "analysis/pipeline.h"
#include "domain/command_line.h"
#include "domain/error.h"
#include "domain/text.h"

namespace tiendo::operations {

namespace {
std::string search_text_of(const Project& project) {
  return fold_for_matching(fmt::format("{} {} {} {} {}", project.code, project.name,
                                       project.investor, project.province, project.site));
}
}  // namespace

ProjectIndex::ProjectIndex(const Portfolio& portfolio)
    : m_leaf(analysis::leaf_projects(portfolio)),
      m_milestones_by_project(analysis::milestones_by_project(portfolio)) {
  m_search_text.reserve(portfolio.projects.size());
  for (const auto& project : portfolio.projects)
    m_search_text.push_back(search_text_of(project));
}

void ProjectIndex::update_project(const Portfolio& portfolio, std::int32_t project) {
  const auto p = static_cast<std::size_t>(project);
  m_search_text[p] = search_text_of(portfolio.projects[p]);
  m_leaf = analysis::leaf_projects(portfolio);
}

void ProjectIndex::insert_milestone(const Portfolio& portfolio, std::int32_t position) {
  for (auto& list : m_milestones_by_project)
    for (auto& index : list)
      index += index >= position ? 1 : 0;
  const auto project = portfolio.milestones[static_cast<std::size_t>(position)].project;
  auto& own = m_milestones_by_project[static_cast<std::size_t>(project)];
  own.insert(std::upper_bound(own.begin(), own.end(), position), position);
}

void ProjectIndex::remove_milestone(std::int32_t position) {
  for (auto& list : m_milestones_by_project) {
    std::erase(list, position);
    for (auto& index : list)
      index -= index > position ? 1 : 0;
  }
}

ProjectsPage find_projects(const Portfolio& portfolio, const ProjectIndex& index, Date as_of,
                           const ProjectsQuery& query) {
  if (!query.stage.empty() && !parse_stage(query.stage) && !parse_status(query.stage))
    throw InvalidInput(message("stage: '{}': unknown stage (proposed, in_plan, approved, permitted, construction, commissioning, operating, suspended, cancelled, retired)",
        shown_safely(query.stage)));
  std::vector<std::string> words;
  {
    std::string folded = fold_for_matching(query.text);
    std::size_t start = 0;
    while (start < folded.size()) {
      auto end = folded.find(' ', start);
      if (end == std::string::npos)
        end = folded.size();
      if (end > start)
        words.push_back(folded.substr(start, end - start));
      start = end + 1;
    }
  }
  auto statuses = analysis::statuses_as_of(portfolio, as_of);
  ProjectsPage page;
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    const Project& project = portfolio.projects[p];
    if (query.province && !query.province->matches(project.province))
      continue;
    if (query.technology && !query.technology->matches(project.technology))
      continue;
    bool found = true;
    for (const auto& word : words)
      if (index.search_text()[p].find(word) == std::string::npos) {
        found = false;
        break;
      }
    if (!found)
      continue;
    auto project_index = static_cast<std::int32_t>(p);
    // The stage is derived only for the projects it is asked of or shown for: at 100,000
    // projects a page of fifty need not derive them all.
    bool shown = page.total >= query.offset && page.rows.size() < query.limit;
    if (!query.stage.empty() || shown) {
      std::string stage = analysis::stage_or_status_key(portfolio, project_index, as_of,
                                                        index.milestones_by_project(), statuses[p]);
      if (!query.stage.empty() && stage != query.stage)
        continue;
      if (page.total >= query.offset && page.rows.size() < query.limit)
        page.rows.push_back(ProjectRow{project_index, std::move(stage)});
    }
    ++page.total;
  }
  return page;
}

std::string project_stage(const Portfolio& portfolio, const ProjectIndex& index,
                          std::int32_t project, Date as_of) {
  return analysis::stage_or_status_key(portfolio, project, as_of, index.milestones_by_project(),
                                       analysis::status_as_of(portfolio, project, as_of));
}

std::map<std::string, store::ChangeRecord> milestone_changes(store::Database& database,
                                                             const std::string& project_code) {
  std::map<std::string, store::ChangeRecord> result;
  std::string prefix = fmt::format("milestone:{}:", project_code);
  for (auto& [entity, record] : database.last_changes(project_code))
    if (entity.starts_with(prefix))
      result.emplace(entity.substr(prefix.size()), record);
  return result;
}

}  // namespace tiendo::operations
