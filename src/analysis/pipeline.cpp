#include "analysis/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "analysis/impact.h"
#include "analysis/periodic.h"
#include "domain/milestone_catalog.h"

namespace tiendo::analysis {

std::vector<std::vector<std::int32_t>> milestones_by_project(const Portfolio& portfolio) {
  std::vector<std::vector<std::int32_t>> result(portfolio.projects.size());
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m)
    result[static_cast<std::size_t>(portfolio.milestones[m].project)].push_back(
        static_cast<std::int32_t>(m));
  return result;
}

Stage stage_as_of(const Portfolio& portfolio, std::int32_t project, Date date,
                  const std::vector<std::vector<std::int32_t>>& by_project) {
  return stage_as_of(portfolio, project, date, by_project[static_cast<std::size_t>(project)]);
}

Stage stage_as_of(const Portfolio& portfolio, std::int32_t project, Date date,
                  std::span<const std::int32_t> milestones) {
  const Project& entry = portfolio.projects[static_cast<std::size_t>(project)];
  Stage stage = entry.stage;
  for (std::int32_t m : milestones) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
    if (!milestone.actual || date < *milestone.actual)
      continue;
    if (auto gate = milestone_gate(milestone.key, entry.technology); gate && *gate > stage)
      stage = *gate;
  }
  return stage;
}

std::optional<ProjectStatus> status_as_of(const Portfolio& portfolio, std::int32_t project,
                                          Date date) {
  std::optional<ProjectStatus> status;
  std::optional<Date> latest;
  for (const auto& event : portfolio.status_events) {
    if (event.project != project || date < event.date)
      continue;
    if (!latest || !(event.date < *latest)) {
      latest = event.date;
      status = event.status;
    }
  }
  if (status == ProjectStatus::Active)
    return std::nullopt;
  return status;
}

std::vector<std::optional<ProjectStatus>> statuses_as_of(const Portfolio& portfolio, Date date) {
  std::vector<std::optional<ProjectStatus>> statuses(portfolio.projects.size());
  std::vector<std::optional<Date>> latest(portfolio.projects.size());
  // The same rule as status_as_of: the latest event on or before the date, a later entry winning
  // a tie.
  for (const auto& event : portfolio.status_events) {
    auto p = static_cast<std::size_t>(event.project);
    if (date < event.date)
      continue;
    if (!latest[p] || !(event.date < *latest[p])) {
      latest[p] = event.date;
      statuses[p] = event.status;
    }
  }
  for (auto& status : statuses)
    if (status == ProjectStatus::Active)
      status.reset();
  return statuses;
}

std::string stage_or_status_key(const Portfolio& portfolio, std::int32_t project, Date date,
                                const std::vector<std::vector<std::int32_t>>& by_project,
                                std::optional<ProjectStatus> status) {
  if (status)
    return std::string(status_key(*status));
  return std::string(stage_key(stage_as_of(portfolio, project, date, by_project)));
}

std::string_view group_field_key(GroupField field) {
  switch (field) {
    case GroupField::Province:
      return "province";
    case GroupField::Technology:
      return "technology";
    case GroupField::TechnologyGroup:
      return "technology_group";
    case GroupField::Stage:
      return "stage";
    case GroupField::CodYear:
      return "cod_year";
    case GroupField::Investor:
      return "investor";
  }
  return "";
}

std::optional<GroupField> parse_group_field(std::string_view key) {
  for (auto field : {GroupField::Province, GroupField::Technology, GroupField::TechnologyGroup,
                     GroupField::Stage, GroupField::CodYear, GroupField::Investor})
    if (group_field_key(field) == key)
      return field;
  return std::nullopt;
}

std::optional<std::string> project_group_value(const Project& project, GroupField field,
                                               bool legacy_provinces,
                                               const ProvinceRegistry& provinces) {
  switch (field) {
    case GroupField::Province:
      return legacy_provinces ? project.province
                              : std::string(provinces.current_of(project.province));
    case GroupField::Technology:
      return std::string(technology_key(project.technology));
    case GroupField::TechnologyGroup:
      return technology_bucket(project.technology);
    case GroupField::Investor:
      if (!project.investor.empty())
        return project.investor;
      return std::nullopt;
    case GroupField::Stage:
    case GroupField::CodYear:
      return std::nullopt;
  }
  return std::nullopt;
}

namespace {

// Stages sort in ladder order, then side states; everything else alphabetically, "none" last.
std::string sort_key(GroupField field, const std::optional<std::string>& value) {
  if (!value)
    return "\xff";
  if (field == GroupField::Stage) {
    if (auto stage = parse_stage(*value))
      return fmt::format("{}", static_cast<int>(*stage));
    return "9" + *value;
  }
  return *value;
}

bool selected(const Portfolio& portfolio, std::int32_t index, const PipelineQuery& query,
              const std::vector<bool>& leaf) {
  const Project& project = portfolio.projects[static_cast<std::size_t>(index)];
  if (!leaf[static_cast<std::size_t>(index)] || project.technology == Technology::Grid)
    return false;
  if (query.province && !query.province->matches(project.province))
    return false;
  if (query.technology && !query.technology->matches(project.technology))
    return false;
  return true;
}

}  // namespace

