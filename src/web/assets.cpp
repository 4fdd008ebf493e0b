#include "web/assets.h"

namespace tiendo::web {

std::optional<Asset> find_asset(std::string_view name) {
  for (const auto& [file, bytes] : embedded_assets()) {
    if (file != name)
      continue;
    std::string_view type = "application/octet-stream";
    if (name.ends_with(".css"))
      type = "text/css; charset=utf-8";
    else if (name.ends_with(".js"))
      type = "text/javascript; charset=utf-8";
    else if (name.ends_with(".svg"))
      type = "image/svg+xml";
    return Asset{bytes, type};
  }
  return std::nullopt;
}

}  // namespace tiendo::web
