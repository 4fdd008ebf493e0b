// The strict RFC 4180 reader and the writer behind import and export: every malformed file is
// reported with its file and row, and what export writes imports back to the same text.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "domain/edit.h"
#include "domain/province.h"
#include "io/csv.h"
#include "io/tiendo_csv.h"

using namespace tiendo;
using namespace tiendo::io;

namespace {

using Cells = std::vector<std::string>;

CsvTable parse(std::string_view text, std::vector<std::string>& problems) {
  return parse_csv(text, "in.csv", problems);
}

std::string written(const Cells& cells) {
  std::ostringstream out;
  write_csv_row(out, cells);
  return out.str();
}

// Writes the rows (the first is the header) and reads them back.
CsvTable round_trip(const std::vector<Cells>& rows, std::vector<std::string>& problems) {
  std::ostringstream out;
  for (const auto& row : rows)
    write_csv_row(out, row);
  return parse_csv(out.str(), "round.csv", problems);
}

}  // namespace

TEST_CASE("csv: header, rows and row numbers as a spreadsheet shows them") {
  std::vector<std::string> problems;
  auto table = parse("code,name\nA,Alpha\nB,Beta\n", problems);
  CHECK(problems.empty());
  CHECK(table.file == "in.csv");
  CHECK(table.header == Cells{"code", "name"});
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0].number == 2);
  CHECK(table.rows[0].fields == Cells{"A", "Alpha"});
  CHECK(table.rows[1].number == 3);
  CHECK(table.rows[1].fields == Cells{"B", "Beta"});
}

TEST_CASE("csv: a last line without a newline, and empty fields") {
  std::vector<std::string> problems;
  auto table = parse("a,b,c\n,,\nx,,z", problems);
  CHECK(problems.empty());
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0].fields == Cells{"", "", ""});
  CHECK(table.rows[1].fields == Cells{"x", "", "z"});
}

TEST_CASE("csv: quoted fields with embedded commas, quotes and newlines") {
  std::vector<std::string> problems;
  auto table = parse(
      "code,name,site\n"
      "A,\"Điện gió, Sóc Trăng\",\"line one\nline two\"\n"
      "B,\"the \"\"Long Phú\"\" plant\",\"\"\n",
      problems);
  CHECK(problems.empty());
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0].fields == Cells{"A", "Điện gió, Sóc Trăng", "line one\nline two"});
  CHECK(table.rows[1].fields == Cells{"B", "the \"Long Phú\" plant", ""});
  // The record after a quoted newline is the next spreadsheet row, not the next text line.
  CHECK(table.rows[1].number == 3);
}

TEST_CASE("csv: CRLF line ends and a byte order mark") {
  std::vector<std::string> problems;
  auto table = parse(
      "\xEF\xBB\xBF"
      "code,name\r\nA,Alpha\r\nB,\"two\r\nlines\"\r\n",
      problems);
  CHECK(problems.empty());
  // The BOM does not become part of the first column's name.
  CHECK(table.header == Cells{"code", "name"});
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0].fields == Cells{"A", "Alpha"});
  CHECK(table.rows[0].number == 2);
  // A line end inside quotes is kept as written.
  CHECK(table.rows[1].fields == Cells{"B", "two\r\nlines"});
}

TEST_CASE("csv: a quote opened and not closed is refused with file and row") {
  std::vector<std::string> problems;
  auto table = parse("code,name\nA,Alpha\nB,\"Beta\nC,Gamma\n", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].starts_with("in.csv:3: "));
  CHECK(problems[0].find("malformed CSV") != std::string::npos);
  CHECK(table.rows.size() == 1);
}

TEST_CASE("csv: a stray quote inside an unquoted field is malformed") {
  std::vector<std::string> problems;
  parse("code,name\nA,Al\"pha\n", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].starts_with("in.csv:2: "));
  problems.clear();
  // Text after a closing quote is malformed too.
  parse("code,name\nA,\"Alpha\"x\n", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].starts_with("in.csv:2: "));
}

TEST_CASE("csv: every row with the wrong number of fields is reported, the good ones kept") {
  std::vector<std::string> problems;
  auto table = parse("code,name,site\nA,Alpha,x\nB,Beta\nC,Gamma,y,extra\nD,Delta,z\n", problems);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "in.csv:3: row has 2 fields, the header has 3");
  CHECK(problems[1] == "in.csv:4: row has 4 fields, the header has 3");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0].fields[0] == "A");
  CHECK(table.rows[1].fields[0] == "D");
  CHECK(table.rows[1].number == 5);
}

