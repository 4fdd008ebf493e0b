#include "web/page_activities.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "domain/command_line.h"
#include "domain/text.h"
#include "operations/accounts.h"
#include "report/format.h"
#include "report/html.h"
#include "report/labels.h"
#include "web/http.h"
#include "web/page_links.h"
#include "web/page_widgets.h"

namespace tiendo::web {
namespace {

using report::html_escape;

// The activity ID as the contractor's file writes it ("PCS-140"), which the import keeps in the
// milestone's source ("FILE TASK PCS-140"; "FILE Task 12" from MS Project); the milestone key
// otherwise.
std::string_view activity_id(const Milestone& milestone) {
  for (std::string_view marker : {" TASK ", " Task "}) {
    auto at = milestone.source.rfind(marker);
    if (at != std::string::npos)
      return std::string_view(milestone.source).substr(at + marker.size());
  }
  return milestone.key;
}

std::string day_text(std::int32_t days, report::Language language) {
  return html_escape(report::format_date(Date::from_days(days), language));
}

std::string count_text(const PageContext& page, std::size_t count) {
  return report::format_integer(static_cast<long long>(count), page.language);
}

// In the order they start, as the contractor's bar chart reads.
void sort_by_start(const analysis::Schedule& schedule, std::vector<std::int32_t>& milestones) {
  std::stable_sort(milestones.begin(), milestones.end(), [&](std::int32_t a, std::int32_t b) {
    return schedule.milestones[static_cast<std::size_t>(a)].early_start <
           schedule.milestones[static_cast<std::size_t>(b)].early_start;
  });
}

std::string activities_path(const Project& project) {
  return project_path(project.code) + "/activities";
}

// The list page's address for a group (a key milestone's key, "none" for the activities leading
// to no key milestone, empty for all), a search and a page number.
std::string list_address(const Project& project, std::string_view group, std::string_view search,
                         std::size_t page_number) {
  std::string address = activities_path(project);
  char separator = '?';
  auto add = [&](std::string_view name, std::string_view value) {
    if (value.empty())
      return;
    address += fmt::format("{}{}={}", separator, name, report::url_component(value));
    separator = '&';
  };
  add("group", group);
  add("q", search);
  add("page", page_number > 1 ? std::to_string(page_number) : "");
  return address;
}

// A table of activities: the ID links to the milestone's form (where its dates and its progress
// are recorded), the last column to that form and to its removal.
std::string activity_table(const PageContext& page, const Portfolio& portfolio,
                           const analysis::Schedule& schedule, const Project& project,
                           const std::vector<std::int32_t>& activities) {
  std::vector<std::string> headers = {
      std::string(page.text("Activity ID")), std::string(page.text("Activity")),
      std::string(page.text("Calendar")),    std::string(page.text("Start")),
      std::string(page.text("Finish")),      std::string(page.text("Done on")),
      ""};
  bool can_edit = operations::can_write(page.caller.account, project.province);
  std::vector<std::vector<std::string>> rows;
  const std::size_t shown = std::min(activities.size(), rows_listed_on_a_page);
  rows.reserve(shown);
  for (auto index : std::span(activities).first(shown)) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(index)];
    const auto& entry = schedule.milestones[static_cast<std::size_t>(index)];
    const std::string& calendar = milestone.calendar.empty() ? project.calendar : milestone.calendar;
    std::string form = page.link(milestone_path(project.code, milestone.key));
    rows.push_back(
        {fmt::format(R"(<a href="{}">{}</a>)", form, html_escape(activity_id(milestone))),
         html_escape(milestone.name), html_escape(calendar),
         day_text(entry.early_start, page.language), day_text(entry.early_finish, page.language),
         milestone.actual ? day_text(milestone.actual->days(), page.language) : "",
         fmt::format(R"(<a class="button small" href="{}">{}</a>{})", form,
                     can_edit ? page.text("Record progress") : page.text("Open"),
                     remove_milestone_link(page, project, milestone.key))});
  }
  return html_table_raw(headers, rows, {false, false, false, false, false, false, false},
                        "activities");
}

