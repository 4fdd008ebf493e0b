// The message catalogue: messages carry their id and values, the command line's English stays as
// fmt wrote it, and the web finds the Vietnamese in the catalogue compiled into the program,
// without touching the process's global locale.
#include <doctest/doctest.h>

#include <locale>
#include <thread>
#include <vector>

#include "analysis/schedule.h"
#include "domain/command_line.h"
#include "domain/error.h"
#include "graph/network.h"
#include "report/catalogue.h"
#include "report/wording.h"

using namespace tiendo;
using report::Language;

TEST_CASE("a message's English is what fmt would have written") {
  auto said = message("project '{}' not found ({} of {})", "LS-X", 3, 4.5);
  CHECK(said.english() == fmt::format("project '{}' not found ({} of {})", "LS-X", 3, 4.5));
  CHECK(said.values == std::vector<std::string>{"LS-X", "3", "4.5"});
  NotFound error(message("project '{}' not found", "LS-X"));
  CHECK(std::string(error.what()) == "project 'LS-X' not found");
  REQUIRE(error.messages().size() == 1);
  CHECK(error.messages()[0].id == "project '{}' not found");
}

TEST_CASE("a value that is a message of its own is worded in the page's language too") {
  auto place = message("table {} row {}", "TASK", 12);
  InvalidInput error(message("{}: {}: a date outside the supported years", "hs2.xer", place));
  CHECK(std::string(error.what()) == "hs2.xer: table TASK row 12: a date outside the supported years");
  CHECK(report::error_text(Language::English, error) ==
        "hs2.xer: table TASK row 12: a date outside the supported years");
  CHECK(report::error_text(Language::Vietnamese, error) ==
        "hs2.xer: bảng TASK, hàng 12: một ngày nằm ngoài các năm được hỗ trợ");
  auto element = message("element {} UID {} (line {})", "Task", 7, 45);
  CHECK(report::words(Language::Vietnamese, message("{}: {}", "plan.xml", element)) ==
        "plan.xml: phần tử Task UID 7 (dòng 45)");
}

TEST_CASE("the command line keeps its own wording where it names its options") {
  Conflict error(message("dependency '{}' exists already", "A:cod -> B:cod")
                     .on_command_line("dependency '{}' exists already (change it with depend set)"));
  CHECK(std::string(error.what()) ==
        "dependency 'A:cod -> B:cod' exists already (change it with depend set)");
  CHECK(report::error_text(Language::English, error) == "dependency 'A:cod -> B:cod' exists already");
  CHECK(report::error_text(Language::Vietnamese, error) == "phụ thuộc 'A:cod -> B:cod' đã có");
}

TEST_CASE("a web user never meets a command-line option, in either language") {
  InvalidInput error(std::vector<std::string>{"--reason: 'a': has a control character",
                                              "an editor needs at least one --province",
                                              "name: '--x': kept as typed"});
  for (auto language : {Language::English, Language::Vietnamese}) {
    auto lines = report::error_lines(language, error);
    REQUIRE(lines.size() == 3);
    // The field by its label on a Vietnamese page ("lý do"), by its name in English; never
    // the option.
    CHECK(lines[0].starts_with(language == Language::Vietnamese ? "lý do: 'a': " : "reason: 'a': "));
    CHECK(lines[1].ends_with(" province"));
    CHECK(lines[1].find("--") == std::string::npos);
    CHECK(lines[2].find("'--x'") != std::string::npos);
  }
}

TEST_CASE("a problem that begins with a parameter's code begins with its label in Vietnamese") {
  InvalidInput error(std::vector<std::string>{"as_of: 'x': not a date (use 2019-07-15, "
                                              "15/07/2019, 07/2019, 2019-07 or 2019)",
                                              "--slip: '0': must be at least 1 day",
                                              "nowhere: 'x': kept"});
  auto lines = report::error_lines(Language::Vietnamese, error);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].starts_with("tiến độ tính đến: 'x': "));
  CHECK(lines[1].starts_with("số ngày chậm: '0': "));
  // A word that is no field of the catalogue stays as it was.
  CHECK(lines[2] == "nowhere: 'x': kept");
  CHECK(report::error_lines(Language::English, error)[0].starts_with("as_of: 'x': "));
}

TEST_CASE("the web words a problem in the request's language from the catalogue") {
  InvalidInput error(message("password: shorter than {} characters", 12));
  CHECK(report::error_text(Language::English, error) == "password: shorter than 12 characters");
  CHECK(report::error_text(Language::Vietnamese, error) == "mật khẩu: ngắn hơn 12 ký tự");
  CHECK(std::string(error.what()) == "password: shorter than 12 characters");
  CHECK(error.problems() == std::vector<std::string>{"password: shorter than 12 characters"});
}

