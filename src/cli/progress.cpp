#include "cli/progress.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <ostream>

#include "report/wording.h"

namespace tiendo::cli {
namespace {

// A few redraws a second are enough to see the work move, and cost nothing next to it.
constexpr auto redraw_interval = std::chrono::milliseconds(200);
// Work over within this time is not worth a line that would only flash.
constexpr auto first_draw_after = std::chrono::milliseconds(300);
constexpr std::size_t bar_cells = 20;

enum class Unit { Bytes, Rows, Projects, Draws, Seconds };

Unit unit_of(ProgressTask task) {
  switch (task) {
    case ProgressTask::Reading:
    case ProgressTask::BackingUp:
    case ProgressTask::Packing:
      return Unit::Bytes;
    case ProgressTask::Generating:
      return Unit::Projects;
    case ProgressTask::Drawing:
      return Unit::Draws;
    case ProgressTask::Loading:
    case ProgressTask::Finishing:
      return Unit::Seconds;
    case ProgressTask::Writing:
      break;
  }
  return Unit::Rows;
}

std::string_view task_word(ProgressTask task, report::Language language) {
  switch (task) {
    case ProgressTask::Reading:
      return report::word("reading", language);
    case ProgressTask::Writing:
      return report::word("writing", language);
    case ProgressTask::Generating:
      return report::word("generating", language);
    case ProgressTask::Drawing:
      return report::word("drawing", language);
    case ProgressTask::Packing:
      return report::word("packing", language);
    case ProgressTask::Loading:
      return report::word("loading the portfolio", language);
    case ProgressTask::Finishing:
      return report::word("making indexes and committing", language);
    case ProgressTask::BackingUp:
      break;
  }
  return report::word("backing up", language);
}

std::string amount(Unit unit, double value, report::Language language) {
  if (unit == Unit::Bytes)
    return report::format_one_decimal(value / (1024.0 * 1024.0), language);
  return report::format_integer(static_cast<long long>(value), language);
}

std::string_view unit_word(Unit unit, report::Language language) {
  switch (unit) {
    case Unit::Bytes:
      return "MiB";
    case Unit::Projects:
      return report::word("projects", language);
    case Unit::Draws:
      return report::word("draws", language);
    case Unit::Seconds:
      return "s";
    case Unit::Rows:
      break;
  }
  return report::word("rows", language);
}

// Characters a terminal gives the text: one per UTF-8 character (tiendo's text has no wide ones).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text)
    width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

// The last `width` characters of a file name, marked as cut, when it does not fit whole.
std::string shortened(std::string_view text, std::size_t width) {
  if (display_width(text) <= width)
    return std::string(text);
  if (width <= 1)
    return "…";
  std::size_t start = text.size();
  for (std::size_t kept = 0; start > 0 && kept < width - 1;) {
    --start;
    if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80)
      ++kept;
  }
  return "…" + std::string(text.substr(start));
}

}  // namespace

bool colour_allowed() {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0')
    return false;
  const char* terminal = std::getenv("TERM");
  return terminal == nullptr || std::string_view(terminal) != "dumb";
}

TerminalProgress::TerminalProgress(int descriptor, std::ostream& before_drawing,
                                   report::Language language, bool colour)
    : m_descriptor(descriptor),
      m_before_drawing(before_drawing),
      m_language(language),
      m_colour(colour) {}

std::string TerminalProgress::line(ProgressTask task, std::string_view subject, std::uint64_t done,
                                   std::uint64_t total, double rate, report::Language language,
                                   bool colour, std::size_t columns) {
  Unit unit = unit_of(task);
  auto units = unit_word(unit, language);
  bool known = total > 0 && done <= total;
  double fraction = known ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  std::string figures;
  if (known)
    figures = fmt::format("{:3.0f}%  {}/{} {}", fraction * 100.0,
                          amount(unit, static_cast<double>(done), language),
                          amount(unit, static_cast<double>(total), language), units);
  else
    figures = fmt::format("{} {}", amount(unit, static_cast<double>(done), language), units);
  if (rate > 0 && unit != Unit::Seconds) {
    figures +=
        fmt::format("  {}{}/s", amount(unit, rate, language), unit == Unit::Bytes ? " MiB" : "");
    if (known) {
      double seconds = static_cast<double>(total - done) / rate;
      figures +=
          "  " +
          (seconds < 100
               ? report::say(language, "{} s left", static_cast<long long>(seconds + 0.5))
               : report::say(language, "{} min left", static_cast<long long>(seconds / 60 + 0.5)));
    }
  }
  std::string label(task_word(task, language));
  // A line as wide as the terminal would wrap and leave a copy behind at every redraw.
  std::size_t room = columns > 1 ? columns - 1 : 0;
  std::size_t fixed = display_width(label) + 2 + display_width(figures);
  std::string bar;
  if (known && fixed + bar_cells + 4 + (subject.empty() ? 0 : 12) <= room) {
    auto filled = static_cast<std::size_t>(fraction * bar_cells);
    std::string cells(filled, '#');
    std::string rest(bar_cells - filled, '-');
    bar = colour ? fmt::format("[\x1b[32m{}\x1b[0m{}]  ", cells, rest)
                 : fmt::format("[{}{}]  ", cells, rest);
    fixed += bar_cells + 4;
  }
  if (!subject.empty() && fixed + 2 < room)
    label += " " + shortened(subject, room - fixed - 1);
  std::string text = label + "  " + bar + figures;
  if (display_width(text) > room && bar.empty())
    text = shortened(text, room);
  return text;
}

