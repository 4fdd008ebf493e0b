#pragma once
// Capacity in MW (AC) or MWp (DC), held as integer watts so that totals are exact: a sum of
// 1.435,2 MW of wind never prints as 1435.1999999.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tiendo {

class Capacity {
 public:
  Capacity() = default;
  static Capacity from_watts(std::int64_t watts) {
    Capacity result;
    result.m_watts = watts;
    return result;
  }
  // Reads a non-negative decimal number of megawatts with a dot ("1435.2") and at most six
  // decimals (one watt); anything finer would be rounded away, so it is refused. Throws
  // InvalidInput naming the text.
  static Capacity parse_megawatts(std::string_view text);

  std::int64_t watts() const { return m_watts; }
  double megawatts() const { return static_cast<double>(m_watts) / 1e6; }
  // Shortest exact decimal: "1435.2", "30", "0.000001".
  std::string megawatts_text() const;

  Capacity& operator+=(Capacity other) {
    m_watts += other.m_watts;
    return *this;
  }
  friend Capacity operator+(Capacity a, Capacity b) { return a += b; }
  friend auto operator<=>(const Capacity&, const Capacity&) = default;

 private:
  std::int64_t m_watts = 0;
};

}  // namespace tiendo
