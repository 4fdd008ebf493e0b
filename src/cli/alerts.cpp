// tiendo alerts: what is late, how late, why, and the chain of drivers behind it. What a department
// runs every Monday and a cron job every night (--fail-on makes the exit code say so).
#include <fmt/format.h>

#include <map>
#include <set>

#include "analysis/alerts.h"
#include "analysis/impact.h"
#include "cli/common.h"
#include "domain/command_line.h"
#include "domain/error.h"
#include "report/views.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

analysis::AlertThresholds read_thresholds(store::Database& database) {
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

void set_thresholds(Context& context, const std::vector<std::string>& assignments) {
  auto database = context.open_database();
  analysis::AlertThresholds thresholds = read_thresholds(database);
  std::vector<std::pair<std::string, std::int32_t>> changes;
  for (const auto& assignment : assignments) {
    auto equals = assignment.find('=');
    std::string name = assignment.substr(0, equals);
    std::string value = equals == std::string::npos ? "" : assignment.substr(equals + 1);
    // A hundred years at most, as for durations and lags: more is a typing mistake.
    auto count = parse_count(value, CountRange{1, 36'500});
    if (!count)
      throw InvalidInput(
          fmt::format("--set-threshold: '{}': write NAME=DAYS with DAYS from 1 to 36,500 "
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
          fmt::format("--set-threshold: '{}': unknown threshold (warning, critical, stale)",
                      shown_safely(assignment)));
    changes.emplace_back(name, days);
  }
  if (thresholds.warning_days >= thresholds.critical_days)
    throw InvalidInput(fmt::format("--set-threshold: warning ({}) must be below critical ({})",
                                   thresholds.warning_days, thresholds.critical_days));
  for (const auto& [name, days] : changes)
    database.set_setting(fmt::format("alerts.{}_days", name), std::to_string(days),
                         context.change_context());
  context.out << report::say(context.language(),
                             "thresholds: warning {} days, critical {} days, stale {} days",
                             thresholds.warning_days, thresholds.critical_days,
                             thresholds.stale_days)
              << '\n';
}

}  // namespace

void register_alerts(CLI::App& app, Context& context) {
  auto* command = add_command(
      app, "alerts", "delay alerts: overdue, COD slip, baseline slip, stale, out of sequence");
  struct Options {
    std::string province, technology, min_severity = "info", fail_on, by, baseline;
    std::vector<std::string> thresholds;
    bool legacy = false;
  };
  auto options = std::make_shared<Options>();
  command->add_option("--province", options->province, "a current unit or a legacy province");
  command->add_option("--technology", options->technology, "a technology or a group");
  command->add_flag("--legacy-provinces", options->legacy, "read --province as a legacy province");
  command
      ->add_option("--min-severity", options->min_severity, "info (default), warning or critical")
      ->check(CLI::IsMember({"info", "warning", "critical"}));
  command
      ->add_option("--fail-on", options->fail_on,
                   "exit 1 when an alert this severe or worse exists")
      ->check(CLI::IsMember({"info", "warning", "critical"}));
  command->add_option("--by", options->by, "reason: late MW and projects by delay cause")
      ->check(CLI::IsMember({"reason"}));
  command->add_option("--baseline", options->baseline,
                      "baseline for baseline_slip (default the latest)");
  command
      ->add_option("--set-threshold", options->thresholds,
                   "store thresholds in days: warning=30 critical=180 stale=180")
      ->expected(1, 3);
  command->callback([&context, options] {
    if (!options->thresholds.empty()) {
      set_thresholds(context, options->thresholds);
      return;
    }
    std::optional<ProvinceFilter> province;
    std::optional<TechnologyFilter> technology;
    if (!options->province.empty())
      province =
          ProvinceFilter::parse(options->province, ProvinceRegistry::builtin(), options->legacy);
    if (!options->technology.empty())
      technology = TechnologyFilter::parse(options->technology);
    Scheduled scheduled = load_and_schedule(context);
    const Portfolio& portfolio = scheduled.portfolio;
    auto database = context.open_database();
    analysis::AlertInputs inputs;
    inputs.thresholds = read_thresholds(database);
    std::optional<store::BaselineDates> baseline;
    std::string baseline_name = options->baseline;
    if (baseline_name.empty()) {
      auto saved = database.baselines();
      if (!saved.empty())
        baseline_name = saved.back().name;
    }
    if (!baseline_name.empty()) {
      baseline = database.baseline(baseline_name);
      inputs.baseline = &*baseline;
    }
    auto last_change = database.last_change_by_project();
    inputs.last_change = &last_change;
    auto all = analysis::compute_alerts(portfolio, *scheduled.network, scheduled.schedule, inputs);
    auto minimum = *analysis::parse_severity(options->min_severity);
    std::vector<analysis::Alert> alerts;
    for (auto& alert : all) {
      const Project& project = portfolio.projects[static_cast<std::size_t>(alert.project)];
      if (province && !province->matches(project.province))
        continue;
      if (technology && !technology->matches(project.technology))
        continue;
      if (alert.severity < minimum)
        continue;
      alerts.push_back(std::move(alert));
    }
    all = {};
    auto language = context.language();
    auto leaf = analysis::leaf_projects(portfolio);

    if (options->by == "reason") {
      // Late projects (overdue or slipping) counted once each under their latest delay cause.
      struct Total {
        std::int64_t projects = 0;
        Capacity mw;
      };
      std::map<std::string, Total> totals;
      std::set<std::int32_t> counted;
      for (const auto& alert : alerts) {
        if (alert.kind == analysis::AlertKind::Stale ||
            alert.kind == analysis::AlertKind::OutOfSequence)
          continue;
        if (!counted.insert(alert.project).second)
          continue;
        std::string category =
            alert.reason.empty() ? "unknown" : alert.reason.substr(0, alert.reason.find(':'));
        totals[category].projects += 1;
        totals[category].mw +=
            report::alert_capacity(portfolio, leaf, alert.project).value_or(Capacity{});
      }
      report::Table table;
      table.headers = report::headers(language, {"reason", "projects", "MW"});
      table.alignment = {report::Align::Left, report::Align::Right, report::Align::Right};
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& [category, total] : totals) {
        table.rows.push_back({std::string(report::word_for_key(category, language)),
                              report::format_integer(total.projects, language),
                              report::format_megawatts(total.mw, language)});
        rows.push_back(
            {{"reason", category}, {"projects", total.projects}, {"mw", total.mw.megawatts()}});
      }
      context.print(table, nlohmann::json{{"as_of", scheduled.schedule.as_of.iso_day()},
                                          {"by_reason", rows}});
    } else {
      // Only the shape asked for is built: at national scale each holds every alert's text.
      if (context.format() == report::OutputFormat::Json)
        context.print_json(report::alerts_json(portfolio, scheduled.schedule, alerts));
      else
        context.print(report::alerts_table(portfolio, scheduled.schedule, alerts, language),
                      nullptr);
    }
    if (!options->fail_on.empty()) {
      auto threshold = *analysis::parse_severity(options->fail_on);
      for (const auto& alert : alerts)
        if (alert.severity >= threshold)
          context.exit_code = static_cast<int>(ExitCode::AlertMatched);
    }
  });
}

}  // namespace tiendo::cli