TerminalProgress::~TerminalProgress() {
  stop_ticking();
}

void TerminalProgress::report(ProgressTask task, std::uint64_t done, std::uint64_t total,
                              std::string_view subject) {
  std::lock_guard lock(m_mutex);
  auto now = Clock::now();
  // A count that goes back is the next piece of work of the same kind (export's next table).
  if (!m_task_known || task != m_task || subject != m_subject || done < m_last_done) {
    m_task_known = true;
    m_task = task;
    m_subject.assign(subject);
    m_task_start = now;
    m_task_first_done = done;
  }
  m_last_done = done;
  m_last_total = total;
  redraw_if_due(now, true);
}

void TerminalProgress::redraw_if_due(Clock::time_point now, bool working_thread) {
  if (!m_task_known || now - m_start < first_draw_after || now - m_last_drawn < redraw_interval)
    return;
  m_last_drawn = now;
  double seconds = std::chrono::duration<double>(now - m_task_start).count();
  // A step that counts nothing shows how long it has taken.
  if (unit_of(m_task) == Unit::Seconds) {
    draw(line(m_task, m_subject, static_cast<std::uint64_t>(seconds), 0, 0, m_language, m_colour,
              columns()),
         working_thread);
    return;
  }
  // A rate needs a little time behind it to mean anything.
  double rate =
      seconds >= 0.2 ? static_cast<double>(m_last_done - m_task_first_done) / seconds : 0.0;
  draw(line(m_task, m_subject, m_last_done, m_last_total, rate, m_language, m_colour, columns()),
       working_thread);
}

void TerminalProgress::begin() {
  stop_ticking();
  // What the command printed so far goes out now, on its own thread: the ticker may draw the
  // first line, and must not touch the command's output stream while the command writes to it.
  m_before_drawing.flush();
  {
    std::lock_guard lock(m_mutex);
    m_start = Clock::now();
    m_last_drawn = m_start - redraw_interval;
    m_task_known = false;
    m_stopping = false;
  }
  m_ticker = std::thread([this] { tick(); });
}

void TerminalProgress::tick() {
  std::unique_lock lock(m_mutex);
  while (!m_stop_asked.wait_for(lock, redraw_interval, [this] { return m_stopping; }))
    redraw_if_due(Clock::now(), false);
}

void TerminalProgress::stop_ticking() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_stop_asked.notify_all();
  if (m_ticker.joinable())
    m_ticker.join();
}

void TerminalProgress::finish() {
  stop_ticking();
  std::lock_guard lock(m_mutex);
  if (m_shown)
    draw("", true);
  m_shown = false;
}

void TerminalProgress::draw(std::string_view text, bool working_thread) {
  // Only the working thread flushes what the command printed (the ticker never writes to it).
  if (!m_shown && working_thread)
    m_before_drawing.flush();
  // Back to the start of the line, the text, and the rest of the line cleared.
  std::string output = fmt::format("\r{}\x1b[K", text);
  std::size_t written = 0;
  while (written < output.size()) {
    auto count = ::write(m_descriptor, output.data() + written, output.size() - written);
    if (count <= 0)
      break;
    written += static_cast<std::size_t>(count);
  }
  m_shown = !text.empty();
}

std::size_t TerminalProgress::columns() const {
  winsize size{};
  if (::ioctl(m_descriptor, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 80;
}

}  // namespace tiendo::cli
