#pragma once
// The energy section of a periodic report, drafted from data: one self-contained HTML file (inline
// SVG charts, no scripts, prints on A4) or Markdown, in Vietnamese or English.
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

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
  // Where the whole list of late projects is (the workspace's alerts page, filtered as the report
  // is); empty in a file, which says how many more there are without a link.
  std::string alerts_link;
};

// The report is bounded by design, whatever the size of the portfolio: the 50 late projects with
// the most MW and a line for the rest, the Gantt strips of the 30 largest of them, and 50 rows of
// each list of milestones. At 20,000 projects it stays a few hundred kilobytes.
inline constexpr std::size_t report_delayed_rows = 50;
inline constexpr std::size_t report_gantt_projects = 30;
inline constexpr std::size_t report_list_rows = 50;
inline constexpr std::size_t report_codes_listed = 20;

// The report as a sequence of blocks, composed once and written as HTML (a file or the workspace's
// /report page), Markdown or a Word document, so that the three show the same rows.
struct ReportBlock {
  enum class Kind { Title, Period, Heading, Subheading, Paragraph, List, Table, Chart, Note };
  Kind kind = Kind::Paragraph;
  std::string text;                // Title, period, headings, paragraphs, notes.
  std::vector<std::string> items;  // A list's lines.
  // A table: its header, rows (a cell's lines are separated by '\n'), which columns hold numbers,
  // whether the last row is a total, and the line that counts what was left out.
  std::string name;  // The table's or chart's name (a class in HTML).
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;
  bool total_row = false;
  std::string more;       // "và 9.950 dự án khác, 12.345 MW"; empty when nothing was left out.
  std::string more_link;  // Where the rest is listed, when there is such a place.
  std::string svg;        // A chart.
};

std::vector<ReportBlock> compose_report(const ReportContext& context);

// A self-contained HTML file (style sheet inside, no scripts) that prints on A4.
void render_report_html(std::ostream& out, const ReportContext& context);
// The report's body only, for a page that has its own frame; without the title when the frame
// shows it.
void render_report_body(std::ostream& out, const std::vector<ReportBlock>& blocks, bool with_title);
void render_report_markdown(std::ostream& out, const ReportContext& context);

// MW online by the end of each year as a fan: the P10-P90 band of the draws and their P50, as an
// inline SVG the report and the web dashboard both show. Its title says how many draws and which
// seed; `bands` are one group's, by year.
std::string online_fan_chart(const std::vector<analysis::OnlineBand>& bands, std::int32_t draws,
                             std::uint64_t seed, Language language);
// What the fan chart shows, in a sentence or two under it; `with_command` adds the command line that
// gives the same figures (a report file's reader has it; a page of the workspace names none).
std::string online_fan_note(const analysis::ForecastResult& forecast, Language language,
                            bool with_command = true);

std::string technology_bucket_label(const std::string& bucket, Language language);

// The colour of a stage in every chart (the report's and the web workspace's), from pale (ideas)
// to dark (running plants), readable in grey when printed.
const char* stage_colour(Stage stage);

}  // namespace tiendo::report
