#include "report/periodic_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "domain/text.h"
#include "report/html.h"
#include "report/labels.h"
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
  return format_megawatts(capacity, language) + " MW";
}

struct Words {
  std::string title, period, standing_heading, changes_heading, delayed_heading, due_heading,
      charts_heading, technology, in_plan, approved, construction, operating, projects, days, cause,
      chain, milestone, date, name, critical, none, proposed, stacked_title, cod_title,
      causes_title, gantt_title, baseline, forecast, cumulative_note, source_note;
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
        "Số liệu lập từ cơ sở dữ liệu tiendo"};
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
          "Drafted from the tiendo database"};
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

std::string stacked_chart(const analysis::PeriodicReport& report, const Words& text,
                          Language language) {
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
                       y + bar - 6, format_megawatts(sum, language));
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
    legend_x += 13 + static_cast<int>(display_width(stage_label(stage, language))) * 6 + 12;
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
                         Language language) {
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
        mw_text(mw, language), x + slot * 0.35, y - 4, format_megawatts(mw, language),
        x + slot * 0.35, height - bottom + 16, html_escape(label));
  }
  svg += fmt::format("<text x=\"{}\" y=\"18\" class=\"total\">{}: {}</text>\n", left,
                     vietnamese(language) ? "Tổng" : "Total", mw_text(total, language));
  return svg + "</svg>\n";
}

// A strip per delayed project: each of its milestones not done, with the baseline date (grey) and
// the forecast (orange, red on the critical path) joined by the slip between them.
std::string gantt_chart(const ReportContext& context, const Words& text) {
  const auto& portfolio = context.portfolio;
  const auto& schedule = context.schedule;
  Language language = context.language;
  struct Row {
    std::string label;
    std::optional<std::int32_t> baseline;
    std::int32_t forecast;
    bool critical;
    bool heading;
  };
  std::vector<Row> rows;
  std::int32_t earliest = context.report.to.days(), latest = context.report.to.days();
  for (const auto& delayed : context.report.delayed) {
    const Project& project = portfolio.projects[static_cast<std::size_t>(delayed.project)];
    rows.push_back(
        Row{fmt::format("{} — {}", project.code, project.name), std::nullopt, 0, false, true});
    for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
      const Milestone& milestone = portfolio.milestones[m];
      if (milestone.project != delayed.project || milestone.actual)
        continue;
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
      rows.push_back(Row{milestone_label(milestone, language), planned, entry.early_finish,
                         entry.critical, false});
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
      context.report.delayed.size(), chart_width, height, chart_width, height,
      html_escape(text.gantt_title));
  if (rows.empty())
    return svg + "</svg>\n";
  earliest -= 15;
  latest += 15;
  double scale = (chart_width - left - 20) / static_cast<double>(std::max(1, latest - earliest));
  auto x_of = [&](std::int32_t days) { return left + (days - earliest) * scale; };
  // Year ticks and the report date.
  for (int year = Date::from_days(earliest).year() + 1; year <= Date::from_days(latest).year();
       ++year) {
    double x = x_of(Date::from_ymd(year, 1, 1)->days());
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" class=\"tick\"/>"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" class=\"legend\">{4}</text>\n",
        x, top - 6, height - 24, height - 10, year);
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
  return svg + "</svg>\n";
}

std::vector<std::pair<std::string, Capacity>> cod_year_values(
    const analysis::PeriodicReport& report) {
  std::vector<std::pair<std::string, Capacity>> values;
  for (const auto& [year, mw] : report.mw_by_cod_year)
    values.emplace_back(std::to_string(year), mw);
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
    return svg + "</svg>\n";
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
        format_megawatts(Capacity::from_watts(static_cast<std::int64_t>(value * 1e6)), language));
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

