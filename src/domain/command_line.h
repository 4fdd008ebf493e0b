#pragma once
// What the command line needs to read and answer safely: counts typed for options, words typed for
// commands. Kept apart from CLI11 so the unit tests can check the rules without a parser.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace tiendo {

// The whole numbers an option accepts; the defaults mean "any count" (0 or more).
struct CountRange {
  std::uint64_t minimum = 0;
  std::uint64_t maximum = UINT64_MAX;
};

// A count written as plain decimal digits within the range, else nothing. A sign, a space, a
// fraction, an exponent or a value past the range is refused rather than wrapped, rounded or
// clamped: `--limit -1` must never become 18446744073709551615.
std::optional<std::uint64_t> parse_count(std::string_view text, CountRange range = {});

// "--limit: '-1': not a count (0 or more)", or "... not a count from 1 to 10,000,000".
Message count_problem(std::string_view option, std::string_view text, CountRange range);

// A typed word as it can be shown on one line of a terminal: control characters (C0, DEL, C1),
// bidirectional overrides and bytes that are not UTF-8 appear as \xNN or \u{NNNN}; more than
// `limit` bytes are cut at a character boundary and marked with "…".
std::string shown_safely(std::string_view text, std::size_t limit = 60);

// The name among `names` that `typed` most likely misspells (case, accents, two letters swapped, a
// letter missing or extra), or the only name it begins; nothing when none is close enough to be
// worth suggesting.
std::optional<std::string> likely_meant(std::string_view typed,
                                        const std::vector<std::string>& names);

}  // namespace tiendo