bool pipeline_needs_schedule(const PipelineQuery& query) {
  return std::find(query.group_by.begin(), query.group_by.end(), GroupField::CodYear) !=
         query.group_by.end();
}

std::vector<std::string> pipeline_milestone_keys() {
  std::vector<std::string> keys;
  for (const auto& kind : milestone_catalog())
    for (Technology technology : all_technologies())
      if (milestone_gate(kind.key, technology)) {
        keys.emplace_back(kind.key);
        break;
      }
  return keys;
}

namespace detail {
// What one project adds to the pipeline: the group it falls in (its sort key and its row's keys)
// and its MW and MWp; nothing when the query leaves it out.
struct ProjectShare {
  std::vector<std::string> sort;
  std::vector<std::optional<std::string>> keys;
  Capacity mw, mwp;
};
}  // namespace detail

namespace {

// A parent's capacity must be the sum of its children's; say so where it is not, also when no
// child has a capacity at all, as only children are counted and the parent's MW would otherwise
// leave the pipeline without a word. A child without a capacity counts as 0 MW.
std::vector<std::string> capacity_warnings(const Portfolio& portfolio) {
  std::vector<std::string> warnings;
  struct Children {
    Capacity sum;
    std::size_t count = 0;
    std::size_t without_capacity = 0;
  };
  std::map<std::string, Children> children;
  for (const auto& project : portfolio.projects) {
    if (project.parent.empty())
      continue;
    auto& entry = children[project.parent];
    entry.sum += project.capacity.value_or(Capacity{});
    ++entry.count;
    if (!project.capacity)
      ++entry.without_capacity;
  }
  for (const auto& [parent, entry] : children) {
    auto index = portfolio.find_project(parent);
    if (!index)
      continue;
    const auto& capacity = portfolio.projects[static_cast<std::size_t>(*index)].capacity;
    if (!capacity || *capacity == entry.sum)
      continue;
    if (entry.without_capacity == entry.count)
      warnings.push_back(fmt::format(
          "{}: capacity {} MW, but none of its {} children has a capacity; only children are "
          "counted, so these MW are not in the pipeline",
          parent, capacity->megawatts_text(), entry.count));
    else if (entry.without_capacity > 0)
      warnings.push_back(fmt::format(
          "{}: capacity {} MW differs from the sum of its children, {} MW ({} of {} children "
          "without a capacity; children counted)",
          parent, capacity->megawatts_text(), entry.sum.megawatts_text(), entry.without_capacity,
          entry.count));
    else
      warnings.push_back(fmt::format(
          "{}: capacity {} MW differs from the sum of its children, {} MW (children counted)",
          parent, capacity->megawatts_text(), entry.sum.megawatts_text()));
  }
  return warnings;
}

using detail::ProjectShare;

class ShareFinder {
 public:
  ShareFinder(const Portfolio& portfolio, const Schedule& schedule, const PipelineQuery& query,
              const ProvinceRegistry& provinces, const std::vector<bool>& leaf,
              const std::vector<std::vector<std::int32_t>>& by_project, bool few = false)
      : m_portfolio(portfolio),
        m_schedule(schedule),
        m_query(query),
        m_provinces(provinces),
        m_leaf(leaf),
        m_by_project(by_project),
        m_few(few) {
    // For a few projects (those an edit changed), each one's status is read from the events;
    // for every project, all at once in one pass over them.
    if (!few)
      m_statuses = statuses_as_of(portfolio, schedule.as_of);
  }

