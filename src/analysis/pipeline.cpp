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
  const Project& entry = portfolio.projects[static_cast<std::size_t>(project)];
  Stage stage = entry.stage;
  for (std::int32_t m : by_project[static_cast<std::size_t>(project)]) {
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

PipelineResult compute_pipeline(const Portfolio& portfolio, const Schedule& schedule,
                                const PipelineQuery& query, const ProvinceRegistry& provinces) {
  PipelineResult result;
  const Date as_of = schedule.as_of;
  auto leaf = leaf_projects(portfolio);
  auto by_project = milestones_by_project(portfolio);
  auto statuses = statuses_as_of(portfolio, as_of);

  // A parent's capacity must be the sum of its children's; say so where it is not, also when no
  // child has a capacity at all, as only children are counted and the parent's MW would
  // otherwise leave the pipeline without a word. A child without a capacity counts as 0 MW.
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
      result.warnings.push_back(fmt::format(
          "{}: capacity {} MW, but none of its {} children has a capacity; only children are "
          "counted, so these MW are not in the pipeline",
          parent, capacity->megawatts_text(), entry.count));
    else if (entry.without_capacity > 0)
      result.warnings.push_back(fmt::format(
          "{}: capacity {} MW differs from the sum of its children, {} MW ({} of {} children "
          "without a capacity; children counted)",
          parent, capacity->megawatts_text(), entry.sum.megawatts_text(), entry.without_capacity,
          entry.count));
    else
      result.warnings.push_back(fmt::format(
          "{}: capacity {} MW differs from the sum of its children, {} MW (children counted)",
          parent, capacity->megawatts_text(), entry.sum.megawatts_text()));
  }

  std::map<std::vector<std::string>, PipelineRow> groups;
  // A national portfolio names a few dozen provinces twenty thousand times over; each is folded
  // for matching once.
  std::unordered_map<std::string, std::optional<std::string>> province_values;
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
    auto index = static_cast<std::int32_t>(p);
    if (!selected(portfolio, index, query, leaf))
      continue;
    const Project& project = portfolio.projects[p];
    std::string stage = stage_or_status_key(portfolio, index, as_of, by_project, statuses[p]);
    if (query.stage && *query.stage != stage)
      continue;
    PipelineRow row;
    for (GroupField field : query.group_by) {
      std::optional<std::string> value;
      switch (field) {
        case GroupField::Stage:
          value = stage;
          break;
        case GroupField::CodYear: {
          std::optional<Date> cod;
          for (std::int32_t m : by_project[p]) {
            const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
            if (milestone.key != "cod")
              continue;
            if (milestone.actual)
              cod = milestone.actual;
            else if (query.cod_basis == CodBasis::Planned)
              cod = milestone.planned;
            else
              cod = Date::from_days(schedule.milestones[static_cast<std::size_t>(m)].early_finish);
          }
          if (!cod && project.target_cod)
            cod = project.target_cod;
          if (cod)
            value = fmt::format("{}", cod->year());
          break;
        }
        case GroupField::Province: {
          auto [known, inserted] = province_values.try_emplace(project.province);
          if (inserted)
            known->second = project_group_value(project, field, query.legacy_provinces, provinces);
          value = known->second;
          break;
        }
        default:
          value = project_group_value(project, field, query.legacy_provinces, provinces);
          break;
      }
      row.keys.push_back(value);
    }
    std::vector<std::string> sort;
    for (std::size_t i = 0; i < row.keys.size(); ++i)
      sort.push_back(sort_key(query.group_by[i], row.keys[i]));
    auto [entry, inserted] = groups.try_emplace(sort, row);
    entry->second.projects += 1;
    entry->second.mw += project.capacity.value_or(Capacity{});
    entry->second.mwp += project.capacity_peak.value_or(Capacity{});
    result.total.projects += 1;
    result.total.mw += project.capacity.value_or(Capacity{});
    result.total.mwp += project.capacity_peak.value_or(Capacity{});
  }
  for (auto& [key, row] : groups)
    result.rows.push_back(std::move(row));
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
