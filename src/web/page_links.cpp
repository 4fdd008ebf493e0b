// /projects/CODE/milestones/new (add a milestone), /projects/CODE/milestones/KEY/delete (remove
// one entered by mistake, with its links), /projects/CODE/dependencies (add a link, or change one's
// type and lag) and /projects/CODE/dependencies/remove, and the project page's dependency section
// with their forms. Every write goes through the operations with the caller's account, so scope
// (403), stale forms (409) and every value's rule are decided there; a page only parses the form,
// words the answer in its language, and shows milestones by their labels.
#include "web/page_links.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

#include "domain/command_line.h"
#include "domain/edit.h"
#include "domain/milestone_catalog.h"
#include "domain/text.h"
#include "operations/accounts.h"
#include "operations/edits.h"
#include "operations/links.h"
#include "operations/scope.h"
#include "report/wording.h"
#include "web/page_widgets.h"

namespace tiendo::web {
namespace {

using report::html_escape;

// What a milestone is called for people: its catalog label in the page's language, else the name
// it was given, else its key.
std::string milestone_label(const PageContext& page, const Milestone& milestone) {
  if (const auto* kind = find_milestone_kind(milestone.key))
    return std::string(page.vietnamese() ? kind->label_vi : kind->label_en);
  if (!milestone.name.empty())
    return milestone.name;
  return milestone.key;
}

// The label with the key small beside it, and the project's code linked before it when the
// milestone is another project's.
std::string milestone_html(const PageContext& page, const Portfolio& portfolio,
                           std::int32_t milestone, std::int32_t own_project) {
  const Milestone& entry = portfolio.milestones[static_cast<std::size_t>(milestone)];
  std::string html = fmt::format(R"({} <code class="key">{}</code>)",
                                 html_escape(milestone_label(page, entry)), html_escape(entry.key));
  if (entry.project == own_project)
    return html;
  const Project& project = portfolio.projects[static_cast<std::size_t>(entry.project)];
  return fmt::format(R"(<a href="{}">{}</a>: {})", page.link(project_path(project.code)),
                     html_escape(project.code), html);
}

// The same as one line of text (a message): "Đóng điện (cod)", "B: Đóng điện (cod)".
std::string milestone_text(const PageContext& page, const Portfolio& portfolio,
                           const std::string& reference, const std::string& own_code) {
  auto [code, key] = split_reference(reference);
  auto index = portfolio.find_milestone(code, key);
  std::string label =
      index ? milestone_label(page, portfolio.milestones[static_cast<std::size_t>(*index)])
            : std::string(key);
  std::string text = label == key ? std::string(key) : fmt::format("{} ({})", label, key);
  return code == own_code ? text : fmt::format("{}: {}", code, text);
}

struct TypeChoice {
  LinkType type;
  std::string_view english, vietnamese;
};
constexpr TypeChoice type_choices[] = {
    {LinkType::FinishToStart, "Finish to start", "Kết thúc → Bắt đầu"},
    {LinkType::StartToStart, "Start to start", "Bắt đầu → Bắt đầu"},
    {LinkType::FinishToFinish, "Finish to finish", "Kết thúc → Kết thúc"},
    {LinkType::StartToFinish, "Start to finish", "Bắt đầu → Kết thúc"},
};

std::string type_text(const PageContext& page, LinkType type) {
  for (const auto& choice : type_choices)
    if (choice.type == type)
      return std::string(page.text(choice.english, choice.vietnamese));
  return std::string(link_type_key(type));
}

std::string type_select(const PageContext& page, std::string_view id, std::string_view chosen) {
  std::string html = fmt::format(R"(<select id="{}" name="type">)", id);
  for (const auto& choice : type_choices) {
    auto key = link_type_key(choice.type);
    html += fmt::format(R"(<option value="{}"{}>{} ({})</option>)", key,
                        key == chosen ? " selected" : "",
                        page.text(choice.english, choice.vietnamese), key);
  }
  return html + "</select>";
}

struct CategoryChoice {
  std::string_view key, english, vietnamese;
};
constexpr CategoryChoice category_choices[] = {
    {"site_clearance", "Site clearance", "Giải phóng mặt bằng"},
    {"weather", "Weather", "Thời tiết"},
    {"supply_chain", "Supply chain", "Chuỗi cung ứng"},
    {"financing", "Financing", "Tài chính"},
    {"permitting", "Permitting", "Thủ tục, giấy phép"},
    {"grid", "Grid", "Lưới điện"},
    {"investor", "Investor", "Chủ đầu tư"},
    {"other", "Other", "Khác"},
};

void redirect(PageContext& page, const std::string& location) {
  page.response.status = 303;
  page.response.set_header("Location", location);
  add_security_headers(page.response);
}

// The project page again, saying the write was saved, in the page's language.
std::string saved_path(const PageContext& page, const std::string& code,
                       std::string_view anchor = "") {
  return project_path(code) + "?saved=1" + (page.vietnamese() ? "" : "&lang=en") +
         std::string(anchor);
}

std::optional<std::int64_t> version_of(const std::string& text) {
  auto version = parse_count(
      text, CountRange{0, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())});
  if (!version)
    return std::nullopt;
  return static_cast<std::int64_t>(*version);
}

// "field: 'value': reason", as the operations name a problem, split into its parts.
struct Problem {
  std::string field, value, reason;
};
Problem split_problem(const std::string& line) {
  Problem problem;
  auto open = line.find(": '");
  auto close = line.rfind("': ");
  if (open == std::string::npos || close == std::string::npos || close < open) {
    problem.reason = line;
    return problem;
  }
  problem.field = line.substr(0, open);
  problem.value = line.substr(open + 3, close - open - 3);
  problem.reason = line.substr(close + 3);
  return problem;
}

// A refused link's problem in the page's language, naming the form's field.
std::string link_problem(const PageContext& page, const std::string& line) {
  Problem problem = split_problem(line);
  if (problem.field == "type")
    return page.say("Type: '{}' is not a link type; choose one from the list.",
               problem.value);
  if (problem.field == "lag_days")
    return page.say("Lag (days): '{}' is not a whole number of days from -36500 to 36500.", problem.value);
  if (problem.field == "to" && problem.reason.starts_with("a milestone cannot depend"))
    return page.say("To: '{}': a milestone cannot depend on itself.", problem.value);
  if (problem.field == "from" || problem.field == "to") {
    bool from = problem.field == "from";
    if (problem.value.empty())
      return from ? page.say("From: choose the milestone the link starts from.")
                  : page.say("To: choose the milestone the link leads to.");
    return from ? page.say("From: '{}': no such milestone.",
                      problem.value)
                : page.say("To: '{}': no such milestone.",
                      problem.value);
  }
  return line;
}

// The cycle a link would close, named by its milestones' labels: "Đóng điện (cod) → ... →
// Đóng điện (cod)", its first members and a count when it is long (chain_text).
std::string cycle_problem(const PageContext& page, const Portfolio& portfolio,
                          const std::string& own_code, const CycleError& error) {
  std::vector<std::string> names;
  for (const auto& reference : error.first_members())
    names.push_back(milestone_text(page, portfolio, reference, own_code));
  std::string closing =
      error.first_members().empty()
          ? std::string()
          : milestone_text(page, portfolio, error.first_members().front(), own_code);
  std::string chain = chain_text(names, error.member_count(), closing);
  if (page.vietnamese()) {
    // chain_text writes English's arrow and count ("… and 3,980 more"): said again in Vietnamese.
    for (auto at = chain.find(" -> "); at != std::string::npos; at = chain.find(" -> "))
      chain.replace(at, 4, " → ");
    if (auto at = chain.find("… and "); at != std::string::npos) {
      auto more = chain.find(" more", at);
      if (more != std::string::npos) {
        std::string count = chain.substr(at + 8, more - at - 8);
        std::replace(count.begin(), count.end(), ',', '.');
        chain.replace(at, more + 5 - at, fmt::format("… và {} mốc nữa", count));
      }
    }
  } else {
    for (auto at = chain.find(" -> "); at != std::string::npos; at = chain.find(" -> "))
      chain.replace(at, 4, " → ");
  }
  return page.say("This link would close a cycle: {}. A milestone cannot wait for itself; nothing was "
             "saved.",
             chain);
}

std::string problems_html(const PageContext& page, const std::vector<std::string>& problems) {
  if (problems.empty())
    return "";
  std::string html = fmt::format(R"(<div class="error" role="alert"><p>{}</p><ul>)",
                                 page.text("Nothing was saved:"));
  for (const auto& problem : problems)
    html += "<li>" + html_escape(problem) + "</li>";
  return html + "</ul></div>";
}

// The page that says a write came too late: the record changed since the form was opened (who and
// when), or the link exists already.
void send_conflict(PageContext& page, const std::string& code, const std::string& message) {
  std::string html = fmt::format(
      R"(<p class="error" role="alert">{}</p><p><a class="button" href="{}">{}</a></p>)",
      html_escape(message), page.link(project_path(code) + "#dependencies"),
      page.text("Back to the project"));
  send_html(page.response, 409,
            page_frame(page, page.text("Changed meanwhile"), "projects", html));
}

std::string changed_meanwhile(const PageContext& page, const std::string& what,
                              const VersionConflict& conflict) {
  return page.say("{} was changed by {} at {} after you opened the form; nothing was saved. Open it "
      "again to see their change.",
      what,
      conflict.changed_by().empty() ? page.text("someone") : conflict.changed_by(),
      report::format_moment(conflict.changed_at(), page.language));
}

struct Located {
  std::shared_ptr<const Snapshot> snapshot;
  std::int32_t project = 0;
  const Project& row() const {
    return snapshot->portfolio().projects[static_cast<std::size_t>(project)];
  }
};

Located locate(PageContext& page, const std::string& code) {
  Located located{page.workspace.snapshot(), 0};
  auto index = located.snapshot->portfolio().find_project(code);
  if (!index)
    throw NotFound(page.say("project '{}' not found", shown_safely(code)));
  located.project = *index;
  return located;
}

// A page that writes a project's rows, opened by someone who may not write them, says so (403)
// rather than showing a form whose every post would be refused.
void require_writer(const PageContext& page, const Project& project) {
  if (!operations::can_write(page.caller.account, project.province))
    throw Forbidden(page.say("{} may not change project '{}' in {}; nothing was written",
                        page.caller.account.name, project.code, project.province));
}

// A milestone reference as a form gives it: a key of this project, or CODE:key of another.
std::string reference_in(const std::string& code, const std::string& given) {
  if (given.empty() || given.find(':') != std::string::npos)
    return given;
  return code + ":" + given;
}

// ---- the dependency section and its forms ----

struct LinkForm {
  std::string from, to, type = "FS", lag_days = "0";
  // Another project whose milestones the lists offer too (?other=, a code or words of its name).
  std::string other;
  std::vector<std::string> problems;
};

// The projects a search names: the one whose code it is (case ignored), else those whose code or
// name holds its words, diacritics and case ignored ("duyen hai" finds "Duyên Hải"), at most
// `limit` of them, in the portfolio's order.
std::vector<std::int32_t> projects_matching(const Portfolio& portfolio, const std::string& search,
                                            std::size_t limit) {
  std::string folded = fold_for_matching(search);
  std::vector<std::int32_t> found;
  if (folded.empty())
    return found;
  for (std::size_t p = 0; p < portfolio.projects.size(); ++p)
    if (fold_for_matching(portfolio.projects[p].code) == folded)
      return {static_cast<std::int32_t>(p)};
  for (std::size_t p = 0; p < portfolio.projects.size() && found.size() < limit; ++p) {
    const Project& project = portfolio.projects[p];
    if (fold_for_matching(project.code).find(folded) != std::string::npos ||
        fold_for_matching(project.name).find(folded) != std::string::npos)
      found.push_back(static_cast<std::int32_t>(p));
  }
  return found;
}

// The milestones of the project as choices, by label; a reference typed that is not among them
// (another project's) is kept as a choice of its own.
std::string milestone_select(const PageContext& page, const Portfolio& portfolio,
                             const std::vector<std::int32_t>& milestones, std::string_view id,
                             std::string_view name, const std::string& chosen,
                             const std::vector<std::int32_t>& others = {}) {
  std::string html = fmt::format(R"(<select id="{}" name="{}"><option value="">{}</option>)", id,
                                 name, page.text("— choose —"));
  bool found = chosen.empty();
  auto options = [&](const std::vector<std::int32_t>& list) {
    std::string text;
    for (auto m : list) {
      std::string reference = portfolio.reference(m);
      found = found || reference == chosen;
      const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
      text += fmt::format(R"(<option value="{}"{}>{} ({})</option>)", html_escape(reference),
                          reference == chosen ? " selected" : "",
                          html_escape(milestone_label(page, milestone)),
                          html_escape(milestone.key));
    }
    return text;
  };
  if (others.empty()) {
    html += options(milestones);
  } else {
    // This project's milestones and the other project's, each under its project's code and name.
    for (const auto* list : {&milestones, &others}) {
      if (list->empty())
        continue;
      const Project& owner = portfolio.projects[static_cast<std::size_t>(
          portfolio.milestones[static_cast<std::size_t>(list->front())].project)];
      html += fmt::format(R"(<optgroup label="{} — {}">{}</optgroup>)", html_escape(owner.code),
                          html_escape(owner.name), options(*list));
    }
  }
  if (!found)
    html += fmt::format(R"(<option value="{0}" selected>{0}</option>)", html_escape(chosen));
  return html + "</select>";
}

// The small form that brings another project's milestones into the lists: a project code or
// words of its name (a list of every project's code helps the typing), answered by this page with
// ?other=; several projects matching are offered as links.
std::string other_project_form(const PageContext& page, const Portfolio& portfolio,
                               const Project& project, const LinkForm& form,
                               const std::vector<std::int32_t>& matches) {
  std::string codes;
  for (const auto& other : portfolio.projects)
    if (other.code != project.code)
      codes += fmt::format(R"(<option value="{}">{}</option>)", html_escape(other.code),
                           html_escape(other.name));
  std::string found;
  if (!form.other.empty() && matches.empty())
    found = fmt::format(R"(<p class="error" role="alert">{}</p>)",
                        html_escape(page.say("No project matches '{}'.", form.other)));
  else if (matches.size() > 1) {
    found = fmt::format(R"(<p>{}</p><ul class="other-projects">)",
                        page.text("Several projects match; choose one:"));
    for (auto m : matches) {
      const Project& other = portfolio.projects[static_cast<std::size_t>(m)];
      found += fmt::format(
          R"(<li><a href="{}">{} — {}</a></li>)",
          page.link(project_path(project.code) + "/dependencies?other=" +
                    report::url_component(other.code)),
          html_escape(other.code), html_escape(other.name));
    }
    found += "</ul>";
  }
  std::string lang = page.vietnamese() ? "" : R"(<input type="hidden" name="lang" value="en">)";
  return fmt::format(
      R"(<form class="edit-form other-project" method="get" action="{action}#add-link">{lang})"
      R"(<div class="field wide"><label for="link-other">{label}</label>)"
      R"(<input id="link-other" name="other" type="search" list="link-other-codes" autocomplete="off" value="{value}" aria-describedby="link-other-hint">)"
      R"(<datalist id="link-other-codes">{codes}</datalist>)"
      R"(<small id="link-other-hint">{hint}</small></div>)"
      R"(<div class="actions"><button type="submit">{submit}</button></div></form>{found})",
      fmt::arg("action", project_path(project.code) + "/dependencies"), fmt::arg("lang", lang),
      fmt::arg("label", page.text("A milestone of another project")),
      fmt::arg("value", html_escape(form.other)), fmt::arg("codes", codes),
      fmt::arg("hint", page.text("its code or words of its name, e.g. a 110 kV line; its "
                                 "milestones then join the lists below")),
      fmt::arg("submit", page.text("Show its milestones")),
      fmt::arg("found", found));
}

std::string add_link_form(const PageContext& page, const Portfolio& portfolio,
                          const Project& project, const std::vector<std::int32_t>& milestones,
                          const LinkForm& form, const std::vector<std::int32_t>& others) {
  return fmt::format(
      R"(<form class="edit-form link-form" id="add-link" method="post" action="{action}">{csrf})"
      R"(<h3>{title}</h3><div class="form-grid">)"
      R"(<div class="field"><label for="link-from">{from_label}</label>{from}</div>)"
      R"(<div class="field"><label for="link-to">{to_label}</label>{to}</div>)"
      R"(<div class="field"><label for="link-type">{type_label}</label>{type}</div>)"
      R"(<div class="field"><label for="link-lag">{lag_label}</label>)"
      R"(<input id="link-lag" name="lag_days" type="text" inputmode="numeric" autocomplete="off" value="{lag}" aria-describedby="link-lag-hint">)"
      R"(<small id="link-lag-hint">{lag_hint}</small></div>)"
      R"(</div><div class="actions"><button type="submit" class="primary">{submit}</button></div></form>)",
      fmt::arg("action", page.link(project_path(project.code) + "/dependencies")),
      fmt::arg("csrf", page.csrf_field()),
      fmt::arg("title", page.text("Add a dependency")),
      fmt::arg("from_label", page.text("From (must happen first)")),
      fmt::arg("from",
               milestone_select(page, portfolio, milestones, "link-from", "from", form.from,
                                others)),
      fmt::arg("to_label", page.text("To (waits for it)")),
      fmt::arg("to",
               milestone_select(page, portfolio, milestones, "link-to", "to", form.to, others)),
      fmt::arg("type_label", page.text("Type")),
      fmt::arg("type", type_select(page, "link-type", form.type)),
      fmt::arg("lag_label", page.text("Lag (days)")),
      fmt::arg("lag", html_escape(form.lag_days)),
      fmt::arg("lag_hint", page.text("whole days; negative for an overlap")),
      fmt::arg("submit", page.text("Add the dependency")));
}

// The links into or out of a project, in the portfolio's order.
std::vector<std::int32_t> links_of(const Portfolio& portfolio, std::int32_t project) {
  std::vector<std::int32_t> links;
  for (std::size_t i = 0; i < portfolio.dependencies.size(); ++i) {
    const auto& dependency = portfolio.dependencies[i];
    if (portfolio.milestones[static_cast<std::size_t>(dependency.from)].project == project ||
        portfolio.milestones[static_cast<std::size_t>(dependency.to)].project == project)
      links.push_back(static_cast<std::int32_t>(i));
  }
  return links;
}

std::string link_item(const PageContext& page, const Portfolio& portfolio, std::int32_t project,
                      const Dependency& dependency, std::int64_t version, bool can_write,
                      std::size_t number) {
  std::string from = portfolio.reference(dependency.from), to = portfolio.reference(dependency.to);
  const std::string& code = portfolio.projects[static_cast<std::size_t>(project)].code;
  std::string html = fmt::format(
      R"(<li class="link"><p class="link-ends">{} <span aria-hidden="true">→</span>)"
      R"(<span class="visually-hidden">{}</span> {}</p>)"
      R"(<p class="link-kind">{} · {}</p>)",
      milestone_html(page, portfolio, dependency.from, project), page.text("then"),
      milestone_html(page, portfolio, dependency.to, project),
      html_escape(type_text(page, dependency.type)),
      // An elapsed lag (MS Project's "1ed") counts on the clock, nights and holidays included.
      dependency.lag_calendar == LagCalendarRule::TwentyFourHour
          ? page.say("lag {} days on the 24-hour clock",
                     report::format_integer(dependency.lag_days, page.language))
          : page.say("lag {} days", report::format_integer(dependency.lag_days, page.language)));
  if (can_write) {
    std::string hidden = fmt::format(
        R"({}<input type="hidden" name="from" value="{}"><input type="hidden" name="to" value="{}">)"
        R"(<input type="hidden" name="version" value="{}">)",
        page.csrf_field(), html_escape(from), html_escape(to), version);
    html += fmt::format(
        R"(<div class="link-actions"><form method="post" action="{action}" class="link-change">{hidden})"
        R"(<label>{type_label} {type}</label>)"
        R"(<label>{lag_label} <input name="lag_days" type="text" inputmode="numeric" autocomplete="off" size="5" value="{lag}"></label>)"
        R"(<button type="submit" class="small">{save}</button></form>)"
        R"(<form method="post" action="{remove_action}" class="link-remove">{hidden})"
        R"(<button type="submit" class="small danger">{remove}</button></form></div>)",
        fmt::arg("action", page.link(project_path(code) + "/dependencies")),
        fmt::arg("remove_action", page.link(project_path(code) + "/dependencies/remove")),
        fmt::arg("hidden", hidden), fmt::arg("type_label", page.text_in("page_links", "Type")),
        fmt::arg("type", type_select(page, fmt::format("link-type-{}", number),
                                     link_type_key(dependency.type))),
        fmt::arg("lag_label", page.text("Lag (days)")),
        fmt::arg("lag", dependency.lag_days), fmt::arg("save", page.text("Save")),
        fmt::arg("remove", page.text("Remove")));
  }
  return html + "</li>";
}

// `shown_links` bounds the links listed (0: all of them); the project page lists the first ones
// and leads to the dependencies page for the rest, and to it also for the form that adds one when
// the project has more milestones than a choice list reads well (its lists hold them all).
// `page_number` (from 1), on the dependencies page, lists 100 links a page with a link to every
// page, so that a contractor's schedule of thousands of links stays a page a browser shows at once.
std::string section_html(const PageContext& page, const Portfolio& portfolio, std::int32_t project,
                         const std::vector<std::int32_t>& milestones, const LinkForm& form,
                         std::size_t shown_links = 0, std::size_t page_number = 0) {
  const Project& row = portfolio.projects[static_cast<std::size_t>(project)];
  auto links = links_of(portfolio, project);
  const std::size_t total_links = links.size();
  constexpr std::size_t links_per_page = 100;
  const std::size_t pages = std::max<std::size_t>(1, (total_links + links_per_page - 1) /
                                                         links_per_page);
  std::size_t first_link = 0;
  if (page_number) {
    page_number = std::min(page_number, pages);
    first_link = (page_number - 1) * links_per_page;
    links.erase(links.begin(), links.begin() + static_cast<std::ptrdiff_t>(first_link));
    shown_links = links_per_page;
  }
  if (shown_links && links.size() > shown_links)
    links.resize(shown_links);
  const bool bounded =
      !page_number && shown_links && (total_links > links.size() || milestones.size() > 200);
  auto versions = page.workspace.with_reading([&](store::Database& database) {
    return operations::dependency_versions(database, portfolio, links);
  });
  std::string html = fmt::format(R"(<section class="panel" id="dependencies"><h2>{}</h2>)",
                                 page.text("Dependencies"));
  html += problems_html(page, form.problems);
  if (links.empty()) {
    html += fmt::format(R"(<p class="muted">{}</p>)",
                        page.text("No dependencies."));
  } else {
    html += R"(<ul class="links">)";
    for (std::size_t i = 0; i < links.size(); ++i) {
      const Dependency& dependency = portfolio.dependencies[static_cast<std::size_t>(links[i])];
      // The link bounds its successor's dates: whoever may write that project may change it.
      const Project& successor = portfolio.projects[static_cast<std::size_t>(
          portfolio.milestones[static_cast<std::size_t>(dependency.to)].project)];
      html += link_item(page, portfolio, project, dependency, versions[i],
                        operations::can_write(page.caller.account, successor.province),
                        first_link + i + 1);
    }
    html += "</ul>";
  }
  if (page_number && pages > 1) {
    html += fmt::format(R"(<nav class="pager" aria-label="{}"><span class="page-of">{}</span>)"
                        R"(<span class="numbers">)",
                        page.text_in("page_lists", "Pages"),
                        html_escape(page.say("Page {} of {} · {} rows", page_number, pages,
                                             report::format_integer(
                                                 static_cast<long long>(total_links),
                                                 page.language))));
    for (std::size_t number = 1; number <= pages; ++number)
      html += number == page_number
                  ? fmt::format(R"(<span class="current" aria-current="page">{}</span>)", number)
                  : fmt::format(R"(<a href="{}">{}</a>)",
                                page.link(fmt::format("{}/dependencies?page={}",
                                                      project_path(row.code), number)),
                                number);
    html += "</span></nav>";
  }
  if (bounded) {
    bool can_write = operations::can_write(page.caller.account, row.province);
    if (total_links > links.size() || can_write)
      html += fmt::format(
          R"(<p class="more-rows"><a href="{}">{}</a></p>)",
          page.link(project_path(row.code) + "/dependencies"),
          html_escape(total_links > links.size()
                          ? page.say("All {} dependencies",
                                     report::format_integer(static_cast<long long>(total_links),
                                                            page.language))
                          : std::string(page.text("Add a dependency"))));
    return html + "</section>";
  }
  if (operations::can_write(page.caller.account, row.province) && !milestones.empty()) {
    // The other project: the one searched for, else the one a refused form's ends belong to.
    std::string other = form.other;
    for (const auto* end : {&form.from, &form.to})
      if (other.empty() && !end->empty()) {
        auto code = std::string(split_reference(*end).first);
        if (code != row.code)
          other = code;
      }
    LinkForm shown = form;
    shown.other = other;
    auto matches = projects_matching(portfolio, other, 10);
    std::vector<std::int32_t> others;
    if (matches.size() == 1 && matches.front() != project)
      others = page.workspace.snapshot()->project_index().milestones_by_project()[
          static_cast<std::size_t>(matches.front())];
    html += other_project_form(page, portfolio, row, shown, matches);
    if (milestones.size() >= 2 || !others.empty())
      html += add_link_form(page, portfolio, row, milestones, shown, others);
  }
  return html + "</section>";
}

const std::vector<std::int32_t>& project_milestones(const Snapshot& snapshot,
                                                    std::int32_t project) {
  return snapshot.project_index().milestones_by_project()[static_cast<std::size_t>(project)];
}

// GET shows the section's forms on a page of their own; POST adds a link, or, with a version,
// changes the type and lag of the link FROM -> TO.
void dependencies_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  auto located = locate(page, code);
  const Portfolio& portfolio = located.snapshot->portfolio();
  const auto& milestones = project_milestones(*located.snapshot, located.project);
  LinkForm form;
  form.other = form_field(page.request, "other");
  if (form.other.empty())
    form.other = parameter_or(page.request, "other", "");
  auto show = [&](int status) {
    std::string html = fmt::format(R"(<p class="subtitle"><a href="{}">← {} {}</a></p>)",
                                   page.link(project_path(code)), html_escape(code),
                                   html_escape(located.row().name));
    html += section_html(
        page, portfolio, located.project, milestones, form, 0,
        static_cast<std::size_t>(count_parameter(page.request, "page", 1, 1, 10'000'000)));
    send_html(page.response, status,
              page_frame(page, page.say("{} — dependencies", code),
                         "projects", html));
  };
  if (page.request.method != "POST") {
    show(200);
    return;
  }
  form.from = reference_in(code, form_field(page.request, "from"));
  form.to = reference_in(code, form_field(page.request, "to"));
  auto type = sent_form_field(page.request, "type");
  auto lag = sent_form_field(page.request, "lag_days");
  if (type)
    form.type = *type;
  if (lag)
    form.lag_days = *lag;
  auto version_text = sent_form_field(page.request, "version");
  std::optional<std::int64_t> version;
  if (version_text) {
    version = version_of(*version_text);
    if (!version) {
      form.problems.push_back(page.say("version: '{}': not a version (a whole number)",
                                  shown_safely(*version_text)));
      show(400);
      return;
    }
  }
  // Ends that are not milestones are named by the form's field, before the operation is asked.
  for (auto [name, reference] : {std::pair<std::string, std::string>{"from", form.from},
                                 std::pair<std::string, std::string>{"to", form.to}}) {
    auto [project_code, key] = split_reference(reference);
    if (reference.empty() || !portfolio.find_milestone(project_code, key))
      form.problems.push_back(link_problem(
          page, fmt::format("{}: '{}': no such milestone", name, shown_safely(reference))));
  }
  if (!form.problems.empty()) {
    show(400);
    return;
  }
  try {
    if (version)
      // A change of a link shown with its version: one row written (Workspace::set_link).
      page.workspace.set_link(store::ChangeContext{page.caller.account.name, "", ""}, form.from,
                              form.to, type, lag, &page.caller.account, version);
    else
      // A new link: one row written (Workspace::add_link).
      page.workspace.add_link(store::ChangeContext{page.caller.account.name, "", ""}, form.from,
                              form.to, type, lag, &page.caller.account);
  } catch (const CycleError& error) {
    form.problems.push_back(cycle_problem(page, portfolio, code, error));
    show(400);
    return;
  } catch (const InvalidInput& error) {
    for (const auto& problem : error.problems())
      form.problems.push_back(link_problem(page, problem));
    show(400);
    return;
  } catch (const VersionConflict& conflict) {
    send_conflict(page, code,
                  changed_meanwhile(page,
                                    page.say("The dependency {} → {}",
                                        milestone_text(page, portfolio, form.from, code),
                                        milestone_text(page, portfolio, form.to, code)),
                                    conflict));
    return;
  } catch (const Forbidden&) {
    throw;
  } catch (const Conflict&) {
    send_conflict(page, code,
                  page.say("The dependency {} → {} exists already; change its type or lag in the list "
                      "on the project's page. Nothing was saved.",
                      milestone_text(page, portfolio, form.from, code),
                      milestone_text(page, portfolio, form.to, code)));
    return;
  }
  redirect(page, saved_path(page, code, "#dependencies"));
}

