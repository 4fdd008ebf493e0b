#include "operations/project_pages.h"

#include <algorithm>
#include <map>

#include "operations/accounts.h"

namespace tiendo::operations {

std::vector<ProvinceFilter> home_provinces(const Account& account) {
  std::vector<ProvinceFilter> filters;
  if (account.role == Role::Admin)
    return filters;
  for (const auto& province : account.provinces)
    filters.push_back(ProvinceFilter::parse(province, ProvinceRegistry::builtin(), false));
  return filters;
}

bool within(const std::vector<ProvinceFilter>& provinces, std::string_view recorded_province) {
  if (provinces.empty())
    return true;
  return std::any_of(provinces.begin(), provinces.end(), [&](const ProvinceFilter& filter) {
    return filter.matches(recorded_province);
  });
}

namespace {

// The order a group's rows are shown in: stages up the ladder (side states after them), other
// keys as text (COD years have four digits, so text order is year order), "none" last.
std::pair<int, std::string> sort_key(analysis::GroupField field,
                                     const std::optional<std::string>& key) {
  if (!key)
    return {1000, ""};
  if (field == analysis::GroupField::Stage) {
    if (auto stage = parse_stage(*key))
      return {static_cast<int>(*stage), *key};
    return {100, *key};
  }
  return {0, *key};
}

}  // namespace

analysis::PipelineResult pipeline_within(const ScheduledPortfolio& scheduled,
                                         const analysis::Schedule& schedule,
                                         const std::vector<analysis::GroupField>& group_by,
                                         const std::vector<ProvinceFilter>& provinces) {
  return pipeline_within(
      [&](const analysis::PipelineQuery& query) { return pipeline_of(scheduled, schedule, query); },
      group_by, provinces);
}

analysis::PipelineResult pipeline_within(
    const std::function<analysis::PipelineResult(const analysis::PipelineQuery&)>& compute,
    const std::vector<analysis::GroupField>& group_by,
    const std::vector<ProvinceFilter>& provinces) {
  analysis::PipelineQuery query;
  query.group_by = group_by;
  if (provinces.empty())
    return compute(query);
  // Grouped by province first, the rows of the provinces asked for are then added up by the
  // other fields: each project lies in exactly one recorded province. Grouped by the province
  // as recorded (a legacy one), which is what a filter matches: grouped by the current unit, a
  // department of a legacy province (Trà Vinh, now part of Vĩnh Long) saw none of its projects
  // while its alerts were counted.
  query.group_by.insert(query.group_by.begin(), analysis::GroupField::Province);
  query.legacy_provinces = true;
  auto by_province = compute(query);
  analysis::PipelineResult result;
  std::map<std::vector<std::optional<std::string>>, std::size_t> row_of;
  for (const auto& row : by_province.rows) {
    if (!row.keys.front() || !within(provinces, *row.keys.front()))
      continue;
    std::vector<std::optional<std::string>> keys(row.keys.begin() + 1, row.keys.end());
    auto [found, added] = row_of.emplace(keys, result.rows.size());
    if (added) {
      analysis::PipelineRow merged;
      merged.keys = keys;
      result.rows.push_back(std::move(merged));
    }
    auto& merged = result.rows[found->second];
    merged.projects += row.projects;
    merged.mw += row.mw;
    merged.mwp += row.mwp;
    result.total.projects += row.projects;
    result.total.mw += row.mw;
    result.total.mwp += row.mwp;
  }
  std::sort(result.rows.begin(), result.rows.end(),
            [&](const analysis::PipelineRow& a, const analysis::PipelineRow& b) {
              for (std::size_t i = 0; i < group_by.size(); ++i) {
                auto left = sort_key(group_by[i], a.keys[i]);
                auto right = sort_key(group_by[i], b.keys[i]);
                if (left != right)
                  return left < right;
              }
              return false;
            });
  result.warnings = by_province.warnings;
  return result;
}

std::vector<analysis::Alert> alerts_within(const ScheduledPortfolio& scheduled,
                                           const analysis::Schedule& schedule,
                                           const AlertSettings& settings,
                                           const std::vector<ProvinceFilter>& provinces,
                                           std::size_t limit) {
  auto alerts = alerts_of(scheduled, schedule, settings, AlertsQuery{});
  std::vector<analysis::Alert> kept;
  for (auto& alert : alerts) {
    if (kept.size() >= limit)
      break;
    const auto& project = scheduled.portfolio.projects[static_cast<std::size_t>(alert.project)];
    if (within(provinces, project.province))
      kept.push_back(std::move(alert));
  }
  return kept;
}

std::vector<store::ChangeRecord> recent_changes_within(store::Database& database,
                                                       const Portfolio& portfolio,
                                                       const std::vector<ProvinceFilter>& provinces,
                                                       std::size_t limit, const Account& reader) {
  if (provinces.empty())
    return database.history("", limit, account_rows_for(reader));
  // The change log is read newest first in growing windows until enough changes of the
  // provinces are found; a department's own changes are usually among the latest few hundred.
  std::vector<store::ChangeRecord> kept;
  for (std::size_t window = 400;; window *= 8) {
    kept.clear();
    auto records = query_history(database, "", window);
    for (auto& record : records) {
      if (kept.size() >= limit)
        break;
      if (record.project_code.empty())
        continue;
      auto project = portfolio.find_project(record.project_code);
      if (project &&
          within(provinces, portfolio.projects[static_cast<std::size_t>(*project)].province))
        kept.push_back(std::move(record));
    }
    if (kept.size() >= limit || records.size() < window || window >= 400 * 64)
      return kept;
  }
}

std::vector<store::ChangeRecord> project_history(store::Database& database,
                                                 const std::string& project_code,
                                                 std::size_t limit) {
  return database.history(project_code, limit);
}

}  // namespace tiendo::operations
