#include "domain/progress.h"

namespace tiendo {
namespace {

thread_local ProgressReporter* current_reporter = nullptr;

}  // namespace

ProgressScope::ProgressScope(ProgressReporter* reporter) : m_previous(current_reporter) {
  current_reporter = reporter;
  if (current_reporter != nullptr)
    current_reporter->begin();
}

ProgressScope::~ProgressScope() {
  if (current_reporter != nullptr)
    current_reporter->finish();
  current_reporter = m_previous;
}

void report_progress(ProgressTask task, std::uint64_t done, std::uint64_t total,
                     std::string_view subject) {
  if (current_reporter != nullptr)
    current_reporter->report(task, done, total, subject);
}

}  // namespace tiendo
