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

// Levenshtein distance over bytes; used on folded keys to suggest the nearest names.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates nearest to `wanted` (folded), at most `count`, closest first.
std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& candidates,
                                       std::size_t count = 3);

}  // namespace tiendo
