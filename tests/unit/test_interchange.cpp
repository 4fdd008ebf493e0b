// The importers of files others publish: fuel codes to technologies, the repair of names encoded
// to UTF-8 twice, and the codes given to rows that share one published ID.
#include <doctest/doctest.h>

#include "domain/stage.h"
#include "io/dot_export.h"
#include "io/ics_export.h"
#include "io/pdp7_annex.h"
#include "io/wri_gppd.h"

using namespace tiendo;

namespace {

Capacity megawatts(const char* text) {
  return Capacity::parse_megawatts(text);
}

}  // namespace

TEST_CASE("WRI fuels map to technologies, hydro split at 30 MW") {
  using io::wri_fuel_technology;
  CHECK(wri_fuel_technology("Hydro", "", megawatts("30")) == Technology::HydroSmall);
  CHECK(wri_fuel_technology("Hydro", "", megawatts("30.000001")) == Technology::Hydro);
  CHECK(wri_fuel_technology("Hydro", "", megawatts("0.11")) == Technology::HydroSmall);
  CHECK(wri_fuel_technology("Coal", "Sub-critical Thermal", megawatts("600")) == Technology::Coal);
  CHECK(wri_fuel_technology("Gas", "CCGT", megawatts("750")) == Technology::Gas);
  CHECK(wri_fuel_technology("Oil", "", megawatts("35")) == Technology::Oil);
  CHECK(wri_fuel_technology("Biomass", "", megawatts("20")) == Technology::Biomass);
  CHECK(wri_fuel_technology("Wind", "Onshore Wind", megawatts("30")) == Technology::WindOnshore);
  CHECK(wri_fuel_technology("Wind", "Offshore Wind", megawatts("99")) == Technology::WindOffshore);
  CHECK(wri_fuel_technology("Wind", "", megawatts("6")) == Technology::WindOnshore);
  CHECK_FALSE(wri_fuel_technology("Plasma", "", megawatts("1")).has_value());
  CHECK_FALSE(wri_fuel_technology("hydro", "", megawatts("1")).has_value());
}

TEST_CASE("WRI statuses map to stages") {
  CHECK(io::wri_status_stage("Operational") == Stage::Operating);
  CHECK(io::wri_status_stage("Under Development") == Stage::Approved);
  CHECK_FALSE(io::wri_status_stage("").has_value());
  CHECK_FALSE(io::wri_status_stage("Decommissioned").has_value());
}

TEST_CASE("PDP VII fuel codes map to technologies") {
  using io::pdp7_fuel_technology;
  CHECK(pdp7_fuel_technology("TD") == Technology::Hydro);
  CHECK(pdp7_fuel_technology("TDN") == Technology::HydroSmall);
  CHECK(pdp7_fuel_technology("TDTN") == Technology::PumpedStorage);
  CHECK(pdp7_fuel_technology("ND") == Technology::Coal);
  CHECK(pdp7_fuel_technology("NDHD") == Technology::Gas);
  CHECK(pdp7_fuel_technology("TBKHH") == Technology::Gas);
  CHECK(pdp7_fuel_technology("NMDSK") == Technology::Biomass);
  CHECK(pdp7_fuel_technology("DG") == Technology::WindOnshore);
  CHECK(pdp7_fuel_technology("DMT") == Technology::SolarFarm);
  CHECK(pdp7_fuel_technology("DHN") == Technology::Nuclear);
  CHECK(pdp7_fuel_technology("NLTT") == Technology::RenewableMixed);
  // The mark is taken off by the parser; the bare table does not know it.
  CHECK_FALSE(pdp7_fuel_technology("ND*").has_value());
  CHECK_FALSE(pdp7_fuel_technology("td").has_value());
  CHECK_FALSE(pdp7_fuel_technology("").has_value());
}

