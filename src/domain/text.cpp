#include "domain/text.h"

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace tiendo {

bool is_valid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    // Most bytes of a name are ASCII, which is always valid; only the others need decoding.
    if (*bytes < 0x80) {
      ++bytes;
      --remaining;
      continue;
    }
    utf8proc_int32_t codepoint = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes, remaining, &codepoint);
    if (length <= 0 || codepoint < 0)
      return false;
    bytes += length;
    remaining -= length;
  }
  return true;
}

namespace {

// Characters no stored text may hold; see text_problem.
bool refused_character(utf8proc_int32_t codepoint) {
  return codepoint < 0x20 || (codepoint >= 0x7F && codepoint <= 0x9F) || codepoint == 0x061C ||
         codepoint == 0x200E || codepoint == 0x200F || codepoint == 0x2028 || codepoint == 0x2029 ||
         (codepoint >= 0x202A && codepoint <= 0x202E) ||
         (codepoint >= 0x2066 && codepoint <= 0x2069);
}

// Calls `visit(piece, codepoint)` for every character of the text, with codepoint -1 for a byte
// that does not start a valid UTF-8 sequence (the piece is then that one byte).
template <typename Visit>
void for_each_character(std::string_view text, Visit&& visit) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t position = 0;
  while (position < text.size()) {
    if (bytes[position] < 0x80) {
      visit(text.substr(position, 1), static_cast<utf8proc_int32_t>(bytes[position]));
      ++position;
      continue;
    }
    utf8proc_int32_t codepoint = -1;
    utf8proc_ssize_t length = utf8proc_iterate(
        bytes + position, static_cast<utf8proc_ssize_t>(text.size() - position), &codepoint);
    if (length <= 0 || codepoint < 0) {
      visit(text.substr(position, 1), -1);
      ++position;
      continue;
    }
    visit(text.substr(position, static_cast<std::size_t>(length)), codepoint);
    position += static_cast<std::size_t>(length);
  }
}

}  // namespace

std::string_view text_problem(std::string_view text) {
  if (text.size() > 10000)
    return "longer than 10,000 bytes";
  // Most text is printable ASCII, which needs no decoding.
  bool plain = true;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    plain = plain && byte >= 0x20 && byte < 0x7F;
  }
  if (plain)
    return {};
  std::string_view problem;
  for_each_character(text, [&](std::string_view, utf8proc_int32_t codepoint) {
    if (!problem.empty())
      return;
    if (codepoint < 0)
      problem = "not valid UTF-8";
    else if (refused_character(codepoint))
      problem = "a control character (text is one line of printable characters)";
  });
  return problem;
}

bool is_printable(std::string_view text) {
  // Only bytes outside printable ASCII can need escaping, and most text is all ASCII.
  bool plain = true;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    plain = plain && byte >= 0x20 && byte < 0x7F;
  }
  if (plain)
    return true;
  bool clean = true;
  for_each_character(text, [&](std::string_view, utf8proc_int32_t codepoint) {
    clean = clean && codepoint >= 0 && !refused_character(codepoint);
  });
  return clean;
}

std::string printable(std::string_view text) {
  if (is_printable(text))
    return std::string(text);
  std::string shown;
  shown.reserve(text.size());
  for_each_character(text, [&](std::string_view piece, utf8proc_int32_t codepoint) {
    if (codepoint < 0) {
      shown += fmt::format("\\x{:02x}", static_cast<unsigned char>(piece.front()));
    } else if (refused_character(codepoint)) {
      if (codepoint < 0x80)
        shown += fmt::format("\\x{:02x}", codepoint);
      else
        shown += fmt::format("\\u{:04x}", codepoint);
    } else {
      shown += piece;
    }
  });
  return shown;
}

std::string document_text(std::string_view text) {
  if (is_printable(text))
    return std::string(text);
  std::string shown;
  shown.reserve(text.size() + 8);
  for_each_character(text, [&](std::string_view piece, utf8proc_int32_t codepoint) {
    if (codepoint < 0)
      shown += "\xef\xbf\xbd";
    else if (refused_character(codepoint))
      shown += codepoint < 0x80 ? fmt::format("\\x{:02x}", codepoint)
                                : fmt::format("\\u{:04x}", codepoint);
    else
      shown += piece;
  });
  return shown;
}

std::string fold_for_matching(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                                UTF8PROC_CASEFOLD | UTF8PROC_COMPAT);
  utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  std::string folded;
  if (length >= 0) {
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
    folded.assign(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
  } else {
    folded.assign(text);
  }
  // Đ/đ is a letter of its own in Unicode, not D with a mark, so stripping marks keeps it.
  std::string result;
  result.reserve(folded.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c == 0xC4 && i + 1 < folded.size() &&
        (static_cast<unsigned char>(folded[i + 1]) == 0x91 ||
         static_cast<unsigned char>(folded[i + 1]) == 0x90)) {
      c = 'd';
      ++i;
    }
    if (c == ' ' || c == '-' || c == '_' || c == '\t' || c == '.') {
      pending_space = !result.empty();
      continue;
    }
    if (pending_space)
      result += ' ';
    pending_space = false;
    result += static_cast<char>(c);
  }
  return result;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& candidates,
                                       std::size_t count) {
  std::string key = fold_for_matching(wanted);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& candidate : candidates)
    scored.emplace_back(edit_distance(key, fold_for_matching(candidate)), candidate);
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> result;
  for (std::size_t i = 0; i < scored.size() && i < count; ++i)
    result.push_back(scored[i].second);
  return result;
}

}  // namespace tiendo
