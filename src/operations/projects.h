#pragma once
// Finding projects in a portfolio held in memory — by province, technology, stage as of a date
// and accent-insensitive text — and what a project's page or API answer shows of it. The web
// workspace asks these of every page view, so what is the same for every question (the folded
// search text, each project's milestones) is computed once per loaded portfolio.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/province.h"
#include "store/database.h"

namespace tiendo::operations {

class ProjectIndex {
 public:
  explicit ProjectIndex(const Portfolio& portfolio);
  // Code, name, investor, province and site of each project, folded as fold_for_matching does.
  const std::vector<std::string>& search_text() const { return m_search_text; }
  const std::vector<std::vector<std::int32_t>>& milestones_by_project() const {
    return m_milestones_by_project;
  }
  // Whether each project is a leaf (no project names it as its parent; analysis::leaf_projects):
  // only leaves' capacities are counted, which every list of alerts shows.
  const std::vector<bool>& leaf() const { return m_leaf; }
  // After an edit of one project's own fields (its milestones the same): its search text again,
  // and the leaves (its code may be another).
  void update_project(const Portfolio& portfolio, std::int32_t project);
  // After a milestone was inserted at `position` (Portfolio::place_last_milestone): listed under
  // its project, the later ones moved up one.
  void insert_milestone(const Portfolio& portfolio, std::int32_t position);
  // After the milestone at `position` was removed: the later ones moved down one.
  void remove_milestone(std::int32_t position);

 private:
  std::vector<std::string> m_search_text;
  std::vector<bool> m_leaf;
  std::vector<std::vector<std::int32_t>> m_milestones_by_project;
};

struct ProjectsQuery {
  std::optional<ProvinceFilter> province;
  std::optional<TechnologyFilter> technology;
  std::string stage;  // A stage or side-state key, as of the date; empty for all.
  std::string text;   // Every word must occur, ignoring case and accents ("hoa binh").
  std::size_t limit = 50;
  std::size_t offset = 0;
};

struct ProjectRow {
  std::int32_t project = 0;
  std::string stage;  // As of the date, as pipeline counts it.
};

struct ProjectsPage {
  std::size_t total = 0;  // Matching projects, of which `rows` is the page asked for.
  std::vector<ProjectRow> rows;
};

// InvalidInput for an unknown stage key.
ProjectsPage find_projects(const Portfolio& portfolio, const ProjectIndex& index, Date as_of,
                           const ProjectsQuery& query);

// One project's stage (or side state) as of a date, as pipeline counts it.
std::string project_stage(const Portfolio& portfolio, const ProjectIndex& index,
                          std::int32_t project, Date as_of);

// The latest change-log entry of each milestone of a project, by key: its version and who made it.
std::map<std::string, store::ChangeRecord> milestone_changes(store::Database& database,
                                                             const std::string& project_code);

}  // namespace tiendo::operations