TEST_CASE("PDP VII lines: columns, marks, repeats and codes") {
  ProblemList problems, notes;
  std::string text =
      "year  id   fuel   name                                   capacity_MW         owner\n"
      "2019  5    ND     d6ng phat Hai Hit 1                         50              IPP (trong "
      "KCN)\n"
      "2019  5    ND     d6ng phat Hai Hit 1                         50              IPP (trong "
      "KCN)\n"
      "2019  12   TDN    Cum TDN Nam Cum 1, 4, 5                     65              IPP\n"
      "2029  3    ND*    Vung Ang III #3 (*)                        600              <empty>\n"
      "2016  24   NLTT   Năng lượng tái tạo                         260              <empty>\n";
  auto annex = io::parse_pdp7_annex(text, "annex.txt", problems, notes);
  CHECK(problems.empty());
  REQUIRE(annex.entries.size() == 5);
  CHECK(annex.entries[0].code == "PDP7-2019-05-1");
  CHECK(annex.entries[1].code == "PDP7-2019-05-2");
  CHECK(annex.entries[2].code == "PDP7-2019-12");
  CHECK(annex.entries[2].name == "Cum TDN Nam Cum 1, 4, 5");
  CHECK(annex.entries[2].capacity == megawatts("65"));
  CHECK(annex.entries[2].technology == Technology::HydroSmall);
  CHECK(annex.entries[0].owner == "IPP (trong KCN)");
  CHECK(annex.entries[3].marked);
  CHECK(annex.entries[3].technology == Technology::Coal);
  CHECK(annex.entries[3].owner.empty());
  CHECK(annex.entries[4].name == "Năng lượng tái tạo");
  CHECK_FALSE(annex.entries[4].marked);
  // One repeat, one mark, one name with OCR damage (three lines of it).
  REQUIRE(notes.size() == 3);
  CHECK(notes.lines()[0].starts_with("annex.txt:3: line: "));
  CHECK(notes.lines()[0].ends_with("repeats line 2; kept as a project of its own"));
  CHECK(notes.lines()[1].starts_with("annex.txt:5: fuel: 'ND*': marked (*)"));

  ProblemList bad_problems, bad_notes;
  io::parse_pdp7_annex("2019  x    XX     Something                       5x0     IPP\n", "bad.txt",
                       bad_problems, bad_notes);
  REQUIRE(bad_problems.size() == 3);
  CHECK(bad_problems.lines()[0] == "bad.txt:1: id: 'x': not a whole number");
  CHECK(bad_problems.lines()[1].starts_with("bad.txt:1: fuel: 'XX': unknown fuel code"));
  CHECK(bad_problems.lines()[2] == "bad.txt:1: capacity_MW: '5x0': not a number of MW");
}

TEST_CASE("Double-encoded UTF-8 is repaired only where certain") {
  using io::EncodingState;
  using io::repair_double_encoding;
  auto repaired = repair_double_encoding("Na Táº©u");
  CHECK(repaired.state == EncodingState::Repaired);
  CHECK(repaired.text == "Na Tẩu");
  // Windows-1252 characters in 0x80-0x9F: ’ came through as â€™, ở as á»Ÿ.
  CHECK(repair_double_encoding("Daâ€™Mbri").text == "Da’Mbri");
  CHECK(repair_double_encoding("Nam Má»Ÿ").text == "Nam Mở");
  CHECK(repair_double_encoding("Phuoc Gia, Tien LÃ£nh").text == "Phuoc Gia, Tien Lãnh");
  // Correct text, plain or Vietnamese, is left alone, even where it is all Latin-1.
  for (const char* clean : {"Ayun Pa sugar-cane", "Sóc Trăng", "Hà Nội", "Cà Mau", "Café Ø", ""}) {
    auto result = repair_double_encoding(clean);
    CHECK(result.state == EncodingState::Clean);
    CHECK(result.text == clean);
  }
  // Garbled beside a character Windows-1252 cannot hold: no certain way back, kept and marked.
  auto mixed = repair_double_encoding("Táº©u Hà Nội");
  CHECK(mixed.state == EncodingState::Suspect);
  CHECK(mixed.text == "Táº©u Hà Nội");
  // Looks garbled, but the bytes it maps back to are not UTF-8.
  auto broken = repair_double_encoding("Ã© Ã");
  CHECK(broken.state == EncodingState::Suspect);
  CHECK(broken.text == "Ã© Ã");
}

TEST_CASE("Shared WRI plant IDs get numbered codes, unique ones keep theirs") {
  auto codes =
      io::wri_plant_codes({"1030730", "1030730", "1030733", "1030766", "1030766", "1", "1030766"});
  CHECK(codes == std::vector<std::string>{"WRI-1030730-1", "WRI-1030730-2", "WRI-1030733",
                                          "WRI-1030766-1", "WRI-1030766-2", "WRI-1",
                                          "WRI-1030766-3"});
}

