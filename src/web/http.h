#pragma once
// The plumbing every route shares: who is asking (a session cookie or a bearer token), the
// parameters of a request read by the same rules as the command line's options, and answers with
// the status codes of the HTTP contract (DESIGN.md "The web workspace"). Route handlers throw the
// typed errors of the operations; `guarded` turns each into its status, so no handler decides a
// status code for a failure itself and nothing a client sends becomes a 5xx.
#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/account.h"
#include "domain/error.h"
#include "report/format.h"
#include "web/workspace.h"

namespace tiendo::web {

struct ServerOptions {
  std::string database_path;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string tls_certificate, tls_key;
  std::size_t max_body_bytes = 20u << 20;
  std::vector<std::string> trusted_proxies;  // Canonical addresses: web/client_address.h.
  // The milestone templates a new project may take (fixtures/templates.csv); empty when none
  // was found, and the form then says so.
  std::string templates_path;
};

inline constexpr const char* session_cookie = "tiendo_session";
inline constexpr const char* login_cookie = "tiendo_login";
inline constexpr const char* language_cookie = "tiendo_lang";

// The account a request acts for, and how it proved it.
struct Caller {
  Account account;
  bool by_session = false;
  std::string session_id;  // With a session: the cookie's value (never stored; see accounts.h).
  std::string csrf_token;  // With a session: the token its forms and API calls must carry.
};

// The value of one cookie of the request, if it has it.
std::optional<std::string> cookie(const httplib::Request& request, const std::string& name);

// The caller by `Authorization: Bearer TOKEN` or by the session cookie; nothing when neither is
// valid (a bad token is not silently replaced by a cookie).
std::optional<Caller> authenticate(Workspace& workspace, const httplib::Request& request);

// Request parameters, checked as text (valid UTF-8, one line, bounded) before anything reads
// them; InvalidInput names the parameter otherwise.
std::optional<std::string> parameter(const httplib::Request& request, const std::string& name);
std::string parameter_or(const httplib::Request& request, const std::string& name,
                         const std::string& fallback);
// `as_of` in any form the command line takes; today in Vietnam when absent.
Date as_of_parameter(const httplib::Request& request);
// A yes-or-no parameter: 1, or 0 (also when it is absent); anything else is bad input.
bool flag_parameter(const httplib::Request& request, const std::string& name);
// A count from `minimum` to `maximum`; `fallback` when absent.
std::int64_t count_parameter(const httplib::Request& request, const std::string& name,
                             std::int64_t fallback, std::int64_t minimum, std::int64_t maximum);

// English at ?lang=en (or the language cookie); Vietnamese by default.
report::Language language_of(const httplib::Request& request);

// Answers.
void send_json(httplib::Response& response, int status, const nlohmann::json& body);
void send_json_text(httplib::Response& response, int status, std::string body);
void send_error(httplib::Response& response, int status, const std::string& message);
void send_html(httplib::Response& response, int status, std::string body);
// Every problem of bad input as {"field", "value", "reason", "message"}: a problem reads
// "[place: ]field: 'value': reason" as the command line prints it.
nlohmann::json errors_json(const InvalidInput& error);
// Headers every answer carries: no framing by other sites, no sniffing, no outside resources.
void add_security_headers(httplib::Response& response);

// What an error means over HTTP: 503 when the database server cannot be reached (Unavailable).
int status_of(const std::exception& error);
// An overloaded server's answer says when to try again (Retry-After); other errors add nothing.
void add_retry_after(const std::exception& error, httplib::Response& response);

// Runs a handler and answers its typed errors with their status (JSON for the API); a database
// server that went away is logged and answered 503 with the one line that names it; anything
// else is logged and answered 500 without detail.
using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
Handler guarded_api(Handler handler);

}  // namespace tiendo::web
