// The command line's own rules: counts read strictly, typed words shown safely, the nearest
// command suggested; and the wording table every English and Vietnamese label comes from.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "domain/command_line.h"
#include "report/catalogue.h"
#include "report/wording.h"

using namespace tiendo;

TEST_CASE("parse_count: plain digits within the range, nothing else") {
  CHECK(parse_count("0") == 0u);
  CHECK(parse_count("200") == 200u);
  CHECK(parse_count("007") == 7u);
  CHECK(parse_count("18446744073709551615") == UINT64_MAX);
  // Each of these once became a huge number, a truncated one or a silent default.
  for (const char* refused : {"-1", "-0", "+5", " 5", "5 ", "", "1e3", "1.5", "0x10", "5abc", "abc",
                              "18446744073709551616", "99999999999999999999999", "１２"})
    CHECK_MESSAGE(!parse_count(refused), refused);
  CountRange range{1, 10'000'000};
  CHECK(!parse_count("0", range));
  CHECK(parse_count("1", range) == 1u);
  CHECK(parse_count("10000000", range) == 10'000'000u);
  CHECK(!parse_count("10000001", range));
}

TEST_CASE("count_problem: the option, the value and what is wanted") {
  CHECK(count_problem("--limit", "-1", CountRange{0, INT64_MAX}).english() ==
        "--limit: '-1': not a count (0 or more)");
  CHECK(count_problem("--seed", "-1", CountRange{}).english() == "--seed: '-1': not a count (0 or more)");
  CHECK(count_problem("--projects", "0", CountRange{1, 10'000'000}).english() ==
        "--projects: '0': not a count from 1 to 10,000,000");
  CHECK(count_problem("--limit", "\x1b[2J", CountRange{}).english() ==
        "--limit: '\\x1b[2J': not a count (0 or more)");
}

TEST_CASE("shown_safely: control characters, bidi overrides and broken UTF-8 are escaped") {
  CHECK(shown_safely("pipeline") == "pipeline");
  CHECK(shown_safely("Sóc Trăng") == "Sóc Trăng");
  CHECK(shown_safely("a\nb\tc\x7f") == "a\\x0ab\\x09c\\x7f");
  CHECK(shown_safely("\x1b[31mred") == "\\x1b[31mred");
  CHECK(shown_safely("M\xe1t") == "M\\xe1t");
  CHECK(shown_safely("\xc2\x9b"
                     "2J") == "\\u009b2J");  // C1 control sequence introducer
  CHECK(shown_safely("abc\xe2\x80\xae"
                     "fed") == "abc\\u202efed");  // right-to-left override
  std::string long_word(100, 'x');
  CHECK(shown_safely(long_word) == std::string(60, 'x') + "…");
  // A cut never splits a character.
  std::string accented;
  for (int i = 0; i < 40; ++i)
    accented += "ă";
  std::string shown = shown_safely(accented);
  CHECK(shown.size() == 60 + std::string("…").size());
}

TEST_CASE("likely_meant: near misses, case and swaps; nothing for a stranger") {
  const std::vector<std::string> top = {"init",     "demo",    "project", "milestone", "depend",
                                        "schedule", "explain", "impact",  "baseline",  "pipeline",
                                        "alerts",   "report",  "history", "import",    "export",
                                        "backup",   "generate"};
  CHECK(likely_meant("piepline", top) == "pipeline");
  CHECK(likely_meant("shedule", top) == "schedule");
  CHECK(likely_meant("alert", top) == "alerts");
  CHECK(likely_meant("exprot", top) == "export");
  CHECK(likely_meant("PIPELINE", top) == "pipeline");
  CHECK(likely_meant("proj", top) == "project");
  CHECK(likely_meant("hist", top) == "history");
  CHECK(!likely_meant("xyzzy", top));
  CHECK(!likely_meant("", top));
  CHECK(!likely_meant("serve", top));
  const std::vector<std::string> project = {"add", "set", "show", "list", "status"};
  // Levenshtein alone finds "set" and "list" equally near "lsit"; a swap is one slip.
  CHECK(likely_meant("lsit", project) == "list");
  CHECK(likely_meant("ad", project) == "add");
  CHECK(likely_meant("stauts", project) == "status");
  const std::vector<std::string> milestone = {"add", "set", "done", "list"};
  CHECK(likely_meant("dnoe", milestone) == "done");
}

TEST_CASE("wording: every label has Vietnamese with diacritics where the English is a word") {
  using report::Language;
  std::set<std::string_view> english;
  for (const auto& wording : report::wordings) {
    // The Vietnamese is in the message catalogue (po/vi.po), found by the English (or, until
    // tools/catalogue.py moves it there, written beside it).
    CHECK_MESSAGE((!wording.vietnamese.empty() ||
                   report::catalogue_has(wording.context.name, wording.english)),
                  wording.english);
    std::string_view vietnamese =
        !wording.vietnamese.empty()
            ? wording.vietnamese
            : report::label_in(Language::Vietnamese, wording.context.name, wording.english);
    english.insert(wording.english);
    // Units, codes and placeholders-only entries read the same in both languages.
    static const std::set<std::string_view> same = {"MW", "MWp", "{} -> {} ({} {})"};
    if (!same.contains(wording.english))
      CHECK_MESSAGE(vietnamese != wording.english, wording.english);
  }
  CHECK(english.size() == std::size(report::wordings));
  CHECK(report::word("yes", Language::Vietnamese) == "có");
  CHECK(report::word("yes", Language::English) == "yes");
  CHECK(report::headers(Language::Vietnamese, {"code", "name", "technology", "province"}) ==
        std::vector<std::string>{"mã", "tên", "công nghệ", "tỉnh"});
  CHECK(report::say(Language::Vietnamese, "{} +{} days", "A:cod", 30) == "A:cod +30 ngày");
  CHECK(report::word_for_key("suspended", Language::Vietnamese) == "tạm dừng");
  CHECK(report::word_for_key("cancelled", Language::Vietnamese) == "hủy bỏ");
  CHECK(report::word_for_key("no_such_key", Language::Vietnamese) == "no_such_key");
  CHECK(report::word_for_key("suspended", Language::English) == "suspended");
}
