#pragma once
// The change log in a reader's words, shared by the history page and its undo confirmation: a
// record by what it is (a milestone by its catalog label with its key small beside it, a link by
// its two ends, an account by its name), a field by its label, a value as the page's language
// writes it (dates dd/mm/yyyy on a Vietnamese page, a delay reason by its category's label, a
// status by its word) — never a column code or an ISO date to a Vietnamese reader.
#include <string>
#include <string_view>

#include "domain/portfolio.h"
#include "report/format.h"
#include "store/database.h"
#include "web/pages.h"

namespace tiendo::web {

// A change-log field ("planned", "created_with_plan", "role") as a label.
std::string field_label(std::string_view field, report::Language language);
// A stored value of `field` as the reader reads it (plain text, not escaped).
std::string value_text(std::string_view field, const std::string& value, report::Language language);
// A change-log row's source as the reader reads it: the data date an import of a contractor's
// schedule names ("plan.xer (data date 2027-02-01)") written as the page writes dates.
std::string source_text(const std::string& source, report::Language language);
// What a change-log entity names, as text (not escaped).
std::string entity_text(const PageContext& page, const Portfolio& portfolio,
                        const std::string& entity);
// One row of a change table (escaped here); `action` is markup the page made (a link or a mark),
// shown in a last cell when not empty.
std::string change_row_html(const PageContext& page, const Portfolio& portfolio,
                            const store::ChangeRecord& record, const std::string& action);
// The table around rows change_row_html made, with an action column when `with_action`.
std::string change_table_html(const PageContext& page, const std::string& rows, bool with_action);

}  // namespace tiendo::web
