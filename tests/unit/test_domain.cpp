// The vocabulary every command shares: technologies, stages, the milestone catalog, provinces and
// the text folding that lets a user type "soc trang" for Sóc Trăng.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/milestone_catalog.h"
#include "domain/portfolio.h"
#include "domain/province.h"
#include "domain/stage.h"
#include "domain/technology.h"
#include "domain/text.h"

using namespace tiendo;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("technology: every English key of DESIGN parses and prints back") {
  const std::vector<std::string> keys = {"wind_onshore",   "wind_nearshore",
                                         "wind_offshore",  "solar_farm",
                                         "solar_rooftop",  "solar_floating",
                                         "coal",           "gas",
                                         "biomass",        "waste",
                                         "hydro",          "hydro_small",
                                         "pumped_storage", "oil",
                                         "nuclear",        "renewable_mixed",
                                         "other",          "grid"};
  REQUIRE(all_technologies().size() == keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CAPTURE(keys[i]);
    auto technology = parse_technology(keys[i]);
    REQUIRE(technology.has_value());
    CHECK(technology_key(*technology) == keys[i]);
    CHECK(all_technologies()[i] == *technology);
    CHECK_FALSE(technology_label_vi(*technology).empty());
  }
  CHECK(parse_technology("wind_onshore") == Technology::WindOnshore);
  CHECK(parse_technology("grid") == Technology::Grid);
  // Keys are exact: no case folding, no spaces, no group names.
  CHECK_FALSE(parse_technology("Wind_Onshore").has_value());
  CHECK_FALSE(parse_technology("wind").has_value());
  CHECK_FALSE(parse_technology("").has_value());
  CHECK_FALSE(parse_technology("solar farm").has_value());
}

TEST_CASE("technology: Vietnamese labels as the reports name them") {
  CHECK(technology_label_vi(Technology::WindOnshore) == "Điện gió trên bờ");
  CHECK(technology_label_vi(Technology::WindOffshore) == "Điện gió ngoài khơi");
  CHECK(technology_label_vi(Technology::SolarFarm) == "Điện mặt trời");
  CHECK(technology_label_vi(Technology::SolarRooftop) == "Điện mặt trời mái nhà");
  CHECK(technology_label_vi(Technology::Coal) == "Nhiệt điện than");
  CHECK(technology_label_vi(Technology::Hydro) == "Thủy điện");
  CHECK(technology_label_vi(Technology::Biomass) == "Điện sinh khối");
  CHECK(technology_label_vi(Technology::Grid) == "Lưới điện");
  // Labels are distinct, so a table grouped by technology never merges two rows.
  std::set<std::string_view> labels;
  for (auto technology : all_technologies())
    labels.insert(technology_label_vi(technology));
  CHECK(labels.size() == all_technologies().size());
}

TEST_CASE("technology: groups wind, solar, thermal (coal, gas, oil) and hydro") {
  CHECK(technology_group(Technology::WindOnshore) == TechnologyGroup::Wind);
  CHECK(technology_group(Technology::WindNearshore) == TechnologyGroup::Wind);
  CHECK(technology_group(Technology::WindOffshore) == TechnologyGroup::Wind);
  CHECK(technology_group(Technology::SolarFarm) == TechnologyGroup::Solar);
  CHECK(technology_group(Technology::SolarRooftop) == TechnologyGroup::Solar);
  CHECK(technology_group(Technology::SolarFloating) == TechnologyGroup::Solar);
  CHECK(technology_group(Technology::Coal) == TechnologyGroup::Thermal);
  CHECK(technology_group(Technology::Gas) == TechnologyGroup::Thermal);
  CHECK(technology_group(Technology::Oil) == TechnologyGroup::Thermal);
  CHECK(technology_group(Technology::Hydro) == TechnologyGroup::Hydro);
  CHECK(technology_group(Technology::HydroSmall) == TechnologyGroup::Hydro);
  CHECK(technology_group(Technology::PumpedStorage) == TechnologyGroup::Hydro);
  for (auto technology : {Technology::Biomass, Technology::Waste, Technology::Nuclear,
                          Technology::RenewableMixed, Technology::Other, Technology::Grid})
    CHECK(technology_group(technology) == TechnologyGroup::None);

  for (const char* key : {"wind", "solar", "thermal", "hydro"}) {
    CAPTURE(key);
    auto group = parse_technology_group(key);
    REQUIRE(group.has_value());
    CHECK(technology_group_key(*group) == key);
  }
  CHECK_FALSE(parse_technology_group("coal").has_value());
  CHECK_FALSE(parse_technology_group("").has_value());
}

