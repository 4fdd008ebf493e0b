// Applying rows to a portfolio: every bad value becomes one problem line naming the file, row,
// field and value, and a row with a problem changes nothing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "domain/edit.h"
#include "domain/error.h"
#include "io/csv.h"
#include "io/tiendo_csv.h"

using namespace tiendo;

namespace {

InputLocation projects_row(std::int64_t row) {
  return InputLocation{"projects.csv", row};
}

Fields wind_farm(const std::string& code) {
  return {{"code", code},
          {"name", "Điện gió " + code},
          {"technology", "wind_onshore"},
          {"province", "Sóc Trăng"},
          {"capacity_mw", "30"}};
}

// A portfolio with one project and its construction_start and cod milestones.
Portfolio one_project() {
  Portfolio portfolio;
  ProblemList problems;
  apply_project(portfolio, wind_farm("ST-1"), projects_row(2), problems,
                ProvinceRegistry::builtin());
  apply_milestone(portfolio, {{"project", "ST-1"}, {"key", "construction_start"}},
                  InputLocation{"milestones.csv", 2}, problems);
  apply_milestone(portfolio, {{"project", "ST-1"}, {"key", "cod"}, {"planned", "2021-10-31"}},
                  InputLocation{"milestones.csv", 3}, problems);
  REQUIRE(problems.empty());
  return portfolio;
}

// Applies one project row and returns its only problem line ("" when there is none).
std::string project_problem(Portfolio& portfolio, const Fields& fields) {
  ProblemList problems;
  auto index =
      apply_project(portfolio, fields, projects_row(7), problems, ProvinceRegistry::builtin());
  if (problems.empty())
    return "";
  CHECK(index == -1);
  CHECK(problems.size() == 1);
  return problems.lines()[0];
}

std::string milestone_problem(Portfolio& portfolio, const Fields& fields) {
  ProblemList problems;
  auto index = apply_milestone(portfolio, fields, InputLocation{"milestones.csv", 4}, problems);
  if (problems.empty())
    return "";
  CHECK(index == -1);
  CHECK(problems.size() == 1);
  return problems.lines()[0];
}

std::string dependency_problem(Portfolio& portfolio, const Fields& fields) {
  ProblemList problems;
  auto index = apply_dependency(portfolio, fields, InputLocation{"dependencies.csv", 5}, problems);
  if (problems.empty())
    return "";
  CHECK(index == -1);
  CHECK(problems.size() == 1);
  return problems.lines()[0];
}

Fields with(Fields fields, const std::string& name, const std::string& value) {
  for (auto& field : fields)
    if (field.name == name) {
      field.value = value;
      return fields;
    }
  fields.push_back({name, value});
  return fields;
}

}  // namespace

TEST_CASE("edit: a new project with every field") {
  Portfolio portfolio;
  ProblemList problems;
  Fields fields = {{"code", "ST-LONGPHU-1"},
                   {"name", "Điện gió Long Phú 1"},
                   {"technology", "wind_nearshore"},
                   {"province", "soc trang"},
                   {"capacity_mw", "99.2"},
                   {"investor", "Công ty Cổ phần Năng lượng"},
                   {"stage", "approved"},
                   {"target_cod", "12/2021"},
                   {"lat", "9.6112"},
                   {"lon", "106.1234"},
                   {"site", "xã Trung Bình"},
                   {"source", "QĐ 123/QĐ-UBND"}};
  auto index =
      apply_project(portfolio, fields, projects_row(2), problems, ProvinceRegistry::builtin());
  REQUIRE(problems.empty());
  REQUIRE(index == 0);
  const Project& project = portfolio.projects[0];
  CHECK(project.code == "ST-LONGPHU-1");
  CHECK(project.technology == Technology::WindNearshore);
  // The province is stored under its official legacy name, whatever the user typed.
  CHECK(project.province == "Sóc Trăng");
  REQUIRE(project.capacity.has_value());
  CHECK(project.capacity->watts() == 99'200'000);
  CHECK_FALSE(project.capacity_peak.has_value());
  CHECK(project.stage == Stage::Approved);
  REQUIRE(project.target_cod.has_value());
  CHECK(project.target_cod->iso() == "2021-12");
  CHECK(project.latitude == doctest::Approx(9.6112));
  CHECK(project.longitude == doctest::Approx(106.1234));
  CHECK(project.source == "QĐ 123/QĐ-UBND");
  CHECK(project_cells(project) ==
        std::vector<std::string>{"ST-LONGPHU-1", "Điện gió Long Phú 1", "wind_nearshore",
                                 "Sóc Trăng", "99.2", "", "Công ty Cổ phần Năng lượng", "",
                                 "approved", "2021-12", "9.6112", "106.1234", "xã Trung Bình",
                                 "QĐ 123/QĐ-UBND", "", "", ""});
}

