#include <doctest/doctest.h>

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
