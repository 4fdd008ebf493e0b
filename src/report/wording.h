#pragma once
// Words shown to people, in English or Vietnamese. JSON never uses these; it uses stable keys.
#include <fmt/format.h>

#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/alerts.h"
#include "analysis/schedule.h"
#include "domain/portfolio.h"
#include "domain/text.h"
#include "report/format.h"

namespace tiendo::report {

// Every label and message a person reads in a table or on standard output, English and Vietnamese
// side by side, so a new column cannot be added in one language only. JSON and CSV files meant
// for other programs never use these. A message's Vietnamese has the same {} placeholders in the
// same order (wording.cpp checks it when compiling).
struct Wording {
  std::string_view english;
  std::string_view vietnamese;
};

inline constexpr Wording wordings[] = {
    // Column headers and the labels of `project show`.
    {"code", "mã"},
    {"name", "tên"},
    {"technology", "công nghệ"},
    {"technology_group", "nhóm công nghệ"},
    {"province", "tỉnh"},
    {"stage", "giai đoạn"},
    {"cod_year", "năm COD"},
    {"investor", "chủ đầu tư"},
    {"MW", "MW"},
    {"MWp", "MWp"},
    {"capacity MW", "công suất MW"},
    {"capacity MWp", "công suất MWp"},
    {"parent", "thuộc dự án"},
    {"target COD", "COD mục tiêu"},
    {"site", "địa điểm"},
    {"source", "nguồn"},
    {"status", "trạng thái"},
    {"project", "dự án"},
    {"projects", "dự án"},
    {"milestone", "mốc"},
    {"milestones", "số mốc"},
    {"days", "số ngày"},
    {"planned", "kế hoạch"},
    {"actual start", "bắt đầu thực tế"},
    {"actual", "thực tế"},
    {"forecast", "dự báo"},
    {"reason", "lý do"},
    {"from", "từ"},
    {"to", "đến"},
    {"type", "kiểu"},
    {"lag", "độ trễ"},
    {"early start", "bắt đầu sớm"},
    {"early finish", "hoàn thành sớm"},
    {"late finish", "hoàn thành muộn"},
    {"float", "dự trữ"},
    {"critical", "tới hạn"},
    {"slip", "chậm"},
    {"driver", "quyết định bởi"},
    {"baseline slip", "chậm so với gốc"},
    {"COD before", "COD trước"},
    {"COD after", "COD sau"},
    {"saved (UTC)", "lưu lúc (UTC)"},
    {"by", "người lưu"},
    {"baseline", "kế hoạch gốc"},
    {"planned now", "kế hoạch hiện tại"},
    {"slip vs baseline", "chậm so với gốc"},
    {"reached stage", "đạt giai đoạn"},
    {"codes", "mã dự án"},
    {"severity", "mức độ"},
    {"kind", "loại"},
    {"message", "nội dung"},
    {"driver chain", "chuỗi nguyên nhân"},
    {"at (UTC)", "lúc (UTC)"},
    {"at (Vietnam time)", "lúc (giờ Việt Nam)"},
    {"actor", "người thực hiện"},
    {"entity", "đối tượng"},
    {"field", "trường"},
    {"old", "cũ"},
    {"new", "mới"},
    {"role", "vai trò"},
    {"provinces", "các tỉnh"},
    {"disabled", "đã khoá"},
    {"tokens", "mã truy cập"},
    {"created (UTC)", "tạo lúc (UTC)"},
    {"created (Vietnam time)", "tạo lúc (giờ Việt Nam)"},
    {"COD P10", "ngày COD P10"},
    {"COD P50", "ngày COD P50"},
    {"COD P80", "ngày COD P80"},
    {"COD P90", "ngày COD P90"},
    {"P(COD by target) (%)", "XS COD kịp mốc (%)"},
    {"schedule COD", "COD theo tiến độ"},
    {"year", "năm"},
    {"MW online P10", "MW vận hành P10"},
    {"MW online P50", "MW vận hành P50"},
    {"MW online P90", "MW vận hành P90"},
    {"% of draws on the driving chain", "% số lần nằm trên chuỗi quyết định"},
    {"learned", "học theo"},
    // Where a forecast step's distribution came from.
    {"by key and technology group", "theo mốc và nhóm công nghệ"},
    {"by key only", "chỉ theo mốc"},
    {"from all steps", "từ mọi mốc"},
    {"without history", "chưa có dữ liệu"},
    // Words inside cells.
    {"yes", "có"},
    {"no", "không"},
    {"total", "Tổng"},
    {"(none)", "(không có)"},
    {"(new)", "(mới)"},
    {"{} project", "{} dự án"},
    {"{} projects", "{} dự án"},
    // Side states, as `project status` takes them.
    {"active", "đang triển khai"},
    {"suspended", "tạm dừng"},
    {"cancelled", "hủy bỏ"},
    {"retired", "ngừng vận hành"},
    // Roles of accounts.
    {"viewer", "người xem"},
    {"editor", "biên tập viên"},
    {"admin", "quản trị viên"},
    // Delay categories (the part of a reason before the colon), and a reason not recorded.
    {"site_clearance", "giải phóng mặt bằng"},
    {"weather", "thời tiết"},
    {"supply_chain", "cung ứng thiết bị"},
    {"financing", "thu xếp vốn"},
    {"permitting", "thủ tục"},
    {"grid", "lưới điện"},
    {"other", "khác"},
    {"unknown", "chưa ghi nhận"},
    // Messages on standard output.
    {"{}: tiendo database, schema version {}", "{}: cơ sở dữ liệu tiendo, phiên bản lược đồ {}"},
    {"added {} ({} change-log rows)", "đã thêm {} ({} dòng nhật ký thay đổi)"},
    {"added {} ({} change-log rows; {} milestones from the template)",
     "đã thêm {} ({} dòng nhật ký thay đổi; {} mốc theo mẫu)"},
    {"updated {} ({} change-log rows)", "đã cập nhật {} ({} dòng nhật ký thay đổi)"},
    {"{} is {} from {}", "{}: {} từ {}"},
    {"added {}", "đã thêm {}"},
    {"updated {}", "đã cập nhật {}"},
    {"{} done on {}", "{}: hoàn thành ngày {}"},
    {"{} -> {} ({} {})", "{} -> {} ({} {})"},
    {"updated {} -> {} ({} {})", "đã cập nhật {} -> {} ({} {})"},
    {"removed {} -> {}", "đã xóa {} -> {}"},
    {"saved baseline {} ({} milestones)", "đã lưu kế hoạch gốc {} ({} mốc)"},
    {"{} +{} days", "{} +{} ngày"},
    {"thresholds: warning {} days, critical {} days, stale {} days",
     "ngưỡng: cảnh báo {} ngày, nghiêm trọng {} ngày, không cập nhật {} ngày"},
    {"{}: {} plants, {} MW", "{}: {} nhà máy, {} MW"},
    {"{}: {} projects, {} MW", "{}: {} dự án, {} MW"},
    {"imported projects: {} added, {} changed; milestones: {} added, {} changed; dependencies: {} "
     "added, {} changed",
     "đã nhập dự án: thêm {}, sửa {}; mốc: thêm {}, sửa {}; phụ thuộc: thêm {}, sửa {}"},
    {"dry run, nothing written. would import projects: {} added, {} changed; milestones: {} "
     "added, {} changed; dependencies: {} added, {} changed",
     "chạy thử, không ghi gì. sẽ nhập dự án: thêm {}, sửa {}; mốc: thêm {}, sửa {}; phụ thuộc: "
     "thêm {}, sửa {}"},
    {"wrote {}", "đã ghi {}"},
    // The rest of a long chain (an alert's driver chain), after its first steps.
    {"… and {} more", "… và {} mốc nữa"},
    // A write refused by the scope rule (operations/scope.h), by why the project is touched.
    {"{} may not change project '{}' in {}; nothing was written",
     "{} không được phép thay đổi dự án '{}' ở {}; không có gì được ghi"},
    {"{} may not change project '{}' in {}, which '{}' would name as its parent; nothing was "
     "written",
     "{} không được phép thay đổi dự án '{}' ở {}, dự án mà '{}' sẽ nhận làm dự án mẹ; không có "
     "gì được ghi"},
    {"{} may not change project '{}' in {}, the parent '{}' would leave; nothing was written",
     "{} không được phép thay đổi dự án '{}' ở {}, dự án mẹ mà '{}' sẽ rời khỏi; không có gì "
     "được ghi"},
    {"{} may not change project '{}' in {}, the successor of the link {}; nothing was written",
     "{} không được phép thay đổi dự án '{}' ở {}, mốc sau của phụ thuộc {}; không có gì được "
     "ghi"},
    {"backed up {} to {}", "đã sao lưu {} sang {}"},
    {"restored {} from {}: {} projects, schema version {}",
     "đã khôi phục {} từ {}: {} dự án, phiên bản lược đồ {}"},
    {"wrote {} projects, {} milestones ({} done), {} dependencies to {} (seed {}, progress to {})",
     "đã ghi {} dự án, {} mốc ({} đã hoàn thành), {} phụ thuộc vào {} (hạt giống {}, tiến độ đến "
     "{})"},
    {"wrote {} ({} delayed projects, {} milestones due next quarter)",
     "đã ghi {} ({} dự án chậm tiến độ, {} mốc đến hạn quý tới)"},
    {"warning: {}", "cảnh báo: {}"},
    {"{}: nothing to forecast (no COD step of its own, or cancelled or retired by the as-of date)",
     "{}: không có gì để dự báo (không có mốc COD riêng, hoặc đã hủy hay ngừng vận hành trước ngày "
     "dữ liệu)"},
    {"loading the portfolio", "đang đọc danh mục"},
    {"making indexes and committing", "đang tạo chỉ mục và ghi"},
    {"model: learned from {} steps done by {} ({} against their plan, {} after their "
     "predecessors) and {} still open; lateness correlated within a project: {}; open steps "
     "drawn by key and technology group: {}, by key only: {}, from all steps: {}, without "
     "history: {}",
     "mô hình: học từ {} mốc đã hoàn thành đến {} ({} so với kế hoạch, {} sau các mốc trước) và "
     "{} mốc còn dở; tương quan độ chậm trong một dự án: {}; mốc chưa xong lấy mẫu theo mốc và "
     "nhóm công nghệ: {}, chỉ theo mốc: {}, từ mọi mốc: {}, không có dữ liệu: {}"},
    {"added account {} ({})", "đã thêm tài khoản {} ({})"},
    {"updated account {}", "đã cập nhật tài khoản {}"},
    {"removed account {}", "đã xoá tài khoản {}"},
    {"API token for {}; it will not be shown again",
     "mã truy cập API của {}; mã này sẽ không được hiện lại"},
    {"revoked {} API tokens of {}", "đã thu hồi {} mã truy cập API của {}"},
    // The progress line on a terminal's standard error (src/cli/progress.cpp).
    {"reading", "đang đọc"},
    {"writing", "đang ghi"},
    {"generating", "đang tạo"},
    {"backing up", "đang sao lưu"},
    {"drawing", "đang lấy mẫu"},
    {"packing", "đang đóng gói"},
    {"rows", "dòng"},
    {"draws", "lượt mẫu"},
    {"{} s left", "còn {} giây"},
    {"{} min left", "còn {} phút"},
    // Working calendars (src/cli/calendar.cpp).
    {"calendar", "lịch làm việc"},
    {"built in", "có sẵn"},
    {"working week", "tuần làm việc"},
    {"hours a day", "số giờ một ngày"},
    {"public holidays", "ngày lễ, tết"},
    {"Vietnam", "Việt Nam"},
    {"weekday", "thứ"},
    {"working periods", "giờ làm việc"},
    {"day", "ngày"},
    {"what", "nội dung"},
    {"day off", "nghỉ"},
    {"Monday", "Thứ Hai"},
    {"Tuesday", "Thứ Ba"},
    {"Wednesday", "Thứ Tư"},
    {"Thursday", "Thứ Năm"},
    {"Friday", "Thứ Sáu"},
    {"Saturday", "Thứ Bảy"},
    {"Sunday", "Chủ nhật"},
    {"added calendar {}", "đã thêm lịch làm việc {}"},
    {"updated calendar {}", "đã cập nhật lịch làm việc {}"},
};

// An English key of `wordings`. Built only from a literal, and checked as the program compiles:
// a label missing from the table is a compile error, never an English word in a Vietnamese table.
class Label {
 public:
  // NOLINTNEXTLINE(google-explicit-constructor): a literal reads as the label it names.
  consteval Label(const char* english) : m_index(index_of(english)) {}
  std::size_t index() const { return m_index; }