void remove_dependency_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  auto located = locate(page, code);
  const Portfolio& portfolio = located.snapshot->portfolio();
  std::string from = reference_in(code, form_field(page.request, "from"));
  std::string to = reference_in(code, form_field(page.request, "to"));
  auto version_text = sent_form_field(page.request, "version");
  std::optional<std::int64_t> version;
  if (version_text && !(version = version_of(*version_text)))
    throw InvalidInput(page.say("version: '{}': not a version (a whole number)",
                           shown_safely(*version_text)));
  try {
    page.workspace.remove_link(
        store::ChangeContext{page.caller.account.name, form_field(page.request, "reason_text"), ""},
        from, to, &page.caller.account, version);
  } catch (const VersionConflict& conflict) {
    send_conflict(page, code,
                  changed_meanwhile(page,
                                    page.say("The dependency {} → {}",
                                        milestone_text(page, portfolio, from, code),
                                        milestone_text(page, portfolio, to, code)),
                                    conflict));
    return;
  } catch (const NotFound&) {
    throw NotFound(page.say("There is no dependency {} → {}; nothing was removed.",
                       milestone_text(page, portfolio, from, code),
                       milestone_text(page, portfolio, to, code)));
  }
  redirect(page, saved_path(page, code, "#dependencies"));
}

