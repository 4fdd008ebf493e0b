#include "report/periodic_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "domain/text.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/time_axis.h"
#include "report/wording.h"

namespace tiendo::report {
namespace {

bool vietnamese(Language language) {
  return language == Language::Vietnamese;
}

// Markdown escaping, as html_escape (report/html.h) for HTML: a name may hold characters that
// Markdown reads as a table border, a link, emphasis or raw HTML; each is escaped with a backslash
// (an underscore inside a word is not emphasis in CommonMark, so milestone keys stay readable).
std::string markdown_escape(std::string_view raw) {
  std::string text = document_text(raw);
  std::string escaped;
  for (char c : text) {
    if (std::string_view("\\`*[]<>|").find(c) != std::string_view::npos)
      escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string stage_label(Stage stage, Language language) {
  return std::string(vietnamese(language) ? stage_label_vi(stage) : stage_label_en(stage));
}

// MW as a report writes them: to a tenth of a megawatt (1.435,2), however finely the sums of
// rooftop units in kilowatts run; the charts' data attributes keep the exact figures.
std::string report_megawatts(Capacity capacity, Language language) {
  std::int64_t watts = capacity.watts();
  std::int64_t rounded = (watts >= 0 ? watts + 50'000 : watts - 50'000) / 100'000 * 100'000;
  return format_megawatts(Capacity::from_watts(rounded), language);
}

}  // namespace

const char* stage_colour(Stage stage) {
  switch (stage) {
    case Stage::Proposed:
      return "#d9e7f5";
    case Stage::InPlan:
      return "#a9c8e8";
    case Stage::Approved:
      return "#74a7d6";
    case Stage::Permitted:
      return "#4a88c2";
    case Stage::Construction:
      return "#f0a33a";
    case Stage::Commissioning:
      return "#d9762b";
    case Stage::Operating:
      return "#2f7d32";
  }
  return "#999";
}

namespace {

std::string mw_text(Capacity capacity, Language language) {
  return report_megawatts(capacity, language) + " MW";
}

struct Words {
  std::string title, period, standing_heading, changes_heading, delayed_heading, due_heading,
      charts_heading, technology, in_plan, approved, construction, operating, projects, days, cause,
      chain, milestone, date, name, critical, none, proposed, stacked_title, cod_title,
      causes_title, gantt_title, baseline, forecast, cumulative_note, source_note, more_projects,
      more_milestones, more_codes, no_projects, no_cod, no_delays, largest_note;
};

Words words(Language language) {
  if (vietnamese(language))
    return {
        "Tình hình phát triển các dự án điện",
        "Kỳ báo cáo: từ {} đến {}",
        "1. Kết quả đến cuối kỳ",
        "2. Những thay đổi trong kỳ",
        "3. Dự án chậm tiến độ",
        "4. Các mốc đến hạn trong quý tới",
        "Biểu đồ",
        "Loại hình",
        "Bổ sung quy hoạch",
        "Chủ trương đầu tư",
        "Khởi công",
        "Vận hành thương mại",
        "dự án",
        "Số ngày chậm",
        "Nguyên nhân",
        "Chuỗi nguyên nhân",
        "Mốc",
        "Ngày",
        "Tên dự án",
        "găng",
        "Không có",
        "Đề xuất, xem xét bổ sung quy hoạch",
        "Công suất theo giai đoạn và loại hình (MW)",
        "Công suất theo năm vận hành thương mại dự kiến (MW)",
        "Công suất chậm tiến độ theo nguyên nhân (MW)",
        "Tiến độ các dự án chậm: kế hoạch gốc và dự báo",
        "kế hoạch gốc",
        "dự báo",
        "Số dự án và công suất được tính lũy kế: dự án đã khởi công cũng được tính trong số đã "
        "bổ sung quy hoạch và đã có chủ trương đầu tư. Chỉ tính các dự án thành phần, không tính "
        "công trình lưới điện.",
        "Số liệu lập từ cơ sở dữ liệu tiendo",
        "và {} dự án khác, {} MW",
        "và {} mốc khác",
        "và {} dự án khác",
        "Không có dự án nào trong phạm vi báo cáo.",
        "Không dự án nào có mốc vận hành thương mại.",
        "Không có dự án chậm tiến độ.",
        "{} dự án chậm tiến độ có công suất lớn nhất."};
  return {"Power projects: progress report",
          "Period: {} to {}",
          "1. Standing at the end of the period",
          "2. What changed in the period",
          "3. Delayed projects",
          "4. Milestones due in the next quarter",
          "Charts",
          "Technology",
          "In the plan",
          "Approved",
          "Construction started",
          "Operating",
          "projects",
          "Days late",
          "Cause",
          "Driver chain",
          "Milestone",
          "Date",
          "Project",
          "critical",
          "None",
          "Proposed",
          "MW by stage and technology",
          "MW by year of commercial operation (forecast)",
          "Delayed MW by cause",
          "Delayed projects: baseline and forecast",
          "baseline",
          "forecast",
          "Counts are cumulative, as the reports count them: a project under construction also "
          "counts as in the plan and approved. Leaf projects only; grid works carry no MW.",
          "Drafted from the tiendo database",
          "and {} more projects, {} MW",
          "and {} more milestones",
          "and {} more projects",
          "No projects in the report's scope.",
          "No project has a commercial operation milestone.",
          "No project is late.",
          "The {} late projects with the most MW."};
}

std::string count_text(const analysis::StageCount& count, Language language) {
  return fmt::format(
      "{} {}, {}", format_integer(count.projects, language),
      vietnamese(language) ? "dự án" : (count.projects == 1 ? "project" : "projects"),
      mw_text(count.mw, language));
}

// One sentence per technology, in the way the seed reports write them; rungs nobody stands on
// are left out rather than read out as "0 projects".
std::string standing_sentence(const analysis::TechnologyStanding& standing, Language language) {
  bool vi = vietnamese(language);
  const std::pair<const analysis::StageCount*, const char*> clauses[] = {
      {&standing.proposed, vi ? "đề xuất, đang xem xét" : "proposed"},
      {&standing.in_plan, vi ? "được bổ sung quy hoạch" : "in the plan or further"},
      {&standing.approved, vi ? "được chấp thuận chủ trương đầu tư" : "approved or further"},
      {&standing.construction, vi ? "đã khởi công" : "started construction"},
      {&standing.operating, vi ? "vận hành thương mại" : "operating"}};
  std::vector<std::string> parts;
  for (const auto& [count, words] : clauses)
    if (count->projects > 0)
      parts.push_back(fmt::format("{} {}", count_text(*count, language), words));
  return fmt::format("{}: {}.", technology_bucket_label(standing.technology, language),
                     fmt::format("{}", fmt::join(parts, "; ")));
}

std::string movement_sentence(const analysis::StageMovement& movement, Language language) {
  if (vietnamese(language))
    return fmt::format("{} dự án ({}) chuyển sang giai đoạn “{}”",
                       format_integer(movement.projects, language), mw_text(movement.mw, language),
                       stage_label(movement.stage, language));
  return fmt::format("{} {} ({}) reached “{}”", format_integer(movement.projects, language),
                     movement.projects == 1 ? "project" : "projects",
                     mw_text(movement.mw, language), stage_label(movement.stage, language));
}

std::string cause_label(const std::string& category, Language language) {
  return std::string(delay_category_label(category, language));
}

// The project's reason as reason_text words it, "Not recorded" when it has none.
std::string delay_reason_text(const std::string& reason, Language language) {
  if (reason.empty())
    return cause_label("unknown", language);
  return reason_text(reason, language);
}

// ---- Charts: inline SVG, each tagged with the total it shows so a test can check it. ----

constexpr int chart_width = 680;

// A chart with nothing to draw says why, in the space it would have taken.
std::string empty_chart(const std::string& name, const std::string& title,
                        const std::string& reason) {
  return fmt::format(
      "<svg class=\"chart\" data-chart=\"{}\" data-total-mw=\"0\" data-empty=\"yes\" "
      "viewBox=\"0 0 {} 60\" width=\"{}\" height=\"60\" role=\"img\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n<title>{}</title>\n<rect x=\"0.5\" y=\"0.5\" "
      "width=\"{}\" height=\"59\" fill=\"none\" stroke=\"#ccc\"/>\n<text x=\"{}\" y=\"35\" "
      "text-anchor=\"middle\" class=\"legend\">{}</text>\n</svg>\n",
      name, chart_width, chart_width, html_escape(title), chart_width - 1, chart_width / 2,
      html_escape(reason));
}

std::string stacked_chart(const analysis::PeriodicReport& report, const Words& text,
                          Language language) {
  if (report.standings.empty())
    return empty_chart("stage-technology", text.stacked_title, text.no_projects);
  const int left = 120, top = 30, bar = 22, gap = 10;
  Capacity total;
  std::int64_t largest = 1;
  for (const auto& standing : report.standings) {
    Capacity sum;
    for (const auto& [stage, count] : standing.by_stage)
      sum += count.mw;
    total += sum;
    largest = std::max<std::int64_t>(largest, sum.watts());
  }
  int height = top + static_cast<int>(report.standings.size()) * (bar + gap) + 60;
  std::string svg = fmt::format(
      "<svg class=\"chart\" data-chart=\"stage-technology\" data-total-mw=\"{}\" "
      "viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n<title>{}</title>\n",
      total.megawatts_text(), chart_width, height, chart_width, height,
      html_escape(text.stacked_title));
  const double scale = (chart_width - left - 90) / static_cast<double>(largest);
  int y = top;
  for (const auto& standing : report.standings) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\n",
                       left - 6, y + bar - 6,
                       html_escape(technology_bucket_label(standing.technology, language)));
    double x = left;
    Capacity sum;
    for (const auto& [stage, count] : standing.by_stage) {
      double width = count.mw.watts() * scale;
      sum += count.mw;
      if (width <= 0)
        continue;
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\" data-mw=\"{}\">"
          "<title>{}: {}</title></rect>\n",
          x, y, width, bar, stage_colour(stage), count.mw.megawatts_text(),
          html_escape(stage_label(stage, language)), mw_text(count.mw, language));
      x += width;
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"value\">{}</text>\n", x + 4,
                       y + bar - 6, report_megawatts(sum, language));
    y += bar + gap;
  }
  // Legend.
  int legend_x = left;
  for (Stage stage : all_stages()) {
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
        "class=\"legend\">{}</text>\n",
        legend_x, y + 10, stage_colour(stage), legend_x + 13, y + 19,
        html_escape(stage_label(stage, language)));
    legend_x += 13 + static_cast<int>(display_width(stage_label(stage, language))) * 7 + 14;
    if (legend_x > chart_width - 80) {
      legend_x = left;
      y += 16;
    }
  }
  svg += fmt::format("<text x=\"{}\" y=\"18\" class=\"total\">{}: {}</text>\n", left,
                     vietnamese(language) ? "Tổng" : "Total", mw_text(total, language));
  return svg + "</svg>\n";
}

