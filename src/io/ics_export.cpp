#include "io/ics_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "domain/milestone_catalog.h"
#include "domain/progress.h"
#include "domain/text.h"

namespace tiendo::io {
namespace {

std::string compact_day(const Date& date) {
  return fmt::format("{:04}{:02}{:02}", date.year(), date.month(), date.day());
}

}  // namespace

std::string ics_escape(std::string_view raw) {
  // The calendar is written byte for byte (its lines end in CRLF), so text from the database is
  // made printable here; the line breaks tiendo puts in a description stay line breaks.
  std::string text;
  for (std::size_t start = 0; start <= raw.size();) {
    std::size_t end = std::min(raw.find('\n', start), raw.size());
    if (start > 0)
      text += '\n';
    text += document_text(raw.substr(start, end - start));
    start = end + 1;
  }
  std::string result;
  for (char c : text) {
    switch (c) {
      case '\\':
        result += "\\\\";
        break;
      case ';':
        result += "\\;";
        break;
      case ',':
        result += "\\,";
        break;
      case '\n':
        result += "\\n";
        break;
      case '\r':
        break;
      default:
        result += c;
    }
  }
  return result;
}

std::string ics_fold(std::string_view line) {
  std::string result;
  std::size_t used = 0;  // Octets on the current physical line.
  for (std::size_t i = 0; i < line.size();) {
    auto lead = static_cast<unsigned char>(line[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    length = std::min(length, line.size() - i);
    if (used + length > 75) {
      result += "\r\n ";
      used = 1;
    }
    result.append(line.substr(i, length));
    used += length;
    i += length;
  }
  result += "\r\n";
  return result;
}

void write_ics(std::ostream& out, const Portfolio& portfolio, Date as_of) {
  auto line = [&](std::string_view text) { out << ics_fold(text); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//tiendo//milestone export//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("X-WR-CALNAME:tiendo milestones");
  std::string stamp = compact_day(as_of) + "T000000Z";
  ProgressCounter progress(ProgressTask::Writing, portfolio.milestones.size());
  for (std::size_t m = 0; m < portfolio.milestones.size(); ++m) {
    const Milestone& milestone = portfolio.milestones[m];
    // Milestones left out count as done too, or the count would stop short of its total.
    progress.add();
    if (milestone.done())
      continue;
    std::optional<Date> when = milestone.forecast ? milestone.forecast : milestone.planned;
    if (!when)
      continue;
    const Project& project = portfolio.projects[static_cast<std::size_t>(milestone.project)];
    std::string reference = portfolio.reference(static_cast<std::int32_t>(m));
    std::string label = milestone.name;
    if (label.empty()) {
      const auto* kind = find_milestone_kind(milestone.key);
      label = kind ? std::string(kind->label_vi) : milestone.key;
    }
    // Overdue counts from the planned date, or from a forecast that has gone by without the
    // milestone being done.
    Date due = milestone.planned ? *milestone.planned : *when;
    if (*when < due)
      due = *when;
    bool overdue = due < as_of;
    std::string summary = fmt::format("{}: {}", project.name, label);
    if (overdue)
      summary += fmt::format(" (overdue {} days)", as_of.days() - due.days());
    std::string description = reference;
    if (milestone.planned)
      description += fmt::format("\nplanned: {}", milestone.planned->iso());
    if (milestone.forecast)
      description += fmt::format("\nforecast: {}", milestone.forecast->iso());
    if (project.capacity)
      description += fmt::format("\ncapacity: {} MW", project.capacity->megawatts_text());
    if (!milestone.reason.empty())
      description += fmt::format("\nreason: {}", milestone.reason);
    if (!milestone.source.empty())
      description += fmt::format("\nsource: {}", milestone.source);
    line("BEGIN:VEVENT");
    line(fmt::format("UID:{}@tiendo", ics_escape(reference)));
    line(fmt::format("DTSTAMP:{}", stamp));
    line(fmt::format("DTSTART;VALUE=DATE:{}", compact_day(*when)));
    line(fmt::format("DTEND;VALUE=DATE:{}", compact_day(when->plus_days(1))));
    line(fmt::format("SUMMARY:{}", ics_escape(summary)));
    line(fmt::format("DESCRIPTION:{}", ics_escape(description)));
    line(fmt::format("CATEGORIES:{}", overdue ? "overdue" : "upcoming"));
    line("TRANSP:TRANSPARENT");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
}

}  // namespace tiendo::io