// ---- /projects/CODE/milestones/new ----

struct MilestoneForm {
  std::map<std::string, std::string> values;
  std::vector<std::string> problems;
};

struct TextField {
  std::string_view name, english, vietnamese, hint_english, hint_vietnamese;
  bool date;
};
constexpr TextField new_milestone_fields[] = {
    {"name", "Name (optional)", "Tên riêng (không bắt buộc)", "what the project calls it",
     "tên mốc theo cách gọi của dự án", false},
    {"duration_days", "Duration (days)", "Thời gian (ngày)", "0 for an event",
     "0 nếu là một sự kiện", false},
    {"planned", "Planned", "Kế hoạch", "15/08/2019, 08/2019 or 2019",
     "15/08/2019, 08/2019 hoặc 2019", true},
    {"actual_start", "Actual start", "Bắt đầu thực tế", "", "", true},
    {"actual", "Actual (done on)", "Hoàn thành thực tế", "", "", true},
    {"forecast", "Forecast", "Dự báo", "", "", true},
    {"reason_text", "Reason of delay", "Lý do chậm", "what happened, in a few words",
     "nội dung, vài chữ", false},
    {"source", "Source", "Nguồn", "document, letter or meeting", "văn bản, công văn hoặc cuộc họp",
     false},
};

std::string_view field_label(const PageContext& page, std::string_view name) {
  if (name == "key")
    return page.text("Milestone");
  if (name == "reason_category" || name == "reason")
    return page.text("Reason of delay");
  for (const auto& field : new_milestone_fields)
    if (field.name == name)
      return page.text(field.english, field.vietnamese);
  return name;
}

