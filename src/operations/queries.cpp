#include "operations/queries.h"

#include <fmt/format.h>

#include "domain/command_line.h"
#include "domain/error.h"
#include "graph/network.h"
#include "report/catalogue.h"

namespace tiendo::operations {

namespace {

// A message about a field the command line takes as an option: worded there with the option's
// prefix ("--stage: ..."), on a page without it ("stage: ...").
Message optioned(const std::string& prefix, Message text) {
  if (!prefix.empty())
    text.command_line_id = prefix + text.id;
  return text;
}

}  // namespace

ScheduledPortfolio load_scheduled(store::Database& database, Date as_of,
                                  store::Database::Detail detail) {
  ScheduledPortfolio result;
  result.portfolio = database.load(detail);
  auto network = std::make_shared<graph::MilestoneNetwork>(result.portfolio);
  result.schedule = analysis::compute_schedule(result.portfolio, *network, as_of);
  result.network = std::move(network);
  return result;
}

ScheduledPortfolio load_for_pipeline(store::Database& database, Date as_of,
                                     const analysis::PipelineQuery& query) {
  if (analysis::pipeline_needs_schedule(query))
    return load_scheduled(database, as_of, store::Database::Detail::Lean);
  ScheduledPortfolio result;
  result.portfolio = database.load_done_milestones(analysis::pipeline_milestone_keys());
  result.schedule.as_of = as_of;
  return result;
}

analysis::Schedule schedule_at(const ScheduledPortfolio& scheduled, Date as_of) {
  return analysis::compute_schedule(scheduled.portfolio, *scheduled.network, as_of);
}

std::vector<analysis::GroupField> parse_group_fields(
    std::string_view text, const std::string& option, std::string_view problem,
    const std::function<bool(analysis::GroupField)>& allowed) {
  std::vector<analysis::GroupField> fields;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    auto field = analysis::parse_group_field(name);
    if (!field || (allowed && !allowed(*field)))
      throw InvalidInput(Message{std::string(problem), {option, shown_safely(name)}});
    fields.push_back(*field);
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
  }
  return fields;
}

analysis::PipelineQuery parse_pipeline_request(const PipelineRequest& request) {
  const auto& provinces = ProvinceRegistry::builtin();
  const std::string& prefix = request.option_prefix;
  analysis::PipelineQuery query;
  query.legacy_provinces = request.legacy_provinces;
  if (request.cod_basis == "planned")
    query.cod_basis = analysis::CodBasis::Planned;
  else if (request.cod_basis == "forecast")
    query.cod_basis = analysis::CodBasis::Forecast;
  else
    throw InvalidInput(optioned(prefix, message("cod-basis: '{}': write forecast or planned",
                                                shown_safely(request.cod_basis))));
  query.group_by = parse_group_fields(
      request.by, prefix + "by",
      report::N_("{}: '{}': unknown field (province, technology, technology_group, stage, "
                 "cod_year, investor)"));
  if (!request.province.empty())
    query.province = ProvinceFilter::parse(request.province, provinces, request.legacy_provinces);
  if (!request.technology.empty())
    query.technology = TechnologyFilter::parse(request.technology);
  if (!request.stage.empty()) {
    if (!parse_stage(request.stage) && !parse_status(request.stage))
      throw InvalidInput(optioned(
          prefix, message("stage: '{}': unknown stage (proposed, in_plan, approved, permitted, "
                          "construction, commissioning, operating, suspended, cancelled, retired)",
                          shown_safely(request.stage))));
    query.stage = request.stage;
  }
  return query;
}

analysis::PipelineResult pipeline_of(const ScheduledPortfolio& scheduled,
                                     const analysis::Schedule& schedule,
                                     const analysis::PipelineQuery& query) {
  return analysis::compute_pipeline(scheduled.portfolio, schedule, query,
                                    ProvinceRegistry::builtin());
}

