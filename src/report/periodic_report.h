#pragma once
// The energy section of a periodic report, drafted from data: one self-contained HTML file (inline
// SVG charts, no scripts, prints on A4) or Markdown, in Vietnamese or English.
#include <iosfwd>
#include <map>
#include <optional>
#include <string>

#include "analysis/forecast.h"
#include "analysis/periodic.h"
#include "report/format.h"

namespace tiendo::report {

struct ReportContext {
  const Portfolio& portfolio;
  const analysis::Schedule& schedule;
  const analysis::PeriodicReport& report;
  // Planned dates of the baseline the Gantt strips compare against, by "CODE:key"; the current
  // plan when no baseline was saved.
  const std::map<std::string, std::optional<Date>>* baseline = nullptr;
  std::string baseline_name;
  Language language = Language::English;
  // MW online by year as drawn (whole portfolio, one group): the fan chart. None: no chart.
  const analysis::ForecastResult* forecast = nullptr;
};

void render_report_html(std::ostream& out, const ReportContext& context);
void render_report_markdown(std::ostream& out, const ReportContext& context);

// MW online by the end of each year as a fan: the P10-P90 band of the draws and their P50, as an
// inline SVG the report and the web dashboard both show. Its title says how many draws and which
// seed; `bands` are one group's, by year.
std::string online_fan_chart(const std::vector<analysis::OnlineBand>& bands, std::int32_t draws,
                             std::uint64_t seed, Language language);
// What the fan chart shows, in a sentence or two under it.
std::string online_fan_note(const analysis::ForecastResult& forecast, Language language);

std::string technology_bucket_label(const std::string& bucket, Language language);

// The colour of a stage in every chart (the report's and the web workspace's), from pale (ideas)
// to dark (running plants), readable in grey when printed.
const char* stage_colour(Stage stage);

}  // namespace tiendo::report
