#pragma once
// Words shown to people, in English or Vietnamese. JSON never uses these; it uses stable keys.
#include <fmt/format.h>

#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/alerts.h"
#include "analysis/schedule.h"
#include "domain/portfolio.h"
#include "domain/text.h"
#include "report/format.h"

namespace tiendo::report {

// Every label and message a person reads in a table or on standard output, English and Vietnamese
// side by side, so a new column cannot be added in one language only. JSON and CSV files meant
// for other programs never use these. A message's Vietnamese has the same {} placeholders in the
// same order (wording.cpp checks it when compiling).
// The Vietnamese of each wording is in the message catalogue (po/vi.po, report/catalogue.h), found
// by its English; `context` tells apart two Vietnamese texts of one English text (gettext's
// msgctxt). An entry written as a pair {"English", "Tiếng Việt"} is moved into the catalogue by
// tools/catalogue.py, which also checks that every entry has its Vietnamese (ctest catalogue.*).
struct Context {
  explicit constexpr Context(std::string_view context_name) : name(context_name) {}
  std::string_view name;
};
struct Wording {
  std::string_view english;
  std::string_view vietnamese = {};  // Only until tools/catalogue.py moves it into po/vi.po.
  Context context = Context("");
};

inline constexpr Wording wordings[] = {
    // Column headers and the labels of `project show`.
    {"code"},
    {"name"},
    {"technology"},
    {"technology_group"},
    {"province"},
    {"stage"},
    {"cod_year"},
    {"investor"},
    {"MW"},
    {"MWp"},
    {"capacity MW"},
    {"capacity MWp"},
    {"parent"},
    {"target COD"},
    {"site"},
    {"source"},
    {"status"},
    {"project"},
    {"projects"},
    {"milestone"},
    {"milestones"},
    {"days"},
    {"planned"},
    {"actual start"},
    {"actual"},
    {"forecast"},
    {"reason"},
    {"from"},
    {"to"},
    {"type"},
    {"lag"},
    {"early start"},
    {"early finish"},
    {"late finish"},
    {"float"},
    {"critical"},
    {"slip"},
    {"driver"},
    {"baseline slip"},
    {"COD before"},
    {"COD after"},
    {"saved (UTC)"},
    {"by"},
    {"baseline"},
    {"planned now"},
    {"slip vs baseline"},
    {"reached stage"},
    {"codes"},
    {"severity"},
    {"kind"},
    {"message"},
    {"driver chain"},
    {"at (UTC)"},
    {"at (Vietnam time)"},
    {"actor"},
    {"entity"},
    {"field"},
    {"old"},
    {"new"},
    {"role"},
    {"provinces"},
    {"disabled"},
    {"tokens"},
    {"created (UTC)"},
    {"created (Vietnam time)"},
    {"COD P10"},
    {"COD P50"},
    {"COD P80"},
    {"COD P90"},
    {"P(COD by target) (%)"},
    {"schedule COD"},
    {"year"},
    {"MW online P10"},
    {"MW online P50"},
    {"MW online P90"},
    {"% of draws on the driving chain"},
    {"learned"},
    // Where a forecast step's distribution came from.
    {"by key and technology group"},
    {"by key only"},
    {"from all steps"},
    {"without history"},
    // Words inside cells.
    {"yes"},
    {"no"},
    {"total"},
    {"(none)"},
    {"(new)"},
    {"{} project"},
    {"{} projects"},
    // Side states, as `project status` takes them.
    {"active"},
    {"suspended"},
    {"cancelled"},
    {"retired"},
    // Roles of accounts.
    {"viewer"},
    {"editor"},
    {"admin"},
    // Delay categories (the part of a reason before the colon), and a reason not recorded.
    {"site_clearance"},
    {"weather"},
    {"supply_chain"},
    {"financing"},
    {"permitting"},
    {"grid"},
    {"other"},
    {"unknown"},
    // Messages on standard output.
    {"{}: tiendo database, schema version {}"},
    {"added {} ({} change-log rows)"},
    {"added {} ({} change-log rows; {} milestones from the template)"},
    {"updated {} ({} change-log rows)"},
    {"removed {} ({} milestones, {} dependencies; {} change-log rows)"},
    {"{} is {} from {}"},
    {"added {}"},
    {"updated {}"},
    {"{} done on {}"},
    {"{} -> {} ({} {})"},
    {"updated {} -> {} ({} {})"},
    {"removed {} -> {}"},
    {"removed {} with its {} links"},
    {"saved baseline {} ({} milestones)"},
    {"{} +{} days"},
    {"thresholds: warning {} days, critical {} days, stale {} days"},
    {"{}: {} plants, {} MW"},
    {"{}: {} projects, {} MW"},
    {"imported projects: {} added, {} changed; milestones: {} added, {} changed; dependencies: {} "
     "added, {} changed"},
    {"dry run, nothing written. would import projects: {} added, {} changed; milestones: {} "
     "added, {} changed; dependencies: {} added, {} changed"},
    {"wrote {}"},
    // The rest of a long chain (an alert's driver chain), after its first steps.
    {"… and {} more"},
    // A write refused by the scope rule (operations/scope.h), by why the project is touched.
    {"{} may not change project '{}' in {}; nothing was written"},
    {"{} may not change project '{}' in {}, which '{}' would name as its parent; nothing was "
     "written"},
    {"{} may not change project '{}' in {}, the parent '{}' would leave; nothing was written"},
    {"{} may not change project '{}' in {}, the successor of the link {}; nothing was written"},
    {"backed up {} to {}"},
    {"restored {} from {}: {} projects, schema version {}"},
    {"wrote {} projects, {} milestones ({} done), {} dependencies to {} (seed {}, progress to {})"},
    {"wrote {} ({} delayed projects, {} milestones due next quarter)"},
    {"warning: {}"},
    {"{}: nothing to forecast (no COD step of its own, or cancelled or retired by the as-of date)"},
    {"loading the portfolio"},
    {"making indexes and committing"},
    {"model: learned from {} steps done by {} ({} against their plan, {} after their "
     "predecessors) and {} still open; lateness correlated within a project: {}; open steps "
     "drawn by key and technology group: {}, by key only: {}, from all steps: {}, without "
     "history: {}"},
    {"added account {} ({})"},
    {"updated account {}"},
    {"removed account {}"},
    {"API token for {}; it will not be shown again"},
    {"revoked {} API tokens of {}"},
    // The progress line on a terminal's standard error (src/cli/progress.cpp).
    {"reading"},
    {"writing"},
    {"generating"},
    {"backing up"},
    {"drawing"},
    {"packing"},
    {"rows"},
    {"draws"},
    {"P(COD by target COD) (%)"},
    {"{} s left"},
    {"{} min left"},
    // Working calendars (src/cli/calendar.cpp).
    {"calendar"},
    {"built in"},
    {"working week"},
    {"hours a day"},
    {"public holidays"},
    {"Vietnam"},
    {"weekday"},
    {"working periods"},
    {"day"},
    {"what"},
    {"day off"},
    {"Monday"},
    {"Tuesday"},
    {"Wednesday"},
    {"Thursday"},
    {"Friday"},
    {"Saturday"},
    {"Sunday"},
    {"added calendar {}"},
    {"updated calendar {}"},
    // A later update of a contractor's schedule (src/cli/import.cpp).
    {"would remove milestones: {}; dependencies: {}"},
    {"removed milestones: {}; dependencies: {}"},
};

// An English key of `wordings`. Built only from a literal, and checked as the program compiles:
// a label missing from the table is a compile error, never an English word in a Vietnamese table.
class Label {
 public:
  // NOLINTNEXTLINE(google-explicit-constructor): a literal reads as the label it names.
  consteval Label(const char* english) : m_index(index_of(english)) {}
  std::size_t index() const { return m_index; }