TEST_CASE("edit: an existing code updates only the fields given, and empty clears") {
  Portfolio portfolio = one_project();
  ProblemList problems;
  auto index = apply_project(portfolio, {{"code", "ST-1"}, {"capacity_mw", "49.5"}},
                             projects_row(3), problems, ProvinceRegistry::builtin());
  REQUIRE(problems.empty());
  CHECK(index == 0);
  CHECK(portfolio.projects.size() == 1);
  CHECK(portfolio.projects[0].capacity->megawatts_text() == "49.5");
  CHECK(portfolio.projects[0].name == "Điện gió ST-1");

  apply_project(portfolio, {{"code", "ST-1"}, {"capacity_mw", ""}}, projects_row(4), problems,
                ProvinceRegistry::builtin());
  REQUIRE(problems.empty());
  CHECK_FALSE(portfolio.projects[0].capacity.has_value());
}

TEST_CASE("edit: each project problem names file, row, field and value") {
  Portfolio portfolio;
  CHECK(project_problem(portfolio, with(wind_farm("A"), "capacity_mw", "-5")) ==
        "projects.csv:7: capacity_mw: '-5': capacity must be zero or more");
  CHECK(project_problem(portfolio, with(wind_farm("A"), "capacity_mw", "1,5"))
            .starts_with("projects.csv:7: capacity_mw: '1,5': not a number of MW"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "capacity_mw", "nan"))
            .starts_with("projects.csv:7: capacity_mw: 'nan': "));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "technology", "windmill")) ==
        "projects.csv:7: technology: 'windmill': unknown technology (wind_onshore, solar_farm, "
        "coal, gas, hydro, grid, ...)");
  CHECK(project_problem(portfolio, with(wind_farm("A"), "stage", "built"))
            .starts_with("projects.csv:7: stage: 'built': unknown stage"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "target_cod", "2019-02-30")) ==
        "projects.csv:7: target_cod: '2019-02-30': no such day in the calendar");
  CHECK(project_problem(portfolio, with(wind_farm("A"), "target_cod", "soon"))
            .starts_with("projects.csv:7: target_cod: 'soon': not a date"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "lat", "91"))
            .starts_with("projects.csv:7: lat: '91': not a coordinate"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "lon", "inf"))
            .starts_with("projects.csv:7: lon: 'inf': not a coordinate"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "code", "ST 1"))
            .starts_with("projects.csv:7: code: 'ST 1': a code is"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "color", "red"))
            .starts_with("projects.csv:7: color: 'red': unknown field"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "parent", "A")) ==
        "projects.csv:7: parent: 'A': a project cannot be its own parent");
  // None of the refused rows was added.
  CHECK(portfolio.projects.empty());
}

TEST_CASE("edit: an unknown province names the nearest ones") {
  Portfolio portfolio;
  std::string problem = project_problem(portfolio, with(wind_farm("A"), "province", "Soc Trangg"));
  CHECK(
      problem.starts_with("projects.csv:7: province: 'Soc Trangg': unknown province (nearest: "
                          "Sóc Trăng"));
  // "unknown" is the name tiendo writes for a row without a province, so its own files take it
  // back (in any case); an empty province is still refused.
  ProblemList problems;
  apply_project(portfolio, with(wind_farm("A"), "province", "Unknown"), projects_row(2), problems,
                ProvinceRegistry::builtin());
  REQUIRE(problems.empty());
  CHECK(portfolio.projects[0].province == "unknown");
  CHECK(project_problem(portfolio, with(wind_farm("B"), "province", "")) ==
        "projects.csv:7: province: '': required for a new project");
}