  std::optional<ProjectShare> share(std::size_t p) {
    auto index = static_cast<std::int32_t>(p);
    if (!selected(m_portfolio, index, m_query, m_leaf))
      return std::nullopt;
    const Project& project = m_portfolio.projects[p];
    std::string stage = stage_or_status_key(
        m_portfolio, index, m_schedule.as_of, m_by_project,
        m_few ? status_as_of(m_portfolio, index, m_schedule.as_of) : m_statuses[p]);
    if (m_query.stage && *m_query.stage != stage)
      return std::nullopt;
    ProjectShare share;
    for (GroupField field : m_query.group_by) {
      std::optional<std::string> value;
      switch (field) {
        case GroupField::Stage:
          value = stage;
          break;
        case GroupField::CodYear: {
          std::optional<Date> cod;
          for (std::int32_t m : m_by_project[p]) {
            const Milestone& milestone = m_portfolio.milestones[static_cast<std::size_t>(m)];
            if (milestone.key != "cod")
              continue;
            if (milestone.actual)
              cod = milestone.actual;
            else if (m_query.cod_basis == CodBasis::Planned)
              cod = milestone.planned;
            else
              cod = Date::from_days(m_schedule.milestones[static_cast<std::size_t>(m)].early_finish);
          }
          if (!cod && project.target_cod)
            cod = project.target_cod;
          if (cod)
            value = fmt::format("{}", cod->year());
          break;
        }
        case GroupField::Province: {
          // A national portfolio names a few dozen provinces twenty thousand times over; each is
          // folded for matching once.
          auto [known, inserted] = m_province_values.try_emplace(project.province);
          if (inserted)
            known->second =
                project_group_value(project, field, m_query.legacy_provinces, m_provinces);
          value = known->second;
          break;
        }
        default:
          value = project_group_value(project, field, m_query.legacy_provinces, m_provinces);
          break;
      }
      share.keys.push_back(value);
    }
    for (std::size_t i = 0; i < share.keys.size(); ++i)
      share.sort.push_back(sort_key(m_query.group_by[i], share.keys[i]));
    share.mw = project.capacity.value_or(Capacity{});
    share.mwp = project.capacity_peak.value_or(Capacity{});
    return share;
  }

 private:
  const Portfolio& m_portfolio;
  const Schedule& m_schedule;
  const PipelineQuery& m_query;
  const ProvinceRegistry& m_provinces;
  const std::vector<bool>& m_leaf;
  const std::vector<std::vector<std::int32_t>>& m_by_project;
  bool m_few = false;
  std::vector<std::optional<ProjectStatus>> m_statuses;
  std::unordered_map<std::string, std::optional<std::string>> m_province_values;
};

void add_share(PipelineRow& row, const ProjectShare& share) {
  row.projects += 1;
  row.mw += share.mw;
  row.mwp += share.mwp;
}

void take_share(PipelineRow& row, Capacity mw, Capacity mwp) {
  row.projects -= 1;
  row.mw = Capacity::from_watts(row.mw.watts() - mw.watts());
  row.mwp = Capacity::from_watts(row.mwp.watts() - mwp.watts());
}

}  // namespace

PipelineResult compute_pipeline(const Portfolio& portfolio, const Schedule& schedule,
                                const PipelineQuery& query, const ProvinceRegistry& provinces) {
  PipelineResult result;
  auto leaf = leaf_projects(portfolio);
  auto by_project = milestones_by_project(portfolio);
  result.warnings = capacity_warnings(portfolio);
  ShareFinder finder(portfolio, schedule, query, provinces, leaf, by_project);
  std::map<std::vector<std::string>, PipelineRow> groups;
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    auto share = finder.share(p);
    if (!share)
      continue;
    auto [entry, inserted] = groups.try_emplace(share->sort);
    if (inserted)
      entry->second.keys = share->keys;
    add_share(entry->second, *share);
    add_share(result.total, *share);
  }
  for (auto& [key, row] : groups)
    result.rows.push_back(std::move(row));
  return result;
}

PipelineTally::PipelineTally(const Portfolio& portfolio, const Schedule& schedule,
                             const PipelineQuery& query, const ProvinceRegistry& provinces,
                             const std::vector<std::vector<std::int32_t>>& by_project)
    : m_query(query),
      m_as_of(schedule.as_of),
      m_leaf(leaf_projects(portfolio)),
      m_project_count(portfolio.projects.size()),
      m_warnings(capacity_warnings(portfolio)) {
  note_parents(portfolio);
  ShareFinder finder(portfolio, schedule, m_query, provinces, m_leaf, by_project);
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p)
    count(p, finder.share(p));
}

void PipelineTally::count(std::size_t p, const std::optional<ProjectShare>& share) {
  if (!share)
    return;
  auto [entry, inserted] =
      m_group_index.try_emplace(share->sort, static_cast<std::int32_t>(m_groups.size()));
  if (inserted) {
    m_groups.emplace_back();
    m_groups.back().keys = share->keys;
  }
  add_share(m_groups[static_cast<std::size_t>(entry->second)], *share);
  add_share(m_total, *share);
  auto& counted = counted_for_writing(p);
  counted.group = entry->second;
  counted.mw = share->mw;
  counted.mwp = share->mwp;
}