// A refused milestone's problem in the page's language, naming the form's field.
std::string milestone_problem(const PageContext& page, const std::string& line) {
  Problem problem = split_problem(line);
  if (problem.field.empty())
    return line;
  if (problem.field == "key" && problem.value == reserved_milestone_key)
    return page.say("Key: 'new' is reserved (it names this page); choose another key.");
  if (problem.field == "key" && problem.reason.starts_with("a key is"))
    return page.say("Key: '{}': a key is lower-case letters, digits and '_'.", problem.value);
  if (problem.field == "key" && problem.reason.starts_with("unknown milestone key; did you"))
    return page.say("Key: '{}' is close to a key of the list; choose it from the list.",
               problem.value);
  if (problem.field == "key")
    return page.say("Key: '{}': {}", problem.value, problem.reason);
  if (problem.field == "duration_days")
    return page.say("Duration (days): '{}' is not a whole number of days from 0 to 36500.", problem.value);
  if (problem.field == "planned" || problem.field == "actual_start" || problem.field == "actual" ||
      problem.field == "forecast") {
    if (problem.reason.starts_with("after today"))
      return page.say("{}: '{}' is after today; an actual date records what has happened.",
                 field_label(page, problem.field), problem.value);
    return page.say("{}: '{}' is not a date (15/08/2019, 08/2019 or 2019).",
               field_label(page, problem.field), problem.value);
  }
  return page.say("{}: '{}': {}", field_label(page, problem.field), problem.value,
             problem.reason);
}

