#pragma once
// The web workspace's own style sheet and script, compiled into the binary
// (cmake/embed_assets.cmake writes embedded_assets from src/web/assets/).
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace tiendo::web {

// Every asset as (file name, bytes), in file-name order.
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_assets();

struct Asset {
  std::string_view bytes;
  std::string_view content_type;
};

// The asset of that exact file name; nothing for any other name (no path is ever opened).
std::optional<Asset> find_asset(std::string_view name);

}  // namespace tiendo::web