TEST_CASE("technology: a filter takes a group or one technology, and names the keys otherwise") {
  auto wind = TechnologyFilter::parse("wind");
  CHECK(wind.matches(Technology::WindOffshore));
  CHECK(wind.matches(Technology::WindOnshore));
  CHECK_FALSE(wind.matches(Technology::SolarFarm));

  auto thermal = TechnologyFilter::parse("thermal");
  CHECK(thermal.matches(Technology::Coal));
  CHECK(thermal.matches(Technology::Gas));
  CHECK(thermal.matches(Technology::Oil));
  CHECK_FALSE(thermal.matches(Technology::Biomass));

  // "hydro" is a group as a filter: pumped storage and small hydro are hydro to a planner.
  auto hydro = TechnologyFilter::parse("hydro");
  CHECK(hydro.matches(Technology::PumpedStorage));
  CHECK(hydro.matches(Technology::HydroSmall));

  auto coal = TechnologyFilter::parse("coal");
  CHECK(coal.matches(Technology::Coal));
  CHECK_FALSE(coal.matches(Technology::Gas));

  // A filter for a technology without a group must not match the other groupless ones.
  auto biomass = TechnologyFilter::parse("biomass");
  CHECK(biomass.matches(Technology::Biomass));
  CHECK_FALSE(biomass.matches(Technology::Waste));
  CHECK_FALSE(biomass.matches(Technology::Grid));

  try {
    TechnologyFilter::parse("windd");
    FAIL("an unknown technology was accepted");
  } catch (const InvalidInput& error) {
    CHECK(contains(error.what(), "'windd'"));
    CHECK(contains(error.what(), "wind_onshore"));
    CHECK(contains(error.what(), "thermal"));
  }
}

TEST_CASE("stage: the ladder in order with English keys and Vietnamese labels") {
  const std::vector<std::string> keys = {"proposed",     "in_plan",       "approved", "permitted",
                                         "construction", "commissioning", "operating"};
  REQUIRE(all_stages().size() == keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CAPTURE(keys[i]);
    auto stage = parse_stage(keys[i]);
    REQUIRE(stage.has_value());
    CHECK(*stage == all_stages()[i]);
    CHECK(stage_key(*stage) == keys[i]);
    if (i > 0)
      CHECK(all_stages()[i - 1] < *stage);
  }
  CHECK(Stage::Proposed < Stage::InPlan);
  CHECK(Stage::Approved < Stage::Permitted);
  CHECK(Stage::Construction < Stage::Commissioning);
  CHECK(Stage::Commissioning < Stage::Operating);
  CHECK(std::max(Stage::Approved, Stage::Construction) == Stage::Construction);

  CHECK(stage_label_vi(Stage::Proposed) == "Đề xuất, khảo sát");
  CHECK(stage_label_vi(Stage::InPlan) == "Bổ sung quy hoạch");
  CHECK(stage_label_vi(Stage::Approved) == "Chủ trương đầu tư");
  CHECK(stage_label_vi(Stage::Commissioning) == "Đóng điện, chạy thử");
  CHECK(stage_label_en(Stage::InPlan) == "In plan");
  CHECK(stage_label_en(Stage::Construction) == "Under construction");
  // Every English label of a stage or status starts with a capital, as the pages' other labels.
  for (auto stage : all_stages())
    CHECK(std::isupper(static_cast<unsigned char>(stage_label_en(stage).front())));
  for (auto status : {ProjectStatus::Active, ProjectStatus::Suspended, ProjectStatus::Cancelled,
                      ProjectStatus::Retired})
    CHECK(std::isupper(static_cast<unsigned char>(status_label_en(status).front())));
  CHECK(stage_label_en(Stage::Operating) == "Operating");

  // Side states are not rungs of the ladder.
  CHECK_FALSE(parse_stage("suspended").has_value());
  CHECK_FALSE(parse_stage("cancelled").has_value());
  CHECK_FALSE(parse_stage("Operating").has_value());
  CHECK_FALSE(parse_stage("").has_value());
}