TEST_CASE("csv: an embedded NUL is refused with its line") {
  std::vector<std::string> problems;
  std::string text = "code,name\nA,Alpha\nB,Be";
  text += '\0';
  text += "ta\n";
  auto table = parse(text, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].starts_with("in.csv:3: "));
  CHECK(problems[0].find("NUL") != std::string::npos);
  // The rows before it are read; the row holding it is not.
  REQUIRE(table.rows.size() == 1);
  CHECK(table.rows[0].fields[0] == "A");
}

TEST_CASE("csv: an empty file has no header") {
  std::vector<std::string> problems;
  parse("", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "in.csv: empty file, no header");
  problems.clear();
  parse("\xEF\xBB\xBF", problems);
  CHECK(problems.size() == 1);
}

TEST_CASE("csv: a missing file is a problem, not an exception") {
  std::vector<std::string> problems;
  auto table = read_csv_file("/nonexistent/tiendo/projects.csv", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "/nonexistent/tiendo/projects.csv: cannot read the file");
  CHECK(table.header.empty());
}

TEST_CASE("csv: invalid UTF-8 passes the reader and is refused by the import with its row") {
  std::vector<std::string> problems;
  auto table = parse_csv(
      "code,name,technology,province\n"
      "A,S\xF3"
      "c Tr\xE3ng,wind_onshore,Sóc Trăng\n",
      "projects.csv", problems);
  REQUIRE(problems.empty());
  Portfolio portfolio;
  ProblemList import_problems;
  apply_tables(portfolio, {table}, import_problems, ProvinceRegistry::builtin());
  REQUIRE(import_problems.size() == 1);
  CHECK(import_problems.lines()[0].starts_with("projects.csv:2: name: 'S\\xf3c Tr\\xe3ng': "));
  CHECK(portfolio.projects.empty());
}

TEST_CASE("csv writer: quoting only where a field needs it") {
  CHECK(written({"A", "Alpha", ""}) == "A,Alpha,\n");
  CHECK(written({"a,b"}) == "\"a,b\"\n");
  CHECK(written({"say \"hi\""}) == "\"say \"\"hi\"\"\"\n");
  CHECK(written({"two\nlines"}) == "\"two\nlines\"\n");
  CHECK(written({"cr\rhere"}) == "\"cr\rhere\"\n");
  CHECK(written({" padded "}) == "\" padded \"\n");
  CHECK(written({"Điện gió Sóc Trăng"}) == "Điện gió Sóc Trăng\n");
  CHECK(written({}) == "\n");
}

TEST_CASE("csv writer: a cell a spreadsheet would run is neutralised, numbers are not") {
  CHECK(written({"=SUM(A1:A9)"}) == "'=SUM(A1:A9)\n");
  CHECK(written({"+84 912 345"}) == "'+84 912 345\n");
  CHECK(written({"-cmd|' /C calc'!A0"}) == "'-cmd|' /C calc'!A0\n");
  CHECK(written({"@SUM(1)"}) == "'@SUM(1)\n");
  CHECK(written({"=1,2"}) == "\"'=1,2\"\n");
  CHECK(written({"-14"}) == "-14\n");
  CHECK(written({"-0.5"}) == "-0.5\n");
  CHECK(written({"-1e3"}) == "-1e3\n");
  CHECK(written({"a=b"}) == "a=b\n");
  CHECK(written({"'quoted"}) == "'quoted\n");

  CHECK(neutralise_formula("=1+1") == "'=1+1");
  CHECK(neutralise_formula("") == "");
  CHECK(neutralise_formula("-") == "'-");
  CHECK(restore_formula("'=1+1") == "=1+1");
  CHECK(restore_formula("'quoted") == "'quoted");
  CHECK(restore_formula("'-14") == "'-14");
  // A cell that already starts with the prefix before a formula gets a second one, so the
  // reader's removal of one prefix gives back exactly what was written.
  CHECK(neutralise_formula("'=x") == "''=x");
  CHECK(restore_formula("''=x") == "'=x");
  // A spreadsheet skips blanks before it looks for a formula, and some take a tab or a line
  // break first as one: those cells are neutralised too, and come back exactly.
  for (std::string_view cell : {" =1+1", "\t=1+1", "\r=1+1", "\n@SUM(1)", "  -cmd", "\xC2\xA0+1+1",
                                "\xE3\x80\x80=1", "\t", "\ttext"}) {
    CAPTURE(cell);
    CHECK(neutralise_formula(cell) == "'" + std::string(cell));
    CHECK(restore_formula(neutralise_formula(cell)) == cell);
  }
  CHECK(neutralise_formula(" -5") == " -5");
  CHECK(neutralise_formula("  ") == "  ");
  CHECK(neutralise_formula("a =1") == "a =1");
}