// Links to every page of a list of `total` rows (each a number), so that any row is one click
// from wherever they are shown.
std::string page_links(const PageContext& page, const Project& project, std::string_view group,
                       std::string_view search, std::size_t total, std::size_t current) {
  std::size_t pages = (total + activities_per_page - 1) / activities_per_page;
  if (pages <= 1)
    return "";
  std::string html = fmt::format(R"(<nav class="pager" aria-label="{}"><span class="numbers">)",
                                 page.text_in("page_lists", "Pages"));
  for (std::size_t number = 1; number <= pages; ++number)
    html += number == current
                ? fmt::format(R"(<span class="current" aria-current="page">{}</span>)", number)
                : fmt::format(R"(<a href="{}">{}</a>)",
                              page.link(list_address(project, group, search, number)), number);
  return html + "</span></nav>";
}

// The search box: an activity's ID or words of its name, with or without diacritics.
std::string search_form(const PageContext& page, const Project& project, std::string_view search) {
  return fmt::format(
      R"(<form class="activity-search" method="get" action="{action}" role="search">{lang})"
      R"(<label for="activity-search">{label}</label><div class="search-row">)"
      R"(<input id="activity-search" name="q" type="search" value="{value}" autocomplete="off")"
      R"( aria-describedby="activity-search-hint"><button type="submit">{find}</button></div>)"
      R"(<small id="activity-search-hint">{hint}</small></form>)",
      fmt::arg("action", html_escape(activities_path(project))),
      fmt::arg("lang",
               page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)"),
      fmt::arg("label", page.text("Find an activity")), fmt::arg("value", html_escape(search)),
      fmt::arg("find", page.text("Find")),
      fmt::arg("hint", page.text("its ID or words of its name, with or without diacritics")));
}

// A group's title: its key milestone, how many activities lead to it, when it finishes.
std::string group_title(const PageContext& page, const Portfolio& portfolio,
                        const analysis::Schedule& schedule, const operations::ActivityGroup& group) {
  std::string count = html_escape(page.say("{} activities", count_text(page, group.activities.size())));
  if (group.key_milestone < 0)
    return fmt::format("<strong>{}</strong> · {}", page.text("Leading to no key milestone"), count);
  const Milestone& key = portfolio.milestones[static_cast<std::size_t>(group.key_milestone)];
  const auto& entry = schedule.milestones[static_cast<std::size_t>(group.key_milestone)];
  return fmt::format(
      "<strong>{}</strong> · {} · {}", report::milestone_label_html(key, page.language), count,
      key.actual
          ? html_escape(page.say("done on {}", report::format_date(*key.actual, page.language)))
          : html_escape(page.say("finish {}", report::format_date(
                                                  Date::from_days(entry.early_finish),
                                                  page.language))));
}

std::string group_name(const Portfolio& portfolio, const operations::ActivityGroup& group) {
  return group.key_milestone < 0
             ? std::string("none")
             : portfolio.milestones[static_cast<std::size_t>(group.key_milestone)].key;
}

// Whether the milestone's activity ID, key or name holds the folded search text.
bool matches(const Milestone& milestone, const std::string& folded) {
  return fold_for_matching(activity_id(milestone)).find(folded) != std::string::npos ||
         fold_for_matching(milestone.key).find(folded) != std::string::npos ||
         fold_for_matching(milestone.name).find(folded) != std::string::npos;
}

