#include "report/wording.h"

#include <fmt/format.h>

#include <algorithm>

#include "domain/edit.h"
#include "report/catalogue.h"
#include "report/labels.h"

namespace tiendo::report {
namespace {

constexpr std::size_t placeholders(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '{' && text[i + 1] == '}')
      ++count;
  return count;
}

// A Vietnamese message that dropped or added a value would print the wrong number in the wrong
// place, or throw at run time; compare them while compiling instead.
constexpr bool placeholders_agree() {
  for (const auto& wording : wordings)
    if (!wording.vietnamese.empty() &&
        placeholders(wording.english) != placeholders(wording.vietnamese))
      return false;
  return true;
}
static_assert(placeholders_agree(),
              "a Vietnamese wording has other {} placeholders than its English");

constexpr bool keys_unique() {
  for (std::size_t i = 0; i < std::size(wordings); ++i)
    for (std::size_t j = i + 1; j < std::size(wordings); ++j)
      if (wordings[i].english == wordings[j].english &&
          wordings[i].context.name == wordings[j].context.name)
        return false;
  return true;
}
static_assert(keys_unique(), "an English label appears twice in report::wordings");

}  // namespace

std::string_view word(Label label, Language language) {
  const Wording& wording = wordings[label.index()];
  if (language != Language::Vietnamese)
    return wording.english;
  if (!wording.vietnamese.empty())
    return wording.vietnamese;
  return report::label_in(language, wording.context.name, wording.english);
}

std::vector<std::string> headers(Language language, std::initializer_list<Label> labels) {
  std::vector<std::string> result;
  result.reserve(labels.size());
  for (const auto& label : labels)
    result.emplace_back(word(label, language));
  return result;
}

std::string_view word_for_key(std::string_view key, Language language) {
  if (language != Language::Vietnamese)
    return key;
  for (const auto& wording : wordings)
    if (wording.english == key)
      return wording.vietnamese.empty()
                 ? report::label_in(language, wording.context.name, wording.english)
                 : wording.vietnamese;
  return key;
}

std::string_view driver_label(analysis::DriverKind kind, Language language) {
  bool vi = language == Language::Vietnamese;
  switch (kind) {
    case analysis::DriverKind::Actual:
      return vi ? "đã hoàn thành" : "actual";
    case analysis::DriverKind::ActualStart:
      return vi ? "đã khởi công" : "actual start + duration";
    case analysis::DriverKind::AsOf:
      return vi ? "ngày dữ liệu" : "as-of date";
    case analysis::DriverKind::Planned:
      return vi ? "kế hoạch" : "planned";
    case analysis::DriverKind::Forecast:
      return vi ? "dự báo của chủ đầu tư" : "forecast";
    case analysis::DriverKind::Predecessor:
      return vi ? "phụ thuộc" : "predecessor";
    case analysis::DriverKind::ImposedSlip:
      return vi ? "giả định chậm" : "imposed slip";
  }
  return "";
}

namespace {

std::string link_text(const Dependency& link) {
  return fmt::format("{} {:+}", link_type_key(link.type), link.lag_days);
}

std::string day(std::int32_t days, Language language) {
  return format_date(Date::from_days(days), language);
}

// The date that fixes the end of a chain: the actual, planned or forecast date itself.
std::string root_text(const Milestone& milestone, const analysis::DriverStep& step,
                      Language language) {
  std::string label(driver_label(step.driver, language));
  auto date_text = [&](const std::optional<Date>& date) {
    return date ? format_date(*date, language) : std::string();
  };
  switch (step.driver) {
    case analysis::DriverKind::Actual:
      return fmt::format("{} {}", label, date_text(milestone.actual));
    case analysis::DriverKind::Planned:
      return fmt::format("{} {}", label, date_text(milestone.planned));
    case analysis::DriverKind::Forecast:
      return fmt::format("{} {}", label, date_text(milestone.forecast));
    case analysis::DriverKind::ActualStart:
      return fmt::format("{} {} + {}", label, date_text(milestone.actual_start),
                         milestone.duration_days);
    default:
      return label;
  }
}

}  // namespace

std::string describe_driver(const Portfolio& portfolio, const analysis::MilestoneSchedule& entry,
                            Language language) {
  if (entry.driver != analysis::DriverKind::Predecessor)
    return std::string(driver_label(entry.driver, language));
  const auto& link = portfolio.dependencies[static_cast<std::size_t>(entry.driver_dependency)];
  return fmt::format("{} ({})", portfolio.reference(link.from), link_text(link));
}

std::string describe_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           std::int32_t milestone, Language language) {
  bool vi = language == Language::Vietnamese;
  auto chain = analysis::driver_chain(portfolio, schedule, milestone);
  std::string text;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const auto& step = chain[i];
    const auto& entry = schedule.milestones[static_cast<std::size_t>(step.milestone)];
    std::string float_text;
    if (entry.total_float)
      float_text = fmt::format(" ({} {}{})", vi ? "dự trữ" : "float", *entry.total_float,
                               entry.critical ? (vi ? ", găng" : ", critical") : "");
    // Each line after the first is the predecessor that drove the line above, through its link.
    std::string link;
    if (i > 0) {
      const auto& driving =
          portfolio.dependencies[static_cast<std::size_t>(chain[i - 1].dependency)];
      link = fmt::format("  ← {} ", link_text(driving));
    }
    text += fmt::format("{}{}  {} {}{}\n", link, portfolio.reference(step.milestone),
                        vi ? "dự kiến sớm nhất" : "early finish", day(step.early_finish, language),
                        float_text);
  }
  const auto& last = chain.back();
  text += fmt::format(
      "  ← {} {}\n", vi ? "do" : "set by",
      root_text(portfolio.milestones[static_cast<std::size_t>(last.milestone)], last, language));
  return text;
}

