#include "web/forecast_keeper.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

#include "operations/forecast.h"
#include "web/heavy_work.h"
#include "web/workspace.h"

namespace tiendo::web {

const analysis::ProjectForecast* KeptForecast::project(const std::string& code) const {
  auto found = by_code.find(code);
  return found == by_code.end() ? nullptr : &result.projects[found->second];
}

ForecastKeeper::~ForecastKeeper() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_changed.notify_all();
  if (m_thread.joinable())
    m_thread.join();
}

bool ForecastKeeper::is_current(const KeptForecast& kept, const Snapshot& snapshot,
                                Date as_of) const {
  return kept.stamp == snapshot.stamp() && kept.as_of == as_of;
}

ForecastKeeper::Answer ForecastKeeper::latest(const std::shared_ptr<const Snapshot>& snapshot,
                                              Date as_of) {
  std::lock_guard lock(m_mutex);
  Answer answer{m_latest, m_latest && is_current(*m_latest, *snapshot, as_of)};
  if (!answer.current) {
    m_wanted = snapshot;
    m_wanted_as_of = as_of;
    m_asked = true;
    if (!m_thread.joinable())
      m_thread = std::thread([this] { run(); });
    m_changed.notify_all();
  }
  return answer;
}

std::shared_ptr<const KeptForecast> ForecastKeeper::wait_for(
    const std::shared_ptr<const Snapshot>& snapshot, Date as_of, double seconds) {
  auto answer = latest(snapshot, as_of);
  if (answer.current)
    return answer.forecast;
  std::unique_lock lock(m_mutex);
  bool ready = m_changed.wait_for(lock, std::chrono::duration<double>(seconds), [&] {
    return m_stopping || (m_latest && is_current(*m_latest, *snapshot, as_of));
  });
  return ready && m_latest && is_current(*m_latest, *snapshot, as_of) ? m_latest : nullptr;
}

void ForecastKeeper::run() {
  for (;;) {
    std::shared_ptr<const Snapshot> wanted;
    Date as_of;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [&] { return m_stopping || m_asked; });
      if (m_stopping)
        return;
      m_asked = false;
      wanted = m_wanted.lock();
      m_wanted.reset();
      // A snapshot nobody holds any more was replaced; whoever reads the newer one asks again.
      if (!wanted)
        continue;
      as_of = m_wanted_as_of;
      if (m_latest && is_current(*m_latest, *wanted, as_of))
        continue;
    }
    // Copied outside the lock: pages asking meanwhile are answered at once. The copy is made at
    // the thread's own priority, a few tens of milliseconds: the snapshot it holds meanwhile is
    // the workspace's spare copy after the next edit, which the edit after that takes; made at
    // the lowered priority on a busy machine it held it for a second, and that edit then
    // copied the portfolio itself on its request's time.
    std::shared_ptr<const Snapshot> snapshot = wanted->copy();
    wanted.reset();
    auto kept = std::make_shared<KeptForecast>();
    kept->as_of = as_of;
    kept->stamp = snapshot->stamp();
    try {
      analysis::ForecastQuery query;  // The API's defaults: 1,000 draws, seed 1.
      // One core: the other is the readers'. A background forecast may take twice as long; no
      // page waits for it.
      query.threads = 1;
      // The draws are made while people read: they give way to their requests.
      kept->result = at_background_priority([&] {
        return operations::forecast_on(snapshot->portfolio(), *snapshot->scheduled().network,
                                       as_of, query);
      });
    } catch (const std::exception&) {
      // A portfolio the forecast refuses (a date past the supported years) has none to show;
      // the schedule's pages say why. The empty result is kept so nobody asks again.
      kept->result = analysis::ForecastResult{};
    }
    for (std::size_t i = 0; i < kept->result.projects.size(); ++i) {
      const auto& code =
          snapshot->portfolio()
              .projects[static_cast<std::size_t>(kept->result.projects[i].project)]
              .code;
      kept->codes.push_back(code);
      kept->by_code.emplace(code, i);
    }
    kept->drawn_at = fmt::format(
        "{:%Y-%m-%dT%H:%M:%SZ}",
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    snapshot.reset();  // The workspace may change a snapshot no one holds in place.
    {
      std::lock_guard lock(m_mutex);
      m_latest = std::move(kept);
    }
    m_changed.notify_all();
  }
}

}  // namespace tiendo::web
