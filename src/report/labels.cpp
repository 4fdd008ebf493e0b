#include "report/labels.h"

#include <fmt/format.h>

#include <array>

#include "domain/milestone_catalog.h"
#include "report/html.h"

namespace tiendo::report {
namespace {

struct CategoryLabel {
  std::string_view key, english, vietnamese;
};

// One label per entry of delay_categories (domain/edit.h), and "unknown" for a reason not
// recorded.
constexpr std::array<CategoryLabel, 9> category_labels{{
    {"site_clearance", "Site clearance", "Giải phóng mặt bằng"},
    {"weather", "Weather", "Thời tiết"},
    {"supply_chain", "Supply chain", "Cung ứng thiết bị"},
    {"financing", "Financing", "Tài chính"},
    {"permitting", "Permitting", "Thủ tục"},
    {"grid", "Grid", "Lưới điện"},
    {"investor", "Investor", "Chủ đầu tư"},
    {"other", "Other", "Khác"},
    {"unknown", "Not recorded", "Chưa ghi nhận"},
}};

}  // namespace

std::string_view milestone_label(std::string_view key, Language language) {
  if (const auto* kind = find_milestone_kind(key))
    return language == Language::Vietnamese ? kind->label_vi : kind->label_en;
  return key;
}

std::string milestone_label(const Milestone& milestone, Language language) {
  if (find_milestone_kind(milestone.key) || milestone.name.empty())
    return std::string(milestone_label(milestone.key, language));
  return milestone.name;
}

std::string milestone_label(const Portfolio& portfolio, std::int32_t milestone, Language language,
                            std::int32_t own_project) {
  const Milestone& entry = portfolio.milestones[static_cast<std::size_t>(milestone)];
  std::string label = milestone_label(entry, language);
  if (entry.project == own_project)
    return label;
  return fmt::format("{}: {}", portfolio.projects[static_cast<std::size_t>(entry.project)].code,
                     label);
}

std::string milestone_label_html(const Milestone& milestone, Language language) {
  std::string label = milestone_label(milestone, language);
  if (label == milestone.key)
    return html_escape(label);
  return fmt::format(R"({} <small class="key">{}</small>)", html_escape(label),
                     html_escape(milestone.key));
}

std::string_view delay_category_label(std::string_view category, Language language) {
  for (const auto& entry : category_labels)
    if (entry.key == category)
      return language == Language::Vietnamese ? entry.vietnamese : entry.english;
  return category;
}

std::string reason_text(std::string_view reason, Language language, bool in_sentence) {
  if (reason.empty())
    return "";
  auto colon = reason.find(':');
  std::string label(delay_category_label(reason.substr(0, colon), language));
  // Every label begins with an ASCII capital, so lower-casing its first byte is enough.
  if (in_sentence && !label.empty() && label[0] >= 'A' && label[0] <= 'Z')
    label[0] = static_cast<char>(label[0] - 'A' + 'a');
  if (colon == std::string_view::npos)
    return label;
  std::string_view text = reason.substr(colon + 1);
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  return text.empty() ? label : fmt::format("{}: {}", label, text);
}

std::string_view link_type_label(LinkType type, Language language) {
  bool vietnamese = language == Language::Vietnamese;
  switch (type) {
    case LinkType::FinishToStart:
      return vietnamese ? "Kết thúc → Bắt đầu" : "Finish to start";
    case LinkType::StartToStart:
      return vietnamese ? "Bắt đầu → Bắt đầu" : "Start to start";
    case LinkType::FinishToFinish:
      return vietnamese ? "Kết thúc → Kết thúc" : "Finish to finish";
    case LinkType::StartToFinish:
      return vietnamese ? "Bắt đầu → Kết thúc" : "Start to finish";
  }
  return "";
}

std::string link_text(std::string_view stored, Language language) {
  auto space = stored.find(' ');
  auto type = parse_link_type(stored.substr(0, space));
  if (!type)
    return std::string(stored);
  if (space == std::string_view::npos)
    return std::string(link_type_label(*type, language));
  // "FS 2" or, with a contractor's exact lag in working minutes after the days, "FS 2 960":
  // people read the days.
  // A link's own lag calendar comes last ("FF 1 1440 24_hour"): an elapsed lag says so.
  const bool clock = stored.ends_with(" 24_hour");
  std::string_view lag = stored.substr(space + 1);
  lag = lag.substr(0, lag.find(' '));
  if (clock)
    return fmt::format(fmt::runtime(language == Language::Vietnamese
                                        ? "{}, độ trễ {} ngày theo đồng hồ 24 giờ"
                                        : "{}, lag {} days on the 24-hour clock"),
                       link_type_label(*type, language), lag);
  return fmt::format(fmt::runtime(language == Language::Vietnamese ? "{}, độ trễ {} ngày"
                                                                     : "{}, lag {} days"),
                     link_type_label(*type, language), lag);
}

}  // namespace tiendo::report