analysis::AlertThresholds alert_thresholds(store::Database& database) {
  analysis::AlertThresholds thresholds;
  auto read = [&](const char* key, std::int32_t& target) {
    if (auto value = database.setting(key))
      target = std::stoi(*value);
  };
  read("alerts.warning_days", thresholds.warning_days);
  read("alerts.critical_days", thresholds.critical_days);
  read("alerts.stale_days", thresholds.stale_days);
  return thresholds;
}

analysis::AlertThresholds set_alert_thresholds(store::Database& database,
                                               const store::ChangeContext& context,
                                               const std::vector<std::string>& assignments) {
  analysis::AlertThresholds thresholds = alert_thresholds(database);
  std::vector<std::pair<std::string, std::int32_t>> changes;
  for (const auto& assignment : assignments) {
    auto equals = assignment.find('=');
    std::string name = assignment.substr(0, equals);
    std::string value = equals == std::string::npos ? "" : assignment.substr(equals + 1);
    // A hundred years at most, as for durations and lags: more is a typing mistake.
    auto count = parse_count(value, CountRange{1, 36'500});
    if (!count)
      throw InvalidInput(
          message("--set-threshold: '{}': write NAME=DAYS with DAYS from 1 to 36,500 "
                  "(warning=30 critical=180 stale=180)",
                      shown_safely(assignment)));
    auto days = static_cast<std::int32_t>(*count);
    if (name == "warning")
      thresholds.warning_days = days;
    else if (name == "critical")
      thresholds.critical_days = days;
    else if (name == "stale")
      thresholds.stale_days = days;
    else
      throw InvalidInput(
          message("--set-threshold: '{}': unknown threshold (warning, critical, stale)",
                      shown_safely(assignment)));
    changes.emplace_back(name, days);
  }
  if (thresholds.warning_days >= thresholds.critical_days)
    throw InvalidInput(message("--set-threshold: warning ({}) must be below critical ({})",
                                   thresholds.warning_days, thresholds.critical_days));
  for (const auto& [name, days] : changes)
    database.set_setting(fmt::format("alerts.{}_days", name), std::to_string(days), context);
  return thresholds;
}

AlertSettings load_alert_settings(store::Database& database, const std::string& baseline_name) {
  AlertSettings settings;
  settings.thresholds = alert_thresholds(database);
  std::string name = baseline_name;
  if (name.empty()) {
    auto saved = database.baselines();
    if (!saved.empty())
      name = saved.back().name;
  }
  if (!name.empty())
    settings.baseline = database.baseline(name);
  settings.last_change = database.last_change_by_project();
  refresh_unexplained_slips(database, "", "", settings.unexplained_slips);
  return settings;
}

void refresh_unexplained_slips(store::Database& database, const std::string& project_code,
                               const std::string& entity,
                               std::map<std::string, std::int32_t>& slips) {
  constexpr std::string_view prefix = "milestone:";
  std::vector<analysis::MilestoneChangeRow> rows;
  for (auto& record : database.milestone_date_changes(project_code, entity)) {
    if (!record.entity.starts_with(prefix))
      continue;
    rows.push_back(analysis::MilestoneChangeRow{
        record.entity.substr(prefix.size()), std::move(record.field), record.old_value.value_or(""),
        record.new_value.value_or(""), std::move(record.reason)});
  }
  // What the log says about these milestones replaces what was known of them.
  if (!entity.empty())
    slips.erase(entity.substr(prefix.size()));
  else if (!project_code.empty())
    std::erase_if(slips, [&](const auto& entry) {
      return split_reference(entry.first).first == project_code;
    });
  analysis::unexplained_slips(rows, slips);
}

analysis::AlertInputs alert_inputs(const AlertSettings& settings) {
  analysis::AlertInputs inputs;
  inputs.thresholds = settings.thresholds;
  if (settings.baseline)
    inputs.baseline = &*settings.baseline;
  inputs.last_change = &settings.last_change;
  inputs.unexplained_slips = &settings.unexplained_slips;
  return inputs;
}

std::vector<analysis::Alert> alerts_of(const ScheduledPortfolio& scheduled,
                                       const analysis::Schedule& schedule,
                                       const AlertSettings& settings, const AlertsQuery& query) {
  const Portfolio& portfolio = scheduled.portfolio;
  analysis::AlertInputs inputs = alert_inputs(settings);
  return filter_alerts(portfolio,
                       analysis::compute_alerts(portfolio, *scheduled.network, schedule, inputs),
                       query);
}

std::vector<analysis::Alert> filter_alerts(const Portfolio& portfolio,
                                           const std::vector<analysis::Alert>& all,
                                           const AlertsQuery& query) {
  std::vector<analysis::Alert> alerts;
  for (const auto& alert : all)
    if (alert_matches(portfolio, alert, query))
      alerts.push_back(alert);
  return alerts;
}

bool alert_matches(const Portfolio& portfolio, const analysis::Alert& alert,
                   const AlertsQuery& query) {
  const Project& project = portfolio.projects[static_cast<std::size_t>(alert.project)];
  if (query.province && !query.province->matches(project.province))
    return false;
  if (query.technology && !query.technology->matches(project.technology))
    return false;
  return alert.severity >= query.minimum;
}

AlertsAnswer query_alerts(store::Database& database, Date as_of, const AlertsQuery& query) {
  AlertsAnswer answer;
  answer.scheduled = load_scheduled(database, as_of);
  auto settings = load_alert_settings(database, query.baseline);
  answer.alerts = alerts_of(answer.scheduled, answer.scheduled.schedule, settings, query);
  return answer;
}

analysis::Impact impact_of(const ScheduledPortfolio& scheduled, const analysis::Schedule& schedule,
                           const std::string& reference, std::int32_t slip_days) {
  std::int32_t source = scheduled.portfolio.milestone_by_reference(reference);
  return analysis::compute_impact(scheduled.portfolio, *scheduled.network, schedule, source,
                                  slip_days, ProvinceRegistry::builtin());
}

ImpactAnswer query_impact(store::Database& database, Date as_of, const std::string& reference,
                          std::int32_t slip_days) {
  ImpactAnswer answer;
  answer.scheduled = load_scheduled(database, as_of, store::Database::Detail::Lean);
  answer.impact = impact_of(answer.scheduled, answer.scheduled.schedule, reference, slip_days);
  return answer;
}

std::vector<store::ChangeRecord> query_history(store::Database& database,
                                               const std::string& project_code, std::size_t limit) {
  auto records = database.history(project_code, limit);
  // A project removed since keeps its rows in the change log, which is where one sees what was
  // removed; a code that never was a project is not found.
  if (!project_code.empty() && records.empty() && !database.load().find_project(project_code))
    throw NotFound(message("project '{}' not found", project_code));
  return records;
}

// A dependency is critical when both of its milestones are and it is the link that sets its
// successor's early finish: the chain a planner has to shorten to bring a date forward.
io::NetworkMarks network_marks(const ScheduledPortfolio& scheduled) {
  const Portfolio& portfolio = scheduled.portfolio;
  io::NetworkMarks marks;
  marks.as_of = scheduled.schedule.as_of;
  for (const auto& entry : scheduled.schedule.milestones) {
    marks.critical_milestones.push_back(entry.critical);
    marks.finish.push_back(Date::from_days(entry.early_finish));
  }
  for (std::size_t d = 0; d < portfolio.dependencies.size(); ++d) {
    const Dependency& dependency = portfolio.dependencies[d];
    const auto& successor = scheduled.schedule.milestones[static_cast<std::size_t>(dependency.to)];
    bool driving = successor.driver == analysis::DriverKind::Predecessor &&
                   successor.driver_dependency == static_cast<std::int32_t>(d);
    marks.critical_dependencies.push_back(
        driving && successor.critical &&
        scheduled.schedule.milestones[static_cast<std::size_t>(dependency.from)].critical);
  }
  return marks;
}

analysis::Severity minimum_severity(std::string_view text) {
  auto minimum = analysis::parse_severity(text);
  if (!minimum)
    throw InvalidInput(
        message("min_severity: '{}': write info, warning or critical", shown_safely(text)));
  return *minimum;
}

}  // namespace tiendo::operations
