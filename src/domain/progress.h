#pragma once
// How far long work has got (an import of a national file, a backup of a large database), told to
// whoever shows it. The layers that do the work only count; the command line draws, and the web
// workspace shows nothing.
//
// The reporter is set for the current thread by a ProgressScope rather than passed down as an
// argument: the count comes from deep inside readers and the store (a piece of a CSV file, a batch
// of rows), and threading a parameter through every function on the way would touch every
// importer's signature for something that changes no result. A thread without a scope (the web
// server's workers, the tests) reports to nobody, at the cost of one pointer test per call.
#include <cstdint>
#include <string_view>

namespace tiendo {

// What the work is. Each counts in one unit: reading and backing up in bytes, writing (to the
// database or to a file) in rows, generating in projects, drawing (a forecast) in draws, packing
// (a workbook's zip, once its rows are written) in bytes. Loading (a portfolio out of the store)
// and finishing (indexes made again and the commit, after the last row) count nothing: they are
// single long steps, shown with the time they have taken.
enum class ProgressTask {
  Reading,
  Writing,
  Generating,
  BackingUp,
  Drawing,
  Packing,
  Loading,
  Finishing
};

class ProgressReporter {
 public:
  virtual ~ProgressReporter() = default;
  // The work starts.
  virtual void begin() = 0;
  // `done` counts up to `total` (0 when not known) in the task's unit; `subject` is what the task
  // works on, when it says more than the task (the file being read). Called often (every piece or
  // batch): a reporter decides itself how often to show anything.
  virtual void report(ProgressTask task, std::uint64_t done, std::uint64_t total,
                      std::string_view subject) = 0;
  // The work is over (or failed): whatever was shown is taken away.
  virtual void finish() = 0;
};

// Makes `reporter` this thread's reporter for the scope's lifetime, telling it when the work
// begins and when it is over, whether it ended normally or by an exception.
class ProgressScope {
 public:
  explicit ProgressScope(ProgressReporter* reporter);
  ~ProgressScope();
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;

 private:
  ProgressReporter* m_previous;
};

// Tells this thread's reporter, if any.
void report_progress(ProgressTask task, std::uint64_t done, std::uint64_t total,
                     std::string_view subject = {});

// Counts work done a unit at a time (a row written) and reports it every thousand units and at
// the end, which is often enough for a line redrawn a few times a second.
class ProgressCounter {
 public:
  ProgressCounter(ProgressTask task, std::uint64_t total) : m_task(task), m_total(total) {}
  void add() {
    if (++m_done % 1024 == 0 || m_done == m_total)
      report_progress(m_task, m_done, m_total);
  }

 private:
  ProgressTask m_task;
  std::uint64_t m_total;
  std::uint64_t m_done = 0;
};

}  // namespace tiendo
