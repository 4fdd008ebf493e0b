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

}  // namespace tiendo::report
