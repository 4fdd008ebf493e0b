#pragma once
// The milestone form's delay reason (a category chosen from a list and a text), the rule that a
// date moved later needs one, the project page's driver sentences and the "saved" line: the parts
// of issue 29 that name milestones and reasons as people say them (report/labels.h).
#include <optional>
#include <string>
#include <vector>

#include "analysis/schedule.h"
#include "domain/portfolio.h"
#include "operations/delay_reasons.h"
#include "web/pages.h"

namespace tiendo::web {

// The reason fields of the milestone form: a list of the delay categories by their labels
// (reason_category) and a text box (reason_text), with the stored reason shown beside them.
std::string reason_inputs(const PageContext& page, const Milestone& milestone,
                          const std::string& category, const std::string& text, bool can_edit);

// What the form sent as this change's reason: reason_category and reason_text joined as
// "category:text", else a posted `reason` as it is (older pages and scripts); empty when none.
// A category without a text, or a text without a category, is a problem in the page's language.
struct FormReason {
  std::string reason;
  std::string category, text;  // As typed, to show the form again.
  std::vector<std::string> problems;
};
FormReason read_form_reason(const PageContext& page);

// Why the form refuses dates moved later without a reason, in the page's language.
std::string later_without_reason_problem(const PageContext& page,
                                         const std::vector<operations::LaterDate>& later);

// One sentence per late milestone of a project, with what it waits for and each step's reason:
// "Vận hành thương mại (COD) chậm 214 ngày vì TV-LINE: Đóng điện đường dây chưa xong (dự báo
// 12/2021, lý do: lưới điện: …)". An empty text when none is late.
std::string driver_sentences(const PageContext& page, const Portfolio& portfolio,
                             const analysis::Schedule& schedule,
                             const std::vector<std::int32_t>& milestones, std::int32_t own_project);

// The "đã lưu" line a page shows after the milestone form saved (?saved=KEY), else nothing.
std::string saved_notice(const PageContext& page, const Portfolio& portfolio,
                         const Project& project);

}  // namespace tiendo::web