TEST_CASE("edit: text is one line of printable UTF-8, refused with the bad byte shown") {
  Portfolio portfolio;
  CHECK(project_problem(portfolio, with(wind_farm("A"), "name", "Gi\xF3")) ==
        "projects.csv:7: name: 'Gi\\xf3': not valid UTF-8");
  CHECK(project_problem(portfolio, with(wind_farm("A"), "name", "A\x1b[31mB")) ==
        "projects.csv:7: name: 'A\\x1b[31mB': a control character (text is one line of "
        "printable characters)");
  CHECK(project_problem(portfolio, with(wind_farm("A"), "investor", "line\nforged"))
            .starts_with("projects.csv:7: investor: 'line\\x0aforged': a control character"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "site", "a\tb"))
            .starts_with("projects.csv:7: site: 'a\\x09b': a control character"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "source", "x\r"))
            .starts_with("projects.csv:7: source: 'x\\x0d': a control character"));
  // C1 controls (CSI is U+009B) and a right-to-left override are refused too.
  CHECK(project_problem(portfolio, with(wind_farm("A"), "name",
                                        "a\xC2\x9B"
                                        "31mb"))
            .starts_with("projects.csv:7: name: 'a\\u009b31mb': a control character"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "name",
                                        "a\xE2\x80\xAE"
                                        "b"))
            .starts_with("projects.csv:7: name: 'a\\u202eb': a control character"));
  CHECK(project_problem(portfolio, with(wind_farm("A"), "name", std::string(10001, 'x')))
            .ends_with("longer than 10,000 bytes"));
  CHECK(portfolio.projects.empty());
  // Vietnamese text with its diacritics is what names are made of.
  ProblemList problems;
  apply_project(portfolio, with(wind_farm("A"), "name", "Điện gió Bạc Liêu – giai đoạn 3"),
                projects_row(2), problems, ProvinceRegistry::builtin());
  CHECK(problems.empty());
}

TEST_CASE("edit: a new project needs name, technology and province, each named") {
  Portfolio portfolio;
  ProblemList problems;
  apply_project(portfolio, {{"code", "NEW"}}, projects_row(9), problems,
                ProvinceRegistry::builtin());
  REQUIRE(problems.size() == 3);
  CHECK(problems.lines()[0] == "projects.csv:9: name: '': required for a new project");
  CHECK(problems.lines()[1] == "projects.csv:9: technology: '': required for a new project");
  CHECK(problems.lines()[2] == "projects.csv:9: province: '': required for a new project");
  CHECK(portfolio.projects.empty());
}

TEST_CASE("edit: a grid work carries no MW, and MWp is for solar only") {
  Portfolio portfolio;
  Fields line = {{"code", "LINE-110"},
                 {"name", "Đường dây 110 kV"},
                 {"technology", "grid"},
                 {"province", "Trà Vinh"},
                 {"capacity_mw", "40"}};
  CHECK(project_problem(portfolio, line)
            .starts_with("projects.csv:7: capacity_mw: '40': a grid "
                         "work carries kV and km, not MW"));
  CHECK(project_problem(portfolio, with(line, "capacity_mw", "")) == "");
  CHECK(project_problem(portfolio, with(wind_farm("W"), "capacity_mwp", "36")) ==
        "projects.csv:7: capacity_mwp: '36': MWp is for solar projects only");
  Fields solar = with(with(wind_farm("S"), "technology", "solar_farm"), "capacity_mwp", "62.5");
  CHECK(project_problem(portfolio, solar) == "");
  CHECK(portfolio.projects.back().capacity_peak->watts() == 62'500'000);
}

TEST_CASE("edit: every problem of a row is reported, not only the first") {
  Portfolio portfolio;
  ProblemList problems;
  Fields fields = wind_farm("A");
  fields = with(fields, "capacity_mw", "-1");
  fields = with(fields, "technology", "windmill");
  fields = with(fields, "target_cod", "31/04/2019");
  apply_project(portfolio, fields, projects_row(3), problems, ProvinceRegistry::builtin());
  CHECK(problems.size() == 3);
  try {
    problems.throw_if_any();
    FAIL("no exception for three problems");
  } catch (const InvalidInput& error) {
    CHECK(error.problems().size() == 3);
    CHECK(std::string(error.what()).find('\n') != std::string::npos);
  }
}