void send_new_milestone(PageContext& page, int status, const Located& located,
                        const MilestoneForm& form) {
  const Project& project = located.row();
  const Portfolio& portfolio = located.snapshot->portfolio();
  auto value = [&](const std::string& name) {
    auto found = form.values.find(name);
    return found == form.values.end() ? std::string() : found->second;
  };
  std::string chosen = value("key");
  std::string keys = fmt::format(R"(<option value="">{}</option>)",
                                 page.text("— choose from the list —"));
  bool listed = chosen.empty();
  for (const auto& kind : milestone_catalog()) {
    if (portfolio.find_milestone(project.code, kind.key) && kind.key != chosen)
      continue;
    listed = listed || kind.key == chosen;
    keys += fmt::format(R"(<option value="{}"{}>{} ({})</option>)", kind.key,
                        kind.key == chosen ? " selected" : "",
                        page.text(kind.label_en, kind.label_vi), kind.key);
  }
  std::string own = listed ? value("key_other") : chosen;
  std::string categories =
      fmt::format(R"(<option value="">{}</option>)", page.text("— none —"));
  for (const auto& category : category_choices)
    categories += fmt::format(R"(<option value="{}"{}>{}</option>)", category.key,
                              category.key == value("reason_category") ? " selected" : "",
                              page.text(category.english, category.vietnamese));
  std::string inputs = fmt::format(
      R"(<div class="field"><label for="key">{key_label}</label><select id="key" name="key">{keys}</select>)"
      R"(<small>{key_hint}</small></div>)"
      R"(<div class="field"><label for="key_other">{own_label}</label>)"
      R"(<input id="key_other" name="key_other" type="text" autocomplete="off" value="{own}" aria-describedby="key_other-hint">)"
      R"(<small id="key_other-hint">{own_hint}</small></div>)",
      fmt::arg("key_label", page.text("Milestone")), fmt::arg("keys", keys),
      fmt::arg("key_hint",
               page.text("the milestones every project shares")),
      fmt::arg("own_label", page.text("Or a key of your own")),
      fmt::arg("own", html_escape(own)),
      fmt::arg("own_hint", page.text("lower-case letters, digits and _, e.g. works_2")));
  for (const auto& field : new_milestone_fields) {
    std::string name(field.name);
    if (field.name == "reason_text")
      inputs +=
          fmt::format(R"(<div class="field"><label for="reason_category">{}</label>)"
                      R"(<select id="reason_category" name="reason_category">{}</select></div>)",
                      page.text("Category of delay"), categories);
    std::string hint(page.vietnamese() ? field.hint_vietnamese : field.hint_english);
    if (hint.empty() && field.date)
      hint = page.text("any date form as above");
    inputs += fmt::format(
        R"(<div class="field{wide}"><label for="{name}">{label}</label>)"
        R"(<input id="{name}" name="{name}" type="text" value="{value}"{extra} aria-describedby="{name}-hint">)"
        R"(<small id="{name}-hint">{hint}</small></div>)",
        fmt::arg("name", name), fmt::arg("wide", field.name == "source" ? " wide" : ""),
        fmt::arg("label", page.text(field.english, field.vietnamese)),
        fmt::arg("value", html_escape(value(name))),
        fmt::arg("extra", field.date || field.name == "duration_days"
                              ? R"( inputmode="numeric" autocomplete="off")"
                              : ""),
        fmt::arg("hint", html_escape(hint)));
  }
  std::string html = fmt::format(R"(<p class="subtitle"><a href="{}">← {} {}</a></p>)",
                                 page.link(project_path(project.code)), html_escape(project.code),
                                 html_escape(project.name));
  html += problems_html(page, form.problems);
  html += fmt::format(
      R"(<form class="edit-form" method="post" action="{action}">{csrf})"
      R"(<div class="form-grid">{inputs}</div><div class="actions">)"
      R"(<button type="submit" class="primary">{submit}</button><a href="{back}">{cancel}</a></div></form>)",
      fmt::arg("action", page.link(project_path(project.code) + "/milestones/new")),
      fmt::arg("csrf", page.csrf_field()), fmt::arg("inputs", inputs),
      fmt::arg("submit", page.text("Add the milestone")),
      fmt::arg("back", page.link(project_path(project.code))),
      fmt::arg("cancel", page.text_in("page_import", "Cancel")));
  send_html(page.response, status,
            page_frame(page, page.say("{} — add a milestone", project.code),
                       "projects", html));
}