std::string column_chart(const std::string& name, const std::string& title,
                         const std::vector<std::pair<std::string, Capacity>>& values,
                         Language language, const std::string& empty_reason) {
  if (values.empty())
    return empty_chart(name, title, empty_reason);
  const int top = 30, bottom = 40, height = 240, left = 20;
  Capacity total;
  std::int64_t largest = 1;
  for (const auto& [label, mw] : values) {
    total += mw;
    largest = std::max(largest, mw.watts());
  }
  std::string svg = fmt::format(
      "<svg class=\"chart\" data-chart=\"{}\" data-total-mw=\"{}\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      "<title>{}</title>\n",
      name, total.megawatts_text(), chart_width, height, chart_width, height, html_escape(title));
  if (values.empty())
    return svg + "</svg>\n";
  double slot = (chart_width - 2 * left) / static_cast<double>(values.size());
  double scale = (height - top - bottom) / static_cast<double>(largest);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& [label, mw] = values[i];
    double bar_height = mw.watts() * scale;
    double x = left + i * slot + slot * 0.15;
    double y = height - bottom - bar_height;
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#4a88c2\" "
        "data-mw=\"{}\"><title>{}: {}</title></rect>\n"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" class=\"value\">{}</text>\n"
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"label\">{}</text>\n",
        x, y, slot * 0.7, bar_height, mw.megawatts_text(), html_escape(label),
        mw_text(mw, language), x + slot * 0.35, y - 4, report_megawatts(mw, language),
        x + slot * 0.35, height - bottom + 16, html_escape(label));
  }
  svg += fmt::format("<text x=\"{}\" y=\"18\" class=\"total\">{}: {}</text>\n", left,
                     vietnamese(language) ? "Tổng" : "Total", mw_text(total, language));
  return svg + "</svg>\n";
}

