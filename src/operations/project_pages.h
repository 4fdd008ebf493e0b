#pragma once
// What the dashboard and the project pages of the web workspace ask beyond the command line's
// questions: the pipeline, the alerts and the recent changes within the provinces an account
// works in (several provinces at once, counted once each), and a project's own change log read
// without loading the whole portfolio again.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/alerts.h"
#include "analysis/pipeline.h"
#include "domain/account.h"
#include "domain/province.h"
#include "operations/queries.h"
#include "store/database.h"

namespace tiendo::operations {

// The provinces a page shows first for an account: an editor's or a viewer's own provinces (a
// department's staff read their province first); nothing (the whole portfolio) for an account
// without provinces and for an admin, who answers for every province.
std::vector<ProvinceFilter> home_provinces(const Account& account);

// True when a project recorded under `recorded_province` lies in one of the filters; every
// project does when there is none.
bool within(const std::vector<ProvinceFilter>& provinces, std::string_view recorded_province);

// The pipeline grouped by `group_by` over the projects within `provinces` (all when empty). A
// project lies in one recorded province, so a project is counted once even when two filters
// cover it (a current unit and one of its legacy provinces).
analysis::PipelineResult pipeline_within(const ScheduledPortfolio& scheduled,
                                         const analysis::Schedule& schedule,
                                         const std::vector<analysis::GroupField>& group_by,
                                         const std::vector<ProvinceFilter>& provinces);
// The same from the pipeline `compute` answers (a server's kept one, brought up to date after
// edits), asked for without province or technology filters.
analysis::PipelineResult pipeline_within(
    const std::function<analysis::PipelineResult(const analysis::PipelineQuery&)>& compute,
    const std::vector<analysis::GroupField>& group_by,
    const std::vector<ProvinceFilter>& provinces);

// The alerts of the projects within `provinces`, most severe and latest first, at most `limit`.
std::vector<analysis::Alert> alerts_within(const ScheduledPortfolio& scheduled,
                                           const analysis::Schedule& schedule,
                                           const AlertSettings& settings,
                                           const std::vector<ProvinceFilter>& provinces,
                                           std::size_t limit);

// The latest changes, newest first, of projects within `provinces` (changes of no project, such
// as accounts, only when there is no filter, and account rows only for an admin reader:
// account_rows_for), at most `limit`. `portfolio` tells each project's province; changes of
// projects it no longer holds are left out when filtering.
std::vector<store::ChangeRecord> recent_changes_within(store::Database& database,
                                                       const Portfolio& portfolio,
                                                       const std::vector<ProvinceFilter>& provinces,
                                                       std::size_t limit, const Account& reader);

// The latest changes of one project, newest first. The caller has found the project in the
// portfolio it holds, so unlike query_history this does not load the portfolio to check it: a
// project page at 100,000 projects would otherwise read them all on every view.
std::vector<store::ChangeRecord> project_history(store::Database& database,
                                                 const std::string& project_code,
                                                 std::size_t limit);

}  // namespace tiendo::operations