TEST_CASE("stage: side states suspended, cancelled, retired and active") {
  CHECK(parse_status("suspended") == ProjectStatus::Suspended);
  CHECK(parse_status("cancelled") == ProjectStatus::Cancelled);
  CHECK(parse_status("retired") == ProjectStatus::Retired);
  CHECK(parse_status("active") == ProjectStatus::Active);
  CHECK_FALSE(parse_status("operating").has_value());
  CHECK_FALSE(parse_status("canceled").has_value());
  for (auto status : {ProjectStatus::Active, ProjectStatus::Suspended, ProjectStatus::Cancelled,
                      ProjectStatus::Retired}) {
    CHECK(parse_status(status_key(status)) == status);
    CHECK_FALSE(status_label_vi(status).empty());
  }
  CHECK(status_label_vi(ProjectStatus::Suspended) == "Tạm dừng");
  CHECK(status_label_vi(ProjectStatus::Cancelled) == "Hủy bỏ");
}

TEST_CASE("milestone catalog: keys, Vietnamese labels and the gates of DESIGN") {
  struct Expected {
    const char* key;
    std::optional<Stage> gate;
  };
  const Expected expected[] = {
      {"plan_inclusion", Stage::InPlan},
      {"investment_policy", Stage::Approved},
      {"investment_certificate", Stage::Approved},
      {"land_allocation", std::nullopt},
      {"site_clearance", std::nullopt},
      {"eia_approval", std::nullopt},
      {"grid_connection_agreement", std::nullopt},
      {"ppa_signed", Stage::Permitted},
      {"construction_permit", Stage::Permitted},
      {"construction_start", Stage::Construction},
      {"grid_line_energized", std::nullopt},
      {"reservoir_impoundment", std::nullopt},
      {"commissioning", Stage::Commissioning},
      {"cod", Stage::Operating},
  };
  for (const auto& entry : expected) {
    CAPTURE(entry.key);
    const MilestoneKind* kind = find_milestone_kind(entry.key);
    REQUIRE(kind != nullptr);
    CHECK(kind->key == entry.key);
    CHECK(kind->gate == entry.gate);
    CHECK_FALSE(kind->label_vi.empty());
    CHECK_FALSE(kind->label_en.empty());
    CHECK(milestone_gate(entry.key, Technology::WindOnshore) == entry.gate);
  }
  CHECK(find_milestone_kind("investment_policy")->label_vi == "Chấp thuận chủ trương đầu tư");
  CHECK(find_milestone_kind("construction_start")->label_vi == "Khởi công");
  CHECK(find_milestone_kind("site_clearance")->label_vi == "Bồi thường, giải phóng mặt bằng");
  CHECK(find_milestone_kind("cod")->label_vi == "Vận hành thương mại (COD)");
  CHECK(find_milestone_kind("nonexistent") == nullptr);
  CHECK(find_milestone_kind("COD") == nullptr);

  // Keys are unique, so a lookup by key is unambiguous.
  std::set<std::string_view> keys;
  for (const auto& kind : milestone_catalog())
    keys.insert(kind.key);
  CHECK(keys.size() == milestone_catalog().size());
}

TEST_CASE("milestone catalog: an energised line makes a grid work operating, not a plant") {
  CHECK(milestone_gate("grid_line_energized", Technology::Grid) == Stage::Operating);
  CHECK(milestone_gate("grid_line_energized", Technology::WindOnshore) == std::nullopt);
  CHECK(milestone_gate("grid_line_energized", Technology::SolarFarm) == std::nullopt);
  CHECK(milestone_gate("cod", Technology::Grid) == Stage::Operating);
  CHECK(milestone_gate("job_7", Technology::Other) == std::nullopt);
}

