#pragma once
// Text from the database and from requests enters an HTML page (the periodic report, the web
// workspace) only through html_escape, so a project named "<script>" is shown as text.
#include <string>
#include <string_view>

namespace tiendo::report {

// Markup characters (& < > " ') become entities, and control characters or stray bytes stored by
// an older tiendo are shown as printable() writes them. Safe in element text and in quoted
// attribute values.
std::string html_escape(std::string_view raw);

// Text as one part of a URL (a path segment or a query value): every byte but the unreserved
// ASCII letters, digits and "-_.~" percent-encoded; with keep_slashes, "/" stays (a whole path).
std::string url_component(std::string_view text, bool keep_slashes = false);

}  // namespace tiendo::report