// GET /projects/CODE/activities[?group=KEY|none][&q=TEXT][&page=N]
void activities_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  auto snapshot = page.workspace.snapshot();
  const Portfolio& portfolio = snapshot->portfolio();
  auto index = portfolio.find_project(code);
  if (!index)
    throw NotFound(page.vietnamese() ? fmt::format("Không có dự án '{}'.", shown_safely(code))
                                     : fmt::format("project '{}' not found", shown_safely(code)));
  const Project& project = portfolio.projects[static_cast<std::size_t>(*index)];
  const auto& milestones =
      snapshot->project_index().milestones_by_project()[static_cast<std::size_t>(*index)];
  auto schedule = snapshot->schedule(Date::today_in_vietnam());
  std::string group = parameter_or(page.request, "group", "");
  std::string search = parameter_or(page.request, "q", "");
  if (auto problem = text_problem(search); !problem.empty())
    throw InvalidInput(fmt::format("q: '{}': {}", shown_safely(search), problem));
  auto page_number =
      static_cast<std::size_t>(count_parameter(page.request, "page", 1, 1, 10'000'000));

  std::vector<std::int32_t> listed;
  std::string heading;
  if (group.empty()) {
    listed = milestones;
    heading = page.text("All milestones and activities");
  } else {
    auto groups = operations::group_activities(portfolio, milestones);
    auto found = std::find_if(groups.begin(), groups.end(), [&](const auto& candidate) {
      return group_name(portfolio, candidate) == group;
    });
    if (found == groups.end())
      throw NotFound(page.vietnamese()
                         ? fmt::format("Không có nhóm công việc '{}'.", shown_safely(group))
                         : fmt::format("activity group '{}' not found", shown_safely(group)));
    listed = found->activities;
    heading = group_title(page, portfolio, *schedule, *found);
  }
  std::string folded = fold_for_matching(search);
  if (!folded.empty())
    std::erase_if(listed, [&](std::int32_t m) {
      return !matches(portfolio.milestones[static_cast<std::size_t>(m)], folded);
    });
  sort_by_start(*schedule, listed);
  std::size_t pages = std::max<std::size_t>(1, (listed.size() + activities_per_page - 1) /
                                                   activities_per_page);
  page_number = std::min(page_number, pages);
  std::vector<std::int32_t> rows(
      listed.begin() + static_cast<std::ptrdiff_t>((page_number - 1) * activities_per_page),
      listed.begin() + static_cast<std::ptrdiff_t>(
                           std::min(listed.size(), page_number * activities_per_page)));

  std::string html = fmt::format(R"(<p class="subtitle"><a href="{}">← {} {}</a></p>)",
                                 page.link(project_path(project.code)), html_escape(project.code),
                                 html_escape(project.name));
  html += search_form(page, project, search);
  html += fmt::format(R"(<section class="panel" id="activity-list"><h2><span>{}</span></h2>)", heading);
  if (!folded.empty())
    html += fmt::format(
        R"(<p class="found" role="status">{}</p>)",
        html_escape(page.say("{} found for '{}'", count_text(page, listed.size()), search)));
  if (listed.empty()) {
    html += fmt::format(R"(<p class="muted">{}</p>)", page.text("No activity matches."));
  } else {
    html += fmt::format(
        R"(<p class="page-of">{}</p>)",
        html_escape(page.say("Page {} of {} · {} rows", page_number, pages,
                             count_text(page, listed.size()))));
    html += activity_table(page, portfolio, *schedule, project, rows);
    html += page_links(page, project, group, search, listed.size(), page_number);
  }
  html += "</section>";
  send_html(page.response, 200,
            page_frame(page, page.say("{} — activities", project.code), "projects", html));
}

}  // namespace

