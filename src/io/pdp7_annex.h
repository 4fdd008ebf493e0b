#pragma once
// The project list annexed to Vietnam's revised Power Development Plan VII (QĐ 428/QĐ-TTg,
// 2016), as the whitespace-aligned text the VN-Power-Scenario project published:
// `year id fuel name capacity_MW owner`, UTF-8, with the OCR damage of the scan it came from. Each
// line is a project in plan with its cod planned for the end of its year. Lines the annex repeats
// (several equal units of one item) are kept, one project each, and reported.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/capacity.h"
#include "domain/edit.h"
#include "domain/portfolio.h"

namespace tiendo::io {

struct Pdp7Entry {
  std::int64_t line = 0;
  int year = 0;
  int item = 0;           // The annex's number within its year; units of one item share it.
  std::string fuel_code;  // As written, with its '*' if any.
  bool marked = false;    // Marked (*) in the annex, on the fuel code or the name.
  Technology technology = Technology::Other;
  std::string name;
  Capacity capacity;
  std::string owner;
  std::string code;  // PDP7-<year>-<item>, with -<n> appended when the item has several lines.
};

struct Pdp7Annex {
  std::string file;
  std::vector<Pdp7Entry> entries;
};

// Parses the text. Lines that cannot be read go to `problems`; repeated lines, marked projects
// and names that look OCR-damaged go to `notes`.
Pdp7Annex parse_pdp7_annex(std::string_view text, const std::string& file_name,
                           ProblemList& problems, ProblemList& notes);
Pdp7Annex read_pdp7_annex_file(const std::string& path, ProblemList& problems, ProblemList& notes);

// Upserts every entry as a project (province unknown, stage in_plan) with its cod milestone.
void apply_pdp7_annex(Portfolio& portfolio, const Pdp7Annex& annex, ProblemList& problems);

// The technology of a fuel code of the annex, without its '*': TD hydro, TDN small hydro, TDTN
// pumped storage, ND coal, NDHD and TBKHH gas, NMDSK biomass, DG wind, DMT solar, DHN nuclear,
// NLTT the block of renewables the plan leaves unspecified.
std::optional<Technology> pdp7_fuel_technology(std::string_view fuel_code);

}  // namespace tiendo::io
