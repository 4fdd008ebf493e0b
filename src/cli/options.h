#pragma once
// Options that hold numbers. CLI11 reads "-1" into an unsigned integer by wrapping it round, so
// every count goes through parse_count instead: a sign, a fraction or an absurd size is refused
// with the option and the value named, and nothing runs.
#include <CLI/CLI.hpp>

#include <limits>
#include <string>

#include "domain/command_line.h"

namespace tiendo::cli {

// Binds `flag` to `target` as a count within `range` (and within what `Integer` can hold).
template <typename Integer>
CLI::Option* add_count_option(CLI::App* command, const std::string& flag, Integer& target,
                              const std::string& description, CountRange range = {});

// The count `text` gives, or InvalidInput naming `flag` and the value.
std::uint64_t read_count(const std::string& flag, const std::string& text, CountRange range);

template <typename Integer>
CLI::Option* add_count_option(CLI::App* command, const std::string& flag, Integer& target,
                              const std::string& description, CountRange range) {
  static_assert(std::numeric_limits<Integer>::is_integer);
  auto largest = static_cast<std::uint64_t>(std::numeric_limits<Integer>::max());
  if (range.maximum > largest)
    range.maximum = largest;
  return command
      ->add_option_function<std::string>(
          flag,
          [&target, flag, range](const std::string& text) {
            target = static_cast<Integer>(read_count(flag, text, range));
          },
          description)
      ->type_name("UINT");
}

}  // namespace tiendo::cli