ProjectPageMilestones project_page_milestones(const Portfolio& portfolio,
                                              const analysis::Schedule& schedule,
                                              const Project& project,
                                              const std::vector<std::int32_t>& milestones) {
  ProjectPageMilestones shown;
  shown.imported = !project.schedule_rules.empty();
  if (shown.imported) {
    shown.groups = operations::group_activities(portfolio, milestones);
    for (const auto& group : shown.groups)
      if (group.key_milestone >= 0)
        shown.table.push_back(group.key_milestone);
    // In the project's order, as a project that was not imported lists them.
    std::vector<bool> is_key(portfolio.milestones.size(), false);
    for (auto m : shown.table)
      is_key[static_cast<std::size_t>(m)] = true;
    shown.table.clear();
    for (auto m : milestones)
      if (is_key[static_cast<std::size_t>(m)])
        shown.table.push_back(m);
  } else {
    shown.table.assign(milestones.begin(),
                       milestones.begin() + static_cast<std::ptrdiff_t>(
                                                std::min(milestones.size(), milestone_rows_shown)));
  }
  if (milestones.size() <= gantt_bars_shown) {
    shown.gantt = milestones;
    return shown;
  }
  // The key milestones first, then the critical path's unfinished activities as they start.
  shown.gantt.assign(shown.table.begin(),
                     shown.table.begin() + static_cast<std::ptrdiff_t>(
                                               std::min(shown.table.size(), gantt_bars_shown)));
  std::vector<std::int32_t> critical;
  for (auto m : milestones) {
    const auto& entry = schedule.milestones[static_cast<std::size_t>(m)];
    if (entry.critical && !portfolio.milestones[static_cast<std::size_t>(m)].actual &&
        std::find(shown.gantt.begin(), shown.gantt.end(), m) == shown.gantt.end())
      critical.push_back(m);
  }
  sort_by_start(schedule, critical);
  for (auto m : critical) {
    if (shown.gantt.size() >= gantt_bars_shown)
      break;
    shown.gantt.push_back(m);
  }
  sort_by_start(schedule, shown.gantt);
  return shown;
}

std::string milestones_elsewhere_note(const PageContext& page, const Project& project,
                                      std::size_t shown, std::size_t total) {
  if (shown >= total || !project.schedule_rules.empty())
    return "";
  return fmt::format(
      R"(<p class="more-rows">{} <a href="{}">{}</a></p>)",
      html_escape(page.say("The first {} of {} milestones.", count_text(page, shown),
                           count_text(page, total))),
      page.link(activities_path(project)), page.text("All milestones, page by page"));
}

std::string gantt_note(const PageContext& page, const Project& project, std::size_t shown,
                       std::size_t total) {
  if (shown >= total)
    return "";
  return fmt::format(
      R"(<p class="hint">{} <a href="{}">{}</a></p>)",
      html_escape(page.say("{} bars of {} milestones: the key milestones, then the critical "
                           "path's unfinished activities.",
                           count_text(page, shown), count_text(page, total))),
      page.link(activities_path(project)), page.text("All milestones, page by page"));
}

std::string activities_section(const PageContext& page, const Portfolio& portfolio,
                               const analysis::Schedule& schedule, const Project& project,
                               const ProjectPageMilestones& shown) {
  if (!shown.imported)
    return "";
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
  html += search_form(page, project, "");
  html += fmt::format(
      R"(<p class="hint">{}</p>)",
      page.text("Each activity is listed under the nearest key milestone it leads to."));
  for (const auto& group : shown.groups) {
    std::string body;
    if (group.activities.empty()) {
      body = fmt::format(R"(<p class="muted">{}</p>)", page.text("No activity leads to it."));
    } else {
      // The first few as they start; every page of the whole group one click away.
      std::vector<std::int32_t> first = group.activities;
      sort_by_start(schedule, first);
      if (first.size() > activities_per_group_shown)
        first.resize(activities_per_group_shown);
      body = activity_table(page, portfolio, schedule, project, first);
      std::string name = group_name(portfolio, group);
      if (group.activities.size() > first.size())
        body += fmt::format(
            R"(<p class="more-rows"><a href="{}">{}</a></p>{})",
            page.link(list_address(project, name, "", 1)),
            html_escape(page.say("All {} activities of this group",
                                 count_text(page, group.activities.size()))),
            page_links(page, project, name, "", group.activities.size(), 0));
    }
    html += fmt::format(R"(<details class="activity-group"><summary>{}</summary>{}</details>)",
                        group_title(page, portfolio, schedule, group), body);
  }
  return html + "</section>";
}

void register_activity_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get(R"(/projects/([^/]+)/activities)", page_route(workspace, options, activities_page));
}

}  // namespace tiendo::web