TEST_CASE("csv: what the writer writes, the reader gives back exactly") {
  std::vector<Cells> rows = {
      {"code", "name", "site"},
      {"A", "Điện gió, \"Sóc Trăng\" 1", "line one\nline two"},
      {"B", "=HYPERLINK(\"http://x\")", " leading and trailing "},
      {"C", "'=already prefixed", "+84 912 345"},
      {"D", "-14", "@home"},
      {"E", "", "crlf\r\ninside"},
      {"F", "-", "'"},
  };
  std::vector<std::string> problems;
  auto table = round_trip(rows, problems);
  CHECK(problems.empty());
  CHECK(table.header == rows[0]);
  REQUIRE(table.rows.size() == rows.size() - 1);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK(table.rows[i - 1].fields == rows[i]);
  }
}

TEST_CASE("csv: a portfolio exported and imported exports the same bytes") {
  std::vector<std::string> problems;
  auto projects = parse_csv(
      "code,name,technology,province,capacity_mw,capacity_mwp,investor,parent,stage,target_cod,"
      "lat,lon,site,source\n"
      "ST-LONGPHU-1,\"Điện gió Long Phú 1, giai đoạn 1\",wind_onshore,soc trang,99.2,,"
      "=Công ty,,approved,12/2021,9.6112,106.1234,\" ấp Mỹ Thanh, xã Trung Bình\",QĐ 123/QĐ-UBND\n"
      "NT-SOLAR,Điện mặt trời Ninh Thuận,solar_farm,Ninh Thuận,50,62.5,,,operating,2019,,,,\n",
      "projects.csv", problems);
  auto milestones = parse_csv(
      "project,key,name,duration_days,planned,actual_start,actual,forecast,reason,source\n"
      "ST-LONGPHU-1,construction_start,Khởi công,0,2020-03,,,15/06/2020,"
      "site_clearance:vướng bồi thường,\n"
      "ST-LONGPHU-1,cod,,0,2021-12-31,,,,,\n",
      "milestones.csv", problems);
  auto dependencies = parse_csv(
      "from,to,type,lag_days\n"
      "ST-LONGPHU-1:construction_start,ST-LONGPHU-1:cod,FS,-30\n",
      "dependencies.csv", problems);
  REQUIRE(problems.empty());
  Portfolio first;
  ProblemList import_problems;
  apply_tables(first, {projects, milestones, dependencies}, import_problems,
               ProvinceRegistry::builtin());
  REQUIRE(import_problems.empty());
  REQUIRE(first.projects.size() == 2);
  CHECK(first.projects[0].province == "Sóc Trăng");
  CHECK(first.projects[0].investor == "=Công ty");

  std::ostringstream project_text, milestone_text, dependency_text;
  write_projects_csv(project_text, first);
  write_milestones_csv(milestone_text, first);
  write_dependencies_csv(dependency_text, first);
  // The formula-looking investor is written with its prefix, the coarse dates at their precision.
  CHECK(project_text.str().find(",'=Công ty,") != std::string::npos);
  CHECK(project_text.str().find(",2021-12,") != std::string::npos);
  CHECK(milestone_text.str().find(",2020-03,,,2020-06-15,") != std::string::npos);
  CHECK(dependency_text.str() ==
        "from,to,type,lag_days\nST-LONGPHU-1:construction_start,ST-LONGPHU-1:cod,FS,-30\n");

  Portfolio second;
  auto again = [&](const std::string& text, const char* name) {
    return parse_csv(text, name, problems);
  };
  apply_tables(second,
               {again(project_text.str(), "p.csv"), again(milestone_text.str(), "m.csv"),
                again(dependency_text.str(), "d.csv")},
               import_problems, ProvinceRegistry::builtin());
  REQUIRE(problems.empty());
  REQUIRE(import_problems.empty());
  std::ostringstream project_again, milestone_again, dependency_again;
  write_projects_csv(project_again, second);
  write_milestones_csv(milestone_again, second);
  write_dependencies_csv(dependency_again, second);
  CHECK(project_again.str() == project_text.str());
  CHECK(milestone_again.str() == milestone_text.str());
  CHECK(dependency_again.str() == dependency_text.str());
}
// Without CSV_REPALL_NL libcsv does not report a blank line at all, and every row after one
// would be numbered one too low.
TEST_CASE("csv: a blank line still counts as a spreadsheet row") {
  std::vector<std::string> problems;
  auto table = parse("code,name\nA,Alpha\n\nB,Beta,extra\nC,Gamma\n", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "in.csv:4: row has 3 fields, the header has 2");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[1].number == 5);
}

