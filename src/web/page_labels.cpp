#include "web/page_labels.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/alerts.h"
#include "domain/command_line.h"
#include "domain/edit.h"
#include "report/html.h"
#include "report/labels.h"
#include "web/http.h"
#include "web/page_widgets.h"

namespace tiendo::web {
namespace {

using report::html_escape;

std::string trimmed(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string reason_inputs(const PageContext& page, const Milestone& milestone,
                          const std::string& category, const std::string& text, bool can_edit) {
  std::string options = fmt::format(R"(<option value="">{}</option>)",
                                    page.text("— choose a category —"));
  for (auto key : delay_categories)
    options +=
        fmt::format(R"(<option value="{}"{}>{}</option>)", key, key == category ? " selected" : "",
                    html_escape(report::delay_category_label(key, page.language)));
  std::string hint(page.text("for this change; left empty, the stored reason stays"));
  if (!milestone.reason.empty())
    hint += fmt::format(" ({}: {})", page.text("now"),
                        report::reason_text(milestone.reason, page.language));
  return fmt::format(
      R"(<fieldset class="field wide reason"><legend>{legend}</legend>)"
      R"(<div class="reason-parts"><label for="reason_category">{category_label})"
      R"(<select id="reason_category" name="reason_category"{disabled}>{options}</select></label>)"
      R"(<label for="reason_text">{text_label})"
      R"(<input id="reason_text" name="reason_text" type="text" value="{text}"{readonly})"
      R"( aria-describedby="reason-hint"></label></div>)"
      R"(<small id="reason-hint">{hint}</small></fieldset>)",
      fmt::arg("legend", page.text("Reason of delay")),
      fmt::arg("category_label", page.text("Category")),
      fmt::arg("disabled", can_edit ? "" : " disabled"), fmt::arg("options", options),
      fmt::arg("text_label", page.text("What happened")),
      fmt::arg("text", html_escape(text)), fmt::arg("readonly", can_edit ? "" : " readonly"),
      fmt::arg("hint", html_escape(hint)));
}

FormReason read_form_reason(const PageContext& page) {
  FormReason result;
  auto category = sent_form_field(page.request, "reason_category");
  auto text = sent_form_field(page.request, "reason_text");
  result.category = trimmed(category.value_or(""));
  result.text = trimmed(text.value_or(""));
  if (result.category.empty() && result.text.empty()) {
    // A page or script of before the list posts the whole reason as `reason`.
    result.reason = trimmed(sent_form_field(page.request, "reason").value_or(""));
    return result;
  }
  if (result.category.empty()) {
    // "category:text" typed into the text box is still read.
    if (delay_reason_problem(result.text).empty())
      result.reason = result.text;
    else
      result.problems.push_back(
          std::string(page.text("Reason of delay: choose its category from the list.")));
    return result;
  }
  bool known = false;
  for (auto key : delay_categories)
    known = known || key == result.category;
  if (!known) {
    result.problems.push_back(
        page.vietnamese()
            ? fmt::format("Lý do chậm: không có nhóm '{}'; hãy chọn trong danh sách.",
                          shown_safely(result.category))
            : fmt::format("Reason of delay: there is no category '{}'; choose one from the list.",
                          shown_safely(result.category)));
    return result;
  }
  if (result.text.empty()) {
    result.problems.push_back(
        page.vietnamese()
            ? fmt::format("Lý do chậm: hãy ghi nội dung sau nhóm \"{}\".",
                          report::delay_category_label(result.category, page.language))
            : fmt::format("Reason of delay: say what happened after the category \"{}\".",
                          report::delay_category_label(result.category, page.language)));
    return result;
  }
  result.reason = result.category + ":" + result.text;
  return result;
}

std::string later_without_reason_problem(const PageContext& page,
                                         const std::vector<operations::LaterDate>& later) {
  std::vector<std::string> moves;
  for (const auto& move : later) {
    std::string_view field = move.field == "planned" ? page.text("the plan")
                                                     : page.text("the forecast");
    moves.push_back(fmt::format("{} {} → {}", field,
                                report::format_date(move.before, page.language),
                                report::format_date(move.after, page.language)));
  }
  std::string joined = fmt::format("{}", fmt::join(moves, ", "));
  return page.vietnamese()
             ? fmt::format(
                   "Mốc bị lùi muộn hơn ({}): hãy chọn nhóm lý do chậm và ghi nội dung "
                   "cho thay đổi này; lý do đã ghi trước đó không được tính.",
                   joined)
             : fmt::format(
                   "The milestone moves later ({}): choose a reason category and say "
                   "what happened for this change; the reason stored before does not "
                   "count.",
                   joined);
}

namespace {

// "lý do: lưới điện: chưa đóng điện", or nothing when the milestone has no reason.
std::string reason_clause(const PageContext& page, const Milestone& milestone) {
  if (milestone.reason.empty())
    return "";
  return fmt::format(", {} {}", page.text("reason:"),
                     report::reason_text(milestone.reason, page.language, true));
}

// "TV-LINE: Đóng điện đường dây chưa xong (dự báo 12/2021, lý do: …)"
std::string step_clause(const PageContext& page, const Portfolio& portfolio,
                        const analysis::DriverStep& step, std::int32_t own_project) {
  const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(step.milestone)];
  std::string label =
      report::milestone_label(portfolio, step.milestone, page.language, own_project);
  if (milestone.actual)
    return page.vietnamese() ? fmt::format("{} xong muộn (ngày {}{})", label,
                                           report::format_date(*milestone.actual, page.language),
                                           reason_clause(page, milestone))
                             : fmt::format("{} was done late (on {}{})", label,
                                           report::format_date(*milestone.actual, page.language),
                                           reason_clause(page, milestone));
  std::string day = report::format_date(Date::from_days(step.early_finish), page.language);
  return page.vietnamese()
             ? fmt::format("{} chưa xong (dự báo {}{})", label, day, reason_clause(page, milestone))
             : fmt::format("{} is not done (forecast {}{})", label, day,
                           reason_clause(page, milestone));
}

}  // namespace

std::string driver_sentences(const PageContext& page, const Portfolio& portfolio,
                             const analysis::Schedule& schedule,
                             const std::vector<std::int32_t>& milestones,
                             std::int32_t own_project) {
  std::string items;
  for (auto m : milestones) {
    const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(m)];
    const auto& entry = schedule.milestones[static_cast<std::size_t>(m)];
    auto slip = analysis::slip_days(milestone, entry);
    if (milestone.done() || !slip || *slip <= 0)
      continue;
    auto chain = analysis::driver_chain(portfolio, schedule, m);
    std::string label = report::milestone_label(milestone, page.language);
    std::string days = report::format_integer(*slip, page.language);
    std::string sentence = page.vietnamese() ? fmt::format("{} chậm {} ngày", label, days)
                                             : fmt::format("{} is {} days late", label, days);
    if (chain.size() <= 1) {
      // Nothing upstream holds it: its own forecast or the as-of date does.
      std::string day = report::format_date(Date::from_days(entry.early_finish), page.language);
      sentence += fmt::format(" ({} {}{})", page.text("forecast"), day,
                              reason_clause(page, milestone));
    } else {
      if (!milestone.reason.empty())
        sentence += fmt::format(" ({} {})", page.text("reason:"),
                                report::reason_text(milestone.reason, page.language, true));
      // The chain from the late milestone back to what sets it, each step waiting for the next.
      for (std::size_t i = 1; i < chain.size() && i <= chain_names_shown; ++i)
        sentence += fmt::format("{}{}",
                                i == 1 ? page.text(" because ")
                                       : page.text(", which waits for "),
                                step_clause(page, portfolio, chain[i], own_project));
      if (chain.size() > chain_names_shown + 1)
        sentence += page.vietnamese()
                        ? fmt::format(" … và {} mốc nữa", chain.size() - chain_names_shown - 1)
                        : fmt::format(" … and {} more", chain.size() - chain_names_shown - 1);
    }
    items += fmt::format("<li>{}.</li>", html_escape(sentence));
  }
  if (items.empty())
    return "";
  return R"(<ul class="driver-sentences">)" + items + "</ul>";
}

std::string saved_notice(const PageContext& page, const Portfolio& portfolio,
                         const Project& project) {
  auto key = parameter_or(page.request, "saved", "");
  if (key.empty())
    return "";
  auto index = portfolio.find_milestone(project.code, key);
  if (!index)
    return "";
  std::string label = report::milestone_label(
      portfolio.milestones[static_cast<std::size_t>(*index)], page.language);
  return fmt::format(R"(<p class="saved" role="status">{}</p>)",
                     html_escape(page.vietnamese() ? fmt::format("Đã lưu: {}.", label)
                                                   : fmt::format("Saved: {}.", label)));
}

}  // namespace tiendo::web
