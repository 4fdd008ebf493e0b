#pragma once
// Progress of long work (an import, an export, a backup, a generated portfolio) drawn on the
// terminal: one line on standard error, redrawn a few times a second and taken away when the work
// is over, so that what the command prints afterwards stands alone. The layers below only count
// (domain/progress.h); all drawing is here.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

#include "domain/progress.h"
#include "report/format.h"

namespace tiendo::cli {

class TerminalProgress final : public ProgressReporter {
 public:
  // Draws on `descriptor` (a terminal); `before_drawing` is flushed first, so that what the command
  // printed comes before the line. Colour unless `colour` is false (NO_COLOR, TERM=dumb).
  TerminalProgress(int descriptor, std::ostream& before_drawing, report::Language language,
                   bool colour);
  ~TerminalProgress() override;
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;
  void begin() override;
  void report(ProgressTask task, std::uint64_t done, std::uint64_t total,
              std::string_view subject) override;
  void finish() override;

  // The line for a state of the work going at `rate` units a second (0: not known yet), less wide
  // than `columns`.
  static std::string line(ProgressTask task, std::string_view subject, std::uint64_t done,
                          std::uint64_t total, double rate, report::Language language, bool colour,
                          std::size_t columns);

 private:
  using Clock = std::chrono::steady_clock;
  // Draws the state last reported when a redraw is due; the caller holds m_mutex.
  // `working_thread`: called by the thread doing the work, which alone may flush its output.
  void redraw_if_due(Clock::time_point now, bool working_thread);
  void draw(std::string_view text, bool working_thread);
  std::size_t columns() const;
  // Redraws between reports, so that a long single step (an index made, a commit) still moves
  // the line on.
  void tick();
  void stop_ticking();

  int m_descriptor;
  std::ostream& m_before_drawing;
  report::Language m_language;
  bool m_colour;
  bool m_task_known = false;
  bool m_shown = false;
  Clock::time_point m_start, m_task_start, m_last_drawn;
  ProgressTask m_task = ProgressTask::Reading;
  std::string m_subject;
  std::uint64_t m_task_first_done = 0;
  std::uint64_t m_last_done = 0;
  std::uint64_t m_last_total = 0;
  // The ticker and the working thread both draw.
  std::mutex m_mutex;
  std::condition_variable m_stop_asked;
  bool m_stopping = false;
  std::thread m_ticker;
};

// Whether colour may be used on a terminal: not when NO_COLOR is set to anything (no-color.org)
// or the terminal says it is dumb.
bool colour_allowed();

}  // namespace tiendo::cli
