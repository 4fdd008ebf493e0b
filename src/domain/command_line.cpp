#include "domain/command_line.h"

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <utility>

#include "domain/text.h"

namespace tiendo {
namespace {

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

Message count_problem(std::string_view option, std::string_view text, CountRange range) {
  // A range that ends where the type does has no upper bound a person would care about.
  if (range.maximum >= static_cast<std::uint64_t>(INT64_MAX))
    return message("{}: '{}': not a count ({} or more)", option, shown_safely(text),
                   Count{range.minimum});
  return message("{}: '{}': not a count from {} to {}", option, shown_safely(text),
                 Count{range.minimum}, Count{range.maximum});
}

std::string shown_safely(std::string_view text, std::size_t limit) {
  // Cut at a character boundary, then shown as every output shows text (printable).
  if (text.size() <= limit)
    return printable(text);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return printable(text.substr(0, cut)) + "…";
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

std::string grouped_in_english(std::uint64_t value) {
  std::string digits = fmt::format("{}", value);
  std::string result;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      result += ',';
    result += digits[i];
  }
  return result;
}

}  // namespace tiendo
