#include "io/wri_gppd.h"

#include <fmt/format.h>

#include <array>
#include <map>

#include "domain/error.h"
#include "domain/province.h"
#include "domain/text.h"
#include "io/csv.h"
#include "io/text_file.h"

namespace tiendo::io {
namespace {

// Windows-1252 gives these characters to the bytes 0x80-0x9F; the five bytes it leaves undefined
// come through as the C1 control of the same number, which is how decoders that fall back to
// Latin-1 produce them.
constexpr std::array<char32_t, 32> windows_1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::optional<unsigned char> windows_1252_byte(char32_t character) {
  if (character < 0x80 || (character >= 0xA0 && character <= 0xFF))
    return static_cast<unsigned char>(character);
  for (std::size_t i = 0; i < windows_1252_high.size(); ++i)
    if (windows_1252_high[i] == character)
      return static_cast<unsigned char>(0x80 + i);
  return std::nullopt;
}

// Decodes valid UTF-8 into code points; the caller has checked validity.
std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> result;
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t value = length == 1   ? lead
                     : length == 2 ? lead & 0x1F
                     : length == 3 ? lead & 0x0F
                                   : lead & 0x07;
    for (std::size_t j = 1; j < length && i + j < text.size(); ++j)
      value = (value << 6) | (static_cast<unsigned char>(text[i + j]) & 0x3F);
    result.push_back(value);
    i += length;
  }
  return result;
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return std::string(text);
}

// "2012", and the "2012.0" or fractional "2004.5" other GPPD files carry: the year is what counts.
std::optional<int> commissioning_year(std::string_view text) {
  if (text.size() < 4)
    return std::nullopt;
  for (std::size_t i = 0; i < 4; ++i)
    if (text[i] < '0' || text[i] > '9')
      return std::nullopt;
  if (text.size() > 4) {
    if (text[4] != '.' || text.size() == 5)
      return std::nullopt;
    for (std::size_t i = 5; i < text.size(); ++i)
      if (text[i] < '0' || text[i] > '9')
        return std::nullopt;
  }
  int year = std::stoi(std::string(text.substr(0, 4)));
  if (year < 1880 || year > 2100)
    return std::nullopt;
  return year;
}

constexpr std::array<std::string_view, 5> required_columns = {
    "Power Plant ID", "Name", "Fuel", "Capacity (MW)", "Operational Status"};

}  // namespace

EncodingRepair repair_double_encoding(std::string_view text) {
  EncodingRepair result{EncodingState::Clean, std::string(text)};
  if (!is_valid_utf8(text))
    return result;
  auto characters = code_points(text);
  // The mark of double encoding: a character that stood for a UTF-8 lead byte (Â..ô) followed by
  // one that stood for a continuation byte (0x80-0xBF).
  bool looks_double = false;
  for (std::size_t i = 0; i + 1 < characters.size(); ++i) {
    auto lead = windows_1252_byte(characters[i]);
    auto next = windows_1252_byte(characters[i + 1]);
    if (characters[i] >= 0xC2 && characters[i] <= 0xF4 && lead && next && *next >= 0x80 &&
        *next <= 0xBF)
      looks_double = true;
  }
  if (!looks_double)
    return result;
  std::string bytes;
  for (char32_t character : characters) {
    auto byte = windows_1252_byte(character);
    if (!byte) {
      result.state = EncodingState::Suspect;
      return result;
    }
    bytes.push_back(static_cast<char>(*byte));
  }
  if (!is_valid_utf8(bytes)) {
    result.state = EncodingState::Suspect;
    return result;
  }
  result.state = EncodingState::Repaired;
  result.text = std::move(bytes);
  return result;
}

std::vector<std::string> wri_plant_codes(const std::vector<std::string>& plant_ids) {
  std::map<std::string, int> uses;
  for (const auto& id : plant_ids)
    ++uses[id];
  std::map<std::string, int> seen;
  std::vector<std::string> codes;
  codes.reserve(plant_ids.size());
  for (const auto& id : plant_ids) {
    if (uses[id] == 1)
      codes.push_back(fmt::format("WRI-{}", id));
    else
      codes.push_back(fmt::format("WRI-{}-{}", id, ++seen[id]));
  }
  return codes;
}

