#include "web/history_words.h"

#include <fmt/format.h>

#include <vector>

#include "domain/milestone_catalog.h"
#include "domain/schedule_rules.h"
#include "domain/stage.h"
#include "domain/technology.h"
#include "report/labels.h"
#include "report/periodic_report.h"
#include "report/wording.h"
#include "web/page_parts.h"

namespace tiendo::web {
namespace {

struct OptionWords {
  std::string_view english, vietnamese;
};

// A P6 file's scheduling options other than the defaults, as the history names them.
std::vector<OptionWords> schedule_option_words(const ScheduleRules& rules) {
  std::vector<OptionWords> words;
  switch (rules.lag_calendar) {
    case LagCalendarRule::Predecessor:
      break;
    case LagCalendarRule::Successor:
      words.push_back({"lags on the successor's calendar", "độ trễ theo lịch của công việc sau"});
      break;
    case LagCalendarRule::ProjectDefault:
      words.push_back({"lags on the project's calendar", "độ trễ theo lịch của dự án"});
      break;
    case LagCalendarRule::TwentyFourHour:
      words.push_back({"lags on a 24-hour calendar", "độ trễ theo lịch 24 giờ"});
      break;
  }
  switch (rules.out_of_sequence) {
    case OutOfSequenceRule::RetainedLogic:
      break;
    case OutOfSequenceRule::ProgressOverride:
      words.push_back({"progress overrides logic", "tiến độ thực tế vượt logic"});
      break;
    case OutOfSequenceRule::ActualDates:
      words.push_back({"actual dates override logic", "ngày thực tế vượt logic"});
      break;
  }
  return words;
}

struct FieldWords {
  std::string_view field, english, vietnamese;
};

// Every field the change log writes: the CSV columns of projects and milestones, what a link,
// a status, a baseline and an account record.
constexpr FieldWords field_words[] = {
    {"code", "code", "mã"},
    {"name", "name", "tên"},
    {"technology", "technology", "công nghệ"},
    {"province", "province", "tỉnh"},
    {"capacity_mw", "capacity (MW)", "công suất (MW)"},
    {"capacity_mwp", "capacity (MWp)", "công suất (MWp)"},
    {"investor", "investor", "chủ đầu tư"},
    {"parent", "parent project", "dự án mẹ"},
    {"stage", "stage", "giai đoạn"},
    {"target_cod", "target COD", "COD mục tiêu"},
    {"lat", "latitude", "vĩ độ"},
    {"lon", "longitude", "kinh độ"},
    {"site", "site", "địa điểm"},
    {"source", "source", "nguồn"},
    {"duration_days", "duration (days)", "thời gian (ngày)"},
    {"planned", "planned", "kế hoạch"},
    {"actual_start", "actual start", "bắt đầu thực tế"},
    {"actual", "actual finish", "hoàn thành thực tế"},
    {"forecast", "forecast", "dự báo"},
    {"reason", "delay reason", "lý do chậm"},
    {"created", "created", "tạo mới"},
    {"created_with_plan", "created with its plan", "tạo cùng kế hoạch"},
    {"removed", "removed", "xoá"},
    {"type_lag", "link type and lag", "loại liên kết và độ trễ"},
    {"status", "status", "trạng thái"},
    {"role", "role", "vai trò"},
    {"provinces", "provinces", "các tỉnh"},
    {"disabled", "locked", "bị khoá"},
    {"password", "password", "mật khẩu"},
    {"token", "API token", "mã truy cập API"},
    {"calendar", "calendar", "lịch làm việc"},
    {"key", "milestone", "mốc"},
    {"project", "project", "dự án"},
    {"type", "link type", "loại liên kết"},
    {"lag_days", "lag (days)", "độ trễ (ngày)"},
    // What a contractor's schedule brings (issue 31): the CSV columns of an import, and the
    // fields an update of the project logs.
    {"schedule_rules", "scheduling rules", "quy tắc lập lịch"},
    {"data_date", "data date", "ngày dữ liệu"},
    {"duration_minutes", "duration (working minutes)", "thời gian (phút làm việc)"},
    {"lag_minutes", "lag (working minutes)", "độ trễ (phút làm việc)"},
    {"start_on_or_after", "start on or after", "bắt đầu không sớm hơn"},
    {"finish_on_or_before", "finish on or before", "hoàn thành không muộn hơn"},
    {"finish_event", "finish milestone", "mốc kết thúc"},
    {"as_late_as_possible", "as late as possible", "càng muộn càng tốt"},
};

// "2021-03-15", "2021-03", "2021": a date as the page writes it; anything else as it is.
std::string date_text(const std::string& value, report::Language language) {
  if (value.empty() || !(value[0] >= '0' && value[0] <= '9'))
    return value;
  if (auto date = Date::try_parse(value))
    return report::format_date(*date, language);
  return value;
}

}  // namespace

std::string field_label(std::string_view field, report::Language language) {
  for (const auto& words : field_words)
    if (words.field == field)
      return std::string(language == report::Language::Vietnamese ? words.vietnamese
                                                                  : words.english);
  return std::string(report::word_for_key(field, language));
}

std::string value_text(std::string_view field, const std::string& value,
                       report::Language language) {
  bool vietnamese = language == report::Language::Vietnamese;
  if (field == "planned" || field == "actual_start" || field == "actual" || field == "forecast" ||
      field == "target_cod" || field == "data_date")
    return date_text(value, language);
  // A constraint's instant, "2026-03-02T07:30" as the CSV writes it or "2026-03-02 07:30" as an
  // update logs it: the day as the page writes dates, the time as it is.
  if ((field == "start_on_or_after" || field == "finish_on_or_before") && value.size() == 16 &&
      (value[10] == 'T' || value[10] == ' '))
    return fmt::format("{} {}", date_text(value.substr(0, 10), language), value.substr(11));
  if (field == "source")
    return source_text(value, language);
  if (field == "finish_event" || field == "as_late_as_possible")
    return std::string(value == "yes" ? report::word("yes", language)
                                      : report::word("no", language));
  // The contractor's tool whose rules schedule the project, by its name, and the file's
  // scheduling options that differ from P6's defaults, by their labels.
  if (field == "schedule_rules" && follows_p6(value)) {
    std::string text = "P6 / MS Project";
    if (auto rules = parse_schedule_rules(value))
      for (const auto& option : schedule_option_words(*rules))
        text += fmt::format("; {}", vietnamese ? option.vietnamese : option.english);
    return text;
  }
  if (field == "reason") {
    // "financing:nhà thầu thiếu vốn" as "Tài chính: nhà thầu thiếu vốn" (a reason without a
    // category stays as it was typed).
    if (value.find(':') == std::string::npos)
      return value;
    return report::reason_text(value, language);
  }
  // A milestone's key by its catalog label, the key beside it; a link's type and lag in words.
  if (field == "key")
    if (const auto* kind = find_milestone_kind(value))
      return fmt::format("{} ({})", vietnamese ? kind->label_vi : kind->label_en, value);
  if (field == "type_lag" || field == "type" ||
      ((field == "created" || field == "removed") && parse_link_type(value.substr(0, value.find(' ')))))
    return report::link_text(value, language);
  if (field == "status") {
    // "suspended 2026-01-01".
    auto space = value.find(' ');
    std::string status(report::word_for_key(value.substr(0, space), language));
    return space == std::string::npos ? status
                                      : fmt::format("{} {} {}", status, vietnamese ? "từ" : "from",
                                                    date_text(value.substr(space + 1), language));
  }
  if ((field == "created" || field == "created_with_plan" || field == "removed") &&
      value.find('=') != std::string::npos) {
    // "code=TV-1; name=Điện gió; technology=wind_onshore": each field by its label and value.
    std::string text;
    std::size_t start = 0;
    while (start < value.size()) {
      auto end = value.find("; ", start);
      std::string part = value.substr(start, end == std::string::npos ? end : end - start);
      auto equals = part.find('=');
      if (!text.empty())
        text += "; ";
      if (equals == std::string::npos) {
        text += part;
      } else {
        std::string name = part.substr(0, equals);
        text += fmt::format("{}: {}", field_label(name, language),
                            value_text(name, part.substr(equals + 1), language));
      }
      if (end == std::string::npos)
        break;
      start = end + 2;
    }
    return text;
  }
  if (field == "technology" && parse_technology(value))
    return report::technology_bucket_label(value, language);
  if (field == "stage")
    if (auto stage = parse_stage(value))
      return std::string(vietnamese ? stage_label_vi(*stage) : stage_label_en(*stage));
  if (field == "technology" || field == "stage" || field == "role")
    return std::string(report::word_for_key(value, language));
  if (field == "disabled")
    return std::string(value == "yes" ? report::word("yes", language)
                                      : report::word("no", language));
  if (vietnamese) {
    if (field == "password" && value == "changed")
      return "đã đổi";
    if (field == "token") {
      if (value == "issued")
        return "đã cấp";
      if (value == "revoked")
        return "đã thu hồi";
      if (value.ends_with(" active"))
        return fmt::format("{} đang dùng", value.substr(0, value.size() - 7));
    }
    if (field == "created" && value.ends_with(" milestones"))
      return fmt::format("{} mốc", value.substr(0, value.size() - 11));
  }
  return value;
}

std::string source_text(const std::string& source, report::Language language) {
  // "plan.xer (data date 2027-02-01)", as an import of a contractor's schedule writes it.
  constexpr std::string_view opening = " (data date ";
  const auto at = source.rfind(opening);
  if (at == std::string::npos || !source.ends_with(')') ||
      source.size() != at + opening.size() + 11)
    return source;
  auto date = Date::try_parse(source.substr(at + opening.size(), 10));
  if (!date)
    return source;
  return fmt::format("{} ({} {})", source.substr(0, at),
                     language == report::Language::Vietnamese ? "ngày dữ liệu" : "data date",
                     report::format_date(*date, language));
}

std::string entity_text(const PageContext& page, const Portfolio& portfolio,
                        const std::string& entity) {
  (void)portfolio;
  auto milestone_words = [&](std::string_view reference) {
    auto colon = reference.rfind(':');
    if (colon == std::string_view::npos)
      return std::string(reference);
    std::string_view key = reference.substr(colon + 1);
    if (const auto* kind = find_milestone_kind(key))
      return fmt::format("{} ({})", page.vietnamese() ? kind->label_vi : kind->label_en, key);
    return std::string(key);
  };
  std::string_view text = entity;
  if (text.starts_with("project:"))
    return std::string(page.text("project"));
  if (text.starts_with("milestone:"))
    return fmt::format("{} {}", page.text("milestone"),
                       milestone_words(text.substr(std::string_view("milestone:").size())));
  if (text.starts_with("dependency:")) {
    std::string_view rest = text.substr(std::string_view("dependency:").size());
    auto arrow = rest.find("->");
    if (arrow != std::string_view::npos) {
      std::string_view from = rest.substr(0, arrow), to = rest.substr(arrow + 2);
      auto project_of = [](std::string_view reference) {
        return reference.substr(0, reference.rfind(':'));
      };
      return fmt::format("{} {} {} → {} {}", page.text("link"), project_of(from),
                         milestone_words(from), project_of(to), milestone_words(to));
    }
  }
  if (text.starts_with("account:"))
    return fmt::format("{} {}", page.text("account"),
                       text.substr(std::string_view("account:").size()));
  if (text.starts_with("baseline:"))
    return fmt::format("{} {}", page.text("baseline"),
                       text.substr(std::string_view("baseline:").size()));
  if (text.starts_with("setting:"))
    return fmt::format("{} {}", page.text("setting"),
                       text.substr(std::string_view("setting:").size()));
  return entity;
}

std::string change_row_html(const PageContext& page, const Portfolio& portfolio,
                            const store::ChangeRecord& record, const std::string& action) {
  auto value = [&](std::string_view tag, const std::optional<std::string>& text) {
    if (!text)
      return std::string(R"(<span class="muted">—</span>)");
    return fmt::format("<{0}>{1}</{0}>", tag,
                       report::html_escape(value_text(record.field, *text, page.language)));
  };
  std::string labels[] = {
      std::string(page.text("At (Vietnam time)")),
      std::string(page.text("User")),
      std::string(page.text("Project")),
      std::string(page.text("What")),
      std::string(page.text("Field")),
      std::string(page.text("Before → after")),
      std::string(page.text("Reason")),
      std::string(page.text("Source")),
  };
  std::string cells[] = {
      report::html_escape(report::format_moment(record.at_utc, page.language)),
      report::html_escape(record.actor),
      record.project_code.empty() ? "" : project_link(page, record.project_code),
      report::html_escape(entity_text(page, portfolio, record.entity)),
      report::html_escape(field_label(record.field, page.language)),
      fmt::format("{} → {}", value("del", record.old_value), value("ins", record.new_value)),
      report::html_escape(value_text("reason", record.reason, page.language)),
      report::html_escape(source_text(record.source, page.language)),
  };
  std::string row = fmt::format(R"(<tr id="change-{}">)", record.id);
  for (std::size_t i = 0; i < std::size(cells); ++i)
    row += fmt::format(R"(<td data-label="{}">{}</td>)", report::html_escape(labels[i]), cells[i]);
  // A row with nothing to undo leaves its cell empty, which a phone's card leaves out.
  if (!action.empty())
    row += action.find_first_not_of(' ') == std::string::npos
               ? std::string(R"(<td class="action"></td>)")
               : fmt::format(R"(<td class="action" data-label="{}">{}</td>)",
                             report::html_escape(page.text("Undo")), action);
  row += "</tr>\n";
  return row;
}

std::string change_table_html(const PageContext& page, const std::string& rows, bool with_action) {
  std::string head = "<tr>";
  for (std::string_view label :
       {page.text("At (Vietnam time)"), page.text("User"),
        page.text("Project"), page.text("What"), page.text("Field"),
        page.text("Before → after"), page.text("Reason"),
        page.text("Source")})
    head += fmt::format("<th scope=\"col\">{}</th>", report::html_escape(label));
  if (with_action)
    head += fmt::format("<th scope=\"col\">{}</th>", page.text("Undo"));
  head += "</tr>";
  return fmt::format(
      "<div class=\"table-wrap\"><table class=\"changes\">\n<thead>{}</thead>\n<tbody>\n{}"
      "</tbody>\n</table></div>\n",
      head, rows);
}

}  // namespace tiendo::web
