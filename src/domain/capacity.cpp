#include "domain/capacity.h"

#include <fmt/format.h>

#include "domain/error.h"

namespace tiendo {

Capacity Capacity::parse_megawatts(std::string_view text) {
  auto refuse = [&](std::string_view why) {
    throw InvalidInput(fmt::format("'{}': {}", text, why));
  };
  std::string_view digits = text;
  if (digits.empty())
    refuse("empty capacity");
  if (digits.front() == '-')
    refuse("capacity must be zero or more");
  if (digits.front() == '+')
    digits.remove_prefix(1);
  std::size_t point = digits.find('.');
  std::string_view whole = digits.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : digits.substr(point + 1);
  if (whole.empty() && fraction.empty())
    refuse("not a number");
  for (char c : whole)
    if (c < '0' || c > '9')
      refuse("not a number of MW (write 1435.2, with a dot)");
  for (char c : fraction)
    if (c < '0' || c > '9')
      refuse("not a number of MW (write 1435.2, with a dot)");
  if (fraction.size() > 6)
    refuse("more than six decimals (finer than one watt)");
  if (whole.size() > 9)
    refuse("larger than any power plant");
  std::int64_t watts = 0;
  for (char c : whole)
    watts = watts * 10 + (c - '0');
  for (std::size_t i = 0; i < 6; ++i)
    watts = watts * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  return from_watts(watts);
}

std::string Capacity::megawatts_text() const {
  std::int64_t whole = m_watts / 1'000'000;
  std::int64_t fraction = m_watts % 1'000'000;
  if (fraction == 0)
    return fmt::format("{}", whole);
  std::string decimals = fmt::format("{:06}", fraction);
  while (decimals.back() == '0')
    decimals.pop_back();
  return fmt::format("{}.{}", whole, decimals);
}

}  // namespace tiendo
