#pragma once
#include <string_view>

namespace tiendo {
// fixtures/provinces.csv, compiled into the binary (see cmake/embed.cmake).
std::string_view builtin_provinces_csv();
}  // namespace tiendo