TEST_CASE("edit: text that is not UTF-8 or holds control characters is shown escaped") {
  Portfolio portfolio;
  CHECK(project_problem(portfolio, with(wind_farm("A"), "name",
                                        "S\xF3"
                                        "c")) ==
        "projects.csv:7: name: 'S\\xf3c': not valid UTF-8");
  CHECK(project_problem(portfolio, with(wind_farm("A"), "site", std::string("a\0b", 3))) ==
        "projects.csv:7: site: 'a\\x00b': a control character (text is one line of printable "
        "characters)");
  // A site description is one line too: a line break inside it would forge a row of a table.
  CHECK(project_problem(portfolio, with(wind_farm("A"), "site", "ấp 1\nxã 2")) ==
        "projects.csv:7: site: 'ấp 1\\x0axã 2': a control character (text is one line of "
        "printable characters)");
}

TEST_CASE("edit: milestones, with dates at their precision and problems named") {
  Portfolio portfolio = one_project();
  ProblemList problems;
  auto index = apply_milestone(portfolio,
                               {{"project", "ST-1"},
                                {"key", "investment_policy"},
                                {"planned", "03/2020"},
                                {"actual", "12/03/2020"},
                                {"reason", "permitting:chờ ý kiến bộ"},
                                {"duration_days", "0"}},
                               InputLocation{"milestones.csv", 4}, problems);
  REQUIRE(problems.empty());
  const Milestone& milestone = portfolio.milestones[static_cast<std::size_t>(index)];
  CHECK(milestone.planned->iso() == "2020-03");
  CHECK(milestone.actual->iso() == "2020-03-12");
  CHECK(milestone.done());
  CHECK(portfolio.reference(index) == "ST-1:investment_policy");

  CHECK(milestone_problem(portfolio, {{"project", "NOPE"}, {"key", "cod"}}) ==
        "milestones.csv:4: project: 'NOPE': no such project");
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "COD"}})
            .starts_with("milestones.csv:4: key: 'COD': a key is lower-case"));
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "comissioning"}}) ==
        "milestones.csv:4: key: 'comissioning': unknown milestone key; did you mean "
        "'commissioning'?");
  CHECK(milestone_problem(portfolio,
                          {{"project", "ST-1"}, {"key", "cod"}, {"planned", "2019-02-30"}}) ==
        "milestones.csv:4: planned: '2019-02-30': no such day in the calendar");
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "cod"}, {"duration_days", "-3"}})
            .starts_with("milestones.csv:4: duration_days: '-3': "));
  CHECK(
      milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "cod"}, {"duration_days", "1.5"}})
          .starts_with("milestones.csv:4: duration_days: '1.5': "));
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "cod"}, {"reason", "rain"}})
            .starts_with("milestones.csv:4: reason: 'rain': unknown delay category 'rain'"));
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "cod"}, {"reason", "weather:"}})
            .starts_with("milestones.csv:4: reason: 'weather:': a delay reason needs a text"));
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"},
                                      {"key", "construction_start"},
                                      {"duration_days", "100"},
                                      {"actual_start", "2020-05-01"},
                                      {"actual", "2020-04-01"}}) ==
        "milestones.csv:4: actual: '2020-04-01': finishes before its actual_start");
  // The refused rows changed nothing: cod keeps its planned date.
  auto cod = portfolio.find_milestone("ST-1", "cod");
  REQUIRE(cod.has_value());
  CHECK(portfolio.milestones[static_cast<std::size_t>(*cod)].planned->iso() == "2021-10-31");
  CHECK(portfolio.milestones[static_cast<std::size_t>(*cod)].duration_days == 0);
}

