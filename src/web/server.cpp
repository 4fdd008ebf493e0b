#include "web/server.h"

#include <fmt/format.h>

#include <malloc.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "domain/text.h"
#include "web/assets.h"
#include "web/http_server.h"
#include "web/pages.h"
#include "web/routes.h"

namespace tiendo::web {
namespace {

HttpServer* running_server = nullptr;

void stop_on_signal(int) {
  // stop() only writes a byte to the server's wake-up pipe: safe in a signal handler.
  if (running_server)
    running_server->stop();
}

bool is_api_path(const std::string& path) {
  return path.rfind("/api/", 0) == 0;
}

// The refusal of a body before it is read: JSON for the API (`english`), for a page a page of
// its own in the browser's language (`page_message`, a message of the catalogue; a page without a
// session goes to the login form, as page_route does).
void refuse_body(const httplib::Request& request, httplib::Response& response, int status,
                 std::string_view english, const Message& page_message) {
  if (is_api_path(request.path)) {
    send_error(response, status, std::string(english));
  } else if (status == 401) {
    response.status = 303;
    response.set_header("Location", "/login");
    add_security_headers(response);
  } else {
    send_status_page(request, response, status, page_message);
  }
  response.set_header("Connection", "close");
}

// What the server answers itself once a request's head is read: outside /api/ a page in the
// request's language (a browser never gets a raw JSON page), under it the server's JSON.
bool answer_refusal(const httplib::Request& request, httplib::Response& response, int status,
                    std::string_view english) {
  if (is_api_path(request.path))
    return false;
  // The server's own short texts, as messages of the catalogue; the others by their status.
  Message what;
  if (status == 400 || status == 408 || status == 411 || status == 415 || status == 431)
    what = Message{std::string(english), {}};
  send_status_page(request, response, status, what);
  response.set_header("Connection", "close");
  return true;
}

// Who may send a body, decided on the head: a body the caller may not send is never read.
bool admit_body(Workspace& workspace, const httplib::Request& request, const BodyRule& rule,
                httplib::Response& response) {
  // Every Content-Encoding field counts, not only the first.
  bool encoded = false;
  auto encodings = request.headers.equal_range("Content-Encoding");
  for (auto field = encodings.first; field != encodings.second; ++field)
    encoded = encoded || field->second != "identity";
  if (encoded) {
    refuse_body(request, response, 415, "send the body uncompressed",
                message("send the body uncompressed"));
    return false;
  }
  if (rule.open)
    return true;
  std::optional<Caller> caller;
  try {
    caller = authenticate(workspace, request);
  } catch (const Unavailable& error) {
    std::cerr << "tiendo serve: " << request.method << ' ' << printable(request.path) << ": "
              << printable(error.what()) << '\n';
    if (is_api_path(request.path))
      send_error(response, 503, error.what());
    else
      send_unavailable_page(request, response, language_of(request), error.what());
    response.set_header("Connection", "close");
    return false;
  }
  if (!caller) {
    refuse_body(request, response, 401,
                "not authenticated: log in, or send Authorization: Bearer TOKEN", Message{});
    return false;
  }
  if (static_cast<int>(caller->account.role) < static_cast<int>(rule.minimum_role)) {
    refuse_body(
        request, response, 403,
        fmt::format("the role {} may not send this request", role_key(caller->account.role)),
        message("Your role may not send this request; nothing was changed."));
    return false;
  }
  return true;
}

// What a handler threw and no guard of its own answered: a lost database server is 503 with the
// line that names it, an overload 503 with Retry-After, anything else 500 without detail. Every
// one is logged.
void answer_failure(const httplib::Request& request, httplib::Response& response,
                    std::exception_ptr error) {
  std::string what = "unknown";
  int status = 500;
  int retry_after = 0;
  try {
    std::rethrow_exception(error);
  } catch (const Overloaded& caught) {
    what = caught.what();
    status = 503;
    retry_after = caught.retry_after_seconds();
  } catch (const Unavailable& caught) {
    what = caught.what();
    status = 503;
  } catch (const std::exception& caught) {
    what = caught.what();
  } catch (...) {
  }
  std::cerr << "tiendo serve: " << request.method << ' ' << printable(request.path) << ": "
            << printable(what) << '\n';
  if (status == 503) {
    if (is_api_path(request.path))
      send_error(response, 503, what);
    else
      send_unavailable_page(request, response, language_of(request), what);
    if (retry_after > 0)
      response.set_header("Retry-After", std::to_string(retry_after));
    return;
  }
  if (!is_api_path(request.path)) {
    send_status_page(request, response, 500);
    return;
  }
  response.status = 500;
  add_security_headers(response);
  response.set_content("{\"error\": \"internal error; the server's log says more\"}\n",
                       "application/json; charset=utf-8");
}

}  // namespace

int serve(const ServerOptions& options, std::ostream& announce) {
  // glibc gives each thread that allocates at once an arena of its own (up to 8 per core) and
  // keeps what is freed in it: with 64 workers answering national-sized questions the server
  // held three times what it used. Two arenas measured 696 MiB instead of 1,109 MiB at 20,000
  // projects after the same load, at no cost in latency on two cores.
  mallopt(M_ARENA_MAX, 2);
  Workspace workspace(options.database_path);
  // Loaded before the port opens, so the first request does not wait for it, nor the first
  // edit for a copy to edit.
  workspace.snapshot();
  workspace.prepare_spare();

  Router router;
  router.Get(R"(/assets/([A-Za-z0-9_.\-]+))",
             [](const httplib::Request& request, httplib::Response& response) {
               auto asset = find_asset(request.matches[1].str());
               if (!asset) {
                 send_status_page(request, response, 404);
                 return;
               }
               add_security_headers(response);
               // The assets change only with the binary: a browser may keep them for an hour.
               response.headers.erase("Cache-Control");
               response.set_header("Cache-Control", "max-age=3600");
               response.set_content(std::string(asset->bytes), std::string(asset->content_type));
             });
  register_api(router, workspace);
  register_project_api(router, workspace, options);
  register_pages(router, workspace, options);

  // Workers wait on the network far more than they compute (the database and the portfolio are
  // shared under one lock), so there are many: a handful of clients that send slowly cannot
  // occupy them all. A client that stops sending is let go after the timeouts.
  HttpServerSettings settings;
  settings.max_body_bytes = options.max_body_bytes;
  settings.tls_certificate = options.tls_certificate;
  settings.tls_key = options.tls_key;
  settings.answer_refusal = answer_refusal;
  HttpServer server(
      router, settings,
      [&workspace](const httplib::Request& request, const BodyRule& rule,
                   httplib::Response& response) {
        return admit_body(workspace, request, rule, response);
      },
      answer_failure);
  int port = server.bind(options.host, options.port);
  bool ipv6 = options.host.find(':') != std::string::npos;
  announce << fmt::format("listening on {}://{}{}{}:{}",
                          options.tls_certificate.empty() ? "http" : "https", ipv6 ? "[" : "",
                          options.host, ipv6 ? "]" : "", port)
           << std::endl;

  running_server = &server;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  server.run();
  running_server = nullptr;
  return 0;
}

}  // namespace tiendo::web
