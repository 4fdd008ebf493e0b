#include "io/xlsx_export.h"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>

#include "domain/edit.h"
#include "domain/error.h"
#include "domain/progress.h"
#include "domain/text.h"

namespace tiendo::io {
namespace {

// libxlsxwriter 1.1 writes only to a named file, so the workbook is built in a private temporary
// file that is copied to the output and removed, whatever happens.
class TemporaryFile {
 public:
  TemporaryFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tiendo-XXXXXX").string();
    int descriptor = ::mkstemp(pattern.data());
    if (descriptor < 0)
      throw Error("export: cannot create a temporary file for the workbook");
    ::close(descriptor);
    m_path = pattern;
  }
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

enum class Kind { Text, Number, Date };

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* day = nullptr;
  lxw_format* month = nullptr;
  lxw_format* year = nullptr;
};

class Sheet {
 public:
  Sheet(lxw_workbook* workbook, const char* name, const Formats& formats,
        std::vector<std::pair<std::string, Kind>> columns)
      : m_sheet(workbook_add_worksheet(workbook, name)),
        m_formats(formats),
        m_columns(std::move(columns)) {
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
      auto column = static_cast<lxw_col_t>(c);
      worksheet_write_string(m_sheet, 0, column, m_columns[c].first.c_str(), m_formats.header);
      double width = m_columns[c].second == Kind::Text ? 18 : 12;
      worksheet_set_column(m_sheet, column, column, width, nullptr);
    }
    // The header stays in view while scrolling, and filters sit on it.
    worksheet_freeze_panes(m_sheet, 1, 0);
  }

  // A cell holds at most 32,767 characters (Excel's limit, which libxlsxwriter enforces by
  // writing nothing): a longer text, which only a database written behind tiendo's back can
  // hold, is cut there with an ellipsis rather than lost.
  static std::string cell_text(const std::string& value) {
    std::string text = document_text(value);
    constexpr std::size_t limit = 32767;
    if (text.size() <= limit)
      return text;
    // Where each character starts, counted until one more than a cell holds.
    std::size_t characters = 0, last_start = 0;
    for (std::size_t i = 0; i < text.size() && characters <= limit; ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++characters;
        if (characters == limit)
          last_start = i;
      }
    if (characters <= limit)
      return text;
    text.resize(last_start);
    return text + "\xe2\x80\xa6";
  }

  void text(const std::string& value) {
    // worksheet_write_string stores a shared string, never a formula, so "=1+1" stays text. It
    // takes a C string and writes XML as given: what a database holds is made valid text first,
    // or a NUL would cut the cell and a stray byte or an escape character spoil the workbook.
    // Nearly every cell needs neither, and is written without a copy.
    if (!value.empty()) {
      if (value.size() <= 32767 && is_printable(value))
        worksheet_write_string(m_sheet, m_row, m_column, value.c_str(), nullptr);
      else
        worksheet_write_string(m_sheet, m_row, m_column, cell_text(value).c_str(), nullptr);
    }
    ++m_column;
  }
  void number(std::optional<double> value) {
    if (value)
      worksheet_write_number(m_sheet, m_row, m_column, *value, nullptr);
    ++m_column;
  }
  // A real Excel date for the day the date stands for, displayed at its precision: a plan "by
  // 2019" shows 2019 and still sorts and computes as 31/12/2019.
  void date(const std::optional<Date>& value) {
    if (value) {
      lxw_datetime datetime{value->year(), value->month(), value->day(), 0, 0, 0.0};
      lxw_format* format = value->precision() == DatePrecision::Year    ? m_formats.year
                           : value->precision() == DatePrecision::Month ? m_formats.month
                                                                        : m_formats.day;
      worksheet_write_datetime(m_sheet, m_row, m_column, &datetime, format);
    }
    ++m_column;
  }
  void next_row() {
    ++m_row;
    m_column = 0;
  }
  void finish() {
    worksheet_autofilter(m_sheet, 0, 0, m_row > 0 ? m_row - 1 : 0,
                         static_cast<lxw_col_t>(m_columns.size() - 1));
  }

 private:
  lxw_worksheet* m_sheet;
  const Formats& m_formats;
  std::vector<std::pair<std::string, Kind>> m_columns;
  lxw_row_t m_row = 1;
  lxw_col_t m_column = 0;
};

