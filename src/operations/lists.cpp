#include "operations/lists.h"

#include <fmt/format.h>

#include <algorithm>
#include <compare>
#include <functional>

#include "analysis/impact.h"
#include "analysis/pipeline.h"
#include "domain/command_line.h"
#include "domain/error.h"
#include "domain/text.h"
#include "operations/project_pages.h"
#include "report/views.h"

namespace tiendo::operations {
namespace {

// A column's value for sorting: empty, a number or a text (compared folded, so "Đắk Lắk" sorts
// beside "Dak Nong" as a Vietnamese reader expects).
struct SortValue {
  bool empty = true;
  double number = 0;
  std::string text;
};

SortValue number_value(std::optional<double> value) {
  SortValue sort;
  if (value) {
    sort.empty = false;
    sort.number = *value;
  }
  return sort;
}

SortValue text_value(std::string_view value) {
  SortValue sort;
  if (!value.empty()) {
    sort.empty = false;
    sort.text = fold_for_matching(value);
  }
  return sort;
}

// Sorts `items` by the values `value_of` gives, in the direction asked; empty values last either
// way, ties in the order the items came.
template <class Item>
void sort_by(std::vector<Item>& items, bool descending,
             const std::function<SortValue(const Item&)>& value_of) {
  std::vector<std::pair<SortValue, Item>> keyed;
  keyed.reserve(items.size());
  for (auto& item : items)
    keyed.emplace_back(value_of(item), std::move(item));
  std::stable_sort(keyed.begin(), keyed.end(), [descending](const auto& left, const auto& right) {
    const SortValue& a = left.first;
    const SortValue& b = right.first;
    if (a.empty || b.empty)
      return !a.empty && b.empty;
    auto order = a.number != b.number ? (a.number < b.number ? std::weak_ordering::less
                                                             : std::weak_ordering::greater)
                                      : a.text <=> b.text;
    return descending ? order > 0 : order < 0;
  });
  items.clear();
  for (auto& [value, item] : keyed)
    items.push_back(std::move(item));
}

std::optional<double> day_number(const std::optional<Date>& date) {
  if (!date)
    return std::nullopt;
  return static_cast<double>(date->days());
}

// The place of a stage or side state on the ladder, for sorting: proposed first, the side states
// after operating.
double stage_rank(std::string_view key) {
  if (auto stage = parse_stage(key))
    return static_cast<double>(*stage);
  if (auto status = parse_status(key))
    return 100 + static_cast<double>(*status);
  return 200;
}

}  // namespace

SortOrder parse_sort(std::string_view text, std::span<const std::string_view> columns,
                     const SortOrder& fallback) {
  if (text.empty())
    return fallback;
  SortOrder order;
  order.descending = text.front() == '-';
  order.column = std::string(order.descending ? text.substr(1) : text);
  if (std::find(columns.begin(), columns.end(), order.column) == columns.end()) {
    std::string names;
    for (auto column : columns)
      names += (names.empty() ? "" : ", ") + std::string(column);
    // A page's reader sorts by clicking a column's heading and never meets the columns' codes;
    // the command line and the API name them.
    throw InvalidInput(
        message("sort: '{}': not a column of the table; click a column's heading to sort by it",
                shown_safely(text))
            .on_command_line(fmt::format("sort: '{{}}': write one of {}, with - before it for "
                                         "the other direction",
                                         names)));
  }
  return order;
}

std::vector<std::uint32_t> alert_counts(const ScheduledPortfolio& scheduled,
                                        const analysis::Schedule& schedule,
                                        const AlertSettings& settings) {
  std::vector<std::uint32_t> counts(scheduled.portfolio.projects.size(), 0);
  for (const auto& alert : alerts_of(scheduled, schedule, settings, AlertsQuery{}))
    ++counts[static_cast<std::size_t>(alert.project)];
  return counts;
}

ProjectList list_projects(const ScheduledPortfolio& scheduled, const analysis::Schedule& schedule,
                          const ProjectIndex& index, const AlertSettings& settings,
                          const ProjectListQuery& query, std::vector<std::uint32_t> counts) {
  const Portfolio& portfolio = scheduled.portfolio;
  Date as_of = schedule.as_of;
  ProjectsQuery filters = query.filters;
  filters.offset = 0;
  filters.limit = SIZE_MAX;
  auto found = find_projects(portfolio, index, as_of, filters);

  if (counts.size() != portfolio.projects.size())
    counts = alert_counts(scheduled, schedule, settings);

  const auto& by_project = index.milestones_by_project();
  std::vector<ProjectListRow> rows;
  rows.reserve(found.rows.size());
  for (auto& match : found.rows) {
    auto p = static_cast<std::size_t>(match.project);
    if (!within(query.provinces, portfolio.projects[p].province))
      continue;
    ProjectListRow row;
    row.project = match.project;
    row.stage = std::move(match.stage);
    row.alerts = counts[p];
    const auto& milestones = by_project[p];
    std::optional<std::int32_t> largest_slip;
    bool has_cod = false;
    for (auto m : milestones) {
      const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
      const auto& entry = schedule.milestones[static_cast<std::size_t>(m)];
      auto slip = analysis::slip_days(milestone, entry);
      if (milestone.key == "cod") {
        has_cod = true;
        row.cod_planned = milestone.planned;
        row.cod_forecast =
            milestone.actual ? *milestone.actual : Date::from_days(entry.early_finish);
        row.slip_days = slip;
      } else if (slip && (!largest_slip || *slip > *largest_slip)) {
        largest_slip = slip;
      }
    }
    if (!has_cod)
      row.slip_days = largest_slip;
    if (query.late_only && !(row.slip_days && *row.slip_days > 0))
      continue;
    row.reason = analysis::project_reason(portfolio, milestones);
    if (query.forecast_of) {
      if (const analysis::ProjectForecast* forecast = query.forecast_of(match.project)) {
        row.cod_p50 = Date::from_days(forecast->p50);
        if (portfolio.projects[p].target_cod)
          row.cod_chance = forecast->p_by_target_cod;
      }
    }
    rows.push_back(std::move(row));
  }

  const std::string& column = query.sort.column;
  auto project_of = [&](const ProjectListRow& row) -> const Project& {
    return portfolio.projects[static_cast<std::size_t>(row.project)];
  };
  std::function<SortValue(const ProjectListRow&)> value_of;
  if (column == "name")
    value_of = [&](const ProjectListRow& row) { return text_value(project_of(row).name); };
  else if (column == "technology")
    value_of = [&](const ProjectListRow& row) {
      return text_value(technology_key(project_of(row).technology));
    };
  else if (column == "province")
    value_of = [&](const ProjectListRow& row) { return text_value(project_of(row).province); };
  else if (column == "mw")
    value_of = [&](const ProjectListRow& row) {
      const auto& capacity = project_of(row).capacity;
      return number_value(capacity ? std::optional<double>(capacity->megawatts()) : std::nullopt);
    };
  else if (column == "stage")
    value_of = [](const ProjectListRow& row) { return number_value(stage_rank(row.stage)); };
  else if (column == "cod_planned")
    value_of = [](const ProjectListRow& row) { return number_value(day_number(row.cod_planned)); };
  else if (column == "cod_forecast")
    value_of = [](const ProjectListRow& row) { return number_value(day_number(row.cod_forecast)); };
  else if (column == "cod_p50")
    value_of = [](const ProjectListRow& row) { return number_value(day_number(row.cod_p50)); };
  else if (column == "cod_chance")
    value_of = [](const ProjectListRow& row) { return number_value(row.cod_chance); };
  else if (column == "slip")
    value_of = [](const ProjectListRow& row) {
      return number_value(row.slip_days ? std::optional<double>(*row.slip_days) : std::nullopt);
    };
  else if (column == "alerts")
    value_of = [](const ProjectListRow& row) {
      return number_value(static_cast<double>(row.alerts));
    };
  else if (column == "reason")
    value_of = [&](const ProjectListRow& row) {
      return text_value(query.reason_words && !row.reason.empty() ? query.reason_words(row.reason)
                                                                  : row.reason);
    };
  else
    value_of = [&](const ProjectListRow& row) { return text_value(project_of(row).code); };
  sort_by(rows, query.sort.descending, value_of);

  ProjectList list;
  list.total = rows.size();
  std::size_t per_page = std::max<std::size_t>(1, query.per_page);
  list.pages = std::max<std::size_t>(1, (rows.size() + per_page - 1) / per_page);
  list.page = std::clamp<std::size_t>(query.page, 1, list.pages);
  std::size_t first = std::min(rows.size(), (list.page - 1) * per_page);
  std::size_t last = std::min(rows.size(), first + per_page);
  list.rows.assign(std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(first)),
                   std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(last)));
  return list;
}