TEST_CASE("edit: a custom milestone key is allowed unless the catalog is required") {
  Portfolio portfolio = one_project();
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "turbine_installation"}}) == "");
  ProblemList problems;
  EditOptions strict;
  strict.allow_custom_keys = false;
  apply_milestone(portfolio, {{"project", "ST-1"}, {"key", "blade_inspection"}},
                  InputLocation{"m.csv", 2}, problems, strict);
  REQUIRE(problems.size() == 1);
  CHECK(problems.lines()[0] == "m.csv:2: key: 'blade_inspection': unknown milestone key");
}

TEST_CASE("edit: dependencies, and a dependency on a missing milestone names it") {
  Portfolio portfolio = one_project();
  ProblemList problems;
  auto index = apply_dependency(portfolio,
                                {{"from", "ST-1:construction_start"},
                                 {"to", "ST-1:cod"},
                                 {"type", "SS"},
                                 {"lag_days", "-30"}},
                                InputLocation{"dependencies.csv", 2}, problems);
  REQUIRE(problems.empty());
  REQUIRE(index == 0);
  CHECK(portfolio.dependencies[0].type == LinkType::StartToStart);
  CHECK(portfolio.dependencies[0].lag_days == -30);
  CHECK(dependency_cells(portfolio, portfolio.dependencies[0]) ==
        std::vector<std::string>{"ST-1:construction_start", "ST-1:cod", "SS", "-30", "", ""});

  // The same two ends update the dependency instead of adding a second one.
  apply_dependency(portfolio, {{"from", "ST-1:construction_start"}, {"to", "ST-1:cod"}},
                   InputLocation{"dependencies.csv", 3}, problems);
  REQUIRE(problems.empty());
  CHECK(portfolio.dependencies.size() == 1);

  CHECK(dependency_problem(portfolio, {{"from", "ST-1:ppa_signed"}, {"to", "ST-1:cod"}}) ==
        "dependencies.csv:5: from: 'ST-1:ppa_signed': no such milestone (milestone "
        "'ST-1:ppa_signed' not found)");
  CHECK(dependency_problem(portfolio,
                           {{"from", "ST-1:cod"}, {"to", "LINE-110:grid_line_energized"}}) ==
        "dependencies.csv:5: to: 'LINE-110:grid_line_energized': no such milestone (project "
        "'LINE-110' not found)");
  CHECK(dependency_problem(portfolio, {{"from", "ST-1"}, {"to", "ST-1:cod"}}) ==
        "dependencies.csv:5: from: 'ST-1': not a milestone reference (write PROJECT_CODE:key)");
  CHECK(dependency_problem(portfolio, {{"from", "ST-1:cod"}, {"to", "ST-1:cod"}}) ==
        "dependencies.csv:5: to: 'ST-1:cod': a milestone cannot depend on itself");
  CHECK(dependency_problem(
            portfolio, {{"from", "ST-1:construction_start"}, {"to", "ST-1:cod"}, {"type", "XX"}}) ==
        "dependencies.csv:5: type: 'XX': a dependency type is FS, SS, FF or SF");
  CHECK(dependency_problem(
            portfolio,
            {{"from", "ST-1:construction_start"}, {"to", "ST-1:cod"}, {"lag_days", "ten"}}) ==
        "dependencies.csv:5: lag_days: 'ten': a lag is a whole number of days (may be negative)");
  CHECK(dependency_problem(portfolio, {{"to", "ST-1:cod"}}) ==
        "dependencies.csv:5: from: '': a dependency needs both ends (PROJECT_CODE:key)");
  // Row 3 named neither type nor lag, so both were kept, and the refused rows changed nothing.
  CHECK(portfolio.dependencies[0].type == LinkType::StartToStart);
  CHECK(portfolio.dependencies[0].lag_days == -30);
}

