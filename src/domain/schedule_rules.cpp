#include "domain/schedule_rules.h"

#include <array>
#include <utility>

namespace tiendo {
namespace {

constexpr std::array<std::pair<std::string_view, LagCalendarRule>, 4> lag_words{{
    {"predecessor", LagCalendarRule::Predecessor},
    {"successor", LagCalendarRule::Successor},
    {"project", LagCalendarRule::ProjectDefault},
    {"24_hour", LagCalendarRule::TwentyFourHour},
}};
constexpr std::array<std::pair<std::string_view, OutOfSequenceRule>, 3> sequence_words{{
    {"retained_logic", OutOfSequenceRule::RetainedLogic},
    {"progress_override", OutOfSequenceRule::ProgressOverride},
    {"actual_dates", OutOfSequenceRule::ActualDates},
}};

}  // namespace

std::optional<ScheduleRules> parse_schedule_rules(std::string_view text) {
  ScheduleRules rules;
  if (text.empty())
    return rules;
  bool first = true;
  bool lag_seen = false;
  bool sequence_seen = false;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    if (word.empty())
      return std::nullopt;
    if (first) {
      if (word != "p6")
        return std::nullopt;
      rules.p6 = true;
      first = false;
      continue;
    }
    const auto equals = word.find('=');
    if (equals == std::string_view::npos)
      return std::nullopt;
    const std::string_view name = word.substr(0, equals);
    const std::string_view value = word.substr(equals + 1);
    bool known = false;
    if (name == "lag" && !lag_seen) {
      for (const auto& [spelling, rule] : lag_words)
        if (value == spelling) {
          rules.lag_calendar = rule;
          known = true;
        }
      lag_seen = true;
    } else if (name == "out_of_sequence" && !sequence_seen) {
      for (const auto& [spelling, rule] : sequence_words)
        if (value == spelling) {
          rules.out_of_sequence = rule;
          known = true;
        }
      sequence_seen = true;
    }
    if (!known)
      return std::nullopt;
  }
  return rules;
}

std::optional<LagCalendarRule> parse_lag_calendar(std::string_view text) {
  for (const auto& [spelling, rule] : lag_words)
    if (text == spelling)
      return rule;
  return std::nullopt;
}

std::string_view lag_calendar_text(LagCalendarRule rule) {
  for (const auto& [spelling, known] : lag_words)
    if (known == rule)
      return spelling;
  return {};
}

std::string format_schedule_rules(const ScheduleRules& rules) {
  if (!rules.p6)
    return {};
  std::string text = "p6";
  if (rules.lag_calendar != LagCalendarRule::Predecessor)
    for (const auto& [spelling, rule] : lag_words)
      if (rule == rules.lag_calendar)
        text += " lag=" + std::string(spelling);
  if (rules.out_of_sequence != OutOfSequenceRule::RetainedLogic)
    for (const auto& [spelling, rule] : sequence_words)
      if (rule == rules.out_of_sequence)
        text += " out_of_sequence=" + std::string(spelling);
  return text;
}

bool follows_p6(std::string_view text) {
  // Stored rules were parsed when written; the first word says whose they are.
  return text == "p6" || text.starts_with("p6 ");
}

}  // namespace tiendo