TEST_CASE("text: folding removes accents and case, and treats Đ as d") {
  CHECK(fold_for_matching("Sóc Trăng") == "soc trang");
  CHECK(fold_for_matching("SÓC TRĂNG") == "soc trang");
  CHECK(fold_for_matching("soc trang") == "soc trang");
  CHECK(fold_for_matching("Đắk Lắk") == "dak lak");
  CHECK(fold_for_matching("đồng nai") == "dong nai");
  CHECK(fold_for_matching("Bà Rịa Vũng Tàu") == "ba ria vung tau");
  CHECK(fold_for_matching("Thừa Thiên Huế") == "thua thien hue");
  CHECK(fold_for_matching("Quảng Ngãi") == "quang ngai");
  // Spaces, hyphens, underscores and dots collapse to one space; the ends are trimmed.
  CHECK(fold_for_matching("  soc--trang ") == "soc trang");
  CHECK(fold_for_matching("soc_trang") == "soc trang");
  CHECK(fold_for_matching("TP. Cần Thơ") == "tp can tho");
  CHECK(fold_for_matching("") == "");
  // Decomposed input (a base letter followed by combining marks) folds the same as precomposed.
  CHECK(fold_for_matching("So\xCC\x81"
                          "c Tra\xCC\x86ng") == "soc trang");
}

TEST_CASE("text: UTF-8 validation") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("ascii"));
  CHECK(is_valid_utf8("Điện gió Sóc Trăng"));
  CHECK(is_valid_utf8("\xF0\x9F\x8C\xAC"));  // A four-byte character.
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("S\xC3"));         // Cut short inside a character.
  CHECK_FALSE(is_valid_utf8("\xC3\x28"));      // A continuation byte missing.
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));      // An overlong encoding of '/'.
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // A UTF-16 surrogate.
  CHECK_FALSE(is_valid_utf8("Sóc Tr\xE3ng"));  // Latin-1 "ă", as a legacy export writes it.
}

TEST_CASE("text: edit distance and nearest names") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("soc trang", "soc trang") == 0);
  CHECK(edit_distance("cod", "code") == 1);

  std::vector<std::string> names = {"Sóc Trăng", "Trà Vinh", "Bạc Liêu", "Cà Mau"};
  auto nearest = nearest_names("soc trng", names, 2);
  REQUIRE(nearest.size() == 2);
  CHECK(nearest[0] == "Sóc Trăng");
  CHECK(nearest_names("Ca Mao", names, 1) == std::vector<std::string>{"Cà Mau"});
  CHECK(nearest_names("x", names, 10).size() == names.size());
  CHECK(nearest_names("x", {}, 3).empty());
}

TEST_CASE("province: 63 legacy provinces in 34 current units") {
  const auto& registry = ProvinceRegistry::builtin();
  CHECK(registry.provinces().size() == 63);
  std::set<std::string> current;
  for (const auto& province : registry.provinces())
    current.insert(province.current_name);
  CHECK(current.size() == 34);
}

TEST_CASE("province: lookup ignores accents, case and the Tỉnh/Thành phố prefix") {
  const auto& registry = ProvinceRegistry::builtin();
  for (const char* name : {"Sóc Trăng", "soc trang", "SOC TRANG", "Soc-Trang", "soc-trang",
                           "Tỉnh Sóc Trăng", "tinh soc trang", "  sóc   trăng "}) {
    CAPTURE(name);
    const Province* province = registry.find_legacy(name);
    REQUIRE(province != nullptr);
    CHECK(province->legacy_name == "Sóc Trăng");
  }
  CHECK(registry.resolve_legacy("dak lak").legacy_name == "Đắk Lắk");
  CHECK(registry.resolve_legacy("TP. Hồ Chí Minh").legacy_name == "Hồ Chí Minh");
  CHECK(registry.resolve_legacy("Thành phố Cần Thơ").legacy_name == "Cần Thơ");
  // The legacy name is written with an en dash; the common hyphen and space spellings work too.
  CHECK(registry.resolve_legacy("Ba Ria - Vung Tau").legacy_name == "Bà Rịa–Vũng Tàu");
  CHECK(registry.resolve_legacy("Bà Rịa–Vũng Tàu").legacy_name == "Bà Rịa–Vũng Tàu");
  CHECK(registry.find_legacy("Atlantis") == nullptr);
}

