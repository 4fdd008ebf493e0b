// Long chains: parents 100,000 deep and dependency cycles of thousands of milestones are checked
// in linear time, with no recursion, and named in one short line (their first 20 members and a
// count).
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "analysis/alerts.h"
#include "analysis/schedule.h"
#include "database_folder.h"
#include "domain/error.h"
#include "engines.h"
#include "graph/network.h"
#include "operations/edits.h"
#include "operations/import.h"
#include "report/wording.h"

using namespace tiendo;

namespace {

// The test's own folder and database (database_folder.h).
class Folder : public testing::DatabaseFolder {
 public:
  Folder() : DatabaseFolder("chains") {}
};

const store::ChangeContext staff{"ann", "", ""};
const Date as_of = *Date::from_ymd(2020, 12, 31);

Account editor_of(const std::string& province) {
  Account account;
  account.name = "hoa";
  account.role = Role::Editor;
  account.provinces = {province};
  return account;
}

}  // namespace

// No timing here: a quadratic walk of 100,000 parents is 5e9 steps (minutes), a recursive one
// overflows the stack; linear, the whole case takes well under a second.
TEST_CASE("parents: a chain 100,000 deep is accepted, and a loop through all of it is named") {
  constexpr int depth = 100'000;
  Portfolio portfolio;
  for (int i = 0; i < depth; ++i) {
    Project added;
    added.code = "C-" + std::to_string(i);
    added.province = "Lạng Sơn";
    if (i > 0)
      added.parent = "C-" + std::to_string(i - 1);
    portfolio.add_project(added);
  }
  ProblemList problems;
  check_parents(portfolio, problems);
  CHECK(problems.empty());

  portfolio.projects[0].parent = "C-" + std::to_string(depth - 1);
  check_parents(portfolio, problems);
  // One problem per project in the loop, of which the list keeps the first 2,000 and counts the
  // rest.
  REQUIRE(problems.size() == ProblemList::kept_lines);
  try {
    problems.throw_if_any();
    FAIL("the loop was not refused");
  } catch (const InvalidInput& error) {
    CHECK(error.problems().size() == ProblemList::kept_lines + 1);
    CHECK(error.problems().back() == "… and 98,000 more problems");
  }
  std::string first = "parent: 'C-99999': parents form a loop: C-0 -> C-99999 -> C-99998";
  CHECK(problems.lines()[0].substr(0, first.size()) == first);
  CHECK(problems.lines()[0].find("C-99981 -> … and 99,980 more") != std::string::npos);
  CHECK(problems.lines()[0].find("C-99980") == std::string::npos);

  // A short loop below a long chain: named in full, from each project that reaches it.
  portfolio.projects[0].parent.clear();
  portfolio.projects[depth - 3].parent = "C-" + std::to_string(depth - 1);
  ProblemList short_loop;
  check_parents(portfolio, short_loop);
  REQUIRE(short_loop.size() == 3);
  CHECK(short_loop.lines()[0] ==
        "parent: 'C-99999': parents form a loop: C-99997 -> C-99999 -> C-99998 -> C-99997");
}