std::string online_fan_note(const analysis::ForecastResult& forecast, Language language) {
  if (vietnamese(language))
    return fmt::format(
        "Công suất (MW) các dự án thành phần đã vận hành thương mại đến cuối mỗi năm, theo {} lần "
        "mô phỏng tiến độ (hạt giống {}) học từ độ chậm thực tế của chính danh mục đến {}: một "
        "nửa số lần mô phỏng có ít nhất mức P50; một lần trong mười có ít hơn P10 và một lần "
        "trong mười có nhiều hơn P90. Lệnh tương ứng: tiendo --as-of {} forecast --draws {} "
        "--seed {}.",
        format_integer(forecast.draws, language), forecast.seed,
        format_date(forecast.as_of, language), forecast.as_of.iso_day(), forecast.draws,
        forecast.seed);
  return fmt::format(
      "MW of leaf projects in commercial operation by the end of each year, over {} draws of the "
      "schedule (seed {}) learned from how late the portfolio's own steps ran up to {}: half the "
      "draws have at least P50; one in ten has fewer than P10 and one in ten more than P90. The "
      "same figures: tiendo --as-of {} forecast --draws {} --seed {}.",
      format_integer(forecast.draws, language), forecast.seed,
      format_date(forecast.as_of, language), forecast.as_of.iso_day(), forecast.draws,
      forecast.seed);
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

void render_report_html(std::ostream& out, const ReportContext& context) {
  const auto& report = context.report;
  const auto& portfolio = context.portfolio;
  Language language = context.language;
  Words text = words(language);
  auto escape = [](const std::string& value) { return html_escape(value); };
  out << "<!DOCTYPE html>\n<html lang=\"" << (vietnamese(language) ? "vi" : "en") << "\">\n<head>\n"
      << "<meta charset=\"utf-8\">\n<title>" << escape(text.title) << "</title>\n"
      << "<style>\n"
         "@page { size: A4; margin: 16mm 14mm; }\n"
         "body { font-family: 'DejaVu Serif', 'Times New Roman', serif; font-size: 11pt; "
         "color: #111; max-width: 180mm; margin: 0 auto; line-height: 1.4; }\n"
         "h1 { font-size: 16pt; margin-bottom: 2pt; } h2 { font-size: 13pt; margin-top: 16pt; "
         "break-after: avoid; }\n"
         "p.period { margin-top: 0; color: #444; }\n"
         "table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 10pt; "
         "break-inside: auto; }\n"
         "th, td { border: 1px solid #bbb; padding: 2pt 5pt; vertical-align: top; } th { "
         "background: "
         "#eef2f7; text-align: left; } td.number { text-align: right; white-space: nowrap; }\n"
         "tr { break-inside: avoid; }\n"
         "svg.chart { display: block; max-width: 100%; height: auto; margin: 8pt 0; "
         "break-inside: avoid; font-family: 'DejaVu Sans', Arial, sans-serif; }\n"
         "svg .label { font-size: 11px; } svg .value, svg .legend { font-size: 10px; fill: #333; "
         "}\n"
         "svg .total { font-size: 12px; font-weight: bold; } svg .heading { font-size: 11px; "
         "font-weight: bold; }\n"
         "svg .tick { stroke: #ddd; } svg .today { stroke: #111; stroke-dasharray: 3 3; } "
         "svg .slip { stroke: #d62728; stroke-width: 2; }\n"
         "p.note { font-size: 9pt; color: #555; }\n"
         "</style>\n</head>\n<body>\n";
  out << "<h1>" << escape(text.title) << "</h1>\n<p class=\"period\">"
      << escape(period_text(report, text, language)) << "</p>\n";

  out << "<h2>" << escape(text.standing_heading) << "</h2>\n";
  for (const auto& standing : report.standings)
    out << "<p>" << escape(standing_sentence(standing, language)) << "</p>\n";
  out << "<table class=\"standing\">\n<tr><th>" << escape(text.technology) << "</th><th>"
      << escape(text.proposed) << "</th><th>" << escape(text.in_plan) << "</th><th>"
      << escape(text.approved) << "</th><th>" << escape(text.construction) << "</th><th>"
      << escape(text.operating) << "</th></tr>\n";
  auto cells = [&](const analysis::StageCount& count) {
    return fmt::format("<td class=\"number\">{} / {}</td>",
                       format_integer(count.projects, language),
                       format_megawatts(count.mw, language));
  };
  for (const auto& standing : report.standings)
    out << "<tr><td>" << escape(technology_bucket_label(standing.technology, language)) << "</td>"
        << cells(standing.proposed) << cells(standing.in_plan) << cells(standing.approved)
        << cells(standing.construction) << cells(standing.operating) << "</tr>\n";
  out << "<tr><th>" << (vietnamese(language) ? "Tổng" : "Total") << "</th>"
      << cells(report.total_proposed) << cells(report.total_in_plan) << cells(report.total_approved)
      << cells(report.total_construction) << cells(report.total_operating) << "</tr>\n</table>\n";
  out << "<p class=\"note\">" << escape(text.cumulative_note) << " ("
      << (vietnamese(language) ? "số dự án / MW" : "projects / MW") << ")</p>\n";

  out << "<h2>" << escape(text.changes_heading) << "</h2>\n";
  bool any_movement = false;
  out << "<ul>\n";
  for (const auto& movement : report.movements) {
    if (movement.projects == 0)
      continue;
    any_movement = true;
    std::vector<std::string> codes;
    for (auto index : movement.project_indices)
      codes.push_back(portfolio.projects[static_cast<std::size_t>(index)].code);
    out << "<li>" << escape(movement_sentence(movement, language)) << ": "
        << escape(fmt::format("{}", fmt::join(codes, ", "))) << "</li>\n";
  }
  if (!any_movement)
    out << "<li>" << escape(text.none) << "</li>\n";
  out << "</ul>\n";
  if (!report.completed.empty()) {
    out << "<table class=\"completed\">\n<tr><th>" << escape(text.milestone) << "</th><th>"
        << escape(text.name) << "</th><th>" << escape(text.date) << "</th></tr>\n";
    for (const auto& done : report.completed) {
      const auto& milestone = portfolio.milestones[static_cast<std::size_t>(done.milestone)];
      out << "<tr><td>" << escape(milestone_label(portfolio, done.milestone, language))
          << "</td><td>"
          << escape(portfolio.projects[static_cast<std::size_t>(milestone.project)].name)
          << "</td><td>" << escape(format_date(done.date, language)) << "</td></tr>\n";
    }
    out << "</table>\n";
  }

  out << "<h2>" << escape(text.delayed_heading) << "</h2>\n";
  if (report.delayed.empty()) {
    out << "<p>" << escape(text.none) << "</p>\n";
  } else {
    out << "<table class=\"delayed\">\n<tr><th>" << escape(text.name) << "</th><th>MW</th><th>"
        << escape(text.days) << "</th><th>" << escape(text.cause) << "</th><th>"
        << escape(text.chain) << "</th></tr>\n";
    for (const auto& delayed : report.delayed) {
      const Project& project = portfolio.projects[static_cast<std::size_t>(delayed.project)];
      std::string chain =
          delayed.cod_milestone >= 0
              ? summarise_chain(portfolio, context.schedule, delayed.cod_milestone, language)
              : "";
      out << "<tr><td>" << escape(project.code) << "<br>" << escape(project.name)
          << "</td><td class=\"number\">"
          << (delayed.capacity ? format_megawatts(*delayed.capacity, language) : "")
          << "</td><td class=\"number\">" << format_integer(delayed.days, language) << "</td><td>"
          << escape(delay_reason_text(delayed.reason, language)) << "</td><td>" << escape(chain)
          << "</td></tr>\n";
    }
    out << "</table>\n";
  }

  out << "<h2>" << escape(text.due_heading) << "</h2>\n";
  if (report.due_next_quarter.empty()) {
    out << "<p>" << escape(text.none) << "</p>\n";
  } else {
    out << "<table class=\"due\">\n<tr><th>" << escape(text.milestone) << "</th><th>"
        << escape(text.name) << "</th><th>" << escape(text.date) << "</th></tr>\n";
    for (const auto& due : report.due_next_quarter) {
      const auto& milestone = portfolio.milestones[static_cast<std::size_t>(due.milestone)];
      out << "<tr><td>" << escape(milestone_label(portfolio, due.milestone, language))
          << (due.critical ? " (" + text.critical + ")" : "") << "</td><td>"
          << escape(portfolio.projects[static_cast<std::size_t>(milestone.project)].name)
          << "</td><td>" << escape(format_date(Date::from_days(due.early_finish), language))
          << "</td></tr>\n";
    }
    out << "</table>\n";
  }

  out << "<h2>" << escape(text.charts_heading) << "</h2>\n";
  out << "<h3>" << escape(text.stacked_title) << "</h3>\n" << stacked_chart(report, text, language);
  out << "<h3>" << escape(text.cod_title) << "</h3>\n"
      << column_chart("cod-year", text.cod_title, cod_year_values(report), language);
  out << "<h3>" << escape(text.causes_title) << "</h3>\n"
      << column_chart("delay-causes", text.causes_title, cause_values(report, language), language);
  if (context.forecast) {
    out << "<h3>"
        << escape(vietnamese(language) ? "Dự báo công suất vận hành" : "MW online: forecast")
        << "</h3>\n"
        << online_fan_chart(context.forecast->online, context.forecast->draws,
                            context.forecast->seed, language)
        << "<p class=\"note\">" << escape(online_fan_note(*context.forecast, language)) << "</p>\n";
    if (!context.forecast->online.empty()) {
      out << "<table class=\"online\">\n<tr><th>"
          << (vietnamese(language) ? "Cuối năm" : "End of year")
          << "</th><th>P10 (MW)</th><th>P50 (MW)</th><th>P90 (MW)</th></tr>\n";
      for (const auto& band : context.forecast->online)
        out << "<tr><td>" << band.year << "</td><td class=\"number\">"
            << format_megawatts(band.p10, language) << "</td><td class=\"number\">"
            << format_megawatts(band.p50, language) << "</td><td class=\"number\">"
            << format_megawatts(band.p90, language) << "</td></tr>\n";
      out << "</table>\n";
    }
  }
  out << "<h3>" << escape(text.gantt_title) << "</h3>\n" << gantt_chart(context, text);
  out << "<p class=\"note\">" << escape(text.source_note) << ", "
      << escape(format_date(report.to, language)) << ".</p>\n</body>\n</html>\n";
}

void render_report_markdown(std::ostream& out, const ReportContext& context) {
  const auto& report = context.report;
  const auto& portfolio = context.portfolio;
  Language language = context.language;
  Words text = words(language);
  out << "# " << text.title << "\n\n" << period_text(report, text, language) << "\n\n";
  out << "## " << text.standing_heading << "\n\n";
  for (const auto& standing : report.standings)
    out << "- " << standing_sentence(standing, language) << "\n";
  out << "\n| " << text.technology << " | " << text.proposed << " | " << text.in_plan << " | "
      << text.approved << " | " << text.construction << " | " << text.operating
      << " |\n|---|---:|---:|---:|---:|---:|\n";
  auto cell = [&](const analysis::StageCount& count) {
    return fmt::format("{} / {}", format_integer(count.projects, language),
                       format_megawatts(count.mw, language));
  };
  for (const auto& standing : report.standings)
    out << "| " << technology_bucket_label(standing.technology, language) << " | "
        << cell(standing.proposed) << " | " << cell(standing.in_plan) << " | "
        << cell(standing.approved) << " | " << cell(standing.construction) << " | "
        << cell(standing.operating) << " |\n";
  out << "| **" << (vietnamese(language) ? "Tổng" : "Total") << "** | "
      << cell(report.total_proposed) << " | " << cell(report.total_in_plan) << " | "
      << cell(report.total_approved) << " | " << cell(report.total_construction) << " | "
      << cell(report.total_operating) << " |\n\n"
      << text.cumulative_note << "\n\n";
  out << "## " << text.changes_heading << "\n\n";
  bool any = false;
  for (const auto& movement : report.movements) {
    if (movement.projects == 0)
      continue;
    any = true;
    out << "- " << movement_sentence(movement, language) << "\n";
  }
  for (const auto& done : report.completed)
    out << "- " << markdown_escape(milestone_label(portfolio, done.milestone, language)) << ": "
        << format_date(done.date, language) << "\n";
  if (!any && report.completed.empty())
    out << "- " << text.none << "\n";
  out << "\n## " << text.delayed_heading << "\n\n";
  if (report.delayed.empty())
    out << text.none << "\n";
  else {
    out << "| " << text.name << " | MW | " << text.days << " | " << text.cause << " | "
        << text.chain << " |\n|---|---:|---:|---|---|\n";
    for (const auto& delayed : report.delayed) {
      const Project& project = portfolio.projects[static_cast<std::size_t>(delayed.project)];
      out << "| " << project.code << " " << markdown_escape(project.name) << " | "
          << (delayed.capacity ? format_megawatts(*delayed.capacity, language) : "") << " | "
          << format_integer(delayed.days, language) << " | "
          << markdown_escape(delay_reason_text(delayed.reason, language)) << " | "
          << (delayed.cod_milestone >= 0
                  ? markdown_escape(summarise_chain(portfolio, context.schedule,
                                                    delayed.cod_milestone, language))
                  : "")
          << " |\n";
    }
  }
  out << "\n## " << text.due_heading << "\n\n";
  if (report.due_next_quarter.empty())
    out << text.none << "\n";
  for (const auto& due : report.due_next_quarter)
    out << "- " << markdown_escape(milestone_label(portfolio, due.milestone, language)) << ": "
        << format_date(Date::from_days(due.early_finish), language)
        << (due.critical ? " (" + text.critical + ")" : "") << "\n";
  if (context.forecast && !context.forecast->online.empty()) {
    const bool vi = vietnamese(language);
    out << "\n## " << (vi ? "Dự báo công suất vận hành" : "MW online: forecast") << "\n\n| "
        << (vi ? "Cuối năm" : "End of year")
        << " | P10 (MW) | P50 (MW) | P90 (MW) |\n|---|---:|---:|---:|\n";
    for (const auto& band : context.forecast->online)
      out << "| " << band.year << " | " << format_megawatts(band.p10, language) << " | "
          << format_megawatts(band.p50, language) << " | " << format_megawatts(band.p90, language)
          << " |\n";
    out << "\n" << online_fan_note(*context.forecast, language) << "\n";
  }
}

}  // namespace tiendo::report