TEST_CASE("province: each legacy province maps to its current unit since 1 July 2025") {
  const auto& registry = ProvinceRegistry::builtin();
  CHECK(registry.current_of("Sóc Trăng") == "Cần Thơ");
  CHECK(registry.current_of("Hậu Giang") == "Cần Thơ");
  CHECK(registry.current_of("Cần Thơ") == "Cần Thơ");
  CHECK(registry.current_of("Trà Vinh") == "Vĩnh Long");
  CHECK(registry.current_of("Bến Tre") == "Vĩnh Long");
  CHECK(registry.current_of("Thái Bình") == "Hưng Yên");
  CHECK(registry.current_of("Kon Tum") == "Quảng Ngãi");
  CHECK(registry.current_of("Bạc Liêu") == "Cà Mau");
  CHECK(registry.current_of("soc trang") == "Cần Thơ");
  // unknown (a WRI row without a province) stays unknown.
  CHECK(registry.current_of("unknown") == "unknown");

  CHECK(registry.find_current("Cần Thơ") == std::optional<std::string>("Cần Thơ"));
  CHECK(registry.find_current("vinh long") == std::optional<std::string>("Vĩnh Long"));
  // Sóc Trăng is no longer a unit of its own.
  CHECK_FALSE(registry.find_current("Sóc Trăng").has_value());
  CHECK_FALSE(registry.find_current("Trà Vinh").has_value());
}

TEST_CASE("province: an unknown name is refused with the nearest names") {
  const auto& registry = ProvinceRegistry::builtin();
  try {
    registry.resolve_legacy("Soc Trangg");
    FAIL("an unknown province was accepted");
  } catch (const InvalidInput& error) {
    std::string message = error.what();
    CHECK(contains(message, "'Soc Trangg'"));
    CHECK(contains(message, "unknown province"));
    CHECK(contains(message, "nearest: Sóc Trăng"));
  }
  try {
    registry.resolve_legacy("Tra Vin");
    FAIL("an unknown province was accepted");
  } catch (const InvalidInput& error) {
    CHECK(contains(error.what(), "nearest: Trà Vinh"));
  }
  CHECK_THROWS_AS(registry.resolve_legacy(""), InvalidInput);
}

TEST_CASE("province filter: a current unit means all of its legacy provinces") {
  const auto& registry = ProvinceRegistry::builtin();
  auto can_tho = ProvinceFilter::parse("can tho", registry, false);
  CHECK(can_tho.display_name() == "Cần Thơ");
  CHECK(can_tho.matches("Cần Thơ"));
  CHECK(can_tho.matches("Sóc Trăng"));
  CHECK(can_tho.matches("Hậu Giang"));
  CHECK_FALSE(can_tho.matches("Trà Vinh"));

  // With legacy provinces asked for, Cần Thơ is the old city alone.
  auto old_city = ProvinceFilter::parse("can tho", registry, true);
  CHECK(old_city.matches("Cần Thơ"));
  CHECK_FALSE(old_city.matches("Sóc Trăng"));

  // A name that is not a current unit is that legacy province alone.
  auto soc_trang = ProvinceFilter::parse("soc trang", registry, false);
  CHECK(soc_trang.display_name() == "Sóc Trăng");
  CHECK(soc_trang.matches("Sóc Trăng"));
  CHECK_FALSE(soc_trang.matches("Cần Thơ"));

  auto unknown = ProvinceFilter::parse("Unknown", registry, false);
  CHECK(unknown.matches("unknown"));
  CHECK_FALSE(unknown.matches("Sóc Trăng"));

  try {
    ProvinceFilter::parse("Hanoii", registry, false);
    FAIL("an unknown province was accepted");
  } catch (const InvalidInput& error) {
    CHECK(contains(error.what(), "--province"));
    CHECK(contains(error.what(), "'Hanoii'"));
    CHECK(contains(error.what(), "Hà Nội"));
  }
}

TEST_CASE("province: a registry read from CSV text, with CRLF line ends") {
  auto registry = ProvinceRegistry::from_csv(
      "legacy_province,legacy_slug,province_since_2025_07_01,slug_since_2025_07_01,"
      "new_unit_is_centrally_run_city\r\n"
      "Sóc Trăng,soc-trang,Cần Thơ,can-tho,yes\r\n"
      "Trà Vinh,tra-vinh,Vĩnh Long,vinh-long,no\r\n");
  REQUIRE(registry.provinces().size() == 2);
  CHECK(registry.provinces()[0].centrally_run);
  CHECK_FALSE(registry.provinces()[1].centrally_run);
  CHECK(registry.current_of("tra vinh") == "Vĩnh Long");
  CHECK_THROWS_AS(ProvinceRegistry::from_csv("header\nonly,three,fields\n"), Error);
}