// Bars lying down, their labels on the left: for categories whose names are words ("Giải phóng
// mặt bằng"), which would run into each other under columns.
std::string row_chart(const std::string& name, const std::string& title,
                      const std::vector<std::pair<std::string, Capacity>>& values,
                      Language language, const std::string& empty_reason) {
  if (values.empty())
    return empty_chart(name, title, empty_reason);
  const int left = 170, top = 30, bar = 18, gap = 8;
  Capacity total;
  std::int64_t largest = 1;
  for (const auto& [label, mw] : values) {
    total += mw;
    largest = std::max(largest, mw.watts());
  }
  int height = top + static_cast<int>(values.size()) * (bar + gap) + 10;
  std::string svg = fmt::format(
      "<svg class=\"chart\" data-chart=\"{}\" data-total-mw=\"{}\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      "<title>{}</title>\n",
      name, total.megawatts_text(), chart_width, height, chart_width, height, html_escape(title));
  const double scale = (chart_width - left - 90) / static_cast<double>(largest);
  int y = top;
  for (const auto& [label, mw] : values) {
    double width = std::max(1.0, mw.watts() * scale);
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\n"
        "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"#4a88c2\" "
        "data-mw=\"{}\"><title>{}: {}</title></rect>\n"
        "<text x=\"{:.1f}\" y=\"{}\" class=\"value\">{}</text>\n",
        left - 6, y + bar - 5, html_escape(label), left, y, width, bar, mw.megawatts_text(),
        html_escape(label), mw_text(mw, language), left + width + 4, y + bar - 5,
        report_megawatts(mw, language));
    y += bar + gap;
  }
  svg += fmt::format("<text x=\"{}\" y=\"18\" class=\"total\">{}: {}</text>\n", left,
                     vietnamese(language) ? "Tổng" : "Total", mw_text(total, language));
  return svg + "</svg>\n";
}

// A strip per delayed project chosen: the milestone its lateness is measured on (its COD when it
// has one), with the baseline date (grey) and the forecast (orange, red on the critical path)
// joined by the slip between them.
std::string gantt_chart(const ReportContext& context, const Words& text,
                        const std::vector<const analysis::DelayedProject*>& chosen) {
  const auto& portfolio = context.portfolio;
  const auto& schedule = context.schedule;
  Language language = context.language;
  if (chosen.empty())
    return empty_chart("gantt", text.gantt_title, text.no_delays);
  struct Row {
    std::string label;
    std::optional<std::int32_t> baseline;
    std::int32_t forecast;
    bool critical;
    bool heading;
    std::int32_t milestone = -1;
  };
  std::vector<Row> rows;
  std::int32_t earliest = context.report.to.days(), latest = context.report.to.days();
  for (const auto* delayed : chosen) {
    const Project& project = portfolio.projects[static_cast<std::size_t>(delayed->project)];
    rows.push_back(
        Row{fmt::format("{} — {}", project.code, project.name), std::nullopt, 0, false, true});
    // The milestone its lateness is measured on (its COD when it has one): one strip a project,
    // so that the chart of the 30 largest fits a page, on screen, on paper and in Word.
    if (delayed->cod_milestone < 0 ||
        portfolio.milestones[static_cast<std::size_t>(delayed->cod_milestone)].actual)
      continue;
    for (auto m = static_cast<std::size_t>(delayed->cod_milestone);
         m == static_cast<std::size_t>(delayed->cod_milestone); ++m) {
      const Milestone& milestone = portfolio.milestones[m];
      std::optional<std::int32_t> planned;
      std::string reference = portfolio.reference(static_cast<std::int32_t>(m));
      if (context.baseline) {
        auto found = context.baseline->find(reference);
        if (found != context.baseline->end() && found->second)
          planned = found->second->days();
      } else if (milestone.planned) {
        planned = milestone.planned->days();
      }
      const auto& entry = schedule.milestones[m];
      rows.push_back(Row{milestone_label(milestone, language), planned, entry.early_finish, entry.critical, false,
                         static_cast<std::int32_t>(m)});
      earliest = std::min(earliest, planned.value_or(entry.early_finish));
      latest = std::max(latest, entry.early_finish);
    }
  }
  const int left = 230, row_height = 18, top = 36;
  int height = top + static_cast<int>(rows.size()) * row_height + 30;
  std::string svg = fmt::format(
      "<svg class=\"chart gantt\" data-chart=\"gantt\" data-projects=\"{}\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n"
      "<title>{}</title>\n",
      chosen.size(), chart_width, height, chart_width, height, html_escape(text.gantt_title));
  if (rows.empty())
    return svg + "</svg>\n";
  earliest -= 15;
  latest += 15;
  double scale = (chart_width - left - 20) / static_cast<double>(std::max(1, latest - earliest));
  auto x_of = [&](std::int32_t days) { return left + (days - earliest) * scale; };
  // Year ticks, at a step that keeps their labels apart over any span, and the report date.
  for (const auto& tick : time_axis_ticks(earliest, latest, chart_width - left - 20)) {
    if (!tick.year)
      continue;
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" class=\"tick\"/>"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" class=\"legend\">{4}</text>\n",
        x_of(tick.day), top - 6, height - 24, height - 10, tick.label);
  }
  double today = x_of(context.report.to.days());
  svg +=
      fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" class=\"today\"/>\n",
                  today, top - 6, height - 24);
  svg += fmt::format(
      "<rect x=\"{}\" y=\"8\" width=\"10\" height=\"10\" fill=\"#888\"/><text x=\"{}\" y=\"17\" "
      "class=\"legend\">{}</text><rect x=\"{}\" y=\"8\" width=\"10\" height=\"10\" "
      "fill=\"#d62728\"/>"
      "<text x=\"{}\" y=\"17\" class=\"legend\">{} ({})</text>\n",
      left, left + 13,
      html_escape(context.baseline ? fmt::format("{} {}", text.baseline, context.baseline_name)
                                   : text.baseline),
      left + 190, left + 203, text.forecast, text.critical);
  int y = top;
  for (const auto& row : rows) {
    if (row.heading) {
      svg += fmt::format("<text x=\"4\" y=\"{}\" class=\"heading\">{}</text>\n", y + 13,
                         html_escape(row.label));
      y += row_height;
      continue;
    }
    svg += fmt::format("<text x=\"14\" y=\"{}\" class=\"label\">{}</text>\n", y + 13,
                       html_escape(row.label));
    double forecast_x = x_of(row.forecast);
    if (row.baseline) {
      double baseline_x = x_of(*row.baseline);
      svg += fmt::format(
          "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{}\" class=\"slip\"/>"
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"6\" height=\"10\" "
          "fill=\"#888\"><title>{}</title></rect>\n",
          baseline_x, forecast_x, y + 9, y + 9, baseline_x - 3, y + 4,
          html_escape(format_date(Date::from_days(*row.baseline), language)));
    }
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{}\" width=\"6\" height=\"10\" fill=\"{}\" data-critical=\"{}\">"
        "<title>{}</title></rect>\n",
        forecast_x - 3, y + 4, row.critical ? "#d62728" : "#f0a33a", row.critical ? "yes" : "no",
        html_escape(format_date(Date::from_days(row.forecast), language)));
    y += row_height;
  }
  // The links between the milestones drawn: an arrow from each predecessor's forecast to its
  // successor's, so a reader sees which late step holds back the next.
  std::map<std::int32_t, std::pair<double, int>> place;
  for (std::size_t r = 0; r < rows.size(); ++r)
    if (!rows[r].heading)
      place[rows[r].milestone] = {x_of(rows[r].forecast),
                                  top + static_cast<int>(r) * row_height + 9};
  int links = 0;
  std::string arrows;
  for (const auto& dependency : portfolio.dependencies) {
    auto from = place.find(dependency.from), to = place.find(dependency.to);
    if (from == place.end() || to == place.end())
      continue;
    auto [x1, y1] = from->second;
    auto [x2, y2] = to->second;
    arrows += fmt::format(
        "<path d=\"M{:.1f} {} H{:.1f} V{} H{:.1f}\" fill=\"none\" stroke=\"#55606e\"/>"
        "<path d=\"M{:.1f} {} l-6 -3 v6 z\" fill=\"#55606e\"/>\n",
        x1 + 3, y1, std::max(x1 + 8, std::min(x2 - 8, x1 + 12)), y2, x2 - 3, x2 - 3, y2);
    ++links;
  }
  svg += fmt::format("<g class=\"links\" data-links=\"{}\">{}</g>\n", links, arrows);
  if (links > 0)
    svg += fmt::format(
        "<path d=\"M{0} 13 h12\" fill=\"none\" stroke=\"#55606e\"/><path d=\"M{1} 13 l-6 -3 v6 "
        "z\" fill=\"#55606e\"/><text x=\"{2}\" y=\"17\" class=\"legend\">{3}</text>\n",
        left + 330, left + 348, left + 352, vietnamese(language) ? "phụ thuộc" : "dependency");
  return svg + "</svg>\n";
}

