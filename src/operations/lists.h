#pragma once
// The two lists a department officer works from — the projects and the alerts — scoped to her
// provinces, filtered, sorted by any column and cut into numbered pages. The web pages and the
// workbook downloads ask these, so what a page shows and what its download holds are the same
// rows in the same order.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/alerts.h"
#include "analysis/forecast.h"
#include "operations/projects.h"
#include "operations/queries.h"

namespace tiendo::operations {

// A sort as a list's address writes it: a column's key, with "-" before it for the other
// direction ("slip", "-slip").
struct SortOrder {
  std::string column;
  bool descending = false;
  // The text the address carries, as parse_sort reads it back.
  std::string text() const { return (descending ? "-" : "") + column; }
};

// How a face words a delay reason ("Thu xếp vốn: ..." for "financing:..."): a list sorted by
// reason follows the words its reader sees, not the stored codes. None sorts by the stored text.
using ReasonWords = std::function<std::string(const std::string& reason)>;

// Reads `text` against the keys of the columns a list can be sorted by; an empty text gives
// `fallback`. InvalidInput "sort: 'TEXT': ..." naming the keys otherwise.
SortOrder parse_sort(std::string_view text, std::span<const std::string_view> columns,
                     const SortOrder& fallback);

// ---- the project list ----

// The columns the project list sorts by, in the order the page shows them.
inline constexpr std::string_view project_list_columns[] = {
    "code",         "name",    "technology", "province", "mw",        "stage", "cod_planned",
    "cod_forecast", "cod_p50", "cod_chance", "slip",     "alerts",    "reason"};

// A project's probabilistic COD, by its place in portfolio.projects, from a forecast the face
// holds (the web workspace draws one in the background); null when it has none for the project.
using ProjectForecastLookup =
    std::function<const analysis::ProjectForecast*(std::int32_t project)>;

struct ProjectListQuery {
  // The provinces the list starts from (an account's own); every province when empty.
  std::vector<ProvinceFilter> provinces;
  // Province, technology, stage and text, as find_projects reads them (its limit and offset are
  // not used: the list pages itself after sorting).
  ProjectsQuery filters;
  // Only projects whose commercial operation is now forecast later than planned.
  bool late_only = false;
  SortOrder sort{"code", false};
  std::size_t page = 1;  // Counted from 1; a page past the last shows the last.
  std::size_t per_page = 50;
  ReasonWords reason_words;
  // Fills the forecast columns; without it they are empty (and sort as empty: last).
  ProjectForecastLookup forecast_of;
};

struct ProjectListRow {
  std::int32_t project = 0;
  std::string stage;  // As of the date, as pipeline counts it.
  std::optional<Date> cod_planned;
  // The day commercial operation is now expected: the actual day once done, otherwise the
  // schedule's early finish.
  std::optional<Date> cod_forecast;
  // The COD's forecast minus its plan; for a project without a cod milestone, the largest slip
  // of its milestones. None when nothing is planned.
  std::optional<std::int32_t> slip_days;
  std::size_t alerts = 0;
  std::string reason;  // The project's latest delay reason, "category:text" (analysis).
  // The forecast's median COD, and the chance of COD by the project's own target_cod (0 to 1;
  // none without a target_cod).
  std::optional<Date> cod_p50;
  std::optional<double> cod_chance;
};

struct ProjectList {
  std::size_t total = 0;  // Projects matching, over every page.
  std::size_t page = 1;
  std::size_t pages = 1;
  std::vector<ProjectListRow> rows;  // This page's, sorted.
};

// How many alerts each project has at the schedule's date, in the order of portfolio.projects:
// what the list's alert column counts. A face that keeps it per portfolio and date (the web
// workspace does) passes it to list_projects, as it is the costliest part of a list.
std::vector<std::uint32_t> alert_counts(const ScheduledPortfolio& scheduled,
                                        const analysis::Schedule& schedule,
                                        const AlertSettings& settings);

// `counts` as alert_counts gives them; computed here when empty. InvalidInput for an unknown
// stage or sort key. Rows equal in the sorted column keep the
// portfolio's order (the sort is stable); empty values come last in either direction.
ProjectList list_projects(const ScheduledPortfolio& scheduled, const analysis::Schedule& schedule,
                          const ProjectIndex& index, const AlertSettings& settings,
                          const ProjectListQuery& query, std::vector<std::uint32_t> counts = {});

// ---- the alert list ----

inline constexpr std::string_view alert_list_columns[] = {
    "severity", "kind", "project", "name", "province", "milestone", "days", "mw", "reason"};

// The alerts within `provinces` (all when empty), in the order `sort` asks; the default order
// (most severe, then latest first) breaks every tie.
void scope_and_sort_alerts(const Portfolio& portfolio, std::vector<analysis::Alert>& alerts,
                           const std::vector<ProvinceFilter>& provinces, const SortOrder& sort,
                           const ReasonWords& reason_words = {});

}  // namespace tiendo::operations