std::optional<Technology> wri_fuel_technology(std::string_view fuel,
                                              std::string_view generator_technology,
                                              Capacity capacity) {
  if (fuel == "Hydro")
    return capacity <= Capacity::from_watts(30'000'000) ? Technology::HydroSmall
                                                        : Technology::Hydro;
  if (fuel == "Wind")
    return generator_technology == "Offshore Wind" ? Technology::WindOffshore
                                                   : Technology::WindOnshore;
  if (fuel == "Coal" || fuel == "Petcoke")
    return Technology::Coal;
  if (fuel == "Gas")
    return Technology::Gas;
  if (fuel == "Oil")
    return Technology::Oil;
  if (fuel == "Biomass")
    return Technology::Biomass;
  if (fuel == "Waste")
    return Technology::Waste;
  if (fuel == "Solar")
    return Technology::SolarFarm;
  if (fuel == "Nuclear")
    return Technology::Nuclear;
  if (fuel == "Storage")
    return Technology::PumpedStorage;
  if (fuel == "Geothermal" || fuel == "Cogeneration" || fuel == "Wave and Tidal" || fuel == "Other")
    return Technology::Other;
  return std::nullopt;
}

std::optional<Stage> wri_status_stage(std::string_view status) {
  if (status == "Operational")
    return Stage::Operating;
  // The file says no more than that an investor is developing the plant: approved is the first
  // rung with an investor named, and claims neither permits nor construction.
  if (status == "Under Development")
    return Stage::Approved;
  return std::nullopt;
}

WriFile parse_wri_gppd(std::string_view text, const std::string& file_name, ProblemList& problems,
                       ProblemList& notes) {
  WriFile result;
  result.file = file_name;
  std::vector<std::string> csv_problems;
  CsvTable table = parse_csv(text, file_name, csv_problems);
  for (auto& line : csv_problems)
    problems.add_line(std::move(line));
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < table.header.size(); ++i)
    column.emplace(trim(table.header[i]), i);
  bool header_complete = !table.header.empty();
  for (auto name : required_columns)
    if (!column.contains(std::string(name))) {
      problems.add(InputLocation{file_name, 1}, "header", name,
                   "a WRI Global Power Plant Database column is missing");
      header_complete = false;
    }
  if (!header_complete)
    return result;
  auto cell = [&](const CsvRow& row, std::string_view name) -> std::string {
    auto found = column.find(std::string(name));
    return found == column.end() ? std::string() : trim(row.fields[found->second]);
  };
  auto repaired = [&](const CsvRow& row, std::string_view name) {
    std::string value = cell(row, name);
    auto repair = repair_double_encoding(value);
    InputLocation location{file_name, row.number};
    if (repair.state == EncodingState::Repaired)
      notes.add(location, name, value,
                fmt::format("UTF-8 encoded twice; repaired to '{}'", repair.text));
    else if (repair.state == EncodingState::Suspect)
      notes.add(location, name, value,
                "looks encoded twice but does not map back with certainty; kept as written");
    return repair.text;
  };

  std::vector<std::string> plant_ids;
  for (const auto& row : table.rows)
    plant_ids.push_back(cell(row, "Power Plant ID"));
  auto codes = wri_plant_codes(plant_ids);
  std::size_t without_year = 0;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const CsvRow& row = table.rows[r];
    InputLocation location{file_name, row.number};
    std::size_t problems_before = problems.size();
    WriPlant plant;
    plant.line = row.number;
    plant.plant_id = plant_ids[r];
    plant.code = codes[r];
    if (plant.plant_id.empty())
      problems.add(location, "Power Plant ID", "", "a plant needs its ID");
    plant.name = repaired(row, "Name");
    if (plant.name.empty())
      problems.add(location, "Name", "", "a plant needs a name");
    std::string capacity_text = cell(row, "Capacity (MW)");
    try {
      plant.capacity = Capacity::parse_megawatts(capacity_text);
    } catch (const InvalidInput&) {
      problems.add(location, "Capacity (MW)", capacity_text, "not a number of MW");
    }
    std::string fuel = cell(row, "Fuel");
    if (auto technology =
            wri_fuel_technology(fuel, cell(row, "Generator Technology"), plant.capacity))
      plant.technology = *technology;
    else
      problems.add(location, "Fuel", fuel,
                   "unknown fuel (Hydro, Coal, Gas, Oil, Biomass, Wind, Solar, Nuclear, Waste, "
                   "Storage, Other, ...)");
    std::string year_text = cell(row, "Commissioning Date");
    if (!year_text.empty()) {
      plant.commissioning_year = commissioning_year(year_text);
      if (!plant.commissioning_year)
        problems.add(location, "Commissioning Date", year_text, "not a year");
    } else {
      ++without_year;
    }
    std::string status = cell(row, "Operational Status");
    if (auto stage = wri_status_stage(status)) {
      plant.stage = *stage;
    } else if (status.empty()) {
      // Without a status the file does not say the plant runs; in plan is what a dated entry
      // in a plant database at least shows, and the cod stays planned, not done.
      plant.stage = Stage::InPlan;
      notes.add(location, "Operational Status", status,
                plant.commissioning_year
                    ? fmt::format("empty; imported as in_plan with cod planned {}, not done",
                                  *plant.commissioning_year)
                    : std::string("empty; imported as in_plan"));
    } else {
      problems.add(location, "Operational Status", status,
                   "unknown status (Operational, Under Development or empty)");
    }
    plant.investor = repaired(row, "Owner");
    std::vector<std::string> site_parts;
    for (std::string_view name : {"Municipality", "Location", "Address"})
      if (std::string part = repaired(row, name); !part.empty())
        site_parts.push_back(part);
    plant.site = fmt::format("{}", fmt::join(site_parts, ", "));
    plant.latitude = cell(row, "Latitude");
    plant.longitude = cell(row, "Longitude");
    if (plant.latitude.empty() != plant.longitude.empty())
      problems.add(location, plant.latitude.empty() ? "Latitude" : "Longitude", "",
                   "a position needs both latitude and longitude");
    plant.source = fmt::format("WRI Global Power Plant Database, plant {}", plant.plant_id);
    for (auto [source, url] : {std::pair{"Source", "URL"}, std::pair{"Source 2", "URL 2"}}) {
      std::string named = cell(row, source), address = cell(row, url);
      if (!named.empty() || !address.empty())
        plant.source += fmt::format("; {}", trim(fmt::format("{} {}", named, address)));
    }
    if (problems.size() != problems_before)
      continue;
    result.total += plant.capacity;
    result.plants.push_back(std::move(plant));
  }

  // Every shared ID is reported once, at its first row, with the codes its rows were given.
  std::map<std::string, std::vector<std::size_t>> rows_by_id;
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    rows_by_id[plant_ids[r]].push_back(r);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& group = rows_by_id[plant_ids[r]];
    if (group.size() < 2 || group.front() != r)
      continue;
    std::vector<std::string> lines, assigned;
    bool identical = true;
    for (std::size_t member : group) {
      const CsvRow& row = table.rows[member];
      lines.push_back(
          fmt::format("{} ({}, {} MW)", row.number, cell(row, "Name"), cell(row, "Capacity (MW)")));
      assigned.push_back(codes[member]);
      identical = identical && row.fields == table.rows[group.front()].fields;
    }
    notes.add(InputLocation{file_name, table.rows[r].number}, "Power Plant ID", plant_ids[r],
              fmt::format("shared by {} {} on lines {}; imported as {}", group.size(),
                          identical ? "identical rows" : "different units", fmt::join(lines, ", "),
                          fmt::join(assigned, ", ")));
  }
  if (!result.plants.empty())
    notes.add_line(fmt::format(
        "{}: no province column: {} plants recorded with province {}; {} without a commissioning "
        "year have no cod milestone",
        file_name, result.plants.size(), unknown_province, without_year));
  return result;
}

