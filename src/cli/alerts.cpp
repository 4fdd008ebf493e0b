// tiendo alerts: what is late, how late, why, and the chain of drivers behind it. What a department
// runs every Monday and a cron job every night (--fail-on makes the exit code say so).
#include <fmt/format.h>

#include <map>
#include <set>

#include "analysis/alerts.h"
#include "analysis/impact.h"
#include "cli/common.h"
#include "domain/error.h"
#include "operations/queries.h"
#include "report/labels.h"
#include "report/views.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

void set_thresholds(Context& context, const std::vector<std::string>& assignments) {
  auto change = context.change_context();
  auto database = context.open_database();
  auto thresholds = operations::set_alert_thresholds(database, change, assignments);
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
    operations::AlertsQuery query;
    if (!options->province.empty())
      query.province =
          ProvinceFilter::parse(options->province, ProvinceRegistry::builtin(), options->legacy);
    if (!options->technology.empty())
      query.technology = TechnologyFilter::parse(options->technology);
    query.minimum = *analysis::parse_severity(options->min_severity);
    query.baseline = options->baseline;
    Date as_of = context.as_of();
    auto database = context.open_database();
    auto answer = operations::query_alerts(database, as_of, query);
    const auto& scheduled = answer.scheduled;
    const Portfolio& portfolio = scheduled.portfolio;
    const auto& alerts = answer.alerts;
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
            alert.kind == analysis::AlertKind::OutOfSequence ||
            alert.kind == analysis::AlertKind::MissingReason)
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
        table.rows.push_back({language == report::Language::Vietnamese
                                  ? std::string(report::delay_category_label(category, language))
                                  : category,
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
