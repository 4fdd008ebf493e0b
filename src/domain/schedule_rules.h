#pragma once
// The scheduling rules a project follows, kept in Project::schedule_rules as text: empty for
// tiendo's own, "p6" for a contractor's schedule scheduled as P6 does by default, followed by
// the file's options where they differ from P6's defaults, e.g.
// "p6 lag=successor out_of_sequence=progress_override" (DESIGN.md, "Working calendars";
// docs/schedule.md, "P6's scheduling options").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tiendo {

// The calendar a relationship's lag counts on (P6's "Calendar for scheduling relationship lag").
enum class LagCalendarRule : std::uint8_t {
  Predecessor,
  Successor,
  ProjectDefault,
  TwentyFourHour
};
// How progress out of sequence is scheduled (P6's "When scheduling progressed activities use").
enum class OutOfSequenceRule : std::uint8_t { RetainedLogic, ProgressOverride, ActualDates };

struct ScheduleRules {
  bool p6 = false;
  LagCalendarRule lag_calendar = LagCalendarRule::Predecessor;
  OutOfSequenceRule out_of_sequence = OutOfSequenceRule::RetainedLogic;

  bool operator==(const ScheduleRules&) const = default;
};

// Nothing when the text is not rules tiendo knows (edits refuse it); "" is tiendo's own.
std::optional<ScheduleRules> parse_schedule_rules(std::string_view text);
// The text of the rules, its options in a fixed order and only where they are not P6's
// defaults, so that "p6" stays "p6".
std::string format_schedule_rules(const ScheduleRules& rules);
// A link's own lag calendar (Dependency::lag_calendar) in the words of the rules' "lag=":
// "predecessor", "successor", "project", "24_hour"; nothing for another word.
std::optional<LagCalendarRule> parse_lag_calendar(std::string_view text);
std::string_view lag_calendar_text(LagCalendarRule rule);
// True for a project scheduled by P6's rules, whatever its options.
bool follows_p6(std::string_view text);

}  // namespace tiendo
