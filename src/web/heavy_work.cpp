#include "web/heavy_work.h"

#include <fmt/format.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <thread>

#include "report/html.h"
#include "web/pages.h"
#include "web/workspace.h"

namespace tiendo::web {
namespace {

// The processors this process may run on (a container or `taskset` may allow fewer than the
// machine has), at least one.
std::size_t processors() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return static_cast<std::size_t>(CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

void lower_this_thread_priority() {
  // On Linux a thread id given to setpriority names that thread alone. The lowest priority,
  // 19: a request thread waking beside it then takes the core at once. Ten steps below (the
  // priority this had until run 8 of docs/performance.md) left the report's threads a tenth of
  // a core beside a dashboard, whose worst tenth of answers took twice their idle time in one
  // run of three; at 19, 0.9-1.2x in four runs, the report as fast on an idle machine. Not
  // Linux's idle class, which gives such work no time at all while any other runs, so that a
  // busy server would never finish a report. A failure leaves the thread as it was, which is
  // only slower for others, so it is not an error.
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
}

HeavyWork::HeavyWork(std::size_t slots) : m_slots(slots == 0 ? processors() : slots) {}

HeavyWork::Permit::Permit(HeavyWork& owner, std::string user)
    : m_owner(&owner), m_user(std::move(user)), m_started(std::chrono::steady_clock::now()) {}

HeavyWork::Permit::Permit(Permit&& other) noexcept
    : m_owner(std::exchange(other.m_owner, nullptr)),
      m_user(std::move(other.m_user)),
      m_started(other.m_started) {}

HeavyWork::Permit::~Permit() {
  if (m_owner)
    m_owner->end(m_user, std::chrono::steady_clock::now() - m_started);
}

HeavyWork::Permit HeavyWork::begin(const std::string& user) {
  std::lock_guard lock(m_mutex);
  if (m_users.contains(user))
    throw Busy(message("{} is already running a long computation (a forecast, report, export "
                           "or import check); wait for it, then try again",
                           user),
               retry_after_locked(), true);
  if (m_users.size() >= m_slots)
    throw Busy(message("the server is running {} long computations, as many as it has "
                           "processors; try again shortly",
                           m_users.size()),
               retry_after_locked(), false);
  m_users.insert(user);
  return Permit(*this, user);
}

void HeavyWork::end(const std::string& user, std::chrono::steady_clock::duration took) {
  std::lock_guard lock(m_mutex);
  m_users.erase(user);
  double seconds = std::chrono::duration<double>(took).count();
  m_recent_seconds = 0.7 * m_recent_seconds + 0.3 * seconds;
}

int HeavyWork::retry_after_locked() const {
  // About as long as one piece of heavy work takes: by then a slot is likely free. Never less
  // than a second, and never so long that a client gives up on a server that is only busy.
  return static_cast<int>(std::clamp(std::ceil(m_recent_seconds), 1.0, 120.0));
}

HeavyAnswer heavy_answer(HeavyWork& heavy, const Snapshot& snapshot, const std::string& user,
                         const std::string& key, const std::function<std::string()>& make) {
  if (auto kept = snapshot.kept_answer(key))
    return {std::move(kept), true};
  auto permit = heavy.begin(user);
  bool made = false;
  auto text = snapshot.answer(key, [&] {
    made = true;
    return at_background_priority(make);
  });
  return {std::move(text), !made};
}

void mark_cache(httplib::Response& response, bool from_cache) {
  response.set_header("X-Tiendo-Cache", from_cache ? "hit" : "miss");
}

void send_busy(httplib::Response& response, const Busy& busy) {
  send_error(response, 429, busy.what());
  response.set_header("Retry-After", std::to_string(busy.retry_after()));
}

void send_busy_page(PageContext& page, const Busy& busy) {
  std::string message =
      busy.own_work()
          ? std::string(page.text("You are already running a long computation (a forecast, report, export or import "
                "check). Wait for it to finish, then try again."))
          : std::string(page.text("The server is busy with long computations of other users. "
                                  "Try again in a moment."));
  std::string content = fmt::format(
      R"(<p class="error" role="alert">{message}</p>
<p>{wait}</p>
<p><a href="{home}">{back}</a></p>
)",
      fmt::arg("message", report::html_escape(message)),
      fmt::arg("wait", fmt::format(fmt::runtime(page.text("Try again in {} seconds.")),
                                   busy.retry_after())),
      fmt::arg("home", page.link("/")),
      fmt::arg("back", page.text("Back to the dashboard")));
  send_html(page.response, 429,
            page_frame(page, page.text("Server busy"), "", content));
  page.response.set_header("Retry-After", std::to_string(busy.retry_after()));
}

PageHandler busy_answered(PageHandler handler) {
  return [handler = std::move(handler)](PageContext& page) {
    try {
      handler(page);
    } catch (const Busy& busy) {
      send_busy_page(page, busy);
    }
  };
}

}  // namespace tiendo::web