bool PipelineTally::update(const Portfolio& portfolio, const Schedule& schedule,
                           const std::vector<bool>& changed, const ProvinceRegistry& provinces,
                           const std::vector<std::vector<std::int32_t>>& by_project) {
  if (portfolio.projects.size() != m_project_count || changed.size() != m_project_count ||
      schedule.as_of.days() != m_as_of.days())
    return false;
  std::vector<std::size_t> again;
  for (std::size_t p = 0; p < changed.size(); ++p)
    if (changed[p])
      again.push_back(p);
  // Only a changed project can have moved among the parents and children: one that names
  // another parent, one that was a parent (its code may be another now), one whose code a
  // project names as its parent. Then the leaves are found again, and a project that became a
  // parent or stopped being one is counted again too (only leaves are counted). The capacity
  // warnings read the parents' and children's capacities: made again when one of them changed.
  bool leaves_moved = false, warnings_moved = false;
  for (auto p : again) {
    const Project& project = portfolio.projects[p];
    if (parent_of(portfolio, project) != (*m_parent)[p] || !m_leaf[p] ||
        m_parent_names->count(project.code))
      leaves_moved = true;
    if (!project.parent.empty() || (*m_parent)[p] >= 0 || !m_leaf[p])
      warnings_moved = true;
  }
  if (leaves_moved) {
    auto leaf = leaf_projects(portfolio);
    for (std::size_t p = 0; p < changed.size(); ++p)
      if (!changed[p] && leaf[p] != m_leaf[p])
        again.push_back(p);
    m_leaf = std::move(leaf);
    note_parents(portfolio);
  }
  if (warnings_moved || leaves_moved)
    m_warnings = capacity_warnings(portfolio);
  if (again.empty())
    return true;
  ShareFinder finder(portfolio, schedule, m_query, provinces, m_leaf, by_project,
                     /*few=*/again.size() < 64);
  for (auto p : again) {
    // The project's old share is taken out of its group, its new one put in.
    if (const auto& before = counted(p); before.group >= 0) {
      take_share(m_groups[static_cast<std::size_t>(before.group)], before.mw, before.mwp);
      take_share(m_total, before.mw, before.mwp);
      counted_for_writing(p).group = -1;
    }
    count(p, finder.share(p));
  }
  return true;
}

const PipelineTally::Counted& PipelineTally::counted(std::size_t project) const {
  static const Counted none;
  if (m_counted.empty())
    return none;
  const auto& chunk = m_counted[project / counted_chunk];
  return chunk ? (*chunk)[project % counted_chunk] : none;
}

PipelineTally::Counted& PipelineTally::counted_for_writing(std::size_t project) {
  if (m_counted.empty())
    m_counted.resize((m_project_count + counted_chunk - 1) / counted_chunk);
  auto& chunk = m_counted[project / counted_chunk];
  // A chunk another tally holds too (the one this was copied from) is copied before it is
  // written; one only this tally holds can be written in place, as no other can take it now.
  if (!chunk)
    chunk = std::make_shared<std::vector<Counted>>(counted_chunk);
  else if (chunk.use_count() > 1)
    chunk = std::make_shared<std::vector<Counted>>(*chunk);
  return (*chunk)[project % counted_chunk];
}

std::int32_t PipelineTally::parent_of(const Portfolio& portfolio, const Project& project) {
  if (project.parent.empty())
    return -1;
  return portfolio.find_project(project.parent).value_or(-1);
}

void PipelineTally::note_parents(const Portfolio& portfolio) {
  auto parents = std::make_shared<std::vector<std::int32_t>>(portfolio.projects.size());
  auto names = std::make_shared<std::unordered_set<std::string>>();
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    (*parents)[p] = parent_of(portfolio, portfolio.projects[p]);
    if (!portfolio.projects[p].parent.empty())
      names->insert(portfolio.projects[p].parent);
  }
  m_parent = std::move(parents);
  m_parent_names = std::move(names);
}

PipelineResult PipelineTally::result() const {
  PipelineResult result;
  // In the order of the groups' sort keys, as compute_pipeline's map gives them; a group every
  // project left is not shown.
  for (const auto& [sort, index] : m_group_index) {
    const auto& row = m_groups[static_cast<std::size_t>(index)];
    if (row.projects > 0)
      result.rows.push_back(row);
  }
  result.total = m_total;
  result.warnings = m_warnings;
  return result;
}

std::vector<StageMovement> compare_stages(const Portfolio& portfolio, const PipelineQuery& query,
                                          Date from, Date to, const ProvinceRegistry&) {
  auto leaf = leaf_projects(portfolio);
  auto by_project = milestones_by_project(portfolio);
  std::vector<StageMovement> movements;
  for (Stage stage : all_stages())
    movements.push_back(StageMovement{stage, 0, {}, {}});
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    auto index = static_cast<std::int32_t>(p);
    if (!selected(portfolio, index, query, leaf))
      continue;
    Stage before = stage_as_of(portfolio, index, from, by_project);
    Stage after = stage_as_of(portfolio, index, to, by_project);
    for (auto& movement : movements) {
      if (before < movement.stage && movement.stage <= after) {
        movement.projects += 1;
        movement.mw += portfolio.projects[p].capacity.value_or(Capacity{});
        movement.project_indices.push_back(index);
      }
    }
  }
  return movements;
}

}  // namespace tiendo::analysis
