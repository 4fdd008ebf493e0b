#include "domain/command_line.h"

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <utility>

#include "domain/text.h"

namespace tiendo {
namespace {

std::string grouped(std::uint64_t value) {
  std::string digits = fmt::format("{}", value);
  std::string result;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      result += ',';
    result += digits[i];
  }
  return result;
}

// Characters that would move the cursor, change colours or reorder the line if printed as they are.
bool is_control(utf8proc_int32_t codepoint) {
  return codepoint < 0x20 || (codepoint >= 0x7F && codepoint <= 0x9F) ||
         (codepoint >= 0x200E && codepoint <= 0x200F) ||
         (codepoint >= 0x202A && codepoint <= 0x202E) ||
         (codepoint >= 0x2066 && codepoint <= 0x2069);
}

// Levenshtein distance with the swap of two neighbouring letters counted as one edit (optimal
// string alignment). Plain Levenshtein counts a swap as two, so "lsit" would be as near to "set"
// as to "list"; a swap is the commonest slip of a typing hand.
std::size_t swap_aware_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::uint64_t> parse_count(std::string_view text, CountRange range) {
  if (text.empty())
    return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10)
      return std::nullopt;
    value = value * 10 + digit;
  }
  if (value < range.minimum || value > range.maximum)
    return std::nullopt;
  return value;
}

std::string count_problem(std::string_view option, std::string_view text, CountRange range) {
  // A range that ends where the type does has no upper bound a person would care about.
  bool open = range.maximum >= static_cast<std::uint64_t>(INT64_MAX);
  std::string wanted =
      open ? fmt::format("({} or more)", grouped(range.minimum))
           : fmt::format("from {} to {}", grouped(range.minimum), grouped(range.maximum));
  return fmt::format("{}: '{}': not a count {}", option, shown_safely(text), wanted);
}

std::string shown_safely(std::string_view text, std::size_t limit) {
  std::string shown;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t position = 0;
  while (position < text.size()) {
    if (position >= limit) {
      shown += "…";
      break;
    }
    utf8proc_int32_t codepoint = -1;
    utf8proc_ssize_t length = utf8proc_iterate(
        bytes + position, static_cast<utf8proc_ssize_t>(text.size() - position), &codepoint);
    if (length <= 0 || codepoint < 0) {
      shown += fmt::format("\\x{:02x}", static_cast<unsigned>(bytes[position]));
      ++position;
      continue;
    }
    if (is_control(codepoint))
      shown += codepoint < 0x80 ? fmt::format("\\x{:02x}", codepoint)
                                : fmt::format("\\u{{{:04x}}}", codepoint);
    else
      shown.append(text.substr(position, static_cast<std::size_t>(length)));
    position += static_cast<std::size_t>(length);
  }
  return shown;
}

std::optional<std::string> likely_meant(std::string_view typed,
                                        const std::vector<std::string>& names) {
  std::string key = fold_for_matching(typed);
  if (key.empty() || names.empty())
    return std::nullopt;
  // A beginning that only one name has ("proj", "hist") is as good as a near miss.
  std::optional<std::string> only_start;
  int starts = 0;
  for (const auto& name : names)
    if (key.size() >= 3 && fold_for_matching(name).starts_with(key)) {
      only_start = name;
      ++starts;
    }
  if (starts == 1)
    return only_start;
  // The nearest by swap-aware distance, ties going to the nearer by plain edit distance and then
  // to the name listed first. Short words may be one slip off, longer ones two or three.
  std::size_t allowed = key.size() <= 2 ? 1 : key.size() <= 6 ? 2 : 3;
  const std::string* best = nullptr;
  std::pair<std::size_t, std::size_t> best_score;
  for (const auto& name : names) {
    std::string candidate = fold_for_matching(name);
    std::pair score{swap_aware_distance(key, candidate), edit_distance(key, candidate)};
    if (best == nullptr || score < best_score) {
      best = &name;
      best_score = score;
    }
  }
  if (best_score.first > allowed)
    return std::nullopt;
  return *best;
}

}  // namespace tiendo