TEST_CASE("edit: check_parents finds missing parents and loops") {
  Portfolio portfolio;
  ProblemList problems;
  for (const char* code : {"A", "B", "C", "D"})
    apply_project(portfolio, wind_farm(code), projects_row(2), problems,
                  ProvinceRegistry::builtin());
  REQUIRE(problems.empty());
  apply_project(portfolio, {{"code", "A"}, {"parent", "B"}}, projects_row(2), problems,
                ProvinceRegistry::builtin());
  apply_project(portfolio, {{"code", "B"}, {"parent", "A"}}, projects_row(3), problems,
                ProvinceRegistry::builtin());
  apply_project(portfolio, {{"code", "D"}, {"parent", "GHOST"}}, projects_row(5), problems,
                ProvinceRegistry::builtin());
  REQUIRE(problems.empty());
  // Every line has the usual form, named by the row that set the project where it is known.
  check_parents(portfolio, problems, [](std::int32_t project) {
    return project == 3 ? projects_row(5) : InputLocation{};
  });
  REQUIRE(problems.size() == 3);
  CHECK(problems.lines()[0] == "parent: 'B': parents form a loop: A -> B -> A");
  CHECK(problems.lines()[1] == "parent: 'A': parents form a loop: B -> A -> B");
  CHECK(problems.lines()[2] == "projects.csv:5: parent: 'GHOST': no such project (parent of D)");

  // A proper tree has no problem.
  Portfolio tree;
  ProblemList tree_problems;
  apply_project(tree, wind_farm("PLANT"), projects_row(2), tree_problems,
                ProvinceRegistry::builtin());
  apply_project(tree, with(wind_farm("PHASE-1"), "parent", "PLANT"), projects_row(3), tree_problems,
                ProvinceRegistry::builtin());
  apply_project(tree, with(wind_farm("PHASE-1-A"), "parent", "PHASE-1"), projects_row(4),
                tree_problems, ProvinceRegistry::builtin());
  check_parents(tree, tree_problems);
  CHECK(tree_problems.empty());
}

TEST_CASE("edit: an import reports a key repeated within one file, with both rows") {
  std::vector<std::string> csv_problems;
  auto projects = io::parse_csv(
      "code,name,technology,province\n"
      "A,Alpha,wind_onshore,Sóc Trăng\n"
      "B,Beta,solar_farm,Ninh Thuận\n"
      "A,Alpha again,wind_onshore,Sóc Trăng\n",
      "projects.csv", csv_problems);
  auto milestones = io::parse_csv(
      "project,key,planned\n"
      "A,cod,2021\n"
      "A,cod,2022\n"
      "B,cod,03/2021\n",
      "milestones.csv", csv_problems);
  REQUIRE(csv_problems.empty());
  Portfolio portfolio;
  ProblemList problems;
  io::apply_tables(portfolio, {milestones, projects}, problems, ProvinceRegistry::builtin());
  REQUIRE(problems.size() == 2);
  CHECK(problems.lines()[0] == "projects.csv:4: code: 'A': repeats row 2 of the same file");
  CHECK(problems.lines()[1] == "milestones.csv:3: key: 'A:cod': repeats row 2 of the same file");
  // Projects are applied before milestones whatever the order of the files.
  CHECK(portfolio.find_milestone("B", "cod").has_value());
}

TEST_CASE("edit: delay reasons need a known category and a text") {
  CHECK(delay_reason_problem("site_clearance:vướng bồi thường") == "");
  CHECK(delay_reason_problem("grid:chờ đường dây 110 kV") == "");
  CHECK(delay_reason_problem("weather").find("needs a text") != std::string::npos);
  CHECK(delay_reason_problem("rain:mưa").find("unknown delay category 'rain'") !=
        std::string::npos);
  CHECK(delay_reason_problem("").find("unknown delay category") != std::string::npos);
}

TEST_CASE("edit: a problem from the command line has no file prefix") {
  CHECK(InputLocation{}.prefix() == "");
  CHECK(InputLocation{"projects.csv", 0}.prefix() == "projects.csv: ");
  CHECK(InputLocation{"projects.csv", 12}.prefix() == "projects.csv:12: ");
  ProblemList problems;
  problems.add(InputLocation{}, "capacity_mw", "-5", "capacity must be zero or more");
  REQUIRE(problems.size() == 1);
  CHECK(problems.lines()[0] == "capacity_mw: '-5': capacity must be zero or more");
  CHECK_THROWS_AS(problems.throw_if_any(), InvalidInput);
  CHECK_NOTHROW(ProblemList{}.throw_if_any());
}

