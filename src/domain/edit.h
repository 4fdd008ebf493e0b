#pragma once
// Applying what a user typed (a CSV row or command-line options) to a Portfolio, field by field,
// with every value validated. Problems are collected rather than thrown, so an import can report
// every bad row at once and then write nothing.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/portfolio.h"
#include "domain/province.h"

namespace tiendo {

// Where a value came from, for messages: "projects.csv:12: " or nothing for the command line.
struct InputLocation {
  std::string file;
  std::int64_t row = 0;
  std::string prefix() const;
};

class ProblemList {
 public:
  void add(const InputLocation& location, std::string_view field, std::string_view value,
           std::string_view reason);
  void add_line(std::string line);
  // Problems located in this table (a sheet of a workbook) name the cell as the spreadsheet shows
  // it, its column by letter, rather than "file:row:"; `columns` is the table's header.
  void name_cells(std::string table, std::vector<std::string> columns);
  bool empty() const { return m_lines.empty(); }
  std::size_t size() const { return m_lines.size(); }
  const std::vector<std::string>& lines() const { return m_lines; }
  // Throws InvalidInput carrying the problems when there is any: the first `kept_lines`, then one
  // line counting the rest. (A workbook's sheet stops at 1,000 of its own, with a line saying so:
  // xlsx_reader.cpp.)
  void throw_if_any() const;

  // A file with a problem on every one of a million rows would otherwise make an answer of
  // hundreds of megabytes that nobody reads past its first screens.
  static constexpr std::size_t kept_lines = 2000;

 private:
  // False, counting it, when the list already holds kept_lines.
  bool room();
  std::vector<std::string> m_lines;
  std::size_t m_more = 0;
  std::vector<std::pair<std::string, std::vector<std::string>>> m_sheets;
};

// The letters a spreadsheet names a column by: 0 is A, 25 Z, 26 AA.
std::string column_letters(std::size_t column);
// One problem of a spreadsheet's cell, as a line: "book.xlsx: sheet 'Mốc', row 5, column E
// (planned): '31/02/2019': reason"; `field` is the column's header, empty when it has none.
std::string cell_problem(std::string_view table, std::int64_t row, std::size_t column,
                         std::string_view field, std::string_view value, std::string_view reason);

struct Field {
  std::string name;
  std::string value;
};
using Fields = std::vector<Field>;

// No project may be called this: /projects/new is the page that creates one, so a project of
// that code could have no page of its own. A project an older database holds under it stays.
inline constexpr std::string_view reserved_project_code = "new";

inline constexpr std::string_view delay_categories[] = {
    "site_clearance", "weather", "supply_chain", "financing",
    "permitting",     "grid",    "investor",     "other"};

// Checks a text given outside a row (an option such as --actor, a baseline name) by the rule of
// every stored text (text_problem); throws InvalidInput naming the option and the value.
void require_valid_text(std::string_view name, std::string_view value);

// Validates "category:text"; returns the problem, or an empty string when it is good.
std::string delay_reason_problem(std::string_view reason);

// The one milestone key no milestone may have: /projects/CODE/milestones/new is the page that
// adds one.
inline constexpr std::string_view reserved_milestone_key = "new";

struct EditOptions {
  // Milestone keys outside the catalog are allowed (a PSPLIB job, a plant's own step), but one
  // that is a near miss of a catalog key is taken for a typing mistake and refused.
  bool allow_custom_keys = true;
};

// The column names of the tiendo CSV formats, in the order export writes them.
extern const std::vector<std::string_view> project_columns;
extern const std::vector<std::string_view> milestone_columns;
extern const std::vector<std::string_view> dependency_columns;

// The text of every field, in column order, as export writes it and the change log records it.
std::vector<std::string> project_cells(const Project& project);
std::vector<std::string> milestone_cells(const Portfolio& portfolio, const Milestone& milestone);
std::vector<std::string> dependency_cells(const Portfolio& portfolio, const Dependency& dependency);

// Creates the project when its code is new (name, technology and province then required) or
// changes the fields given. Returns the project's index, or -1 when a problem was recorded.
std::int32_t apply_project(Portfolio& portfolio, const Fields& fields,
                           const InputLocation& location, ProblemList& problems,
                           const ProvinceRegistry& provinces);
std::int32_t apply_milestone(Portfolio& portfolio, const Fields& fields,
                             const InputLocation& location, ProblemList& problems,
                             const EditOptions& options = {});
std::int32_t apply_dependency(Portfolio& portfolio, const Fields& fields,
                              const InputLocation& location, ProblemList& problems);

// Where the row that last set a project came from (an import's file and row), or an empty
// location for the command line and for projects the command did not touch.
using ProjectLocator = std::function<InputLocation(std::int32_t project)>;

// How many members of a loop or cycle a message names; the rest are counted.
inline constexpr std::size_t chain_names_shown = 20;

// A chain that closes on itself (parents in a loop, a dependency cycle) named in one line whose
// length does not follow the input's: "A -> B -> A" when it has at most chain_names_shown
// members, else the first of them and a count, "A -> B -> ... -> T -> … and 3,980 more".
// `first` holds the first min(members, chain_names_shown) names in order, `members` how many
// distinct members the chain has, `closing` the name it closes on.
// A count grouped by thousands as English writes it: 3980 is "3,980".
std::string count_text(std::size_t count);
std::string chain_text(const std::vector<std::string>& first, std::size_t members,
                       std::string_view closing);

// Whole-portfolio rules that single rows cannot check: every parent exists and parents form no
// loop. Linear in the number of projects, however deep their parents go; a loop is named by
// chain_text from the project whose row names it. Each problem is named by the project's row where
// `locate` knows it: "projects.csv:4: parent: 'GHOST': no such project".
void check_parents(const Portfolio& portfolio, ProblemList& problems,
                   const ProjectLocator& locate = {});

}  // namespace tiendo