// libcsv strips spaces and tabs around an unquoted field, so the writer must quote a cell that
// starts or ends with either.
TEST_CASE("csv: a cell starting or ending with a tab survives export and import") {
  std::vector<std::string> problems;
  auto table = round_trip({{"site", "name"}, {"\tindented", "tab at the end\t"}}, problems);
  CHECK(problems.empty());
  REQUIRE(table.rows.size() == 1);
  CHECK(table.rows[0].fields == Cells{"\tindented", "tab at the end\t"});
}

TEST_CASE("csv: rows are numbered as lines with CRLF endings and blank lines too") {
  std::vector<std::string> problems;
  auto table = parse("code,name\r\nA,Alpha\r\n\r\nB,Beta,extra\r\nC,Gamma\r\n", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "in.csv:4: row has 3 fields, the header has 2");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0].number == 2);
  CHECK(table.rows[1].number == 5);
}

// Found by the CSV fuzzer: a header cell that looks like a formula was prefixed on write but not
// unprefixed on read, so every export added another quote mark.
TEST_CASE("csv: a formula-looking header cell is stable through write and read") {
  std::vector<std::string> problems;
  auto once = round_trip({{"code", "=1+2 note"}, {"A", "x"}}, problems);
  REQUIRE(problems.empty());
  CHECK(once.header == Cells{"code", "=1+2 note"});
  auto twice = round_trip({once.header, once.rows[0].fields}, problems);
  CHECK(twice.header == Cells{"code", "=1+2 note"});
}

// Found by the CSV fuzzer: a byte order mark after a blank first line became part of the first
// column's name, and writing the header put it back at the start where the reader drops it.
TEST_CASE("csv: a byte order mark after blank lines is not part of the header") {
  std::vector<std::string> problems;
  auto table = parse(
      "\n\xEF\xBB\xBF"
      "code,name\nA,Alpha\n",
      problems);
  REQUIRE(problems.empty());
  CHECK(table.header == Cells{"code", "name"});
}

namespace {

// A text with every shape the reader must carry across the end of a piece: a byte order mark,
// CRLF and LF line ends, a quoted field holding a comma, a quote and a line end, blank lines, a
// row with a field too many, a formula-looking cell and a last row without a line end.
std::string awkward_text() {
  return "\xEF\xBB\xBF"
         "\"code\",name,site\r\n"
         "A,\"Điện gió, \"\"Sóc Trăng\"\"\",\"ấp Mỹ Thanh\r\nxã Trung Bình\"\r\n"
         "\r\n"
         "B,'=SUM(A1),\n"
         "C,too,many,fields\n"
         "\n"
         "D,Dự án D,\"\"\n"
         "E,,last";
}

// Feeds the text in pieces of `size` bytes, taking the waiting rows after each piece as the file
// reader does, so that a row cut by a piece boundary has to be completed in a reused slot.
CsvTable parse_in_pieces(std::string_view text, std::size_t size,
                         std::vector<std::string>& problems) {
  CsvParser parser("in.csv", problems);
  CsvTable table{"in.csv", {}, {}};
  CsvRow row;
  for (std::size_t start = 0; start < text.size(); start += size) {
    parser.feed(text.substr(start, size));
    while (parser.take(row))
      table.rows.push_back(row);
  }
  parser.finish();
  while (parser.take(row))
    table.rows.push_back(row);
  table.header = parser.header();
  return table;
}

}  // namespace

