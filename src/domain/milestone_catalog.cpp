#include "domain/milestone_catalog.h"

#include <array>

namespace tiendo {
namespace {

constexpr std::array<MilestoneKind, 18> catalog{{
    {"survey", "survey", "Khảo sát, đề xuất", Stage::Proposed},
    {"plan_inclusion", "included in the plan", "Bổ sung quy hoạch", Stage::InPlan},
    {"investment_policy", "investment policy approved", "Chấp thuận chủ trương đầu tư",
     Stage::Approved},
    {"investment_certificate", "investment certificate", "Giấy chứng nhận đăng ký đầu tư",
     Stage::Approved},
    {"feasibility_study", "feasibility study approved", "Phê duyệt báo cáo nghiên cứu khả thi",
     std::nullopt},
    {"land_allocation", "land allocated", "Giao đất, cho thuê đất", std::nullopt},
    {"site_clearance", "site clearance", "Bồi thường, giải phóng mặt bằng", std::nullopt},
    {"eia_approval", "environmental impact assessment approved",
     "Phê duyệt đánh giá tác động môi trường", std::nullopt},
    {"grid_connection_agreement", "grid connection agreement", "Thỏa thuận đấu nối", std::nullopt},
    {"ppa_signed", "power purchase agreement signed", "Ký hợp đồng mua bán điện", Stage::Permitted},
    {"construction_permit", "construction permit", "Giấy phép xây dựng", Stage::Permitted},
    {"financial_close", "financial close", "Thu xếp vốn", std::nullopt},
    {"construction_start", "construction started", "Khởi công", Stage::Construction},
    {"equipment_delivery", "equipment delivered", "Giao thiết bị", std::nullopt},
    {"grid_line_energized", "line energised", "Đóng điện đường dây", std::nullopt},
    {"reservoir_impoundment", "reservoir impoundment", "Tích nước hồ chứa", std::nullopt},
    {"commissioning", "commissioning", "Đóng điện, chạy thử", Stage::Commissioning},
    {"cod", "commercial operation", "Vận hành thương mại (COD)", Stage::Operating},
}};

}  // namespace

std::span<const MilestoneKind> milestone_catalog() {
  return catalog;
}

const MilestoneKind* find_milestone_kind(std::string_view key) {
  for (const auto& kind : catalog)
    if (kind.key == key)
      return &kind;
  return nullptr;
}

std::optional<Stage> milestone_gate(std::string_view key, Technology technology) {
  if (key == "grid_line_energized" && technology == Technology::Grid)
    return Stage::Operating;
  if (const auto* kind = find_milestone_kind(key))
    return kind->gate;
  return std::nullopt;
}

}  // namespace tiendo