 private:
  static consteval std::size_t index_of(std::string_view english) {
    for (std::size_t i = 0; i < std::size(wordings); ++i)
      if (wordings[i].english == english)
        return i;
    throw "this label has no entry in report::wordings";
  }
  std::size_t m_index;
};

std::string_view word(Label label, Language language);
// A table's headers in the language asked for.
std::vector<std::string> headers(Language language, std::initializer_list<Label> labels);
// A text value of a message as it may be shown: a path or a name a user typed is one line of
// printable text (printable), whatever it holds; numbers pass as they are.
template <typename Value>
decltype(auto) shown(Value&& value) {
  if constexpr (std::is_convertible_v<const Value&, std::string_view>)
    return printable(std::string_view(value));
  else
    return std::forward<Value>(value);
}

// A message with its values filled in, every text value shown printable.
template <typename... Values>
std::string say(Language language, Label label, Values&&... values) {
  return fmt::format(fmt::runtime(word(label, language)), shown(std::forward<Values>(values))...);
}
// A key known only at run time (a side state, a delay category, a pipeline field): its
// Vietnamese when the table has it, else the key itself.
std::string_view word_for_key(std::string_view key, Language language);

std::string_view driver_label(analysis::DriverKind kind, Language language);
// "TV-LINE:grid_line_energized (FS +30)" for a predecessor, else the label of the bound.
std::string describe_driver(const Portfolio& portfolio, const analysis::MilestoneSchedule& entry,
                            Language language);
// The whole chain, one step a line, newest first, as `explain` prints it.
std::string describe_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           std::int32_t milestone, Language language);
// The chain in one line, for alerts: "A:cod ← B:grid_line_energized ← planned 2020-06"; a long
// one by its first 20 steps, "… and 3,980 more" and what set the last. The English line names
// each step by its reference (what the command line takes) unless `by_label`, as a web page does.
std::string summarise_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                            std::int32_t milestone, Language language, bool by_label = false);

std::string_view severity_label(analysis::Severity severity, Language language);
std::string_view alert_kind_label(analysis::AlertKind kind, Language language);
// "Chậm 214 ngày so với kế hoạch (COD 07/2019 → 02/2020)" and its English twin.
std::string alert_message(const Portfolio& portfolio, const analysis::Alert& alert,
                          Language language);

}  // namespace tiendo::report
