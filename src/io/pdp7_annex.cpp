#include "io/pdp7_annex.h"

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "domain/error.h"
#include "domain/province.h"
#include "domain/text.h"
#include "io/text_file.h"

namespace tiendo::io {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// Splits at runs of two or more blanks: the annex's columns are aligned with padding, while a name
// ("Cum TDN Nam Cum 1, 4, 5") or an owner keeps single spaces inside.
std::vector<std::string> columns(std::string_view text) {
  std::vector<std::string> result;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i]))
      ++i;
    if (i == text.size())
      break;
    std::size_t start = i;
    for (; i < text.size(); ++i) {
      bool gap = is_space(text[i]) && (i + 1 == text.size() || is_space(text[i + 1]));
      if (gap)
        break;
    }
    result.emplace_back(text.substr(start, i - start));
  }
  return result;
}

// Single spaces between words, as the owner columns were typed with doubled ones here and there
// ("Cong Ly" and "DL  Cong Ly" are one investor).
std::string single_spaced(std::string_view text) {
  std::string result;
  for (char c : text) {
    if (is_space(c)) {
      if (!result.empty() && result.back() != ' ')
        result.push_back(' ');
    } else {
      result.push_back(c);
    }
  }
  while (!result.empty() && result.back() == ' ')
    result.pop_back();
  return result;
}

std::optional<int> whole_number(std::string_view text) {
  if (text.empty() || text.size() > 6)
    return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Characters no plant name holds, or a digit inside a word ("d6ng" for "đồng"): what OCR leaves.
bool looks_ocr_damaged(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '\\' || c == '~' || c == ';' || c == '?' || c == '!' || c == '|')
      return true;
    auto letter = [](char x) { return (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z'); };
    if (c >= '0' && c <= '9' && i > 0 && i + 1 < name.size() && letter(name[i - 1]) &&
        letter(name[i + 1]))
      return true;
  }
  return false;
}

}  // namespace

std::optional<Technology> pdp7_fuel_technology(std::string_view fuel_code) {
  static const std::map<std::string_view, Technology> technologies = {
      {"TD", Technology::Hydro},           {"TDN", Technology::HydroSmall},
      {"TDTN", Technology::PumpedStorage}, {"ND", Technology::Coal},
      {"NDHD", Technology::Gas},           {"TBKHH", Technology::Gas},
      {"NMDSK", Technology::Biomass},      {"DG", Technology::WindOnshore},
      {"DMT", Technology::SolarFarm},      {"DHN", Technology::Nuclear},
      {"NLTT", Technology::RenewableMixed}};
  auto found = technologies.find(fuel_code);
  if (found == technologies.end())
    return std::nullopt;
  return found->second;
}