// MW by forecast COD year, in spans of 1, 2, 5, 10 or 20 years so that there are at most twelve
// columns, each wide enough for its label ("2030–34") and value: a portfolio whose CODs run over
// forty years gets eight five-year columns, not forty unreadable ones nor one column holding the
// past.
std::vector<std::pair<std::string, Capacity>> cod_year_values(
    const analysis::PeriodicReport& report) {
  std::vector<std::pair<std::string, Capacity>> values;
  if (report.mw_by_cod_year.empty())
    return values;
  const int first = report.mw_by_cod_year.begin()->first;
  const int last = report.mw_by_cod_year.rbegin()->first;
  int span = 1;
  for (int candidate : {1, 2, 5, 10, 20, 50, 100}) {
    span = candidate;
    if (last / candidate - first / candidate + 1 <= 12)
      break;
  }
  std::map<int, Capacity> binned;
  for (const auto& [year, mw] : report.mw_by_cod_year)
    binned[year / span * span] += mw;
  for (int start = first / span * span; start <= last; start += span) {
    Capacity mw = binned.count(start) ? binned[start] : Capacity{};
    if (span == 1)
      values.emplace_back(std::to_string(start), mw);
    else
      values.emplace_back(fmt::format("{}–{:02}", start, (start + span - 1) % 100), mw);
  }
  return values;
}

std::vector<std::pair<std::string, Capacity>> cause_values(const analysis::PeriodicReport& report,
                                                           Language language) {
  std::vector<std::pair<std::string, Capacity>> values;
  for (const auto& [category, mw] : report.delayed_mw_by_reason)
    values.emplace_back(cause_label(category, language), mw);
  return values;
}

std::string period_text(const analysis::PeriodicReport& report, const Words& text,
                        Language language) {
  std::string period = fmt::format(fmt::runtime(text.period), format_date(report.from, language),
                                   format_date(report.to, language));
  if (!report.province.empty())
    period += " — " + report.province;
  return period;
}

}  // namespace

