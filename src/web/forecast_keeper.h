#pragma once
// The probabilistic COD that pages show without waiting for it. At 20,000 projects the forecast
// (1,000 draws, seed 1: the API's defaults) takes about ten seconds; made on a request thread,
// the first dashboard or project page after every save would take that long, and two users
// asking at once would each hold a core. So one background thread draws it, on one core, from the
// newest snapshot anyone asked about; until it is ready, pages show the last one drawn, saying
// when it was drawn, or say that it is being drawn.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "analysis/forecast.h"
#include "store/database.h"

namespace tiendo::web {

class Snapshot;

struct KeptForecast {
  // When the draws finished, in UTC ("2026-12-07T03:39:45Z", report::format_moment shows it).
  std::string drawn_at;
  Date as_of;
  store::Database::Stamp stamp;  // Of the snapshot it was drawn from.
  analysis::ForecastResult result;
  // Each project's entry in result.projects, by code: a later snapshot may number them otherwise.
  std::unordered_map<std::string, std::size_t> by_code;
  std::vector<std::string> codes;  // Parallel to result.projects.

  const analysis::ProjectForecast* project(const std::string& code) const;
};

class ForecastKeeper {
 public:
  ForecastKeeper() = default;
  ForecastKeeper(const ForecastKeeper&) = delete;
  ForecastKeeper& operator=(const ForecastKeeper&) = delete;
  ~ForecastKeeper();

  struct Answer {
    std::shared_ptr<const KeptForecast> forecast;  // Null before the first is drawn.
    bool current = false;  // Drawn from this snapshot, as of this date.
  };
  // The latest forecast drawn; when it is not of `snapshot` as of `as_of`, asks the background
  // thread for that one (the newest question replaces one not yet started) and returns at once.
  Answer latest(const std::shared_ptr<const Snapshot>& snapshot, Date as_of);
  // Waits (at most `seconds`) for the forecast of `snapshot` as of `as_of`: for the command line
  // of tests and for pages asked to wait. Null when it did not come in time.
  std::shared_ptr<const KeptForecast> wait_for(const std::shared_ptr<const Snapshot>& snapshot,
                                               Date as_of, double seconds);

 private:
  void run();
  bool is_current(const KeptForecast& kept, const Snapshot& snapshot, Date as_of) const;

  std::mutex m_mutex;
  std::condition_variable m_changed;
  // The next to draw. Weak, and copied once the thread takes it: a snapshot a reader holds is one
  // the workspace's next edit cannot change in place (it copies the portfolio instead, on the
  // request's time).
  std::weak_ptr<const Snapshot> m_wanted;
  bool m_asked = false;
  Date m_wanted_as_of;
  std::shared_ptr<const KeptForecast> m_latest;
  bool m_stopping = false;
  std::thread m_thread;  // Started by the first question.
};

}  // namespace tiendo::web