Pdp7Annex parse_pdp7_annex(std::string_view text, const std::string& file_name,
                           ProblemList& problems, ProblemList& notes) {
  Pdp7Annex annex;
  annex.file = file_name;
  std::istringstream stream{std::string(text)};
  std::string line;
  std::int64_t number = 0;
  // The first line of each distinct (year, fuel, name, MW, owner), to find the repeated ones.
  std::map<std::string, std::int64_t> first_line;
  std::vector<std::int64_t> damaged;
  while (std::getline(stream, line)) {
    ++number;
    if (number == 1 && line.starts_with("\xEF\xBB\xBF"))
      line.erase(0, 3);
    InputLocation location{file_name, number};
    auto fields = columns(line);
    if (fields.empty())
      continue;
    if (fields.front().starts_with("year"))
      continue;  // The heading.
    if (!is_valid_utf8(line)) {
      problems.add(location, "line", "", "not valid UTF-8");
      continue;
    }
    // The first columns are single words, so a line is year, item and fuel code, then what the
    // padding separates: name, MW and owner.
    std::istringstream words(line);
    std::string year_text, item_text, fuel_text;
    words >> year_text >> item_text >> fuel_text;
    std::string rest;
    std::getline(words, rest);
    auto tail = columns(rest);
    std::size_t problems_before = problems.size();
    Pdp7Entry entry;
    entry.line = number;
    auto year = whole_number(year_text);
    if (!year || *year < 1990 || *year > 2100)
      problems.add(location, "year", year_text, "not a year");
    else
      entry.year = *year;
    auto item = whole_number(item_text);
    if (!item)
      problems.add(location, "id", item_text, "not a whole number");
    else
      entry.item = *item;
    entry.fuel_code = fuel_text;
    std::string bare_fuel = fuel_text;
    if (bare_fuel.ends_with('*')) {
      bare_fuel.pop_back();
      entry.marked = true;
    }
    if (auto technology = pdp7_fuel_technology(bare_fuel))
      entry.technology = *technology;
    else
      problems.add(location, "fuel", fuel_text,
                   "unknown fuel code (TD, TDN, TDTN, ND, NDHD, TBKHH, NMDSK, DG, DMT, DHN, NLTT)");
    if (tail.size() < 2) {
      problems.add(location, "capacity_MW", single_spaced(rest),
                   "expected name, MW and owner separated by two or more spaces");
      continue;
    }
    entry.name = single_spaced(tail[0]);
    if (entry.name.find("(*)") != std::string::npos)
      entry.marked = true;
    try {
      entry.capacity = Capacity::parse_megawatts(tail[1]);
    } catch (const InvalidInput&) {
      problems.add(location, "capacity_MW", tail[1], "not a number of MW");
    }
    std::vector<std::string> owner_parts(tail.begin() + 2, tail.end());
    entry.owner = single_spaced(fmt::format("{}", fmt::join(owner_parts, " ")));
    if (entry.owner == "<empty>")
      entry.owner.clear();
    if (problems.size() != problems_before)
      continue;
    std::string identity = fmt::format("{}|{}|{}|{}|{}", entry.year, entry.fuel_code, entry.name,
                                       tail[1], entry.owner);
    auto [seen, inserted] = first_line.emplace(identity, number);
    if (!inserted)
      notes.add(location, "line", single_spaced(line),
                fmt::format("repeats line {}; kept as a project of its own", seen->second));
    if (entry.marked)
      notes.add(location, "fuel", entry.fuel_code,
                "marked (*) in the annex; imported with the mark in its source");
    if (looks_ocr_damaged(entry.name))
      damaged.push_back(number);
    annex.entries.push_back(std::move(entry));
  }
  // Codes: an item with one line is PDP7-<year>-<item>; the lines of an item listed on several
  // lines (units, or the same line repeated) are numbered in file order.
  std::map<std::pair<int, int>, int> lines_of_item, seen_of_item;
  for (const auto& entry : annex.entries)
    ++lines_of_item[{entry.year, entry.item}];
  for (auto& entry : annex.entries) {
    std::pair<int, int> key{entry.year, entry.item};
    entry.code = fmt::format("PDP7-{}-{:02}", entry.year, entry.item);
    if (lines_of_item[key] > 1)
      entry.code += fmt::format("-{}", ++seen_of_item[key]);
  }
  if (!damaged.empty())
    notes.add_line(
        fmt::format("{}: names on {} lines look damaged by OCR, kept as written: lines {}",
                    file_name, damaged.size(), fmt::join(damaged, ", ")));
  return annex;
}

Pdp7Annex read_pdp7_annex_file(const std::string& path, ProblemList& problems, ProblemList& notes) {
  auto text = read_text_file(path);
  if (!text) {
    problems.add_line(fmt::format("{}: cannot read the file", path));
    return {};
  }
  return parse_pdp7_annex(*text, path, problems, notes);
}

void apply_pdp7_annex(Portfolio& portfolio, const Pdp7Annex& annex, ProblemList& problems) {
  for (const auto& entry : annex.entries) {
    InputLocation location{annex.file, entry.line};
    std::string source = fmt::format(
        "PDP VII revised (QĐ 428/QĐ-TTg, 2016), annex 1: {} item {}, fuel {}{}", entry.year,
        entry.item, entry.fuel_code, entry.marked ? "; marked (*) in the annex" : "");
    apply_project(portfolio,
                  Fields{{"code", entry.code},
                         {"name", entry.name},
                         {"technology", std::string(technology_key(entry.technology))},
                         {"province", std::string(unknown_province)},
                         {"capacity_mw", entry.capacity.megawatts_text()},
                         {"investor", entry.owner},
                         {"stage", "in_plan"},
                         {"source", source}},
                  location, problems, ProvinceRegistry::builtin());
    // A year-precision date stands for the end of its year, which is what "planned for 2019" means.
    apply_milestone(portfolio,
                    Fields{{"project", entry.code},
                           {"key", "cod"},
                           {"planned", std::to_string(entry.year)},
                           {"source", source}},
                    location, problems);
  }
}

}  // namespace tiendo::io
