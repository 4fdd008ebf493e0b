#pragma once
// The change log as the web workspace reads it: the server already holds the portfolio, so
// whether a project exists is asked of that rather than by loading the whole store again, as
// query_history does for the command line.
#include <string>
#include <vector>

#include "domain/date.h"
#include "store/database.h"

namespace tiendo::operations {

// The latest `limit` changes (oldest first, as query_history) of the project `project_code`
// names in `portfolio`, or of everything `reader` may read when the code is empty (account rows
// only for an admin: account_rows_for); NotFound when the portfolio holds no such project.
std::vector<store::ChangeRecord> history_of(store::Database& database, const Portfolio& portfolio,
                                            const std::string& project_code, std::size_t limit,
                                            const Account& reader);

// What the history page and GET /api/v1/history ask: each member given narrows the rows.
struct HistoryQuery {
  std::string project_code;
  std::string actor;
  // A province as the --province rule reads it (a current unit covers its legacy provinces).
  std::string province;
  // Days in Vietnam's time (UTC+7, no summer time), both inclusive.
  std::optional<Date> since, until;
  std::size_t limit = 50;
  std::size_t offset = 0;
};

// The most rows one page or one API answer holds.
inline constexpr std::size_t history_page_limit = 1000;

// The moment (the change log's "YYYY-MM-DDTHH:MM:SSZ") at which the day begins in Vietnam: 17:00
// UTC of the day before.
std::string vietnam_day_start_utc(Date day);

// A page of the change log, newest first, with how many rows match in all. NotFound for a
// project the portfolio does not hold; InvalidInput for an unknown province, `until` before
// `since`, or a limit outside 1..history_page_limit. Account rows only for an admin reader
// (account_rows_for), and never under a project or province filter (they name no project).
store::ChangePage history_page(store::Database& database, const Portfolio& portfolio,
                               const HistoryQuery& query, const Account& reader);

}  // namespace tiendo::operations