TEST_CASE("technology and stage parse their Vietnamese labels too, accents and case ignored") {
  for (auto technology : all_technologies()) {
    CAPTURE(technology_key(technology));
    CHECK(parse_technology(technology_label_vi(technology)) == technology);
    CHECK(parse_technology(fold_for_matching(technology_label_vi(technology))) == technology);
  }
  for (auto stage : all_stages()) {
    CAPTURE(stage_key(stage));
    CHECK(parse_stage(stage_label_vi(stage)) == stage);
  }
  CHECK(parse_stage("đang thi công") == Stage::Construction);
  CHECK(parse_stage("DANG THI CONG") == Stage::Construction);
  CHECK_FALSE(parse_stage("thi công xong").has_value());
  CHECK_FALSE(parse_technology("điện hạt nhân nổi").has_value());
}

TEST_CASE("provinces: the names reports use for Huế, Hồ Chí Minh City and Bà Rịa–Vũng Tàu") {
  const auto& registry = ProvinceRegistry::builtin();
  CHECK(registry.resolve_legacy("Thừa Thiên Huế").legacy_name == "Huế");
  CHECK(registry.resolve_legacy("thua thien hue").legacy_name == "Huế");
  CHECK(registry.resolve_legacy("TP HCM").legacy_name == "Hồ Chí Minh");
  CHECK(registry.resolve_legacy("TP. Hồ Chí Minh").legacy_name == "Hồ Chí Minh");
  CHECK(registry.resolve_legacy("Sài Gòn").legacy_name == "Hồ Chí Minh");
  CHECK(registry.resolve_legacy("Ba Ria - Vung Tau").legacy_name == "Bà Rịa–Vũng Tàu");
  CHECK(registry.current_of("Bà Rịa–Vũng Tàu") == "Hồ Chí Minh");
  CHECK_THROWS_AS(registry.resolve_legacy("Thừa Thiên"), InvalidInput);
}

TEST_CASE("portfolio: dependencies are found by their ends through growth, removal and copies") {
  Portfolio portfolio;
  Project project;
  project.code = "P";
  portfolio.add_project(project);
  for (int m = 0; m < 400; ++m) {
    Milestone milestone;
    milestone.key = "works_" + std::to_string(m);
    portfolio.add_milestone(milestone);
  }
  // Ends drawn by a fixed linear congruential sequence; the map is the oracle.
  std::map<std::pair<int, int>, int> expected;
  std::uint32_t state = 12345;
  auto draw = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<int>((state >> 8) % 400);
  };
  CHECK_FALSE(portfolio.find_dependency(0, 1).has_value());  // Built empty, then grown.
  while (expected.size() < 3000) {
    int from = draw(), to = draw();
    if (from == to || expected.count({from, to}))
      continue;
    expected[{from, to}] = static_cast<int>(portfolio.dependencies.size());
    portfolio.add_dependency(Dependency{from, to, LinkType::FinishToStart, 0});
  }
  auto check_all = [&](const Portfolio& checked) {
    for (const auto& [ends, index] : expected) {
      auto found = checked.find_dependency(ends.first, ends.second);
      REQUIRE(found.has_value());
      CHECK(*found == index);
    }
    CHECK_FALSE(checked.find_dependency(7, 7).has_value());
    // A sample of pairs, most of them absent: each is found exactly when it exists.
    int absent = 0;
    for (int from = 0; from < 400; from += 13)
      for (int to = 0; to < 400; to += 7) {
        bool exists = expected.count({from, to}) > 0;
        absent += !exists;
        CHECK(checked.find_dependency(from, to).has_value() == exists);
      }
    CHECK(absent > 1000);
  };
  check_all(portfolio);
  Portfolio copy = portfolio;
  check_all(copy);
  copy.reserve(0, 0, 100000);
  check_all(copy);

  // Removing one moves every later dependency down a place.
  auto removed = portfolio.dependencies[10];
  portfolio.remove_dependency(10);
  expected.erase({removed.from, removed.to});
  for (auto& [ends, index] : expected)
    if (index > 10)
      --index;
  check_all(portfolio);
}
