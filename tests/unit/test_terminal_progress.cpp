// The progress line on a terminal, drawn into a pipe: a step that reports nothing for a while
// (the indexes made again after an import, the commit) still has its line redrawn a few times a
// second by the reporter's own ticker, its seconds counted, and taken away at the end.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "cli/progress.h"

using tiendo::ProgressTask;

TEST_CASE("progress: a long step's line moves on by itself") {
  int ends[2];
  REQUIRE(::pipe(ends) == 0);
  std::ostringstream printed_before;
  {
    tiendo::cli::TerminalProgress progress(ends[1], printed_before,
                                           tiendo::report::Language::English, false);
    progress.begin();
    progress.report(ProgressTask::Finishing, 0, 0, "");
    std::this_thread::sleep_for(std::chrono::milliseconds(1600));
    progress.finish();
  }
  ::close(ends[1]);
  std::string drawn;
  char buffer[4096];
  for (ssize_t count; (count = ::read(ends[0], buffer, sizeof buffer)) > 0;)
    drawn.append(buffer, static_cast<std::size_t>(count));
  ::close(ends[0]);
  std::size_t drawings = 0;
  for (auto at = drawn.find("making indexes and committing  "); at != std::string::npos;
       at = drawn.find("making indexes and committing  ", at + 1))
    ++drawings;
  // Five ticks of 0.2 s at least, though only one report was made.
  CHECK(drawings >= 4);
  CHECK(drawn.find("making indexes and committing  1 s") != std::string::npos);
  CHECK(drawn.ends_with("\x1b[K"));
}