void new_milestone_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  auto located = locate(page, code);
  const Project& project = located.row();
  require_writer(page, project);
  MilestoneForm form;
  if (page.request.method != "POST") {
    form.values["duration_days"] = "0";
    send_new_milestone(page, 200, located, form);
    return;
  }
  for (std::string name : {"key", "key_other", "reason_category"})
    form.values[name] = form_field(page.request, name);
  for (const auto& field : new_milestone_fields) {
    std::string name(field.name);
    form.values[name] = form_field(page.request, name);
  }
  // A key of one's own, when typed, is the key; else the one chosen from the list.
  auto trim = [](std::string text) {
    auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
      return std::string();
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
  };
  std::string key = trim(form.values["key_other"]);
  if (key.empty())
    key = trim(form.values["key"]);
  if (key.empty())
    form.problems.push_back(page.say("Milestone: choose one from the list or type a key."));
  std::string category = form.values["reason_category"];
  std::string reason_text = trim(form.values["reason_text"]);
  std::string reason;
  if (!category.empty() && reason_text.empty())
    form.problems.push_back(page.say("Reason of delay: write what happened beside the category."));
  else if (category.empty() && !reason_text.empty())
    form.problems.push_back(page.say("Category of delay: choose one for the reason."));
  else if (!category.empty())
    reason = category + ":" + reason_text;
  if (!form.problems.empty()) {
    send_new_milestone(page, 400, located, form);
    return;
  }
  Fields fields;
  for (std::string name :
       {"name", "duration_days", "planned", "actual_start", "actual", "forecast", "source"}) {
    std::string typed = trim(form.values[name]);
    if (!typed.empty())
      fields.push_back(Field{name, typed});
  }
  if (!reason.empty())
    fields.push_back(Field{"reason", reason});
  try {
    page.workspace.add_milestone(
        store::ChangeContext{page.caller.account.name, reason, form.values["source"]},
        project.code + ":" + key, fields, operations::Guard{&page.caller.account, std::nullopt});
  } catch (const Forbidden&) {
    throw;
  } catch (const VersionConflict&) {
    throw;
  } catch (const Conflict&) {
    form.problems.push_back(page.say("Milestone: '{}' exists already in {}; change it from the "
                                "project's page.",
                                key, project.code));
    send_new_milestone(page, 409, located, form);
    return;
  } catch (const InvalidInput& error) {
    for (const auto& problem : error.problems())
      form.problems.push_back(milestone_problem(page, problem));
    send_new_milestone(page, 400, located, form);
    return;
  }
  redirect(page, saved_path(page, project.code));
}