std::optional<double> megawatts(const std::optional<Capacity>& capacity) {
  if (!capacity)
    return std::nullopt;
  return capacity->megawatts();
}

}  // namespace

void write_xlsx(std::ostream& out, const Portfolio& portfolio,
                const std::vector<ProjectStanding>& standings, TableSelection selection) {
  TemporaryFile file;
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (!workbook)
    throw Error("export: cannot create the workbook");
  Formats formats;
  formats.header = workbook_add_format(workbook);
  format_set_bold(formats.header);
  formats.day = workbook_add_format(workbook);
  format_set_num_format(formats.day, "dd/mm/yyyy");
  formats.month = workbook_add_format(workbook);
  format_set_num_format(formats.month, "mm/yyyy");
  formats.year = workbook_add_format(workbook);
  format_set_num_format(formats.year, "yyyy");

  // What a contractor's schedule brings (issue 31) goes in columns of their own, each only when
  // some row has a value in it, as the CSV export writes them: a workbook of such a portfolio
  // imports back to the same schedule, and one without them is as before.
  auto any_project = [&](auto has) {
    return std::any_of(portfolio.projects.begin(), portfolio.projects.end(), has);
  };
  auto any_milestone = [&](auto has) {
    return std::any_of(portfolio.milestones.begin(), portfolio.milestones.end(), has);
  };
  const bool project_calendar = any_project([](const Project& p) { return !p.calendar.empty(); });
  const bool schedule_rules =
      any_project([](const Project& p) { return !p.schedule_rules.empty(); });
  const bool data_date = any_project([](const Project& p) { return p.data_date.has_value(); });
  const bool duration_minutes =
      any_milestone([](const Milestone& m) { return m.duration_minutes.has_value(); });
  const bool milestone_calendar =
      any_milestone([](const Milestone& m) { return !m.calendar.empty(); });
  const bool start_on_or_after =
      any_milestone([](const Milestone& m) { return m.start_on_or_after.has_value(); });
  const bool finish_on_or_before =
      any_milestone([](const Milestone& m) { return m.finish_on_or_before.has_value(); });
  const bool finish_event = any_milestone([](const Milestone& m) { return m.finish_event; });
  const bool as_late_as_possible =
      any_milestone([](const Milestone& m) { return m.as_late_as_possible; });
  const bool lag_minutes =
      std::any_of(portfolio.dependencies.begin(), portfolio.dependencies.end(),
                  [](const Dependency& d) { return d.lag_minutes.has_value(); });
  const bool lag_calendar =
      std::any_of(portfolio.dependencies.begin(), portfolio.dependencies.end(),
                  [](const Dependency& d) { return d.lag_calendar.has_value(); });

  if (selection.projects && !portfolio.calendars.empty()) {
    Sheet sheet(workbook, "calendars", formats,
                {{"calendar", Kind::Text},
                 {"weekdays", Kind::Text},
                 {"holidays", Kind::Text},
                 {"exceptions", Kind::Text}});
    for (const auto& calendar : portfolio.calendars) {
      sheet.text(calendar.name);
      sheet.text(format_weekdays(calendar.weekdays));
      sheet.text(std::string(holiday_rule_key(calendar.holidays)));
      sheet.text(format_exceptions(calendar.exceptions));
      sheet.next_row();
    }
    sheet.finish();
  }
  if (selection.projects) {
    std::vector<std::pair<std::string, Kind>> extra;
    if (project_calendar)
      extra.emplace_back("calendar", Kind::Text);
    if (schedule_rules)
      extra.emplace_back("schedule_rules", Kind::Text);
    if (data_date)
      extra.emplace_back("data_date", Kind::Date);
    std::vector<std::pair<std::string, Kind>> columns{{"code", Kind::Text},
                 {"name", Kind::Text},
                 {"technology", Kind::Text},
                 {"province", Kind::Text},
                 {"capacity_mw", Kind::Number},
                 {"capacity_mwp", Kind::Number},
                 {"investor", Kind::Text},
                 {"parent", Kind::Text},
                 {"stage", Kind::Text},
                 {"target_cod", Kind::Date},
                 {"lat", Kind::Number},
                 {"lon", Kind::Number},
                 {"site", Kind::Text},
                 {"source", Kind::Text}};
    columns.insert(columns.end(), extra.begin(), extra.end());
    columns.emplace_back("gem_status", Kind::Text);
    columns.emplace_back("eia860_status", Kind::Text);
    Sheet sheet(workbook, "projects", formats, std::move(columns));
    ProgressCounter progress(ProgressTask::Writing, portfolio.projects.size());
    for (std::size_t p = 0; p < portfolio.projects.size(); ++p) {
      const Project& project = portfolio.projects[p];
      sheet.text(project.code);
      sheet.text(project.name);
      sheet.text(std::string(technology_key(project.technology)));
      sheet.text(project.province);
      sheet.number(megawatts(project.capacity));
      sheet.number(megawatts(project.capacity_peak));
      sheet.text(project.investor);
      sheet.text(project.parent);
      sheet.text(std::string(stage_key(project.stage)));
      sheet.date(project.target_cod);
      sheet.number(project.latitude);
      sheet.number(project.longitude);
      sheet.text(project.site);
      sheet.text(project.source);
      if (project_calendar)
        sheet.text(project.calendar);
      if (schedule_rules)
        sheet.text(project.schedule_rules);
      if (data_date)
        sheet.date(project.data_date);
      sheet.text(std::string(gem_status(standings[p])));
      sheet.text(std::string(eia860_status(standings[p])));
      sheet.next_row();
      progress.add();
    }
    sheet.finish();
  }
  if (selection.milestones) {
    std::vector<std::pair<std::string, Kind>> columns{{"project", Kind::Text},
                 {"key", Kind::Text},
                 {"name", Kind::Text},
                 {"duration_days", Kind::Number},
                 {"planned", Kind::Date},
                 {"actual_start", Kind::Date},
                 {"actual", Kind::Date},
                 {"forecast", Kind::Date},
                 {"reason", Kind::Text},
                 {"source", Kind::Text}};
    if (duration_minutes)
      columns.emplace_back("duration_minutes", Kind::Number);
    if (milestone_calendar)
      columns.emplace_back("calendar", Kind::Text);
    // Constraints are instants ("2026-03-02T07:30"), text as the CSV writes them: a date cell
    // would keep the day only.
    if (start_on_or_after)
      columns.emplace_back("start_on_or_after", Kind::Text);
    if (finish_on_or_before)
      columns.emplace_back("finish_on_or_before", Kind::Text);
    if (finish_event)
      columns.emplace_back("finish_event", Kind::Text);
    if (as_late_as_possible)
      columns.emplace_back("as_late_as_possible", Kind::Text);
    Sheet sheet(workbook, "milestones", formats, std::move(columns));
    ProgressCounter progress(ProgressTask::Writing, portfolio.milestones.size());
    for (const auto& milestone : portfolio.milestones) {
      sheet.text(portfolio.projects[static_cast<std::size_t>(milestone.project)].code);
      sheet.text(milestone.key);
      sheet.text(milestone.name);
      sheet.number(milestone.duration_days);
      sheet.date(milestone.planned);
      sheet.date(milestone.actual_start);
      sheet.date(milestone.actual);
      sheet.date(milestone.forecast);
      sheet.text(milestone.reason);
      sheet.text(milestone.source);
      if (duration_minutes || milestone_calendar || start_on_or_after || finish_on_or_before ||
          finish_event || as_late_as_possible) {
        // Constraints and flags in the text the CSV writes them in (domain/edit.cpp).
        const auto cells = milestone_cells(portfolio, milestone);
        auto cell = [&](std::string_view name) -> const std::string& {
          return cells[static_cast<std::size_t>(
              std::find(milestone_columns.begin(), milestone_columns.end(), name) -
              milestone_columns.begin())];
        };
        if (duration_minutes)
          sheet.number(milestone.duration_minutes ? std::optional<double>(*milestone.duration_minutes)
                                                  : std::nullopt);
        if (milestone_calendar)
          sheet.text(milestone.calendar);
        if (start_on_or_after)
          sheet.text(cell("start_on_or_after"));
        if (finish_on_or_before)
          sheet.text(cell("finish_on_or_before"));
        if (finish_event)
          sheet.text(cell("finish_event"));
        if (as_late_as_possible)
          sheet.text(cell("as_late_as_possible"));
      }
      sheet.next_row();
      progress.add();
    }
    sheet.finish();
  }
  if (selection.dependencies) {
    std::vector<std::pair<std::string, Kind>> columns{{"from", Kind::Text},
                                                      {"to", Kind::Text},
                                                      {"type", Kind::Text},
                                                      {"lag_days", Kind::Number}};
    if (lag_minutes)
      columns.emplace_back("lag_minutes", Kind::Number);
    if (lag_calendar)
      columns.emplace_back("lag_calendar", Kind::Text);
    Sheet sheet(workbook, "dependencies", formats, std::move(columns));
    ProgressCounter progress(ProgressTask::Writing, portfolio.dependencies.size());
    for (const auto& dependency : portfolio.dependencies) {
      sheet.text(portfolio.reference(dependency.from));
      sheet.text(portfolio.reference(dependency.to));
      sheet.text(std::string(link_type_key(dependency.type)));
      sheet.number(dependency.lag_days);
      if (lag_minutes)
        sheet.number(dependency.lag_minutes ? std::optional<double>(*dependency.lag_minutes)
                                            : std::nullopt);
      if (lag_calendar)
        sheet.text(dependency.lag_calendar
                       ? std::string(lag_calendar_text(*dependency.lag_calendar))
                       : std::string());
      sheet.next_row();
      progress.add();
    }
    sheet.finish();
  }
  // Closing writes each sheet's XML and packs the lot into the zip: for a large portfolio the
  // longest part of the work, and the library says nothing while it works. It runs on a thread of
  // its own while this one reports how far the file has grown, so that the progress line keeps
  // moving (the reporter belongs to this thread).
  lxw_error status = LXW_NO_ERROR;
  {
    std::mutex mutex;
    std::condition_variable changed;
    bool closed = false;
    std::thread closer([&] {
      lxw_error result = workbook_close(workbook);
      std::lock_guard lock(mutex);
      status = result;
      closed = true;
      changed.notify_one();
    });
    std::unique_lock lock(mutex);
    while (!changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return closed; })) {
      std::error_code error;
      auto bytes = std::filesystem::file_size(file.path(), error);
      report_progress(ProgressTask::Packing, error ? 0 : bytes, 0);
    }
    lock.unlock();
    closer.join();
  }
  if (status != LXW_NO_ERROR)
    throw Error(fmt::format("export: the workbook could not be written: {}", lxw_strerror(status)));
  std::ifstream in(file.path(), std::ios::binary);
  out << in.rdbuf();
}

