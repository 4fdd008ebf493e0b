#pragma once
// The plain values a command works on: every project, milestone, dependency and status event,
// loaded by the store and handed to analysis. Milestones and dependencies refer to each other by
// index so that the schedule never looks a string up in its hot loop.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/calendar.h"
#include "domain/capacity.h"
#include "domain/date.h"
#include "domain/schedule_rules.h"
#include "domain/stage.h"
#include "domain/technology.h"

namespace tiendo {

struct Project {
  std::string code;
  std::string name;
  Technology technology = Technology::Other;
  std::string province;  // The legacy province name it was recorded under, or "unknown".
  std::optional<Capacity> capacity;       // MW, AC.
  std::optional<Capacity> capacity_peak;  // MWp, DC, solar only.
  std::string investor;
  std::string parent;  // Code of the parent project, empty for none.
  Stage stage = Stage::Proposed;
  std::optional<Date> target_cod;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string site;
  std::string source;
  // The working calendar its durations and lags count on; empty for whole calendar days
  // (`all-days`, DESIGN.md's "Working calendars").
  std::string calendar;
  // "p6" for a project imported from a contractor's P6 or MS Project file, scheduled by that
  // tool's rules (DESIGN.md, "Working calendars"), followed by the file's scheduling options
  // where they are not P6's defaults ("p6 lag=successor", domain/schedule_rules.h); empty for
  // tiendo's own.
  std::string schedule_rules;
  // The contractor's data date (P6 last_recalc_date) of the file it was last imported from.
  std::optional<Date> data_date = std::nullopt;

  bool operator==(const Project&) const = default;
};

struct Milestone {
  // The two numbers first, so that they share eight bytes: a national portfolio holds two
  // million milestones.
  std::int32_t project = 0;  // Index into Portfolio::projects.
  std::int32_t duration_days = 0;
  std::string key;
  std::string name;
  std::optional<Date> planned;
  std::optional<Date> actual_start;
  std::optional<Date> actual;
  std::optional<Date> forecast;
  std::string reason;  // "category:text", the latest delay reason.
  std::string source;
  // Imported from a contractor's schedule (issue 31): the duration exactly, in working minutes
  // of its calendar (duration_days is then the rounded days, for reading); unset, the duration
  // is duration_days times the calendar's hours a day.
  std::optional<std::int32_t> duration_minutes = std::nullopt;
  // A working calendar of its own, as each P6 activity names one; empty: its project's.
  std::string calendar;
  // The constraints that bound the schedule (DESIGN.md): start on or after bounds the early
  // start, finish on or before the late finish; instants (minutes, calendar.h).
  std::optional<std::int64_t> start_on_or_after = std::nullopt;
  std::optional<std::int64_t> finish_on_or_before = std::nullopt;
  // An event at the finish of what precedes it (a P6 finish milestone), not at the next working
  // instant after it as an event that starts something is.
  bool finish_event = false;
  // Placed as late as its successors allow without delaying any of them (P6's "as late as
  // possible" constraint): its early dates use up its free float.
  bool as_late_as_possible = false;

  bool done() const { return actual.has_value(); }
  bool operator==(const Milestone&) const = default;
};

enum class LinkType : std::uint8_t { FinishToStart, StartToStart, FinishToFinish, StartToFinish };
std::string_view link_type_key(LinkType type);
std::optional<LinkType> parse_link_type(std::string_view key);

struct Dependency {
  std::int32_t from = 0;  // Index into Portfolio::milestones.
  std::int32_t to = 0;
  LinkType type = LinkType::FinishToStart;
  std::int32_t lag_days = 0;
  // Imported: the lag exactly, in working minutes of the lag's calendar; unset, lag_days days.
  std::optional<std::int32_t> lag_minutes = std::nullopt;
  // The calendar this link's lag counts on, where it is the link's own rather than its
  // project's rules' (domain/schedule_rules.h): MS Project's elapsed lags ("2ed", "12eh") count
  // on the 24-hour clock, nights, weekends and holidays included, whatever the calendars.
  std::optional<LagCalendarRule> lag_calendar = std::nullopt;

