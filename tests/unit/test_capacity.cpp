// Capacities are integer watts, so that the sums a report prints are exact to the last digit.
#include <doctest/doctest.h>

#include <string>

#include "domain/capacity.h"
#include "domain/error.h"

using namespace tiendo;

namespace {

std::string refusal(const std::string& text) {
  try {
    Capacity::parse_megawatts(text);
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "<accepted>";
}

}  // namespace

TEST_CASE("capacity: decimal megawatts with a dot become exact watts") {
  CHECK(Capacity::parse_megawatts("1435.2").watts() == 1'435'200'000);
  CHECK(Capacity::parse_megawatts("30").watts() == 30'000'000);
  CHECK(Capacity::parse_megawatts("0.000001").watts() == 1);
  CHECK(Capacity::parse_megawatts("0").watts() == 0);
  CHECK(Capacity::parse_megawatts("0.0").watts() == 0);
  CHECK(Capacity::parse_megawatts("49.5").watts() == 49'500'000);
  CHECK(Capacity::parse_megawatts("1200.123456").watts() == 1'200'123'456);
  CHECK(Capacity::parse_megawatts("007").watts() == 7'000'000);
  CHECK(Capacity::parse_megawatts("+5").watts() == 5'000'000);
  CHECK(Capacity::parse_megawatts(".5").watts() == 500'000);
  CHECK(Capacity::parse_megawatts("1435.2").megawatts() == doctest::Approx(1435.2));
}

TEST_CASE("capacity: negative, non-finite, too fine, comma decimals and empty text are refused") {
  for (const char* text :
       {"-1",  "-0.5",      "-0",        "NaN",   "nan",     "inf",     "-inf", "Infinity",
        "1e3", "0.0000001", "1.1234567", "1,5",   "1.435,2", "1,435.2", "",     " ",
        " 30", "30 ",       "30MW",      "1.2.3", ".",       "+",       "0x10", "1 000"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(Capacity::parse_megawatts(text), InvalidInput);
  }
  CHECK(refusal("-1").find("'-1'") != std::string::npos);
  CHECK(refusal("-1").find("zero or more") != std::string::npos);
  CHECK(refusal("1,5").find("'1,5'") != std::string::npos);
  CHECK(refusal("1,5").find("dot") != std::string::npos);
  CHECK(refusal("0.0000001").find("six decimals") != std::string::npos);
  CHECK(refusal("").find("empty") != std::string::npos);
  CHECK(refusal("NaN").find("'NaN'") != std::string::npos);
}

TEST_CASE("capacity: a number larger than any power plant is refused, not wrapped around") {
  CHECK(Capacity::parse_megawatts("999999999").watts() == 999'999'999'000'000);
  CHECK_THROWS_AS(Capacity::parse_megawatts("1000000000"), InvalidInput);
  CHECK_THROWS_AS(Capacity::parse_megawatts("99999999999999999999"), InvalidInput);
}

TEST_CASE("capacity: megawatts_text is the shortest exact decimal") {
  CHECK(Capacity::from_watts(1'435'200'000).megawatts_text() == "1435.2");
  CHECK(Capacity::from_watts(30'000'000).megawatts_text() == "30");
  CHECK(Capacity::from_watts(1).megawatts_text() == "0.000001");
  CHECK(Capacity::from_watts(0).megawatts_text() == "0");
  CHECK(Capacity::from_watts(100'000).megawatts_text() == "0.1");
  CHECK(Capacity::from_watts(1'000'010).megawatts_text() == "1.00001");
  CHECK(Capacity::from_watts(123'456'789).megawatts_text() == "123.456789");
  for (const char* text : {"1435.2", "30", "0.000001", "0", "99.99", "1200.123456"}) {
    CAPTURE(text);
    CHECK(Capacity::parse_megawatts(text).megawatts_text() == text);
  }
  // Trailing zeros are not kept: the text is canonical, not the user's spelling.
  CHECK(Capacity::parse_megawatts("30.500").megawatts_text() == "30.5");
}

TEST_CASE("capacity: sums are exact where doubles are not") {
  Capacity sum = Capacity::parse_megawatts("0.1") + Capacity::parse_megawatts("0.2");
  CHECK(sum.megawatts_text() == "0.3");
  CHECK(sum == Capacity::parse_megawatts("0.3"));

  // Ten times 0.1 MW is exactly 1 MW.
  Capacity total;
  for (int i = 0; i < 10; ++i)
    total += Capacity::parse_megawatts("0.1");
  CHECK(total.watts() == 1'000'000);
  CHECK(total.megawatts_text() == "1");

  // The wind capacity of a report: 1,435.2 MW as parts that a double would not add exactly.
  Capacity wind = Capacity::parse_megawatts("1000.1") + Capacity::parse_megawatts("435.1");
  CHECK(wind.megawatts_text() == "1435.2");
  CHECK(Capacity::parse_megawatts("1") < Capacity::parse_megawatts("1.000001"));
}