WriFile read_wri_gppd_file(const std::string& path, ProblemList& problems, ProblemList& notes) {
  auto text = read_text_file(path);
  if (!text) {
    problems.add_line(fmt::format("{}: cannot read the file", path));
    return {};
  }
  return parse_wri_gppd(*text, path, problems, notes);
}

void apply_wri_gppd(Portfolio& portfolio, const WriFile& file, ProblemList& problems) {
  for (const auto& plant : file.plants) {
    InputLocation location{file.file, plant.line};
    apply_project(portfolio,
                  Fields{{"code", plant.code},
                         {"name", plant.name},
                         {"technology", std::string(technology_key(plant.technology))},
                         {"province", std::string(unknown_province)},
                         {"capacity_mw", plant.capacity.megawatts_text()},
                         {"investor", plant.investor},
                         {"stage", std::string(stage_key(plant.stage))},
                         {"lat", plant.latitude},
                         {"lon", plant.longitude},
                         {"site", plant.site},
                         {"source", plant.source}},
                  location, problems, ProvinceRegistry::builtin());
    if (!plant.commissioning_year)
      continue;
    // An operating plant's commissioning year is when its cod happened; for any other it is the
    // year the plant is planned to start.
    std::string year = std::to_string(*plant.commissioning_year);
    bool done = plant.stage == Stage::Operating;
    apply_milestone(portfolio,
                    Fields{{"project", plant.code},
                           {"key", "cod"},
                           {"planned", done ? "" : year},
                           {"actual", done ? year : ""},
                           {"source", plant.source}},
                    location, problems);
  }
}

}  // namespace tiendo::io