 private:
  static consteval std::size_t index_of(std::string_view english) {
    for (std::size_t i = 0; i < std::size(wordings); ++i)
      if (wordings[i].english == english)
        return i;
    throw "this label has no entry in report::wordings";
  }
  std::size_t m_index;
};

std::string_view word(Label label, Language language);
// A table's headers in the language asked for.
std::vector<std::string> headers(Language language, std::initializer_list<Label> labels);
// A text value of a message as it may be shown: a path or a name a user typed is one line of
// printable text (printable), whatever it holds; numbers pass as they are.
template <typename Value>
decltype(auto) shown(Value&& value) {
  if constexpr (std::is_convertible_v<const Value&, std::string_view>)
    return printable(std::string_view(value));
  else
    return std::forward<Value>(value);
}

// A message with its values filled in, every text value shown printable.
template <typename... Values>
std::string say(Language language, Label label, Values&&... values) {
  return fmt::format(fmt::runtime(word(label, language)), shown(std::forward<Values>(values))...);
}
// A key known only at run time (a side state, a delay category, a pipeline field): its
// Vietnamese when the table has it, else the key itself.
std::string_view word_for_key(std::string_view key, Language language);

std::string_view driver_label(analysis::DriverKind kind, Language language);
// "TV-LINE:grid_line_energized (FS +30)" for a predecessor, else the label of the bound.
std::string describe_driver(const Portfolio& portfolio, const analysis::MilestoneSchedule& entry,
                            Language language);
// The whole chain, one step a line, newest first, as `explain` prints it.
std::string describe_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                           std::int32_t milestone, Language language);
// The chain in one line, for alerts: "A:cod ← B:grid_line_energized ← planned 2020-06"; a long
// one by its first 20 steps, "… and 3,980 more" and what set the last.
std::string summarise_chain(const Portfolio& portfolio, const analysis::Schedule& schedule,
                            std::int32_t milestone, Language language);

std::string_view severity_label(analysis::Severity severity, Language language);
std::string_view alert_kind_label(analysis::AlertKind kind, Language language);
// "Chậm 214 ngày so với kế hoạch (COD 07/2019 → 02/2020)" and its English twin.
std::string alert_message(const Portfolio& portfolio, const analysis::Alert& alert,
                          Language language);

}  // namespace tiendo::report