std::string online_fan_chart(const std::vector<analysis::OnlineBand>& bands, std::int32_t draws,
                             std::uint64_t seed, Language language) {
  const bool vi = vietnamese(language);
  const std::string title =
      vi ? fmt::format(
               "Công suất vận hành cuối mỗi năm (MW): dải P10–P90 và P50, {} lần mô "
               "phỏng, hạt giống {}",
               format_integer(draws, language), seed)
         : fmt::format(
               "MW online at the end of each year: P10–P90 band and P50, {} draws, "
               "seed {}",
               format_integer(draws, language), seed);
  const int top = 30, bottom = 40, height = 260, left = 64, right = 20;
  std::string svg = fmt::format(
      "<svg class=\"chart\" data-chart=\"mw-online-fan\" data-draws=\"{}\" data-seed=\"{}\" "
      "viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n<title>{}</title>\n",
      draws, seed, chart_width, height, chart_width, height, html_escape(title),
      html_escape(title));
  if (bands.empty())
    return empty_chart("mw-online-fan", title,
                       vi ? "Chưa có dự báo: không dự án nào có mốc vận hành thương mại."
                          : "No forecast: no project has a commercial operation milestone.");
  std::int64_t largest = 1;
  for (const auto& band : bands)
    largest = std::max(largest, band.p90.watts());
  // Four gridlines a round step apart (1, 2 or 5 times a power of ten), the top at or above the
  // largest P90.
  const double largest_mw = static_cast<double>(largest) / 1e6;
  double power = std::pow(10.0, std::floor(std::log10(std::max(largest_mw / 4, 1e-3))));
  double step = power;
  for (double multiple : {1.0, 2.0, 5.0, 10.0})
    if (power * multiple * 4 >= largest_mw) {
      step = power * multiple;
      break;
    }
  const double scale_top = step * 4;
  const double plot_width = chart_width - left - right, plot_height = height - top - bottom;
  auto x_of = [&](std::size_t i) {
    return bands.size() == 1
               ? left + plot_width / 2
               : left + plot_width * static_cast<double>(i) / static_cast<double>(bands.size() - 1);
  };
  auto y_of = [&](Capacity mw) {
    return top + plot_height * (1 - static_cast<double>(mw.watts()) / 1e6 / scale_top);
  };
  for (int tick = 0; tick <= 4; ++tick) {
    double value = scale_top * tick / 4;
    double y = top + plot_height * (1 - tick / 4.0);
    svg += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>\n"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" class=\"value\">{}</text>\n",
        left, chart_width - right, y, y, left - 6, y + 4,
        report_megawatts(Capacity::from_watts(static_cast<std::int64_t>(value * 1e6)), language));
  }
  // The band: along P90 forward, back along P10.
  std::string points;
  for (std::size_t i = 0; i < bands.size(); ++i)
    points += fmt::format("{:.1f},{:.1f} ", x_of(i), y_of(bands[i].p90));
  for (std::size_t i = bands.size(); i-- > 0;)
    points += fmt::format("{:.1f},{:.1f} ", x_of(i), y_of(bands[i].p10));
  points.pop_back();
  svg += fmt::format(
      "<polygon points=\"{}\" fill=\"#4a88c2\" fill-opacity=\"0.35\" stroke=\"#4a88c2\" "
      "stroke-width=\"1\" stroke-dasharray=\"4 2\" data-band=\"p10-p90\"/>\n",
      points);
  std::string median;
  for (std::size_t i = 0; i < bands.size(); ++i)
    median += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", x_of(i), y_of(bands[i].p50));
  svg += fmt::format(
      "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2\" "
      "data-line=\"p50\"/>\n",
      median);
  // Every year: a point on P50 whose tooltip gives the three, and the year below; at most about
  // twelve year labels, so that they never run together.
  const std::size_t label_every = (bands.size() + 11) / 12;
  for (std::size_t i = 0; i < bands.size(); ++i) {
    const auto& band = bands[i];
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#1f4e79\" data-year=\"{}\" "
        "data-p10=\"{}\" data-p50=\"{}\" data-p90=\"{}\"><title>{}: P10 {} · P50 {} · P90 "
        "{}</title></circle>\n",
        x_of(i), y_of(band.p50), band.year, band.p10.megawatts_text(), band.p50.megawatts_text(),
        band.p90.megawatts_text(), band.year, mw_text(band.p10, language),
        mw_text(band.p50, language), mw_text(band.p90, language));
    if (i % label_every == 0 || i + 1 == bands.size())
      svg += fmt::format(
          "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" class=\"label\">{}</text>\n", x_of(i),
          height - bottom + 16, band.year);
  }
  const auto& last = bands.back();
  svg += fmt::format(
      "<text x=\"{}\" y=\"18\" class=\"total\">{} {}: P50 {} (P10 {} – P90 {})</text>\n", left,
      vi ? "Cuối năm" : "End of", last.year, mw_text(last.p50, language),
      mw_text(last.p10, language), mw_text(last.p90, language));
  // The legend: the band and the line.
  const int legend_y = height - 12;
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"9\" fill=\"#4a88c2\" "
      "fill-opacity=\"0.35\" stroke=\"#4a88c2\" stroke-dasharray=\"4 2\"/><text x=\"{}\" y=\"{}\" "
      "class=\"legend\">{}</text>\n<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" "
      "stroke=\"#1f4e79\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n",
      left, legend_y - 8, left + 20, legend_y,
      vi ? "P10–P90: 8 trên 10 lần mô phỏng" : "P10–P90: 8 draws in 10", left + 230, left + 250,
      legend_y - 4, legend_y - 4, left + 256, legend_y, vi ? "P50: trung vị" : "P50: the median");
  return svg + "</svg>\n";
}

std::string online_fan_note(const analysis::ForecastResult& forecast, Language language,
                            bool with_command) {
  std::string command;
  if (vietnamese(language)) {
    if (with_command)
      command = fmt::format(" Lệnh tương ứng: tiendo --as-of {} forecast --draws {} --seed {}.",
                            forecast.as_of.iso_day(), forecast.draws, forecast.seed);
    return fmt::format(
        "Công suất (MW) các dự án thành phần đã vận hành thương mại đến cuối mỗi năm, theo {} lần "
        "mô phỏng tiến độ (hạt giống {}) học từ độ chậm thực tế của chính danh mục đến {}: một "
        "nửa số lần mô phỏng có ít nhất mức P50; một lần trong mười có ít hơn P10 và một lần "
        "trong mười có nhiều hơn P90.{}",
        format_integer(forecast.draws, language), forecast.seed,
        format_date(forecast.as_of, language), command);
  }
  if (with_command)
    command = fmt::format(" The same figures: tiendo --as-of {} forecast --draws {} --seed {}.",
                          forecast.as_of.iso_day(), forecast.draws, forecast.seed);
  return fmt::format(
      "MW of leaf projects in commercial operation by the end of each year, over {} draws of the "
      "schedule (seed {}) learned from how late the portfolio's own steps ran up to {}: half the "
      "draws have at least P50; one in ten has fewer than P10 and one in ten more than P90.{}",
      format_integer(forecast.draws, language), forecast.seed,
      format_date(forecast.as_of, language), command);
}