  bool operator==(const Dependency&) const = default;
};

// How the change log writes a link's type and lag, which undo reads back
// (operations/undo.cpp): "FS 0"; the exact lag in working minutes an imported schedule brings
// after the days ("FS -1 -240"); the link's own lag calendar last ("FS 2 2880 24_hour").
std::string dependency_change_text(const Dependency& dependency);

struct StatusEvent {
  std::int32_t project = 0;
  ProjectStatus status = ProjectStatus::Active;
  Date date;
  std::string reason;
  std::string source;
};

class Portfolio {
 public:
  std::vector<Project> projects;
  std::vector<Milestone> milestones;
  std::vector<Dependency> dependencies;
  std::vector<StatusEvent> status_events;
  // The calendars a department added (`tiendo calendar add`); the built-in ones are not listed.
  std::vector<CalendarDefinition> calendars;

  std::optional<std::int32_t> find_project(std::string_view code) const;
  std::optional<std::int32_t> find_milestone(std::string_view code, std::string_view key) const;
  // A reference is "PROJECT_CODE:key". Throws NotFound naming the reference.
  std::int32_t milestone_by_reference(std::string_view reference) const;
  std::optional<std::int32_t> find_dependency(std::int32_t from, std::int32_t to) const;
  // A project's milestones, by index, in the order of their indices.
  std::span<const std::int32_t> milestones_of(std::int32_t project) const {
    return m_milestones_of_project[static_cast<std::size_t>(project)];
  }
  std::string reference(std::int32_t milestone) const;
  // A built-in calendar or one the portfolio holds, by name; nullptr when there is none.
  const CalendarDefinition* find_calendar(std::string_view name) const;

  std::int32_t add_project(Project project);
  std::int32_t add_milestone(Milestone milestone);
  // Moves the milestone added last (with no links yet) to where a store's reload puts it: after
  // the others of its project, as milestones sit grouped by project in the projects' order. The
  // milestones after it move up one and the links follow them. Returns its new index.
  std::int32_t place_last_milestone();
  void add_dependency(Dependency dependency);
  void remove_dependency(std::size_t index);
  // What remove_rows removed, by their positions before it: a store removes the same rows of its
  // own copy, and of the ids it keeps beside them, by these.
  struct Kept {
    std::vector<bool> projects, milestones, dependencies, status_events;
  };
  // Removes the projects, milestones and status events at these positions in one pass, keeping
  // the others in their order (so that what is added after still comes last): a project goes with
  // its milestones and status events, a milestone with every link into or out of it. Returns which
  // rows stayed. Linear in the portfolio's size.
  Kept remove_rows(const std::vector<std::int32_t>& project_indexes,
                   const std::vector<std::int32_t>& milestone_indexes,
                   const std::vector<std::size_t>& status_event_indexes);

  // Rebuilds the lookup indexes; call after changing codes or keys in place.
  void reindex();
  // Makes room for this many of each in all; never shrinks, so 0 leaves a table as it is.
  void reserve(std::size_t projects, std::size_t milestones, std::size_t dependencies);

 private:
  // Looked up by a view of the code, with no copy of it: an import looks a code up per row.
  struct CodeHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view code) const noexcept {
      return std::hash<std::string_view>{}(code);
    }
  };
  std::unordered_map<std::string, std::int32_t, CodeHash, std::equal_to<>> m_project_by_code;
  // Milestones of each project, by index: a project has tens of them, so a scan of its own list
  // is faster and lighter than a map over every "CODE:key" of the portfolio.
  std::vector<std::vector<std::int32_t>> m_milestones_of_project;
  // Built on first use: only edits look dependencies up by their ends. Positions in
  // `dependencies` by their ends, or -1 for an empty slot (see portfolio.cpp).
  mutable std::vector<std::int32_t> m_dependency_slots;
  mutable std::size_t m_dependency_slot_count = 0;
  mutable bool m_dependency_index_built = false;
  void build_dependency_index() const;
  std::size_t dependency_slot(std::int32_t from, std::int32_t to) const;
  void index_dependency(std::int32_t index) const;
  void resize_dependency_index(std::size_t at_least) const;
};

// Splits "CODE:key" at the last colon; throws InvalidInput when there is none.
std::pair<std::string_view, std::string_view> split_reference(std::string_view reference);

}  // namespace tiendo