// ---- /projects/CODE/milestones/KEY/delete ----

void delete_milestone_page(PageContext& page) {
  std::string code = page.request.matches[1].str();
  std::string key = page.request.matches[2].str();
  auto located = locate(page, code);
  const Portfolio& portfolio = located.snapshot->portfolio();
  auto index = portfolio.find_milestone(code, key);
  if (!index)
    throw NotFound(page.say("milestone '{}:{}' not found",
                       shown_safely(code), shown_safely(key)));
  const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(*index)];
  require_writer(page, located.row());
  std::string reference = code + ":" + key;
  std::vector<std::string> problems;
  std::string reason = form_field(page.request, "reason_text");
  std::string version_text =
      page.request.method == "POST"
          ? form_field(page.request, "version")
          : std::to_string(page.workspace.with_reading([&](store::Database& database) {
              return operations::milestone_version(database, reference);
            }));
  auto show = [&](int status) {
    std::string links;
    for (const auto& dependency : portfolio.dependencies)
      if (dependency.from == *index || dependency.to == *index)
        links += fmt::format("<li>{} → {}</li>",
                             milestone_html(page, portfolio, dependency.from, located.project),
                             milestone_html(page, portfolio, dependency.to, located.project));
    std::string html = fmt::format(R"(<p class="subtitle"><a href="{}">← {} {}</a></p>)",
                                   page.link(project_path(code)), html_escape(code),
                                   html_escape(located.row().name));
    html += problems_html(page, problems);
    html += fmt::format(
        R"(<p>{}</p>)",
        page.say("Remove the milestone {} entered by mistake? The history keeps it and its links.",
            milestone_html(page, portfolio, *index, located.project)));
    html += links.empty() ? fmt::format(R"(<p class="muted">{}</p>)",
                                        page.text("It has no dependencies."))
                          : fmt::format(R"(<p>{}</p><ul class="links-going">{}</ul>)",
                                        page.text("These dependencies go with it:"),
                                        links);
    html += fmt::format(
        R"(<form class="edit-form" method="post" action="{action}">{csrf})"
        R"(<input type="hidden" name="version" value="{version}">)"
        R"(<div class="field wide"><label for="reason_text">{label}</label>)"
        R"(<input id="reason_text" name="reason_text" type="text" required value="{reason}" aria-describedby="reason_text-hint">)"
        R"(<small id="reason_text-hint">{hint}</small></div>)"
        R"(<div class="actions"><button type="submit" class="danger">{submit}</button><a href="{back}">{cancel}</a></div></form>)",
        fmt::arg("action", page.link(milestone_path(code, key) + "/delete")),
        fmt::arg("csrf", page.csrf_field()), fmt::arg("version", html_escape(version_text)),
        fmt::arg("label", page.text("Why it goes (required)")),
        fmt::arg("reason", html_escape(reason)),
        fmt::arg("hint", page.text("e.g. entered twice, wrong project")),
        fmt::arg("submit", page.text("Remove the milestone")),
        fmt::arg("back", page.link(project_path(code))),
        fmt::arg("cancel", page.text_in("page_import", "Cancel")));
    send_html(page.response, status,
              page_frame(page,
                         page.say("{} — remove the milestone {}", code,
                             milestone_label(page, milestone)),
                         "projects", html));
  };
  if (page.request.method != "POST") {
    show(200);
    return;
  }
  auto version = version_of(version_text);
  if (!version)
    problems.push_back(page.say("version: '{}': not a version (a whole number)",
                           shown_safely(version_text)));
  if (reason.find_first_not_of(" \t") == std::string::npos)
    problems.push_back(page.say("Why it goes: write a reason; the history keeps it."));
  if (!problems.empty()) {
    show(400);
    return;
  }
  try {
    page.workspace.remove_milestone(store::ChangeContext{page.caller.account.name, reason, ""},
                                    reference, operations::Guard{&page.caller.account, version});
  } catch (const VersionConflict& conflict) {
    send_conflict(page, code,
                  changed_meanwhile(page,
                                    page.say("The milestone {}",
                                        milestone_text(page, portfolio, reference, code)),
                                    conflict));
    return;
  }
  redirect(page, saved_path(page, code));
}

}  // namespace

