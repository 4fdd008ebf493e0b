// Long work in the web workspace (a report, a forecast, an import's dry run) runs on a thread of
// its own at a lowered priority, so that it gives way to the request threads (issue 30: a
// dashboard's p95 while a report is built at most twice its idle p95).
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>

#include "web/heavy_work.h"

using namespace tiendo::web;

namespace {

int this_thread_nice() {
  return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
}

}  // namespace

TEST_CASE("long work runs on another thread, at a lower priority than the request's") {
  int caller_nice = this_thread_nice();
  auto caller_thread = std::this_thread::get_id();
  std::thread::id worker_thread;
  int worker_nice = at_background_priority([&] {
    worker_thread = std::this_thread::get_id();
    return this_thread_nice();
  });
  CHECK(worker_thread != caller_thread);
  // The lowest priority, 19, whatever the caller's: a request thread waking beside long work
  // takes the core at once.
  CHECK(worker_nice == 19);
  // The request thread keeps its own priority for the requests it serves next.
  CHECK(this_thread_nice() == caller_nice);
}

TEST_CASE("long work's result and failure reach the request that waits for it") {
  CHECK(at_background_priority([] { return std::string("báo cáo"); }) == "báo cáo");
  int ran = 0;
  at_background_priority([&] { ++ran; });
  CHECK(ran == 1);
  CHECK_THROWS_WITH_AS(at_background_priority([]() -> int { throw std::runtime_error("hỏng"); }),
                       "hỏng", std::runtime_error);

  HeavyWork heavy(1);
  CHECK(heavy.run("officer", [] { return this_thread_nice(); }) >= 10);
  // The slot is given back when the work ends, whether it returned or failed.
  CHECK_THROWS_AS(heavy.run("officer", []() -> int { throw std::runtime_error("hỏng"); }),
                  std::runtime_error);
  CHECK(heavy.run("planner", [] { return 1; }) == 1);
}
