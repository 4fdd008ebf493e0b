#pragma once
// Heavy reads, bounded per user (issue 28, item 9). A forecast of ten thousand draws over a
// national portfolio takes most of a core for twenty seconds; so do the periodic report, an
// import's dry run and an export of the whole portfolio. Such work runs at most once at a time for
// each user and, over all users, on no more slots than the machine has cores: past either bound the
// request is refused at once with 429 and `Retry-After` (JSON for the API, a page in the reader's
// language in the browser), rather than queued behind the others, so a client sending many cannot
// hold the cores from everyone else. Answers that depend only on the portfolio and the parameters
// are kept in the snapshot's cache (Snapshot::answer) until the portfolio changes; one already
// kept, or being made for someone else, is served without a slot, as it costs no computation.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <type_traits>

#include "domain/error.h"

namespace tiendo::web {

class Snapshot;
struct PageContext;

// Refused heavy work: the user runs one already, or every slot is taken. `retry_after` is in
// seconds.
class Busy : public Error {
 public:
  Busy(Message message, int retry_after, bool own_work)
      : Error(std::move(message)), m_retry_after(retry_after), m_own_work(own_work) {}
  int retry_after() const { return m_retry_after; }
  // Whether the user's own heavy work is what it waits for (else other users' work fills the pool).
  bool own_work() const { return m_own_work; }

 private:
  int m_retry_after;
  bool m_own_work;
};

// Lowers the calling thread's scheduling priority to the lowest (nice 19) for good. Long work
// gives way to the request threads that way: on a machine with as many busy threads as cores, a report being
// built would otherwise take its full share of a core from every dashboard (issue 30: a
// dashboard's p95 while a report is built at most twice its idle p95). Lowering needs no
// privilege; raising back would, which is why long work runs on a thread of its own.
void lower_this_thread_priority();

// Runs `work` on a thread of its own at the lowered priority and waits for it, passing on its
// result or its exception. The waiting request thread uses no processor meanwhile.
template <class Work>
std::invoke_result_t<Work&> at_background_priority(Work&& work) {
  using Result = std::invoke_result_t<Work&>;
  std::exception_ptr failure;
  if constexpr (std::is_void_v<Result>) {
    std::thread worker([&] {
      lower_this_thread_priority();
      try {
        work();
      } catch (...) {
        failure = std::current_exception();
      }
    });
    worker.join();
    if (failure)
      std::rethrow_exception(failure);
  } else {
    std::optional<Result> result;
    std::thread worker([&] {
      lower_this_thread_priority();
      try {
        result.emplace(work());
      } catch (...) {
        failure = std::current_exception();
      }
    });
    worker.join();
    if (failure)
      std::rethrow_exception(failure);
    return std::move(*result);
  }
}

class HeavyWork {
 public:
  // `slots` of 0: as many as the processors this process may run on.
  explicit HeavyWork(std::size_t slots = 0);
  HeavyWork(const HeavyWork&) = delete;
  HeavyWork& operator=(const HeavyWork&) = delete;

  std::size_t slots() const { return m_slots; }

  // Held while one piece of heavy work runs; gives its slot back when it goes.
  class Permit {
   public:
    Permit(HeavyWork& owner, std::string user);
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&&) = delete;
    ~Permit();

   private:
    HeavyWork* m_owner;
    std::string m_user;
    std::chrono::steady_clock::time_point m_started;
  };

  // A slot for `user` (an account name), or Busy when the user runs heavy work already or none
  // is free.
  Permit begin(const std::string& user);

  // Runs `work` under a slot for `user`, at the lowered priority; throws Busy without running
  // it when none is given.
  template <class Work>
  decltype(auto) run(const std::string& user, Work&& work) {
    Permit permit = begin(user);
    return at_background_priority(work);
  }

 private:
  void end(const std::string& user, std::chrono::steady_clock::duration took);
  int retry_after_locked() const;

  std::size_t m_slots;
  std::mutex m_mutex;
  std::set<std::string> m_users;
  // How long heavy work took of late (a moving average), which a refused client is told to wait.
  double m_recent_seconds = 2.0;
};

// A heavy answer kept in the snapshot, and whether it was there already (or being made for
// another request) rather than made for this one.
struct HeavyAnswer {
  std::shared_ptr<const std::string> text;
  bool from_cache = false;
};

// The answer `key` of the snapshot: from its cache when it is there or being made, else made by
// `make` under a slot of `user` (Busy when none is given).
HeavyAnswer heavy_answer(HeavyWork& heavy, const Snapshot& snapshot, const std::string& user,
                         const std::string& key, const std::function<std::string()>& make);

// Tells the client whether an answer came from the cache: `X-Tiendo-Cache: hit` or `miss`.
void mark_cache(httplib::Response& response, bool from_cache);

// 429 with Retry-After, as JSON for the API.
void send_busy(httplib::Response& response, const Busy& busy);
// 429 with Retry-After, as a page in the reader's language.
void send_busy_page(PageContext& page, const Busy& busy);
// A page handler whose Busy is answered with send_busy_page.
std::function<void(PageContext&)> busy_answered(std::function<void(PageContext&)> handler);

}  // namespace tiendo::web