TEST_CASE("csv: text fed in pieces of any size reads as the whole text does") {
  std::string text = awkward_text();
  std::vector<std::string> whole_problems;
  auto whole = parse_csv(text, "in.csv", whole_problems);
  REQUIRE(whole.rows.size() == 4);
  CHECK(whole.rows[0].fields[1] == "Điện gió, \"Sóc Trăng\"");
  CHECK(whole.rows[1].fields[1] == "=SUM(A1)");
  CHECK(whole.rows[3].number == 8);
  REQUIRE(whole_problems.size() == 1);
  for (std::size_t size = 1; size <= text.size(); ++size) {
    CAPTURE(size);
    std::vector<std::string> problems;
    auto pieces = parse_in_pieces(text, size, problems);
    CHECK(pieces.header == whole.header);
    REQUIRE(pieces.rows.size() == whole.rows.size());
    for (std::size_t i = 0; i < whole.rows.size(); ++i) {
      CHECK(pieces.rows[i].number == whole.rows[i].number);
      CHECK(pieces.rows[i].fields == whole.rows[i].fields);
    }
    CHECK(problems == whole_problems);
  }
}

TEST_CASE("csv: a file of several pieces is read row by row as the whole text") {
  // About 3 MiB, so that rows straddle the reader's one-mebibyte pieces.
  std::string text = "project,key,name,source\n";
  for (int i = 0; i < 30000; ++i)
    text += fmt::format("P-{:05d},works_{},\"Hạng mục {}, đợt {}\",{}\n", i / 20, i % 20, i, i % 7,
                        std::string(static_cast<std::size_t>(i % 150), 'x'));
  auto path = std::filesystem::temp_directory_path() /
              fmt::format("tiendo-test-pieces-{}.csv", static_cast<long>(::getpid()));
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  std::vector<std::string> whole_problems;
  auto whole = parse_csv(text, path.string(), whole_problems);
  std::vector<std::string> problems;
  CsvFileReader reader(path.string(), problems);
  CHECK(reader.header() == whole.header);
  CsvRow row;
  std::size_t count = 0;
  while (reader.next(row)) {
    REQUIRE(count < whole.rows.size());
    CHECK(row.number == whole.rows[count].number);
    CHECK(row.fields == whole.rows[count].fields);
    ++count;
  }
  CHECK(count == 30000);
  CHECK(problems.empty());
  CHECK(whole_problems.empty());

  // A NUL far into the file is placed on its line, and nothing after it is read.
  {
    std::ofstream out(path, std::ios::binary);
    out << text << "P-99999,works_1,";
    out << '\0';
    out << "x,y\n";
  }
  problems.clear();
  CsvFileReader damaged(path.string(), problems);
  count = 0;
  while (damaged.next(row))
    ++count;
  CHECK(count == 30000);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        fmt::format("{}:30002: contains a NUL byte (not a text CSV file)", path.string()));

  // Rows with a wrong number of fields in the first and the third piece: the reader, which
  // parses ahead on a thread of its own, reports the same problems in the same order, each one
  // before the rows of the piece it was found in are handed out.
  std::string broken = "project,key,name,source\n";
  for (int i = 0; i < 30000; ++i)
    broken += i == 100 || i == 25000
                  ? fmt::format("P-{:05d},works_{}\n", i / 20, i % 20)
                  : fmt::format("P-{:05d},works_{},\"Hạng mục {}\",{}\n", i / 20, i % 20, i,
                                std::string(static_cast<std::size_t>(i % 150), 'x'));
  {
    std::ofstream out(path, std::ios::binary);
    out << broken;
  }
  whole_problems.clear();
  auto broken_whole = parse_csv(broken, path.string(), whole_problems);
  REQUIRE(whole_problems.size() == 2);
  problems.clear();
  {
    CsvFileReader ahead(path.string(), problems);
    count = 0;
    int checked = 0;
    while (ahead.next(row)) {
      REQUIRE(count < broken_whole.rows.size());
      CHECK(row.fields == broken_whole.rows[count].fields);
      // Lines 102 and 25002 are the bad ones; the rows after each see their problem already,
      // and the first piece's rows not yet the third piece's.
      if (row.number == 103)
        CHECK(problems.size() == 1);
      if (row.number == 25003)
        CHECK(problems.size() == 2);
      if (row.number == 103 || row.number == 25003)
        ++checked;
      ++count;
    }
    CHECK(count == 29998);
    CHECK(checked == 2);
    CHECK(problems == whole_problems);
  }
  // A reader left after a few rows stops its thread and closes the file.
  {
    std::vector<std::string> ignored;
    CsvFileReader partly(path.string(), ignored);
    for (int i = 0; i < 10; ++i)
      REQUIRE(partly.next(row));
  }
  std::filesystem::remove(path);
}