std::string technology_bucket_label(const std::string& bucket, Language language) {
  bool vi = vietnamese(language);
  if (bucket == "wind")
    return vi ? "Điện gió" : "Wind";
  if (bucket == "solar")
    return vi ? "Điện mặt trời" : "Solar";
  if (bucket == "thermal")
    return vi ? "Nhiệt điện" : "Thermal";
  if (bucket == "hydro")
    return vi ? "Thủy điện" : "Hydro";
  if (auto technology = parse_technology(bucket)) {
    if (vi)
      return std::string(technology_label_vi(*technology));
    std::string label(technology_key(*technology));
    std::replace(label.begin(), label.end(), '_', ' ');
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    return label;
  }
  return bucket;
}

namespace {

using Block = ReportBlock;

Block block(Block::Kind kind, std::string text) {
  Block result;
  result.kind = kind;
  result.text = std::move(text);
  return result;
}

Capacity capacity_of(const analysis::DelayedProject& delayed) {
  return delayed.capacity.value_or(Capacity{});
}

}  // namespace

std::vector<ReportBlock> compose_report(const ReportContext& context) {
  const auto& report = context.report;
  const auto& portfolio = context.portfolio;
  Language language = context.language;
  const bool vi = vietnamese(language);
  Words text = words(language);
  std::vector<Block> blocks;
  blocks.push_back(block(Block::Kind::Title, text.title));
  blocks.push_back(block(Block::Kind::Period, period_text(report, text, language)));

  // 1. Standing.
  blocks.push_back(block(Block::Kind::Heading, text.standing_heading));
  for (const auto& standing : report.standings)
    blocks.push_back(block(Block::Kind::Paragraph, standing_sentence(standing, language)));
  {
    Block table;
    table.kind = Block::Kind::Table;
    table.name = "standing";
    table.header = {text.technology, text.proposed,     text.in_plan,
                    text.approved,   text.construction, text.operating};
    table.numeric = {false, true, true, true, true, true};
    auto cell = [&](const analysis::StageCount& count) {
      return fmt::format("{} / {}", format_integer(count.projects, language),
                         report_megawatts(count.mw, language));
    };
    for (const auto& standing : report.standings)
      table.rows.push_back({technology_bucket_label(standing.technology, language),
                            cell(standing.proposed), cell(standing.in_plan),
                            cell(standing.approved), cell(standing.construction),
                            cell(standing.operating)});
    table.rows.push_back({vi ? "Tổng" : "Total", cell(report.total_proposed),
                          cell(report.total_in_plan), cell(report.total_approved),
                          cell(report.total_construction), cell(report.total_operating)});
    table.total_row = true;
    blocks.push_back(std::move(table));
  }
  blocks.push_back(block(Block::Kind::Note, fmt::format("{} ({})", text.cumulative_note,
                                                        vi ? "số dự án / MW" : "projects / MW")));

  // 2. Changes: a line per stage reached, naming at most twenty projects.
  blocks.push_back(block(Block::Kind::Heading, text.changes_heading));
  {
    Block list;
    list.kind = Block::Kind::List;
    for (const auto& movement : report.movements) {
      if (movement.projects == 0)
        continue;
      std::vector<std::string> codes;
      for (auto index : movement.project_indices) {
        if (codes.size() == report_codes_listed)
          break;
        codes.push_back(portfolio.projects[static_cast<std::size_t>(index)].code);
      }
      std::string line =
          fmt::format("{}: {}", movement_sentence(movement, language), fmt::join(codes, ", "));
      if (movement.project_indices.size() > codes.size())
        line +=
            " " + fmt::format(fmt::runtime(text.more_codes),
                              format_integer(static_cast<long long>(
                                                 movement.project_indices.size() - codes.size()),
                                             language));
      list.items.push_back(std::move(line));
    }
    if (list.items.empty())
      list.items.push_back(text.none);
    blocks.push_back(std::move(list));
  }
  if (!report.completed.empty()) {
    Block table;
    table.kind = Block::Kind::Table;
    table.name = "completed";
    table.header = {text.milestone, text.name, text.date};
    table.numeric = {false, false, false};
    for (std::size_t i = 0; i < report.completed.size() && i < report_list_rows; ++i) {
      const auto& done = report.completed[i];
      const auto& milestone = portfolio.milestones[static_cast<std::size_t>(done.milestone)];
      table.rows.push_back({milestone_label(portfolio, done.milestone, language),
                            portfolio.projects[static_cast<std::size_t>(milestone.project)].name,
                            format_date(done.date, language)});
    }
    if (report.completed.size() > report_list_rows)
      table.more = fmt::format(
          fmt::runtime(text.more_milestones),
          format_integer(static_cast<long long>(report.completed.size() - report_list_rows),
                         language));
    blocks.push_back(std::move(table));
  }

  // 3. Late projects: the 50 with the most MW, and a line for the rest.
  blocks.push_back(block(Block::Kind::Heading, text.delayed_heading));
  std::vector<const analysis::DelayedProject*> by_capacity;
  for (const auto& delayed : report.delayed)
    by_capacity.push_back(&delayed);
  std::stable_sort(by_capacity.begin(), by_capacity.end(), [](const auto* a, const auto* b) {
    if (capacity_of(*a).watts() != capacity_of(*b).watts())
      return capacity_of(*a).watts() > capacity_of(*b).watts();
    return a->days > b->days;
  });
  if (by_capacity.empty()) {
    blocks.push_back(block(Block::Kind::Paragraph, text.none));
  } else {
    if (by_capacity.size() > report_delayed_rows)
      blocks.push_back(block(Block::Kind::Paragraph,
                             fmt::format(fmt::runtime(text.largest_note),
                                         format_integer(report_delayed_rows, language))));
    Block table;
    table.kind = Block::Kind::Table;
    table.name = "delayed";
    table.header = {text.name, "MW", text.days, text.cause, text.chain};
    table.numeric = {false, true, true, false, false};
    Capacity rest_mw;
    for (std::size_t i = 0; i < by_capacity.size(); ++i) {
      const auto& delayed = *by_capacity[i];
      if (i >= report_delayed_rows) {
        rest_mw += capacity_of(delayed);
        continue;
      }
      const Project& project = portfolio.projects[static_cast<std::size_t>(delayed.project)];
      // In the workspace (an English page too) each step goes by its label; a file keeps the
      // references the command line takes.
      std::string chain = delayed.cod_milestone >= 0
                              ? summarise_chain(portfolio, context.schedule, delayed.cod_milestone,
                                                language, !context.alerts_link.empty())
                              : "";
      table.rows.push_back({project.code + "\n" + project.name,
                            delayed.capacity ? report_megawatts(*delayed.capacity, language) : "",
                            format_integer(delayed.days, language),
                            delay_reason_text(delayed.reason, language), chain});
    }
    if (by_capacity.size() > report_delayed_rows) {
      table.more = fmt::format(
          fmt::runtime(text.more_projects),
          format_integer(static_cast<long long>(by_capacity.size() - report_delayed_rows),
                         language),
          report_megawatts(rest_mw, language));
      table.more_link = context.alerts_link;
    }
    blocks.push_back(std::move(table));
  }

  // 4. Due next quarter: the first 50 by date.
  blocks.push_back(block(Block::Kind::Heading, text.due_heading));
  if (report.due_next_quarter.empty()) {
    blocks.push_back(block(Block::Kind::Paragraph, text.none));
  } else {
    Block table;
    table.kind = Block::Kind::Table;
    table.name = "due";
    table.header = {text.milestone, text.name, text.date};
    table.numeric = {false, false, false};
    for (std::size_t i = 0; i < report.due_next_quarter.size() && i < report_list_rows; ++i) {
      const auto& due = report.due_next_quarter[i];
      const auto& milestone = portfolio.milestones[static_cast<std::size_t>(due.milestone)];
      table.rows.push_back(
          {milestone_label(portfolio, due.milestone, language) + (due.critical ? " (" + text.critical + ")" : ""),
           portfolio.projects[static_cast<std::size_t>(milestone.project)].name,
           format_date(Date::from_days(due.early_finish), language)});
    }
    if (report.due_next_quarter.size() > report_list_rows)
      table.more = fmt::format(
          fmt::runtime(text.more_milestones),
          format_integer(static_cast<long long>(report.due_next_quarter.size() - report_list_rows),
                         language));
    blocks.push_back(std::move(table));
  }

  // Charts.
  auto chart = [&](const std::string& name, const std::string& title, std::string svg) {
    blocks.push_back(block(Block::Kind::Subheading, title));
    Block drawn = block(Block::Kind::Chart, title);
    drawn.name = name;
    drawn.svg = std::move(svg);
    blocks.push_back(std::move(drawn));
  };
  blocks.push_back(block(Block::Kind::Heading, text.charts_heading));
  chart("stage-technology", text.stacked_title, stacked_chart(report, text, language));
  chart("cod-year", text.cod_title,
        column_chart("cod-year", text.cod_title, cod_year_values(report), language, text.no_cod));
  chart("delay-causes", text.causes_title,
        row_chart("delay-causes", text.causes_title, cause_values(report, language), language,
                  text.no_delays));
  if (context.forecast) {
    chart("mw-online-fan", vi ? "Dự báo công suất vận hành" : "MW online: forecast",
          online_fan_chart(context.forecast->online, context.forecast->draws,
                           context.forecast->seed, language));
    // The command that gives the same figures is for a file's reader; a page in the workspace
    // names no command line.
    blocks.push_back(block(Block::Kind::Note, online_fan_note(*context.forecast, language,
                                                              context.alerts_link.empty())));
    if (!context.forecast->online.empty()) {
      Block table;
      table.kind = Block::Kind::Table;
      table.name = "online";
      table.header = {vi ? "Cuối năm" : "End of year", "P10 (MW)", "P50 (MW)", "P90 (MW)"};
      table.numeric = {false, true, true, true};
      for (const auto& band : context.forecast->online)
        table.rows.push_back({std::to_string(band.year), report_megawatts(band.p10, language),
                              report_megawatts(band.p50, language),
                              report_megawatts(band.p90, language)});
      blocks.push_back(std::move(table));
    }
  }
  std::vector<const analysis::DelayedProject*> gantt_projects(
      by_capacity.begin(), by_capacity.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                     by_capacity.size(), report_gantt_projects)));
  chart("gantt", text.gantt_title, gantt_chart(context, text, gantt_projects));
  if (by_capacity.size() > report_gantt_projects)
    blocks.push_back(
        block(Block::Kind::Note, fmt::format(fmt::runtime(text.largest_note),
                                             format_integer(report_gantt_projects, language))));
  blocks.push_back(block(Block::Kind::Note, fmt::format("{}, {}.", text.source_note,
                                                        format_date(report.to, language))));
  return blocks;
}