void write_table_xlsx(std::ostream& out, const WorkbookTable& table) {
  TemporaryFile file;
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (!workbook)
    throw Error("export: cannot create the workbook");
  Formats formats;
  formats.header = workbook_add_format(workbook);
  format_set_bold(formats.header);
  formats.day = workbook_add_format(workbook);
  format_set_num_format(formats.day, "dd/mm/yyyy");
  formats.month = workbook_add_format(workbook);
  format_set_num_format(formats.month, "mm/yyyy");
  formats.year = workbook_add_format(workbook);
  format_set_num_format(formats.year, "yyyy");
  // A column is as wide as a number's when its first filled cell is one, a text's otherwise.
  std::vector<std::pair<std::string, Kind>> columns;
  for (std::size_t c = 0; c < table.headers.size(); ++c) {
    Kind kind = Kind::Text;
    for (const auto& row : table.rows)
      if (c < row.size() && (row[c].number || row[c].date || !row[c].text.empty())) {
        kind = row[c].number ? Kind::Number : row[c].date ? Kind::Date : Kind::Text;
        break;
      }
    columns.emplace_back(table.headers[c], kind);
  }
  {
    Sheet sheet(workbook, table.sheet.c_str(), formats, std::move(columns));
    for (const auto& row : table.rows) {
      for (const auto& cell : row) {
        if (cell.number)
          sheet.number(cell.number);
        else if (cell.date)
          sheet.date(cell.date);
        else
          sheet.text(cell.text);
      }
      sheet.next_row();
    }
    sheet.finish();
  }
  lxw_error status = workbook_close(workbook);
  if (status != LXW_NO_ERROR)
    throw Error(fmt::format("export: the workbook could not be written: {}", lxw_strerror(status)));
  std::ifstream in(file.path(), std::ios::binary);
  out << in.rdbuf();
}

}  // namespace tiendo::io
