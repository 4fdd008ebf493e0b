#include <doctest/doctest.h>

#include "analysis/alerts.h"
#include "graph/network.h"
#include "operations/delay_reasons.h"
#include "report/labels.h"

using namespace tiendo;
using report::Language;

TEST_CASE("a delay reason reads by its category's label, never its code") {
  CHECK(report::reason_text("financing:nhà thầu thiếu vốn", Language::Vietnamese) ==
        "Tài chính: nhà thầu thiếu vốn");
  CHECK(report::reason_text("financing:contractor short of funds", Language::English) ==
        "Financing: contractor short of funds");
  CHECK(report::reason_text("grid:chưa đóng điện", Language::Vietnamese, true) ==
        "lưới điện: chưa đóng điện");
  CHECK(report::reason_text("", Language::Vietnamese).empty());
  CHECK(report::delay_category_label("unknown", Language::Vietnamese) == "Chưa ghi nhận");
  // A category no longer known is shown as stored rather than lost.
  CHECK(report::reason_text("strike:x", Language::Vietnamese) == "strike: x");
}

TEST_CASE("a milestone reads by its catalog label, one of its own by its name") {
  Milestone catalog;
  catalog.key = "site_clearance";
  catalog.name = "whatever";
  CHECK(report::milestone_label(catalog, Language::Vietnamese) ==
        "Bồi thường, giải phóng mặt bằng");
  CHECK(report::milestone_label(catalog, Language::English) == "site clearance");
  Milestone own;
  own.key = "t1";
  own.name = "Trạm biến áp 110 kV";
  CHECK(report::milestone_label(own, Language::Vietnamese) == "Trạm biến áp 110 kV");
  Milestone bare;
  bare.key = "t2";
  CHECK(report::milestone_label(bare, Language::Vietnamese) == "t2");
  CHECK(report::milestone_label_html(catalog, Language::Vietnamese) ==
        R"(Bồi thường, giải phóng mặt bằng <small class="key">site_clearance</small>)");
  CHECK(report::milestone_label_html(bare, Language::Vietnamese) == "t2");
}

TEST_CASE(
    "a plan or forecast moved later without a reason is left unexplained until one is given") {
  using analysis::MilestoneChangeRow;
  std::map<std::string, std::int32_t> slips;
  std::vector<MilestoneChangeRow> rows{
      {"A:cod", "forecast", "2027-01-31", "2027-03-02", ""},
      // Earlier, or from nothing: no slip.
      {"B:cod", "forecast", "2027-03-31", "2027-01-31", ""},
      {"C:cod", "planned", "", "2027-01-31", ""},
      // Later with a reason: explained.
      {"D:cod", "planned", "2027-01-31", "2027-06-30", "grid:x"},
  };
  analysis::unexplained_slips(rows, slips);
  CHECK(slips == std::map<std::string, std::int32_t>{{"A:cod", 30}});

  // A later move without a reason replaces the days; a change giving a reason clears it.
  std::vector<MilestoneChangeRow> more{{"A:cod", "planned", "2027-01-31", "2027-02-10", ""}};
  analysis::unexplained_slips(more, slips);
  CHECK(slips.at("A:cod") == 10);
  std::vector<MilestoneChangeRow> explained{{"A:cod", "reason", "", "financing:y", "financing:y"}};
  analysis::unexplained_slips(explained, slips);
  CHECK(slips.empty());
}

TEST_CASE("the missing_reason alert: one info alert per unexplained milestone") {
  Portfolio portfolio;
  Project project;
  project.code = "MR-1";
  project.name = "x";
  project.province = "Sóc Trăng";
  portfolio.add_project(project);
  Milestone cod;
  cod.key = "cod";
  cod.planned = Date::parse("2027-06-30");
  cod.forecast = Date::parse("2027-12-31");
  portfolio.add_milestone(cod);
  graph::MilestoneNetwork network(portfolio);
  auto schedule = analysis::compute_schedule(portfolio, network, Date::parse("2026-12-07"));
  std::map<std::string, std::int32_t> slips{{"MR-1:cod", 184}, {"GONE:cod", 5}};
  analysis::AlertInputs inputs;
  inputs.unexplained_slips = &slips;
  auto alerts = analysis::compute_alerts(portfolio, network, schedule, inputs);
  std::vector<analysis::Alert> missing;
  for (const auto& alert : alerts)
    if (alert.kind == analysis::AlertKind::MissingReason)
      missing.push_back(alert);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].days == 184);
  CHECK(missing[0].severity == analysis::Severity::Info);
  CHECK(analysis::alert_kind_key(missing[0].kind) == "missing_reason");
  inputs.unexplained_slips = nullptr;
  for (const auto& alert : analysis::compute_alerts(portfolio, network, schedule, inputs))
    CHECK(alert.kind != analysis::AlertKind::MissingReason);
}

TEST_CASE("the form's rule: which fields move a date later") {
  Milestone milestone;
  milestone.planned = Date::parse("2027-06-30");
  milestone.forecast = Date::parse("2027-09-30");
  auto later = operations::dates_moved_later(
      milestone, Fields{{"forecast", "31/12/2027"}, {"planned", "2027-05"}, {"actual", "2026"}});
  REQUIRE(later.size() == 1);
  CHECK(later[0].field == "forecast");
  CHECK(later[0].after.iso() == "2027-12-31");
  CHECK(operations::dates_moved_later(milestone, Fields{{"planned", ""}}).empty());
  Milestone empty;
  CHECK(operations::dates_moved_later(empty, Fields{{"forecast", "2030"}}).empty());
}
