#include "web/http.h"

#include <fmt/format.h>

#include <iostream>

#include "domain/command_line.h"
#include "domain/edit.h"
#include "domain/text.h"
#include "operations/accounts.h"
#include "report/catalogue.h"
#include "report/views.h"
#include "web/credentials.h"

namespace tiendo::web {

std::optional<std::string> cookie(const httplib::Request& request, const std::string& name) {
  auto range = request.headers.equal_range("Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view header = it->second;
    while (!header.empty()) {
      auto end = header.find(';');
      std::string_view pair = header.substr(0, end);
      header = end == std::string_view::npos ? "" : header.substr(end + 1);
      while (!pair.empty() && pair.front() == ' ')
        pair.remove_prefix(1);
      auto equals = pair.find('=');
      if (equals == std::string_view::npos)
        continue;
      if (pair.substr(0, equals) == name)
        return std::string(pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

std::optional<Caller> authenticate(Workspace& workspace, const httplib::Request& request) {
  if (request.has_header("Authorization")) {
    auto token = bearer_token(request.get_header_value("Authorization"));
    if (!token)
      return std::nullopt;
    auto account = workspace.with_accounts(
        [&](store::Database& database) { return operations::account_for_token(database, *token); },
        Access::Read);
    if (!account)
      return std::nullopt;
    return Caller{std::move(*account), false, "", ""};
  }
  auto session = cookie(request, session_cookie);
  if (!session || session->empty())
    return std::nullopt;
  auto now = operations::Clock::now();
  bool touch_due = false;
  auto account = workspace.with_accounts(
      [&](store::Database& database) {
        return operations::account_for_session(database, *session, now, touch_due);
      },
      Access::Read);
  if (!account)
    return std::nullopt;
  // Written through the portfolio's own connection: a write through the accounts connection
  // would change the database's stamp as another writer's would, and every open session would
  // make the server read the whole portfolio again once a minute.
  // When a write holds that connection (an import, its dry run), the touch waits for a later
  // request rather than make this one wait: a session's idle time is counted in hours.
  if (touch_due)
    workspace.with_database_if_free(
        [&](store::Database& database) { operations::touch_session(database, *session, now); });
  return Caller{std::move(*account), true, *session, operations::csrf_token(*session)};
}

std::optional<std::string> parameter(const httplib::Request& request, const std::string& name) {
  if (!request.has_param(name.c_str()))
    return std::nullopt;
  std::string value = request.get_param_value(name.c_str());
  if (auto problem = text_problem(value); !problem.empty())
    throw InvalidInput(fmt::format("{}: '{}': {}", name, shown_safely(value), problem));
  return value;
}

std::string parameter_or(const httplib::Request& request, const std::string& name,
                         const std::string& fallback) {
  auto value = parameter(request, name);
  return value && !value->empty() ? *value : fallback;
}

bool flag_parameter(const httplib::Request& request, const std::string& name) {
  auto value = parameter_or(request, name, "0");
  if (value != "0" && value != "1")
    throw InvalidInput(fmt::format("{}: '{}': write 0 or 1", name, shown_safely(value)));
  return value == "1";
}

Date as_of_parameter(const httplib::Request& request) {
  auto value = parameter(request, "as_of");
  if (!value || value->empty())
    return Date::today_in_vietnam();
  return Date::parse_option("as_of", *value);
}

std::int64_t count_parameter(const httplib::Request& request, const std::string& name,
                             std::int64_t fallback, std::int64_t minimum, std::int64_t maximum) {
  auto value = parameter(request, name);
  if (!value || value->empty())
    return fallback;
  CountRange range{static_cast<std::uint64_t>(minimum), static_cast<std::uint64_t>(maximum)};
  auto count = parse_count(*value, range);
  if (!count)
    throw InvalidInput(count_problem(name, *value, range));
  return static_cast<std::int64_t>(*count);
}

report::Language language_of(const httplib::Request& request) {
  std::string chosen;
  if (request.has_param("lang"))
    chosen = request.get_param_value("lang");
  else if (auto saved = cookie(request, language_cookie))
    chosen = *saved;
  return chosen == "en" ? report::Language::English : report::Language::Vietnamese;
}

void add_security_headers(httplib::Response& response) {
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "same-origin");
  response.set_header("Cache-Control", "no-store");
  // The pages ask nothing of any other host: styles, scripts and images are the server's own.
  response.set_header("Content-Security-Policy",
                      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                      "script-src 'self'; form-action 'self'; frame-ancestors 'none'");
}

void send_json_text(httplib::Response& response, int status, std::string body) {
  response.status = status;
  add_security_headers(response);
  response.set_content(std::move(body), "application/json; charset=utf-8");
}

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  send_json_text(response, status, report::json_text(body) + "\n");
}

void send_error(httplib::Response& response, int status, const std::string& message) {
  send_json(response, status, {{"error", message}});
}

void send_html(httplib::Response& response, int status, std::string body) {
  response.status = status;
  add_security_headers(response);
  response.set_content(std::move(body), "text/html; charset=utf-8");
}

namespace {

struct ProblemParts {
  std::string field, value, reason;
};

// "file:3: planned: '2019-13-45': not a date" or "planned: '2019-13-45': not a date": the field is
// the first run of letters, '_' and '-' that starts the text or follows ": " and is followed by
// ": '"; the value runs to the last "': ", after which comes the reason. Read by hand in one pass
// (std::regex matched this by recursion as deep as the text was long, and a 30 KB CSV header in
// a problem overflowed a worker's stack).
std::optional<ProblemParts> problem_parts(std::string_view problem) {
  if (problem.find('\n') != std::string_view::npos)
    return std::nullopt;
  auto value_end = problem.rfind("': ");
  if (value_end == std::string_view::npos)
    return std::nullopt;
  auto is_field_character = [](char character) {
    return (character >= 'A' && character <= 'Z') || (character >= 'a' && character <= 'z') ||
           character == '_' || character == '-';
  };
  std::size_t start = 0;
  while (start < value_end) {
    std::size_t end = start;
    while (end < problem.size() && is_field_character(problem[end]))
      ++end;
    if (end > start && problem.compare(end, 3, ": '") == 0 && end + 3 <= value_end)
      return ProblemParts{std::string(problem.substr(start, end - start)),
                          std::string(problem.substr(end + 3, value_end - end - 3)),
                          std::string(problem.substr(value_end + 3))};
    auto next = problem.find(": ", start);
    if (next == std::string_view::npos)
      break;
    start = next + 2;
  }
  return std::nullopt;
}

}  // namespace

nlohmann::json errors_json(const InvalidInput& error) {
  nlohmann::json errors = nlohmann::json::array();
  // Each problem as a web user meets it: worded by its message id, never in the command line's
  // own wording (which may name one of its options, "--role").
  std::vector<std::string> problems = error.problems();
  if (error.messages().size() == problems.size())
    problems = report::error_lines(report::Language::English, error);
  for (const auto& problem : problems) {
    nlohmann::json entry;
    if (auto parts = problem_parts(problem)) {
      std::string field = parts->field;
      while (!field.empty() && field.front() == '-')
        field.erase(0, 1);
      entry = {{"field", field}, {"value", parts->value}, {"reason", parts->reason}};
    } else {
      entry = {{"field", nullptr}, {"value", nullptr}, {"reason", problem}};
    }
    entry["message"] = problem;
    errors.push_back(std::move(entry));
  }
  return {{"errors", errors}};
}

int status_of(const std::exception& error) {
  if (dynamic_cast<const InvalidInput*>(&error))
    return 400;
  if (dynamic_cast<const NotFound*>(&error))
    return 404;
  if (dynamic_cast<const Forbidden*>(&error))
    return 403;
  if (dynamic_cast<const Conflict*>(&error))
    return 409;
  if (dynamic_cast<const Unavailable*>(&error) || dynamic_cast<const Overloaded*>(&error))
    return 503;
  return 500;
}

void add_retry_after(const std::exception& error, httplib::Response& response) {
  if (auto overloaded = dynamic_cast<const Overloaded*>(&error))
    response.set_header("Retry-After", std::to_string(overloaded->retry_after_seconds()));
}

Handler guarded_api(Handler handler) {
  return
      [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        try {
          handler(request, response);
        } catch (const InvalidInput& error) {
          send_json(response, 400, errors_json(error));
        } catch (const VersionConflict& error) {
          send_json(response, 409,
                    {{"error", report::error_text(report::Language::English, error)},
                     {"changed_by", error.changed_by()},
                     {"changed_at", error.changed_at()},
                     {"version", error.version()}});
        } catch (const std::exception& error) {
          int status = status_of(error);
          // An internal error is told only to the log; a lost database server is told to both
          // (the message names it, and the log keeps when).
          if (status == 500 || status == 503)
            std::cerr << "tiendo serve: " << request.method << ' ' << printable(request.path)
                      << ": " << printable(error.what()) << '\n';
          // A client reads the message as a web user does: by its id, never the command line's
          // wording ("change it with depend set").
          auto tiendo_error = dynamic_cast<const Error*>(&error);
          send_error(response, status,
                     status == 500 ? std::string("internal error; the server's log says more")
                     : tiendo_error
                         ? report::error_text(report::Language::English, *tiendo_error)
                         : std::string(error.what()));
          add_retry_after(error, response);
        }
      };
}

}  // namespace tiendo::web
