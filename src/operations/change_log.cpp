#include "operations/change_log.h"

#include <fmt/format.h>

#include "domain/command_line.h"
#include "domain/error.h"
#include "domain/province.h"
#include "operations/accounts.h"

namespace tiendo::operations {

std::vector<store::ChangeRecord> history_of(store::Database& database, const Portfolio& portfolio,
                                            const std::string& project_code, std::size_t limit,
                                            const Account& reader) {
  if (!project_code.empty() && !portfolio.find_project(project_code))
    throw NotFound(message("project '{}' not found", shown_safely(project_code)));
  return database.history(project_code, limit, account_rows_for(reader));
}

std::string vietnam_day_start_utc(Date day) {
  Date before = Date::from_days(day.days() - 1);
  return fmt::format("{}T17:00:00Z", before.iso_day());
}

store::ChangePage history_page(store::Database& database, const Portfolio& portfolio,
                               const HistoryQuery& query, const Account& reader) {
  if (query.limit < 1 || query.limit > history_page_limit)
    throw InvalidInput(
        message("limit: '{}': a whole number from 1 to {}", query.limit, history_page_limit));
  // A coarse date stands for its whole period: since its first day, until its last.
  if (query.since && query.until && query.until->days() < query.since->first_day().days())
    throw InvalidInput(message("until: '{}': before since ({})", query.until->iso_day(),
                                   query.since->iso_day()));
  if (!query.project_code.empty() && !portfolio.find_project(query.project_code))
    throw NotFound(message("project '{}' not found", shown_safely(query.project_code)));
  store::ChangeFilter filter;
  filter.project_code = query.project_code;
  filter.actor = query.actor;
  filter.account_rows = account_rows_for(reader);
  filter.limit = query.limit;
  filter.offset = query.offset;
  if (query.since)
    filter.since_utc = vietnam_day_start_utc(query.since->first_day());
  if (query.until)
    filter.until_utc = vietnam_day_start_utc(Date::from_days(query.until->days() + 1));
  if (!query.province.empty()) {
    // The province's projects as the portfolio holds them now; a project removed since is not
    // in any province any more.
    auto province = ProvinceFilter::parse(query.province, ProvinceRegistry::builtin(), false);
    std::vector<std::string> codes;
    for (const auto& project : portfolio.projects)
      if (province.matches(project.province))
        codes.push_back(project.code);
    filter.project_codes = std::move(codes);
  }
  return database.changes(filter);
}

}  // namespace tiendo::operations
