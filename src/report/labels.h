#pragma once
// How a milestone and a delay reason are named to a person: a milestone by its catalog label
// ("Bồi thường, giải phóng mặt bằng"), its key only small beside it; a reason by its category's
// label ("Tài chính: nhà thầu thiếu vốn"), never the stored code ("financing:..."). Every face
// (pages, alerts, the report, the command line's Vietnamese tables) names them through here, so
// a reader meets one name for one thing.
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/portfolio.h"
#include "report/format.h"

namespace tiendo::report {

// The catalog label of a key, or the key itself when the catalog has no such key.
std::string_view milestone_label(std::string_view key, Language language);
// A milestone's label: the catalog's for a catalog key, else its own name, else its key.
std::string milestone_label(const Milestone& milestone, Language language);
// The label of a portfolio's milestone; prefixed by its project's code ("TV-LINE: Đóng điện đường
// dây") unless it belongs to `own_project`.
std::string milestone_label(const Portfolio& portfolio, std::int32_t milestone, Language language,
                            std::int32_t own_project = -1);
// The label escaped for HTML, the key small beside it when the label is not the key:
// "Khởi công <small class="key">construction_start</small>".
std::string milestone_label_html(const Milestone& milestone, Language language);

// The label of a delay category ("Tài chính" for financing, "Chưa ghi nhận" for unknown), or the
// category itself when it is not one of delay_categories.
std::string_view delay_category_label(std::string_view category, Language language);
// A stored reason "financing:nhà thầu thiếu vốn" as a person reads it: "Tài chính: nhà thầu thiếu
// vốn". Empty for an empty reason. With `in_sentence` the category starts lower case
// ("lý do: tài chính: …").
std::string reason_text(std::string_view reason, Language language, bool in_sentence = false);

// A link's type as people say it ("Kết thúc → Bắt đầu", "Finish to start"), never its key (FS).
std::string_view link_type_label(LinkType type, Language language);
// A link's type and lag as the change log stores them ("FS 0", "SS -5") in words: "Kết thúc →
// Bắt đầu, độ trễ 0 ngày"; any other text as it is.
std::string link_text(std::string_view stored, Language language);

}  // namespace tiendo::report