TEST_CASE("parents: an import of a chain 20,000 deep is accepted, as a dry run and written") {
  Folder folder;
  std::string csv = "code,name,technology,province,parent\n";
  for (int i = 0; i < 20'000; ++i)
    csv += "C-" + std::to_string(i) + ",Dự án,wind_onshore,Lạng Sơn," +
           (i > 0 ? "C-" + std::to_string(i - 1) : std::string()) + "\n";
  auto file = folder.write("chain.csv", csv);
  Account editor = editor_of("Lạng Sơn");
  for (bool dry_run : {true, false})
    CHECK(operations::import_files(*folder.database, staff, operations::ImportFormat::TiendoCsv,
                                   {file}, dry_run, as_of, &editor)
              .summary.projects_added == 20'000);
}

TEST_CASE("cycles: a cycle of 4,000 milestones is named by its first 20 and a count") {
  constexpr int length = 4'000;
  Portfolio portfolio;
  Project owner;
  owner.code = "P";
  owner.province = "Lạng Sơn";
  portfolio.add_project(owner);
  for (int i = 0; i < length; ++i) {
    Milestone milestone;
    milestone.key = "m" + std::to_string(i);
    portfolio.add_milestone(milestone);
  }
  for (int i = 0; i < length; ++i)
    portfolio.add_dependency(Dependency{i, (i + 1) % length});
  auto shape = [](const std::string& message) {
    CHECK(message.find("P:m0 -> P:m1 -> ") != std::string::npos);
    CHECK(message.find("P:m19 -> … and 3,980 more") != std::string::npos);
    CHECK(message.find("P:m20") == std::string::npos);
    CHECK(message.size() < 1000);
  };
  try {
    graph::MilestoneNetwork network(portfolio);
    FAIL("the cycle was accepted");
  } catch (const CycleError& error) {
    shape(error.what());
    CHECK(error.dependencies().size() == length);
  }
  try {
    graph::check_acyclic(portfolio, [](std::int32_t link) {
      return InputLocation{"dependencies.csv", link + 2};
    });
    FAIL("the cycle was accepted");
  } catch (const CycleError& error) {
    REQUIRE(error.problems().size() == 1);
    CHECK(error.problems()[0].rfind("dependencies.csv:4001: to: 'P:m0': closes a dependency "
                                    "cycle: ",
                                    0) == 0);
    shape(error.what());
  }
}

TEST_CASE("cycles: an import closing a cycle of 4,000 milestones is refused in one short line") {
  Folder folder;
  std::string projects = "code,name,technology,province\n";
  std::string milestones = "project,key,planned\n";
  std::string links = "from,to\n";
  for (int i = 0; i < 4'000; ++i) {
    std::string code = "P-" + std::to_string(i);
    projects += code + ",Dự án,wind_onshore,Lạng Sơn\n";
    milestones += code + ",cod,2021-01-01\n";
    links += code + ":cod,P-" + std::to_string((i + 1) % 4'000) + ":cod\n";
  }
  std::vector<std::string> files{folder.write("projects.csv", projects),
                                 folder.write("milestones.csv", milestones),
                                 folder.write("dependencies.csv", links)};
  for (bool dry_run : {true, false}) {
    try {
      operations::import_files(*folder.database, staff, operations::ImportFormat::TiendoCsv, files,
                               dry_run, as_of);
      FAIL("the cycle was accepted");
    } catch (const InvalidInput& error) {
      REQUIRE(error.problems().size() == 1);
      INFO(error.problems()[0]);
      CHECK(error.problems()[0].find("dependencies.csv:4001: to: 'P-0:cod': closes a "
                                     "dependency cycle: P-0:cod -> P-1:cod -> ") !=
            std::string::npos);
      CHECK(error.problems()[0].find("P-19:cod -> … and 3,980 more") != std::string::npos);
      CHECK(error.problems()[0].size() < 1000);
    }
  }
  CHECK(folder.database->load().projects.empty());
}

TEST_CASE("dependencies: a chain of 200,000 links is ordered, scheduled and explained") {
  constexpr int length = 200'000;
  Portfolio portfolio;
  Project owner;
  owner.code = "P";
  owner.province = "Lạng Sơn";
  portfolio.add_project(owner);
  for (int i = 0; i < length; ++i) {
    Milestone milestone;
    milestone.key = "m" + std::to_string(i);
    portfolio.add_milestone(milestone);
  }
  for (int i = 0; i + 1 < length; ++i)
    portfolio.add_dependency(Dependency{i, i + 1});
  // The depth-first search and the passes keep their own stacks: a recursive one would overflow
  // the thread's stack here (a server's worker threads have the same 8 MiB).
  graph::MilestoneNetwork network(portfolio);
  REQUIRE(network.topological_order().size() == static_cast<std::size_t>(length));
  CHECK(network.topological_order().front() == 0);
  CHECK(network.topological_order().back() == length - 1);
  auto schedule = analysis::compute_schedule(portfolio, network, as_of);
  auto chain = analysis::driver_chain(portfolio, schedule, length - 1);
  CHECK(chain.size() == static_cast<std::size_t>(length));
}

TEST_CASE("alerts: each names the nearest reason up its chain and the chain's first 20 steps") {
  // 3,000 farms in a row, each one's cod waiting for the one before: every cod is late, and the
  // chain behind the last is 3,000 steps long. Walking each alert's whole chain made 4,000 such
  // farms 18 s and 230 MB of alerts.
  constexpr int length = 3'000;
  Portfolio portfolio;
  for (int i = 0; i < length; ++i) {
    Project farm;
    farm.code = "D-" + std::to_string(i);
    farm.province = "Lạng Sơn";
    farm.technology = Technology::WindOnshore;
    Milestone cod;
    cod.project = portfolio.add_project(farm);
    cod.key = "cod";
    cod.duration_days = 10;
    cod.planned = Date::from_ymd(2020, 1, 1);
    if (i == 0)
      cod.reason = "grid:late line";
    if (i == 1'500)
      cod.reason = "weather:rain";
    portfolio.add_milestone(cod);
    if (i > 0)
      portfolio.add_dependency(Dependency{i - 1, i});
  }
  graph::MilestoneNetwork network(portfolio);
  auto schedule = analysis::compute_schedule(portfolio, network, as_of);
  auto alerts = analysis::compute_alerts(portfolio, network, schedule, {});
  std::map<std::int32_t, std::string> reason_of;
  for (const auto& alert : alerts)
    if (alert.milestone >= 0)
      reason_of[alert.milestone] = alert.reason;
  CHECK(reason_of[length - 1] == "weather:rain");
  CHECK(reason_of[1'500] == "weather:rain");
  CHECK(reason_of[1'499] == "grid:late line");
  CHECK(reason_of[1] == "grid:late line");

  auto line = report::summarise_chain(portfolio, schedule, length - 1, report::Language::English);
  CHECK(line.find("D-2999:cod ← D-2998:cod ← ") == 0);
  CHECK(line.find("D-2980:cod ← … and 2,980 more ← ") != std::string::npos);
  CHECK(line.find("D-2979:cod") == std::string::npos);
  auto vietnamese =
      report::summarise_chain(portfolio, schedule, length - 1, report::Language::Vietnamese);
  CHECK(vietnamese.find("… và 2.980 mốc nữa") != std::string::npos);
}