void scope_and_sort_alerts(const Portfolio& portfolio, std::vector<analysis::Alert>& alerts,
                           const std::vector<ProvinceFilter>& provinces, const SortOrder& sort,
                           const ReasonWords& reason_words) {
  auto project_of = [&](const analysis::Alert& alert) -> const Project& {
    return portfolio.projects[static_cast<std::size_t>(alert.project)];
  };
  if (!provinces.empty())
    std::erase_if(alerts, [&](const analysis::Alert& alert) {
      return !within(provinces, project_of(alert).province);
    });
  const std::string& column = sort.column;
  if (column.empty() || (column == "severity" && sort.descending))
    return;  // The alerts come most severe and latest first already.
  auto leaf = analysis::leaf_projects(portfolio);
  std::function<SortValue(const analysis::Alert&)> value_of;
  if (column == "severity")
    value_of = [](const analysis::Alert& alert) {
      return number_value(static_cast<double>(alert.severity));
    };
  else if (column == "kind")
    value_of = [](const analysis::Alert& alert) {
      return text_value(analysis::alert_kind_key(alert.kind));
    };
  else if (column == "project")
    value_of = [&](const analysis::Alert& alert) { return text_value(project_of(alert).code); };
  else if (column == "name")
    value_of = [&](const analysis::Alert& alert) { return text_value(project_of(alert).name); };
  else if (column == "province")
    value_of = [&](const analysis::Alert& alert) { return text_value(project_of(alert).province); };
  else if (column == "milestone")
    value_of = [&](const analysis::Alert& alert) {
      return text_value(
          alert.milestone < 0
              ? std::string_view()
              : std::string_view(
                    portfolio.milestones[static_cast<std::size_t>(alert.milestone)].key));
    };
  else if (column == "days")
    value_of = [](const analysis::Alert& alert) {
      return number_value(static_cast<double>(alert.days));
    };
  else if (column == "mw")
    value_of = [&](const analysis::Alert& alert) {
      auto mw = report::alert_capacity(portfolio, leaf, alert.project);
      return number_value(mw ? std::optional<double>(mw->megawatts()) : std::nullopt);
    };
  else
    value_of = [&](const analysis::Alert& alert) {
      return text_value(reason_words && !alert.reason.empty() ? reason_words(alert.reason)
                                                              : alert.reason);
    };
  sort_by(alerts, sort.descending, value_of);
}

}  // namespace tiendo::operations