std::string summarise_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                            std::int32_t milestone, Language language, bool by_label) {
  auto chain = analysis::driver_chain(portfolio, schedule, milestone);
  // An alert's line names the first steps only: a chain thousands of links long behind each of
  // thousands of alerts would make an answer of hundreds of megabytes.
  std::size_t named = std::min(chain.size(), chain_names_shown);
  std::string text;
  for (std::size_t i = 0; i < named; ++i) {
    if (!text.empty())
      text += " ← ";
    // A Vietnamese reader meets each step by its label ("TV-LINE: Đóng điện đường dây"); the
    // English line keeps the references the command line takes.
    text += language == Language::Vietnamese || by_label
                ? milestone_label(portfolio, chain[i].milestone, language)
                : portfolio.reference(chain[i].milestone);
  }
  if (chain.size() > named)
    text += " ← " + say(language, "… and {} more",
                        format_integer(static_cast<long long>(chain.size() - named), language));
  const auto& last = chain.back();
  text += " ← " +
          root_text(portfolio.milestones[static_cast<std::size_t>(last.milestone)], last, language);
  return text;
}

std::string_view severity_label(analysis::Severity severity, Language language) {
  bool vi = language == Language::Vietnamese;
  switch (severity) {
    case analysis::Severity::Info:
      return vi ? "thông tin" : "info";
    case analysis::Severity::Warning:
      return vi ? "cảnh báo" : "warning";
    case analysis::Severity::Critical:
      return vi ? "nghiêm trọng" : "critical";
  }
  return "";
}

std::string_view alert_kind_label(analysis::AlertKind kind, Language language) {
  bool vi = language == Language::Vietnamese;
  switch (kind) {
    case analysis::AlertKind::Overdue:
      return vi ? "quá hạn" : "overdue";
    case analysis::AlertKind::CodSlip:
      return vi ? "chậm COD" : "COD slip";
    case analysis::AlertKind::BaselineSlip:
      return vi ? "chậm so với kế hoạch gốc" : "baseline slip";
    case analysis::AlertKind::Stale:
      return vi ? "không cập nhật" : "stale";
    case analysis::AlertKind::OutOfSequence:
      return vi ? "sai trình tự" : "out of sequence";
    case analysis::AlertKind::MissingReason:
      return vi ? "thiếu lý do chậm" : "missing reason";
  }
  return "";
}

std::string alert_message(const Portfolio& portfolio, const analysis::Alert& alert,
                          Language language) {
  bool vi = language == Language::Vietnamese;
  std::string days = format_integer(alert.days, language);
  std::string reference = alert.reference_date ? format_date(*alert.reference_date, language) : "";
  std::string forecast = alert.forecast ? day(*alert.forecast, language) : "";
  switch (alert.kind) {
    case analysis::AlertKind::Overdue:
      return vi ? fmt::format("Quá hạn {} ngày so với kế hoạch ({})", days, reference)
                : fmt::format("{} days overdue (planned {})", days, reference);
    case analysis::AlertKind::CodSlip:
      return vi ? fmt::format("Chậm {} ngày so với kế hoạch (COD {} → {})", days, reference,
                              forecast)
                : fmt::format("COD {} days late against plan ({} → {})", days, reference, forecast);
    case analysis::AlertKind::BaselineSlip:
      return vi ? fmt::format("Chậm {} ngày so với kế hoạch gốc ({} → {})", days, reference,
                              forecast)
                : fmt::format("{} days late against the baseline ({} → {})", days, reference,
                              forecast);
    case analysis::AlertKind::Stale:
      return vi ? fmt::format("{} ngày không cập nhật (lần cuối {})", days, reference)
                : fmt::format("no update for {} days (last {})", days, reference);
    case analysis::AlertKind::MissingReason:
      return vi ? fmt::format("Kế hoạch hoặc dự báo lùi {} ngày mà không ghi lý do", days)
                : fmt::format("plan or forecast moved {} days later with no reason given", days);
    case analysis::AlertKind::OutOfSequence: {
      std::string other =
          alert.other_milestone >= 0 ? portfolio.reference(alert.other_milestone) : "";
      if (alert.predecessor_open)
        return vi ? fmt::format("Đã hoàn thành khi {} chưa hoàn thành ({} ngày, sai trình tự)",
                                other, days)
                  : fmt::format("done while {} is not ({} days)", other, days);
      return vi ? fmt::format("Hoàn thành trước {} {} ngày (sai trình tự)", other, days)
                : fmt::format("done {} days before {} allows", days, other);
    }
  }
  return "";
}

}  // namespace tiendo::report