TEST_CASE(
    "edit: an actual date after today in Vietnam is refused; a coarse one counts by its "
    "first day") {
  // TIENDO_TODAY stands for the clock, as in the golden tests.
  ::setenv("TIENDO_TODAY", "2026-12-07", 1);
  Portfolio portfolio = one_project();
  auto problems_of = [&](const Fields& fields) {
    ProblemList problems;
    Fields row{{"project", "ST-1"}, {"key", "cod"}};
    row.insert(row.end(), fields.begin(), fields.end());
    apply_milestone(portfolio, row, InputLocation{"milestones.csv", 7}, problems);
    return problems.lines();
  };
  CHECK(problems_of({{"actual", "15/08/2030"}}) ==
        std::vector<std::string>{"milestones.csv:7: actual: '15/08/2030': after today "
                                 "(2026-12-07); an actual date records what has happened"});
  CHECK(problems_of({{"actual_start", "2026-12-08"}}).size() == 1);
  CHECK(problems_of({{"actual", "2027"}}).size() == 1);
  CHECK(problems_of({{"actual", "12/2026"}}).empty());
  CHECK(problems_of({{"actual_start", "11/2026"}, {"actual", "2026-12-07"}}).empty());
  // A date that is no date gets its own problem only, not a second one about the stored value.
  CHECK(problems_of({{"actual", "2026-02-30"}}).size() == 1);
  ::setenv("TIENDO_TODAY", "2026-11-30", 1);
  CHECK(problems_of({{"actual", "12/2026"}}).size() == 1);
  ::unsetenv("TIENDO_TODAY");
}