TEST_CASE("counts in a problem are grouped as the page's language groups them, typed values kept") {
  InvalidInput error(count_problem("slip", "1,000,000", CountRange{1, 36'500}));
  CHECK(report::error_text(Language::English, error) ==
        "slip: '1,000,000': not a count from 1 to 36,500");
  // The bound is a count of tiendo's ("36.500" in Vietnamese); what the user typed is shown as typed.
  CHECK(report::error_text(Language::Vietnamese, error) ==
        "số ngày chậm: '1,000,000': không phải là số nguyên từ 1 đến 36.500");
  InvalidInput open_ended(count_problem("page", "-1", CountRange{1'000, INT64_MAX}));
  CHECK(report::error_text(Language::Vietnamese, open_ended).ends_with("(từ 1.000 trở lên)"));
  CHECK(std::string(open_ended.what()) == "page: '-1': not a count (1,000 or more)");
}

TEST_CASE("a problem line without an id has its reason translated, its field and value kept") {
  InvalidInput error(std::vector<std::string>{"milestones.csv:3: planned: '31/02/2031': no such "
                                              "day in the calendar",
                                              "something the catalogue does not hold"});
  auto lines = report::error_lines(Language::Vietnamese, error);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "milestones.csv:3: planned: '31/02/2031': không có ngày này trong lịch");
  CHECK(lines[1] == "something the catalogue does not hold");
}

TEST_CASE("labels come from the catalogue, the same text each time, in any thread") {
  CHECK(report::label(Language::Vietnamese, "Not found") == "Không tìm thấy");
  CHECK(report::label(Language::English, "Not found") == "Not found");
  CHECK(report::label(Language::Vietnamese, "no such label anywhere") == "no such label anywhere");
  CHECK(report::label(Language::Vietnamese, "Not found").data() ==
        report::label(Language::Vietnamese, "Not found").data());
  CHECK(report::catalogue_has("", "Not found"));
  CHECK_FALSE(report::catalogue_has("", "no such label anywhere"));
  // The wordings of tables are in the catalogue too.
  CHECK(report::word("planned", Language::Vietnamese) == "kế hoạch");
  std::vector<std::thread> threads;
  std::vector<int> right(8, 0);
  for (std::size_t t = 0; t < right.size(); ++t)
    threads.emplace_back([&right, t] {
      for (int i = 0; i < 200; ++i)
        right[t] += report::translate(Language::Vietnamese, "Server busy") == "Máy chủ đang bận";
    });
  for (auto& thread : threads)
    thread.join();
  for (int count : right)
    CHECK(count == 200);
}

TEST_CASE("looking messages up leaves the global locale as it was") {
  std::string before = std::locale().name();
  report::translate(Language::Vietnamese, "Not found");
  CHECK(std::locale().name() == before);
}

TEST_CASE("a schedule past the supported years is refused in the page's language") {
  Portfolio portfolio;
  Project project;
  project.code = "P-1";
  portfolio.add_project(project);
  Milestone start;
  start.key = "start";
  start.planned = Date::from_ymd(2199, 6, 1);
  Milestone cod;
  cod.key = "cod";
  cod.duration_days = 1000;
  portfolio.add_milestone(start);
  portfolio.add_milestone(cod);
  portfolio.add_dependency(Dependency{0, 1, LinkType::FinishToStart, 0});
  graph::MilestoneNetwork network(portfolio);
  std::optional<InvalidInput> refused;
  try {
    analysis::compute_schedule(portfolio, network, *Date::from_ymd(2026, 6, 30));
  } catch (const InvalidInput& error) {
    refused = error;
  }
  REQUIRE(refused);
  // The command line's words as they were; a Vietnamese page's with no English left in them.
  CHECK(std::string(refused->what()) ==
        "P-1:cod: early finish: falls after 2200-12-31, outside the supported years 1900-2200 "
        "(carried there by the durations and lags of a chain of 1 link from P-1:start)");
  CHECK(report::error_text(Language::Vietnamese, *refused) ==
        "P-1:cod: dự kiến sớm nhất: rơi vào sau 31/12/2200, ngoài các năm được hỗ trợ 1900-2200 "
        "(bị đẩy tới đó bởi thời gian và độ trễ của một chuỗi 1 liên kết từ P-1:start)");
}
