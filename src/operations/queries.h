#pragma once
// What a user can ask, one function per question: each loads what it needs from the store,
// schedules it at the as-of date and runs the analysis, so the command line and the web answer
// from the same inputs (thresholds, baseline, last changes) in the same way.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/alerts.h"
#include "analysis/impact.h"
#include "analysis/pipeline.h"
#include "analysis/schedule.h"
#include "domain/province.h"
#include "io/dot_export.h"
#include "store/database.h"

namespace tiendo::operations {

// A portfolio with its schedule at one date. The network is held for the analyses that need it;
// a face never looks inside it.
struct ScheduledPortfolio {
  Portfolio portfolio;
  analysis::Schedule schedule;
  std::shared_ptr<const graph::MilestoneNetwork> network;
};

ScheduledPortfolio load_scheduled(store::Database& database, Date as_of,
                                  store::Database::Detail detail = store::Database::Detail::Full);

// What `query` needs to compute the pipeline at `as_of`: the scheduled portfolio when the answer
// depends on the network (COD years), otherwise only the projects and their done gate milestones,
// with a schedule that holds just the date (and no network). Both give the same answer.
ScheduledPortfolio load_for_pipeline(store::Database& database, Date as_of,
                                     const analysis::PipelineQuery& query);

// The schedule of an already loaded portfolio at another date, on its network: what a server
// holding the portfolio in memory answers a question about another as-of date with.
analysis::Schedule schedule_at(const ScheduledPortfolio& scheduled, Date as_of);

// The pipeline's question as a face received it, as text: checked and read here, so that the
// command line and the web refuse the same values with the same words. `option_prefix` is put
// before each field name in a message ("--by" on the command line, "by" on the web).
struct PipelineRequest {
  std::string by = "stage";
  std::string province, technology, stage;
  std::string cod_basis = "forecast";
  bool legacy_provinces = false;
  std::string option_prefix = "--";
};
analysis::PipelineQuery parse_pipeline_request(const PipelineRequest& request);
// The group fields `text` names, comma-separated, for the option `option` ("--by"). A name that is
// no field, or a field `allowed` refuses, is InvalidInput worded by `problem`, a message id of the
// catalogue (marked report::N_) whose two {} are the option and the name.
std::vector<analysis::GroupField> parse_group_fields(
    std::string_view text, const std::string& option, std::string_view problem,
    const std::function<bool(analysis::GroupField)>& allowed = {});
// The pipeline of a portfolio held in memory, at `schedule`'s date.
analysis::PipelineResult pipeline_of(const ScheduledPortfolio& scheduled,
                                     const analysis::Schedule& schedule,
                                     const analysis::PipelineQuery& query);

// The alert thresholds stored in the database, or the defaults.
analysis::AlertThresholds alert_thresholds(store::Database& database);
// Stores thresholds given as NAME=DAYS (warning, critical, stale; 1 to 36,500 days) and returns
// all three as they now stand; warning must stay below critical.
analysis::AlertThresholds set_alert_thresholds(store::Database& database,
                                               const store::ChangeContext& context,
                                               const std::vector<std::string>& assignments);

struct AlertsQuery {
  std::optional<ProvinceFilter> province;
  std::optional<TechnologyFilter> technology;
  analysis::Severity minimum = analysis::Severity::Info;
  std::string baseline;  // Empty: the latest saved baseline, if any.
};

struct AlertsAnswer {
  ScheduledPortfolio scheduled;
  std::vector<analysis::Alert> alerts;  // Most severe and latest first, filtered.
};

AlertsAnswer query_alerts(store::Database& database, Date as_of, const AlertsQuery& query);

// The lowest severity a reader asked for ("info", "warning", "critical"), named `field` in the
// refusal, so that the API and the alerts page refuse a wrong one with the same message.
analysis::Severity minimum_severity(std::string_view text);

// What the alerts need from the store besides the portfolio: thresholds, the baseline compared
// against (the named one, else the latest saved) and each project's last change.
struct AlertSettings {
  analysis::AlertThresholds thresholds;
  std::optional<store::BaselineDates> baseline;
  std::map<std::string, Date> last_change;
  // Days each milestone's plan or forecast last moved later without a reason, by "CODE:key".
  std::map<std::string, std::int32_t> unexplained_slips;
};
// Brings `slips` up to date for one milestone ("milestone:CODE:key") or, with an empty entity,
// one project, from the change log (after an edit, without reading the whole log again).
void refresh_unexplained_slips(store::Database& database, const std::string& project_code,
                               const std::string& entity,
                               std::map<std::string, std::int32_t>& slips);
AlertSettings load_alert_settings(store::Database& database, const std::string& baseline_name);
// What the alert rules read of the settings (pointers into `settings`, which must outlive them).
analysis::AlertInputs alert_inputs(const AlertSettings& settings);
// The alerts of a portfolio held in memory, scheduled at `schedule`'s date, filtered as asked.
std::vector<analysis::Alert> alerts_of(const ScheduledPortfolio& scheduled,
                                       const analysis::Schedule& schedule,
                                       const AlertSettings& settings, const AlertsQuery& query);

// The same from every alert of the portfolio (compute_alerts's answer), filtered as asked.
std::vector<analysis::Alert> filter_alerts(const Portfolio& portfolio,
                                           const std::vector<analysis::Alert>& all,
                                           const AlertsQuery& query);
// Whether one alert is among those `query` asks for (its province, technology and severity).
bool alert_matches(const Portfolio& portfolio, const analysis::Alert& alert,
                   const AlertsQuery& query);

struct ImpactAnswer {
  ScheduledPortfolio scheduled;
  analysis::Impact impact;
};

ImpactAnswer query_impact(store::Database& database, Date as_of, const std::string& reference,
                          std::int32_t slip_days);

// The impact of a slip on a portfolio held in memory (NotFound for an unknown reference).
analysis::Impact impact_of(const ScheduledPortfolio& scheduled, const analysis::Schedule& schedule,
                           const std::string& reference, std::int32_t slip_days);

// The change log of one project (NotFound when there is no such project) or of everything.
std::vector<store::ChangeRecord> query_history(store::Database& database,
                                               const std::string& project_code, std::size_t limit);

// Which milestones and links are critical, for drawing the network (export --format dot).
io::NetworkMarks network_marks(const ScheduledPortfolio& scheduled);

}  // namespace tiendo::operations