TEST_CASE("WRI rows: shared IDs reported, names repaired, bad values refused") {
  std::string header =
      "Power Plant ID,Name,Fuel,Generator Technology,Capacity (MW),Commissioning "
      "Date,Owner,Operational Status,Latitude,Longitude,Source,URL\n";
  ProblemList problems, notes;
  auto file = io::parse_wri_gppd(header +
                                     "7,Can Tho,Oil,,35,,,Operational,10.1,105.72,EVN,http://a\n"
                                     "7,Can Tho,Oil,,150,,,Operational,10.1,105.72,EVN,http://a\n"
                                     "8,Na Táº©u,Hydro,,12,2016,X JSC,Under Development,,,ODV,\n",
                                 "wri.csv", problems, notes);
  CHECK(problems.empty());
  REQUIRE(file.plants.size() == 3);
  CHECK(file.plants[0].code == "WRI-7-1");
  CHECK(file.plants[1].code == "WRI-7-2");
  CHECK(file.plants[2].code == "WRI-8");
  CHECK(file.plants[2].name == "Na Tẩu");
  CHECK(file.plants[2].stage == Stage::Approved);
  CHECK(file.plants[2].technology == Technology::HydroSmall);
  CHECK(file.plants[2].commissioning_year == 2016);
  CHECK(file.plants[0].source == "WRI Global Power Plant Database, plant 7; EVN http://a");
  CHECK(file.total == megawatts("197"));
  REQUIRE(notes.size() == 3);
  CHECK(notes.lines()[0] ==
        "wri.csv:4: Name: 'Na Táº©u': UTF-8 encoded twice; repaired to 'Na Tẩu'");
  CHECK(notes.lines()[1] ==
        "wri.csv:2: Power Plant ID: '7': shared by 2 different units on lines 2 (Can Tho, 35 MW), "
        "3 (Can Tho, 150 MW); imported as WRI-7-1, WRI-7-2");

  ProblemList bad_problems, bad_notes;
  auto bad = io::parse_wri_gppd(header + "9,X,Plasma,,1x,20l6,,Retired,,,,\n", "wri.csv",
                                bad_problems, bad_notes);
  CHECK(bad.plants.empty());
  CHECK(bad_problems.lines() ==
        std::vector<std::string>{
            "wri.csv:2: Capacity (MW): '1x': not a number of MW",
            "wri.csv:2: Fuel: 'Plasma': unknown fuel (Hydro, Coal, Gas, Oil, Biomass, Wind, Solar, "
            "Nuclear, Waste, Storage, Other, ...)",
            "wri.csv:2: Commissioning Date: '20l6': not a year",
            "wri.csv:2: Operational Status: 'Retired': unknown status (Operational, Under "
            "Development or empty)"});
}

TEST_CASE("Stages map to Global Energy Monitor statuses and EIA-860 codes") {
  struct Case {
    Stage stage;
    std::optional<ProjectStatus> status;
    std::string_view gem;
    std::string_view eia;
  };
  for (const auto& [stage, status, gem, eia] : std::vector<Case>{
           {Stage::Proposed, std::nullopt, "announced", "P"},
           {Stage::InPlan, std::nullopt, "announced", "P"},
           {Stage::Approved, std::nullopt, "pre-construction", "L"},
           {Stage::Permitted, std::nullopt, "pre-construction", "T"},
           {Stage::Construction, std::nullopt, "construction", "U"},
           {Stage::Commissioning, std::nullopt, "construction", "TS"},
           {Stage::Operating, std::nullopt, "operating", "OP"},
           {Stage::Approved, ProjectStatus::Suspended, "shelved", "IP"},
           {Stage::Operating, ProjectStatus::Suspended, "mothballed", "OS"},
           {Stage::Construction, ProjectStatus::Cancelled, "cancelled", "CN"},
           {Stage::Operating, ProjectStatus::Retired, "retired", "RE"},
       }) {
    CAPTURE(stage_key(stage));
    CHECK(gem_status(ProjectStanding{stage, status}) == gem);
    CHECK(eia860_status(ProjectStanding{stage, status}) == eia);
  }
}

TEST_CASE("iCalendar text is escaped and folded at 75 octets without splitting a character") {
  CHECK(io::ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
  CHECK(io::ics_fold("SUMMARY:short") == "SUMMARY:short\r\n");
  std::string line = "SUMMARY:" + std::string(66, 'x') + "ệệệ";  // 74 + 9 octets.
  std::string folded = io::ics_fold(line);
  // The first physical line stops before the character that would pass 75 octets.
  CHECK(folded == "SUMMARY:" + std::string(66, 'x') + "\r\n ệệệ\r\n");
  std::string long_line(200, 'y');
  std::size_t start = 0;
  for (std::size_t end = folded.find("\r\n"); end != std::string::npos;
       start = end + 2, end = folded.find("\r\n", start))
    CHECK(end - start <= 75);
  // 75 + 74 + 51 octets: three physical lines, two of them continuations with their space.
  CHECK(io::ics_fold(long_line).size() == 200 + 2 + 3 * 2);
}

TEST_CASE("DOT strings are quoted with quotes, backslashes and newlines escaped") {
  CHECK(io::dot_quote("A:cod") == "\"A:cod\"");
  CHECK(io::dot_quote("say \"hi\"\\\nNhà máy") == "\"say \\\"hi\\\"\\\\\\nNhà máy\"");
}
