#include "web/page_activities.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "operations/activity_groups.h"
#include "report/format.h"
#include "report/html.h"
#include "report/labels.h"
#include "web/page_widgets.h"

namespace tiendo::web {
namespace {

using report::html_escape;

// The activity ID as the contractor's file writes it ("PCS-140"), which the import keeps in the
// milestone's source ("FILE TASK PCS-140"); the milestone key otherwise.
std::string_view activity_id(const Milestone& milestone) {
  constexpr std::string_view marker = " TASK ";
  auto at = milestone.source.rfind(marker);
  if (at == std::string::npos)
    return milestone.key;
  return std::string_view(milestone.source).substr(at + marker.size());
}

std::string day_text(std::int32_t days, report::Language language) {
  return html_escape(report::format_date(Date::from_days(days), language));
}

std::string group_table(const PageContext& page, const Portfolio& portfolio,
                        const analysis::Schedule& schedule, const Project& project,
                        std::vector<std::int32_t> activities) {
  // In the order they start, as the contractor's bar chart reads.
  std::stable_sort(activities.begin(), activities.end(), [&](std::int32_t a, std::int32_t b) {
    return schedule.milestones[static_cast<std::size_t>(a)].early_start <
           schedule.milestones[static_cast<std::size_t>(b)].early_start;
  });
  std::vector<std::string> headers = {
      std::string(page.text("Activity ID")),
      std::string(page.text("Activity")),
      std::string(page.text("Calendar")),
      std::string(page.text("Start")),
      std::string(page.text("Finish")),
      std::string(page.text("Done on"))};
  std::vector<std::vector<std::string>> rows;
  const std::size_t shown = std::min(activities.size(), rows_listed_on_a_page);
  rows.reserve(shown);
  for (auto index : std::span(activities).first(shown)) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(index)];
    const auto& entry = schedule.milestones[static_cast<std::size_t>(index)];
    const std::string& calendar = milestone.calendar.empty() ? project.calendar : milestone.calendar;
    rows.push_back({html_escape(activity_id(milestone)), html_escape(milestone.name),
                    html_escape(calendar), day_text(entry.early_start, page.language),
                    day_text(entry.early_finish, page.language),
                    milestone.actual ? day_text(milestone.actual->days(), page.language) : ""});
  }
  std::string more;
  if (shown < activities.size())
    more = fmt::format(
        R"(<p class="muted more-rows">{}</p>)",
        html_escape(page.say("The first {} of {} activities are listed; an export holds them all.",
                             report::format_integer(static_cast<long long>(shown), page.language),
                             report::format_integer(static_cast<long long>(activities.size()),
                                                    page.language))));
  return html_table_raw(headers, rows, {false, false, false, false, false, false}, "activities") +
         more;
}

}  // namespace

std::string activities_section(const PageContext& page, const Portfolio& portfolio,
                               const analysis::Schedule& schedule, const Project& project,
                               const std::vector<std::int32_t>& milestones) {
  if (project.schedule_rules.empty())
    return "";
  auto groups = operations::group_activities(portfolio, milestones);
  std::string html = fmt::format(R"(<section class="panel" id="activities"><h2>{}</h2>)",
                                 page.text("Contractor's activities"));
  html += R"(<dl class="details compact">)";
  html += fmt::format(R"(<div><dt>{}</dt><dd>{}</dd></div>)",
                      page.text("Project calendar"),
                      project.calendar.empty()
                          ? std::string(page.text("every day"))
                          : html_escape(project.calendar));
  if (project.data_date)
    html += fmt::format(R"(<div><dt>{}</dt><dd>{}</dd></div>)",
                        page.text("Data date of the file"),
                        html_escape(report::format_date(*project.data_date, page.language)));
  html += "</dl>";
  html += fmt::format(
      R"(<p class="hint">{}</p>)",
      page.text("Each activity is listed under the nearest key milestone it leads to."));
  for (const auto& group : groups) {
    std::string title;
    if (group.key_milestone >= 0) {
      const Milestone& key = portfolio.milestones[static_cast<std::size_t>(group.key_milestone)];
      const auto& entry = schedule.milestones[static_cast<std::size_t>(group.key_milestone)];
      title = fmt::format(
          "<strong>{}</strong> · {} · {}", report::milestone_label_html(key, page.language),
          html_escape(page.say("{} activities", report::format_integer(
                                                   static_cast<long long>(group.activities.size()),
                                                   page.language))),
          key.actual ? html_escape(page.say("done on {}",
                                            report::format_date(*key.actual, page.language)))
                     : html_escape(page.say("finish {}", report::format_date(
                                                             Date::from_days(entry.early_finish),
                                                             page.language))));
    } else {
      title = fmt::format("<strong>{}</strong> · {}",
                          page.text("Leading to no key milestone"),
                          html_escape(page.say("{} activities", report::format_integer(
                                                   static_cast<long long>(group.activities.size()),
                                                   page.language))));
    }
    html += fmt::format(R"(<details class="activity-group"><summary>{}</summary>{}</details>)",
                        title,
                        group.activities.empty()
                            ? fmt::format(R"(<p class="muted">{}</p>)",
                                          page.text("No activity leads to it."))
                            : group_table(page, portfolio, schedule, project, group.activities));
  }
  return html + "</section>";
}

}  // namespace tiendo::web