TEST_CASE("edit: a contractor's schedule's exact values are read and written back (issue 31)") {
  Portfolio portfolio = one_project();
  CHECK(project_problem(portfolio, {{"code", "ST-1"}, {"schedule_rules", "p6"},
                                    {"data_date", "2026-03-02"}}) == "");
  const auto& project = portfolio.projects[0];
  CHECK(project.schedule_rules == "p6");
  CHECK(project.data_date == Date::parse("2026-03-02"));
  CHECK(project_problem(portfolio, {{"code", "ST-1"}, {"schedule_rules", "msp"}}) ==
        "projects.csv:7: schedule_rules: 'msp': scheduling rules are empty (tiendo's) or p6 (a "
        "contractor's schedule), with lag=successor|project|24_hour and "
        "out_of_sequence=progress_override|actual_dates");
  // P6's options travel after "p6", written back in one order and only where not the default.
  CHECK(project_problem(portfolio, {{"code", "ST-1"},
                                    {"schedule_rules",
                                     "p6 out_of_sequence=progress_override lag=successor"}}) == "");
  CHECK(project.schedule_rules == "p6 lag=successor out_of_sequence=progress_override");
  CHECK(project_problem(portfolio, {{"code", "ST-1"},
                                    {"schedule_rules", "p6 lag=predecessor"}}) == "");
  CHECK(project.schedule_rules == "p6");
  for (const char* wrong : {"p6 lag=sideways", "p6 lag=successor lag=project", "lag=successor",
                            "p6  lag=successor", "p6 out_of_sequence"})
    CHECK(project_problem(portfolio, {{"code", "ST-1"}, {"schedule_rules", wrong}}) != "");
  CHECK(project_problem(portfolio, {{"code", "ST-1"}, {"schedule_rules", "p6"}}) == "");
  CHECK(project_problem(portfolio, {{"code", "ST-1"}, {"data_date", "2026-03"}}) ==
        "projects.csv:7: data_date: '2026-03': a data date is a day (YYYY-MM-DD)");

  // Imported keys may start with a digit on a P6 project.
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"},
                                      {"key", "1570"},
                                      {"duration_days", "115667"},
                                      {"duration_minutes", "1850670"},
                                      {"calendar", "vn-mon-fri"},
                                      {"start_on_or_after", "2026-03-02T07:30"},
                                      {"finish_on_or_before", "2027-01-01T24:00"},
                                      {"finish_event", "yes"}}) == "");
  auto index = portfolio.find_milestone("ST-1", "1570");
  REQUIRE(index.has_value());
  auto& milestone = portfolio.milestones[static_cast<std::size_t>(*index)];
  CHECK(milestone.duration_minutes == 1850670);
  CHECK(milestone.duration_days == 115667);
  CHECK(milestone.calendar == "vn-mon-fri");
  CHECK(milestone.start_on_or_after == std::int64_t{Date::parse("2026-03-02").days()} * 1440 + 450);
  CHECK(milestone.finish_on_or_before == std::int64_t{Date::parse("2027-01-02").days()} * 1440);
  CHECK(milestone.finish_event);
  auto cells = milestone_cells(portfolio, milestone);
  CHECK(std::vector<std::string>(cells.end() - 6, cells.end()) ==
        std::vector<std::string>{"1850670", "vn-mon-fri", "2026-03-02T07:30", "2027-01-02T00:00",
                                 "yes", ""});
  // A new duration in days without minutes beside it is the duration from then on.
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "1570"},
                                      {"duration_days", "10"}}) == "");
  CHECK_FALSE(portfolio.milestones[static_cast<std::size_t>(*index)].duration_minutes);
  // Without minutes the days keep their limit.
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "1570"},
                                      {"duration_days", "115667"}}) ==
        "milestones.csv:4: duration_days: '115667': a duration is a whole number of days, 0 to "
        "36500");
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "1570"},
                                      {"start_on_or_after", "2026-03-02 07:30"}}) ==
        "milestones.csv:4: start_on_or_after: '2026-03-02 07:30': not a day and time "
        "(YYYY-MM-DDTHH:MM, e.g. 2026-03-02T07:30)");
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "1570"},
                                      {"calendar", "no-such"}}) ==
        "milestones.csv:4: calendar: 'no-such': no such calendar (all-days, vn-mon-fri, "
        "vn-mon-sat, or one added with 'calendar add')");
  CHECK(milestone_problem(portfolio, {{"project", "ST-1"}, {"key", "1570"},
                                      {"finish_event", "1"}}) ==
        "milestones.csv:4: finish_event: '1': yes (an event at the finish of what precedes it) or "
        "no");

  ProblemList problems;
  apply_dependency(portfolio,
                   {{"from", "ST-1:construction_start"}, {"to", "ST-1:1570"}, {"lag_days", "2"},
                    {"lag_minutes", "-930"}},
                   InputLocation{"dependencies.csv", 2}, problems);
  REQUIRE(problems.empty());
  CHECK(portfolio.dependencies.back().lag_minutes == -930);
  CHECK(dependency_cells(portfolio, portfolio.dependencies.back())[4] == "-930");
  apply_dependency(portfolio,
                   {{"from", "ST-1:construction_start"}, {"to", "ST-1:1570"}, {"lag_days", "3"}},
                   InputLocation{"dependencies.csv", 2}, problems);
  REQUIRE(problems.empty());
  CHECK_FALSE(portfolio.dependencies.back().lag_minutes);
  // A link's own lag calendar (MS Project's elapsed lag), read and written back; a word that is
  // no lag calendar is refused, naming the field and value; empty follows the project's rules.
  apply_dependency(portfolio,
                   {{"from", "ST-1:construction_start"}, {"to", "ST-1:1570"},
                    {"lag_calendar", "24_hour"}},
                   InputLocation{"dependencies.csv", 2}, problems);
  REQUIRE(problems.empty());
  CHECK(portfolio.dependencies.back().lag_calendar == LagCalendarRule::TwentyFourHour);
  CHECK(dependency_cells(portfolio, portfolio.dependencies.back()).back() == "24_hour");
  apply_dependency(portfolio,
                   {{"from", "ST-1:construction_start"}, {"to", "ST-1:1570"},
                    {"lag_calendar", "elapsed"}},
                   InputLocation{"dependencies.csv", 3}, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems.lines().front().find("lag_calendar: 'elapsed'") != std::string::npos);
  CHECK(portfolio.dependencies.back().lag_calendar == LagCalendarRule::TwentyFourHour);
  ProblemList none;
  apply_dependency(portfolio,
                   {{"from", "ST-1:construction_start"}, {"to", "ST-1:1570"}, {"lag_calendar", ""}},
                   InputLocation{"dependencies.csv", 4}, none);
  REQUIRE(none.empty());
  CHECK_FALSE(portfolio.dependencies.back().lag_calendar);
}
