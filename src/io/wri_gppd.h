#pragma once
// The World Resources Institute's Global Power Plant Database, as the country CSV it publishes
// (raw_source_files/WRI/Vietnam.csv): one row per plant or unit, 38 columns. Every row becomes a
// project; the file's known defects (one Power Plant ID shared by several units, names encoded to
// UTF-8 twice, no province column) are repaired or marked, and each one is reported, never
// dropped.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/capacity.h"
#include "domain/date.h"
#include "domain/edit.h"
#include "domain/portfolio.h"

namespace tiendo::io {

struct WriPlant {
  std::int64_t line = 0;  // Row in the file as a spreadsheet shows it (the header is 1).
  std::string plant_id;   // As published, possibly shared with other rows.
  std::string code;       // WRI-<id>, with -<n> appended when the ID is shared.
  std::string name;
  Technology technology = Technology::Other;
  Stage stage = Stage::Proposed;
  Capacity capacity;
  std::string investor;
  std::optional<int> commissioning_year;
  std::string latitude;
  std::string longitude;
  std::string site;
  std::string source;
};

struct WriFile {
  std::string file;
  std::vector<WriPlant> plants;
  Capacity total;
};

// Parses the whole CSV. Bad values go to `problems` (the import then writes nothing); defects
// that were handled go to `notes`, in the same "file:line: field: 'value': what" shape.
WriFile parse_wri_gppd(std::string_view text, const std::string& file_name, ProblemList& problems,
                       ProblemList& notes);
WriFile read_wri_gppd_file(const std::string& path, ProblemList& problems, ProblemList& notes);

// Upserts every plant (province unknown) and its `cod` milestone when the year is known.
void apply_wri_gppd(Portfolio& portfolio, const WriFile& file, ProblemList& problems);

// The technology of a WRI fuel. Vietnam counts a hydropower plant of 30 MW or less as small
// (thủy điện nhỏ, the threshold of the avoided-cost tariff), so hydro splits by capacity; wind
// follows the file's generator technology. nullopt for a fuel tiendo does not know.
std::optional<Technology> wri_fuel_technology(std::string_view fuel,
                                              std::string_view generator_technology,
                                              Capacity capacity);

// The stage of a WRI operational status; nullopt for a status tiendo does not know. An empty
// status is handled by the caller, which reports it.
std::optional<Stage> wri_status_stage(std::string_view status);

// Text that was UTF-8, read as Windows-1252 and encoded to UTF-8 again ("Táº©u" for "Tẩu").
enum class EncodingState { Clean, Repaired, Suspect };
struct EncodingRepair {
  EncodingState state = EncodingState::Clean;
  std::string text;  // The repaired text, or the input unchanged.
};
// Repairs only where it is certain: every character maps back to one Windows-1252 byte and the
// bytes are valid UTF-8. Text that looks double-encoded but does not map back whole (one part
// typed correctly, another garbled) is kept as it is and marked Suspect.
EncodingRepair repair_double_encoding(std::string_view text);

// Codes for the rows' IDs in file order: WRI-<id> for an ID used once, WRI-<id>-1, WRI-<id>-2, ...
// for an ID that several rows share.
std::vector<std::string> wri_plant_codes(const std::vector<std::string>& plant_ids);

}  // namespace tiendo::io
