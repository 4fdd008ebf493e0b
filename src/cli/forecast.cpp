// tiendo forecast: the COD of each project at P10 / P50 / P80 / P90, learned from the portfolio's
// own history, and MW online by year as P10 / P50 / P90 bands.
#include <fmt/format.h>

#include <algorithm>

#include "cli/common.h"
#include "cli/options.h"
#include "domain/progress.h"
#include "operations/forecast.h"
#include "report/format.h"
#include "report/views.h"
#include "report/wording.h"

namespace tiendo::cli {
namespace {

report::Label basis_label(analysis::ForecastBasis basis) {
  switch (basis) {
    case analysis::ForecastBasis::KeyAndGroup:
      return "by key and technology group";
    case analysis::ForecastBasis::Key:
      return "by key only";
    case analysis::ForecastBasis::AllSteps:
      return "from all steps";
    case analysis::ForecastBasis::None:
      break;
  }
  return "without history";
}

// A share of the draws as a percentage with one decimal, without a sign (CSV takes it as a
// number).
std::string percent(double share, report::Language language) {
  return report::format_one_decimal(share * 100, language);
}

// A correlation with two decimals, with the language's decimal mark.
std::string two_decimals(double value, report::Language language) {
  std::string text = fmt::format("{:.2f}", value);
  if (language == report::Language::Vietnamese)
    std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

}  // namespace

void register_forecast(CLI::App& app, Context& context) {
  auto* command = add_command(
      app, "forecast", "COD percentiles per project and MW online by year, learned from history");
  auto request = std::make_shared<operations::ForecastRequest>();
  // Every draw's COD of every project is kept for the percentiles: 10,000 draws of 20,000
  // projects hold 800 MB, the most a department's server should be asked for.
  add_count_option(command, "--draws", request->draws,
                   "draws of the whole network (default 1000, at most 10000)",
                   CountRange{1, 10'000});
  add_count_option(command, "--seed", request->seed, "seed of the draws (default 1)",
                   CountRange{0, 1'000'000'000'000'000'000});
  command->add_option("--target", request->target,
                      "also the probability of COD by this date, per project");
  command->add_option("--by", request->by,
                      "group MW online by: province, technology, technology_group, investor");
  command->add_option("--project", request->project,
                      "one project, with the open steps that most often drive its COD");
  command->add_flag("--legacy-provinces", request->legacy_provinces,
                    "the 63 provinces before 1 July 2025");
  command->callback([&context, request] {
    Date as_of = context.as_of();
    auto database = context.open_database();
    std::optional<operations::Forecast> drawn;
    {
      ProgressScope shown(context.progress());
      drawn = operations::forecast_of(database, as_of, *request);
    }
    const auto& forecast = *drawn;
    const auto& portfolio = forecast.portfolio;
    const auto& result = forecast.result;
    const auto& query = forecast.query;
    auto language = context.language();
    auto date = [&](std::int32_t days) {
      return report::format_date(Date::from_days(days), language);
    };
    auto mw = [&](Capacity capacity) { return report::format_megawatts(capacity, language); };

    std::size_t learned = result.samples;
    context.err
        << report::say(
               language,
               "model: learned from {} steps done by {} ({} against their plan, {} after "
               "their predecessors) and {} still open; lateness correlated within a project: "
               "{}; open steps drawn by key and technology group: {}, by key only: {}, from all "
               "steps: {}, without history: {}",
               report::format_integer(static_cast<long long>(learned), language),
               report::format_date(as_of, language),
               report::format_integer(static_cast<long long>(result.plan_bound_samples), language),
               report::format_integer(
                   static_cast<long long>(result.samples - result.plan_bound_samples), language),
               report::format_integer(static_cast<long long>(result.open_samples), language),
               two_decimals(result.correlation, language),
               report::format_integer(static_cast<long long>(result.steps_by_key_and_group),
                                      language),
               report::format_integer(static_cast<long long>(result.steps_by_key), language),
               report::format_integer(static_cast<long long>(result.steps_by_all), language),
               report::format_integer(static_cast<long long>(result.steps_without), language))
        << '\n';

    nlohmann::json json = report::forecast_json(portfolio, query, result);

    if (context.format() == report::OutputFormat::Json) {
      context.print_json(json);
      return;
    }
    // Per project: the percentiles, the schedule's COD beside them, and the chance of the target.
    report::Table projects;
    std::vector<report::Label> project_headers = {"project", "MW",      "COD P10",     "COD P50",
                                                  "COD P80", "COD P90", "schedule COD"};
    // The chance of the target as a percentage, as the driving steps' share is: 100.0, not 1.0.
    if (query.target)
      project_headers.push_back("P(COD by target) (%)");
    project_headers.push_back("target COD");
    project_headers.push_back("P(COD by target COD) (%)");
    for (const auto& label : project_headers)
      projects.headers.emplace_back(report::word(label, language));
    projects.alignment.assign(project_headers.size(), report::Align::Right);
    projects.alignment[0] = report::Align::Left;
    for (const auto& entry : result.projects) {
      if (query.explain_project && entry.project != *query.explain_project)
        continue;
      const Project& project = portfolio.projects[static_cast<std::size_t>(entry.project)];
      // A capacity no report gave stays blank, as in `project list`, not 0.
      std::vector<std::string> row = {
          printable(project.code),  project.capacity ? mw(*project.capacity) : std::string(),
          date(entry.p10),          date(entry.p50),
          date(entry.p80),          date(entry.p90),
          date(entry.deterministic)};
      if (entry.p_by_target)
        row.push_back(percent(*entry.p_by_target, language));
      row.push_back(project.target_cod ? report::format_date(*project.target_cod, language)
                                       : std::string());
      row.push_back(entry.p_by_target_cod ? percent(*entry.p_by_target_cod, language)
                                          : std::string());
      projects.rows.push_back(std::move(row));
    }

    report::Table table;
    if (query.explain_project) {
      // One project: its percentiles, then the open steps most often on its driving chain.
      table.headers =
          report::headers(language, {"milestone", "% of draws on the driving chain", "learned"});
      table.alignment = {report::Align::Left, report::Align::Right, report::Align::Left};
      for (const auto& step : result.driving)
        table.rows.push_back({portfolio.reference(step.milestone), percent(step.share, language),
                              std::string(report::word(basis_label(step.basis), language))});
    } else {
      for (auto field : query.group_by)
        table.headers.push_back(
            std::string(report::word_for_key(analysis::group_field_key(field), language)));
      for (auto& header :
           report::headers(language, {"year", "MW online P10", "MW online P50", "MW online P90"}))
        table.headers.push_back(std::move(header));
      for (std::size_t i = 0; i < query.group_by.size(); ++i)
        table.alignment.push_back(report::Align::Left);
      for (int i = 0; i < 4; ++i)
        table.alignment.push_back(report::Align::Right);
      for (const auto& band : result.online) {
        std::vector<std::string> row;
        for (const auto& key : band.keys)
          row.push_back(key ? printable(*key) : std::string(report::word("(none)", language)));
        row.push_back(fmt::format("{}", band.year));
        row.push_back(mw(band.p10));
        row.push_back(mw(band.p50));
        row.push_back(mw(band.p90));
        table.rows.push_back(std::move(row));
      }
    }
    // A project without a COD step (a parent, say) has no percentiles: said, not left blank.
    if (query.explain_project && projects.rows.empty())
      context.err << report::say(
                         language,
                         "{}: nothing to forecast (no COD step of its own, or cancelled or retired "
                         "by the as-of date)",
                         portfolio.projects[static_cast<std::size_t>(*query.explain_project)].code)
                  << '\n';
    // Two tables, the projects first, one empty line between them (in CSV too: a spreadsheet
    // opens both, each under its own header).
    if (!projects.rows.empty()) {
      context.print(projects, json);
      context.out << '\n';
    }
    context.print(table, json);
  });
}

}  // namespace tiendo::cli