TEST_CASE("import: a key repeated in one file is refused, in two files it is an update") {
  auto table = [](std::string text, const char* name) {
    std::vector<std::string> problems;
    auto parsed = parse_csv(text, name, problems);
    REQUIRE(problems.empty());
    return parsed;
  };
  const std::string projects =
      "code,name,technology,province\nA,Alpha,coal,Sóc Trăng\nB,Beta,coal,Sóc Trăng\n";
  const std::string milestones =
      "project,key,planned\nA,cod,2020\nA,approval,2018\nA,cod,2021\nB,cod,2020\n";
  const std::string dependencies =
      "from,to\nA:approval,A:cod\nA:approval,B:cod\nA:approval,A:cod\n";
  Portfolio portfolio;
  ProblemList problems;
  apply_tables(portfolio,
               {table(projects, "p.csv"), table(milestones, "m.csv"), table(dependencies, "d.csv")},
               problems, ProvinceRegistry::builtin());
  CHECK(problems.lines() ==
        std::vector<std::string>{"m.csv:4: key: 'A:cod': repeats row 2 of the same file",
                                 "d.csv:4: key: 'A:approval -> A:cod': repeats row 2 of the "
                                 "same file"});
  // The refused row changed nothing: the first row's date stands.
  CHECK(portfolio.milestones[*portfolio.find_milestone("A", "cod")].planned->iso() == "2020");

  // A refused row is remembered by its text: the same bad key again is a repeat too.
  Portfolio second;
  ProblemList refused;
  apply_tables(second,
               {table("code,name,technology,province\nX,X,windmill,Sóc Trăng\nX,X,coal,Sóc "
                      "Trăng\n",
                      "p.csv")},
               refused, ProvinceRegistry::builtin());
  REQUIRE(refused.size() == 2);
  CHECK(refused.lines()[1] == "p.csv:3: code: 'X': repeats row 2 of the same file");

  // The same key in two files of one import: the later file updates the earlier.
  Portfolio third;
  ProblemList none;
  apply_tables(third,
               {table(projects, "p.csv"), table("project,key,planned\nA,cod,2020\n", "m1.csv"),
                table("project,key,planned\nA,cod,2022\n", "m2.csv")},
               none, ProvinceRegistry::builtin());
  CHECK(none.empty());
  CHECK(third.milestones[*third.find_milestone("A", "cod")].planned->iso() == "2022");
}

namespace {

std::size_t open_descriptors() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("import: hundreds of files are read one at a time, and an unknown one is still checked") {
  auto directory = std::filesystem::temp_directory_path() /
                   fmt::format("tiendo-test-files-{}", static_cast<long>(::getpid()));
  std::filesystem::create_directories(directory);
  std::vector<std::string> paths;
  for (int i = 0; i < 300; ++i) {
    paths.push_back((directory / fmt::format("p{:03d}.csv", i)).string());
    std::ofstream(paths.back()) << "code,name,technology,province\n"
                                << fmt::format("P-{:03d},Dự án {},coal,Sóc Trăng\n", i, i);
  }
  // Every reader has its header, and not one keeps its file open.
  std::size_t before = open_descriptors();
  std::vector<std::string> problems;
  std::vector<std::unique_ptr<CsvFileReader>> readers;
  for (const auto& path : paths)
    readers.push_back(std::make_unique<CsvFileReader>(path, problems));
  CHECK(open_descriptors() == before);
  for (const auto& reader : readers)
    CHECK(reader->header().size() == 4);
  readers.clear();

  Portfolio portfolio;
  ProblemList import_problems;
  apply_csv_files(portfolio, paths, import_problems, ProvinceRegistry::builtin());
  CHECK(import_problems.empty());
  CHECK(portfolio.projects.size() == 300);
  CHECK(portfolio.projects[299].name == "Dự án 299");

  // A file that is not a tiendo CSV is named, and its malformed rows are reported too.
  auto odd = (directory / "odd.csv").string();
  std::ofstream(odd) << "a,b\n1,2\n1,2,3\n";
  ProblemList odd_problems;
  apply_csv_files(portfolio, {odd}, odd_problems, ProvinceRegistry::builtin());
  REQUIRE(odd_problems.size() == 2);
  CHECK(odd_problems.lines()[0].starts_with(odd + ":1: header: 'a,b': not a tiendo CSV"));
  CHECK(odd_problems.lines()[1] == odd + ":3: row has 3 fields, the header has 2");
  std::filesystem::remove_all(directory);
}