std::string dependencies_section(const PageContext& page, const Snapshot& snapshot,
                                 std::int32_t project) {
  return section_html(page, snapshot.portfolio(), project, project_milestones(snapshot, project),
                      LinkForm{}, 25);
}

std::string add_milestone_link(const PageContext& page, const Project& project) {
  if (!operations::can_write(page.caller.account, project.province))
    return "";
  return fmt::format(R"(<a class="more button small" href="{}">+ {}</a>)",
                     page.link(project_path(project.code) + "/milestones/new"),
                     page.text("Add a milestone"));
}

std::string remove_milestone_link(const PageContext& page, const Project& project,
                                  const std::string& key) {
  // A reader who may not write the project is not offered a button that can only answer 403.
  if (!operations::can_write(page.caller.account, project.province))
    return "";
  const std::string& code = project.code;
  return fmt::format(R"( <a class="button small danger" href="{}">{}</a>)",
                     page.link(milestone_path(code, key) + "/delete"), page.text("Remove"));
}

std::string saved_notice(const PageContext& page) {
  if (!page.request.has_param("saved"))
    return "";
  return fmt::format(R"(<p class="notice saved" role="status">{}</p>)",
                     page.text("Saved."));
}

void register_link_pages(Router& server, Workspace& workspace, const ServerOptions& options) {
  server.Get(R"(/projects/([^/]+)/milestones/new)",
             page_route(workspace, options, new_milestone_page));
  server.Post(R"(/projects/([^/]+)/milestones/new)",
              page_route(workspace, options, new_milestone_page));
  server.Get(R"(/projects/([^/]+)/milestones/([^/]+)/delete)",
             page_route(workspace, options, delete_milestone_page));
  server.Post(R"(/projects/([^/]+)/milestones/([^/]+)/delete)",
              page_route(workspace, options, delete_milestone_page));
  server.Get(R"(/projects/([^/]+)/dependencies)",
             page_route(workspace, options, dependencies_page));
  server.Post(R"(/projects/([^/]+)/dependencies)",
              page_route(workspace, options, dependencies_page));
  server.Post(R"(/projects/([^/]+)/dependencies/remove)",
              page_route(workspace, options, remove_dependency_page));
}

}  // namespace tiendo::web
