// libFuzzer target: the date parser accepts only real dates, and a parsed date prints back to text
// that parses to the same day and precision.
#include <cstdint>
#include <string>

#include "domain/date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto date = tiendo::Date::try_parse(text);
  if (!date)
    return 0;
  auto again = tiendo::Date::try_parse(date->iso());
  if (!again || !again->identical(*date))
    __builtin_trap();
  auto vietnamese = tiendo::Date::try_parse(date->vietnamese());
  if (!vietnamese || !vietnamese->identical(*date))
    __builtin_trap();
  return 0;
}
