#pragma once
// Pieces of the import page (page_import.cpp) that its contractor's-schedule part
// (page_contractor_import.cpp) shares: a preview keeps the uploaded files in its confirm form as
// base64 (see page_import.cpp for why).
#include <optional>
#include <string>
#include <string_view>

namespace tiendo::web {

std::string base64_encode(std::string_view bytes);
// Nothing when the text is not base64 as base64_encode writes it.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace tiendo::web
