#include "cli/options.h"

#include "domain/error.h"

namespace tiendo::cli {

std::uint64_t read_count(const std::string& flag, const std::string& text, CountRange range) {
  auto count = parse_count(text, range);
  if (!count)
    throw InvalidInput(count_problem(flag, text, range));
  return *count;
}

}  // namespace tiendo::cli