namespace {

// The report's own style sheet in a file: A4, serif text, the charts' classes.
constexpr std::string_view file_style = R"(@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'DejaVu Serif', 'Times New Roman', serif; font-size: 11pt; color: #111; max-width: 180mm; margin: 0 auto; line-height: 1.4; }
h1 { font-size: 16pt; margin-bottom: 2pt; } h2 { font-size: 13pt; margin-top: 16pt; break-after: avoid; }
h3 { font-size: 11pt; break-after: avoid; }
p.period { margin-top: 0; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 10pt; break-inside: auto; }
th, td { border: 1px solid #bbb; padding: 2pt 5pt; vertical-align: top; } th { background: #eef2f7; text-align: left; } td.number { text-align: right; white-space: nowrap; }
thead { display: table-header-group; } tr { break-inside: avoid; } tr.total td { font-weight: bold; } tr.more td { font-style: italic; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 8pt 0; break-inside: avoid; font-family: 'DejaVu Sans', Arial, sans-serif; }
svg .label { font-size: 11px; } svg .value, svg .legend { font-size: 10px; fill: #333; }
svg .total { font-size: 12px; font-weight: bold; } svg .heading { font-size: 11px; font-weight: bold; }
svg .tick { stroke: #ddd; } svg .today { stroke: #111; stroke-dasharray: 3 3; } svg .slip { stroke: #d62728; stroke-width: 2; }
p.note { font-size: 9pt; color: #555; }
)";

// A cell's lines, each escaped (the escape shows a line break as a visible code), joined by <br>.
std::string cell_html(const std::string& cell) {
  std::string result;
  std::size_t start = 0;
  while (true) {
    auto end = cell.find('\n', start);
    result += html_escape(cell.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos)
      return result;
    result += "<br>";
    start = end + 1;
  }
}

}  // namespace

void render_report_body(std::ostream& out, const std::vector<ReportBlock>& blocks,
                        bool with_title) {
  auto escape = [](const std::string& value) { return html_escape(value); };
  for (const auto& item : blocks) {
    switch (item.kind) {
      case Block::Kind::Title:
        if (with_title)
          out << "<h1>" << escape(item.text) << "</h1>\n";
        break;
      case Block::Kind::Period:
        out << "<p class=\"period\">" << escape(item.text) << "</p>\n";
        break;
      case Block::Kind::Heading:
        out << "<h2>" << escape(item.text) << "</h2>\n";
        break;
      case Block::Kind::Subheading:
        out << "<h3>" << escape(item.text) << "</h3>\n";
        break;
      case Block::Kind::Paragraph:
        out << "<p>" << escape(item.text) << "</p>\n";
        break;
      case Block::Kind::Note:
        out << "<p class=\"note\">" << escape(item.text) << "</p>\n";
        break;
      case Block::Kind::List:
        out << "<ul>\n";
        for (const auto& line : item.items)
          out << "<li>" << escape(line) << "</li>\n";
        out << "</ul>\n";
        break;
      case Block::Kind::Table: {
        out << "<div class=\"table-wrap\"><table class=\"report " << item.name
            << "\">\n<thead><tr>";
        for (const auto& heading : item.header)
          out << "<th>" << escape(heading) << "</th>";
        out << "</tr></thead>\n<tbody>\n";
        for (std::size_t r = 0; r < item.rows.size(); ++r) {
          bool total = item.total_row && r + 1 == item.rows.size();
          out << (total ? "<tr class=\"total\">" : "<tr>");
          for (std::size_t c = 0; c < item.rows[r].size(); ++c) {
            bool number = c < item.numeric.size() && item.numeric[c];
            // Each cell names its heading, so that on a phone (where a row reads as a card) a
            // value says what it is.
            out << "<td data-label=\""
                << (c < item.header.size() ? escape(item.header[c]) : std::string()) << "\""
                << (number ? " class=\"number\">" : ">") << cell_html(item.rows[r][c])
                << "</td>";
          }
          out << "</tr>\n";
        }
        if (!item.more.empty()) {
          out << "<tr class=\"more\"><td colspan=\"" << item.header.size() << "\">";
          if (item.more_link.empty())
            out << escape(item.more);
          else
            out << "<a href=\"" << escape(item.more_link) << "\">" << escape(item.more) << "</a>";
          out << "</td></tr>\n";
        }
        out << "</tbody>\n</table></div>\n";
        break;
      }
      case Block::Kind::Chart:
        out << "<div class=\"chart-wrap\">" << item.svg << "</div>\n";
        break;
    }
  }
}

void render_report_html(std::ostream& out, const ReportContext& context) {
  auto blocks = compose_report(context);
  out << "<!DOCTYPE html>\n<html lang=\"" << (vietnamese(context.language) ? "vi" : "en")
      << "\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << html_escape(words(context.language).title) << "</title>\n<style>\n"
      << file_style << "</style>\n</head>\n<body>\n";
  render_report_body(out, blocks, true);
  out << "</body>\n</html>\n";
}

void render_report_markdown(std::ostream& out, const ReportContext& context) {
  auto blocks = compose_report(context);
  bool first = true;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto& item = blocks[i];
    // Markdown carries the figures, not the drawings: a chart and the subheading naming it go.
    bool names_chart = item.kind == Block::Kind::Subheading && i + 1 < blocks.size() &&
                       blocks[i + 1].kind == Block::Kind::Chart;
    if (item.kind == Block::Kind::Chart || names_chart)
      continue;
    if (!first)
      out << "\n";
    first = false;
    switch (item.kind) {
      case Block::Kind::Title:
        out << "# " << markdown_escape(item.text) << "\n";
        break;
      case Block::Kind::Heading:
        out << "## " << markdown_escape(item.text) << "\n";
        break;
      case Block::Kind::Subheading:
        out << "### " << markdown_escape(item.text) << "\n";
        break;
      case Block::Kind::Period:
      case Block::Kind::Paragraph:
      case Block::Kind::Note:
        out << markdown_escape(item.text) << "\n";
        break;
      case Block::Kind::List:
        for (const auto& line : item.items)
          out << "- " << markdown_escape(line) << "\n";
        break;
      case Block::Kind::Table: {
        out << "|";
        for (const auto& heading : item.header)
          out << " " << markdown_escape(heading) << " |";
        out << "\n|";
        for (std::size_t c = 0; c < item.header.size(); ++c)
          out << (c < item.numeric.size() && item.numeric[c] ? "---:|" : "---|");
        out << "\n";
        for (std::size_t r = 0; r < item.rows.size(); ++r) {
          bool total = item.total_row && r + 1 == item.rows.size();
          out << "|";
          for (std::size_t c = 0; c < item.rows[r].size(); ++c) {
            std::string cell = item.rows[r][c];
            std::replace(cell.begin(), cell.end(), '\n', ' ');
            cell = markdown_escape(cell);
            out << " " << (total && c == 0 ? "**" + cell + "**" : cell) << " |";
          }
          out << "\n";
        }
        if (!item.more.empty())
          out << "\n" << markdown_escape(item.more) << "\n";
        break;
      }
      case Block::Kind::Chart:
        break;
    }
  }
}

}  // namespace tiendo::report
