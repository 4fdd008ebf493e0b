#pragma once
// Text helpers for Vietnamese names: users type "soc trang" and mean Sóc Trăng.
#include <string>
#include <string_view>
#include <vector>

namespace tiendo {

// Lower-case ASCII-ish key with diacritics removed (Đ → d), runs of spaces, hyphens and
// underscores collapsed to one space. Two names match when their keys are equal.
std::string fold_for_matching(std::string_view text);

bool is_valid_utf8(std::string_view text);

// What text a user gives may hold (names, investor, site, reason, source, actor, baseline names):
// valid UTF-8 on one line, at most 10,000 bytes, with no control character — no C0 control (tab,
// CR and LF included, as a name with a line break forges a row of a table), no DEL, no C1 control
// (U+0080-U+009F, which terminals read as escape sequences), no line or paragraph separator and no
// bidirectional override (which make a terminal show text in an order other than stored). Returns
// why the text is refused, or an empty view when it is acceptable.
std::string_view text_problem(std::string_view text);

// Text as it can be printed anywhere: every byte that is not valid UTF-8 and every character that
// text_problem refuses appear escaped as \xNN (bytes below 0x80 and stray bytes) or \uNNNN
// (characters above), so an older database, a file name or a CSV header can never move a cursor,
// recolour a terminal or forge a line. Text that needs no escaping comes back unchanged.
std::string printable(std::string_view text);
// True when printable(text) would return text unchanged; cheap for ASCII.
bool is_printable(std::string_view text);

// Stored text as a file meant for another program carries it — a CSV cell, a workbook's cell, an
// HTML page, a Markdown report, a calendar, a graph: every byte that is not valid UTF-8 becomes
// U+FFFD (the replacement character), and every character text_problem refuses, NUL included,
// appears escaped as printable shows it (\x1b, \u009b), so whatever a database holds makes valid
// output, whole. The one function every such writer uses; JSON has its own (report::json_text),
// as JSON escapes control characters itself, and a terminal has printable.
std::string document_text(std::string_view text);

// Levenshtein distance over bytes; used on folded keys to suggest the nearest names.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates nearest to `wanted` (folded), at most `count`, closest first.
std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& candidates,
                                       std::size_t count = 3);

}  // namespace tiendo
