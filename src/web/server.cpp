#include "web/server.h"

#include <fmt/format.h>

#include <malloc.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "domain/text.h"
#include "web/assets.h"
#include "web/routes.h"

namespace tiendo::web {
namespace {

httplib::Server* running_server = nullptr;

void stop_on_signal(int) {
  // httplib's stop() only sets a flag and shuts the listening socket down: safe in a handler.
  if (running_server)
    running_server->stop();
}

std::unique_ptr<httplib::Server> make_server(const ServerOptions& options) {
  if (options.tls_certificate.empty() != options.tls_key.empty())
    throw InvalidInput("--tls-cert and --tls-key: give both, or neither");
  if (options.tls_certificate.empty())
    return std::make_unique<httplib::Server>();
  auto server = std::make_unique<httplib::SSLServer>(options.tls_certificate.c_str(),
                                                     options.tls_key.c_str());
  if (!server->is_valid())
    throw InvalidInput(
        fmt::format("--tls-cert '{}' / --tls-key '{}': not a certificate and its key",
                    printable(options.tls_certificate), printable(options.tls_key)));
  return server;
}

}  // namespace

int serve(const ServerOptions& options, std::ostream& announce) {
  // glibc gives each thread that allocates at once an arena of its own (up to 8 per core) and
  // keeps what is freed in it: with 64 workers answering national-sized questions the server
  // held three times what it used. Two arenas measured 696 MiB instead of 1,109 MiB at 20,000
  // projects after the same load, at no cost in latency on two cores.
  mallopt(M_ARENA_MAX, 2);
  Workspace workspace(options.database_path);
  // Loaded before the port opens, so the first request does not wait for it.
  workspace.snapshot();
  auto server = make_server(options);

  // A body over the limit is refused (413) before it is read; a client that stops sending is let
  // go after the timeouts, so slow clients cannot hold every worker.
  server->set_payload_max_length(options.max_body_bytes);
  server->set_read_timeout(5, 0);
  // Workers wait on the network far more than they compute (the database and the portfolio are
  // shared under one lock), so there are many: a handful of clients that send slowly cannot
  // occupy them all.
  server->new_task_queue = [] { return new httplib::ThreadPool(64); };
  server->set_write_timeout(10, 0);
  server->set_keep_alive_timeout(5);
  server->set_keep_alive_max_count(100);

  // Checked before any body is read. httplib bounds a body only by its Content-Length: a chunked
  // body, one that runs until the connection closes, or a compressed one (inflated as it is read)
  // could fill the memory. The web pages and scripts send plain bodies with a length, so the
  // others are refused outright.
  server->set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    auto refuse = [&](int status, const std::string& message) {
      send_error(response, status, message);
      response.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    };
    if (request.has_header("Transfer-Encoding"))
      return refuse(411, "send the body with a Content-Length, not in chunks");
    // httplib builds a multipart answer of many ranges in memory: a request of a few kilobytes
    // could ask for the same bytes thousands of times over. One range is all a client needs.
    if (request.get_header_value("Range").find(',') != std::string::npos) {
      // httplib would cut even this refusal into the ranges asked for; the request object is
      // httplib's own, not const, so its parsed ranges can be dropped here.
      const_cast<httplib::Request&>(request).ranges.clear();
      return refuse(416, "one byte range at most");
    }
    if (request.has_header("Content-Encoding") &&
        request.get_header_value("Content-Encoding") != "identity")
      return refuse(415, "send the body uncompressed");
    bool has_body_method = request.method == "POST" || request.method == "PATCH" ||
                           request.method == "PUT" || request.method == "DELETE";
    if (has_body_method && !request.has_header("Content-Length"))
      return refuse(411, "send a Content-Length with the body");
    return httplib::Server::HandlerResponse::Unhandled;
  });

  server->Get(R"(/assets/([A-Za-z0-9_.\-]+))",
              [](const httplib::Request& request, httplib::Response& response) {
                auto asset = find_asset(request.matches[1].str());
                if (!asset) {
                  send_error(response, 404, "no such asset");
                  return;
                }
                add_security_headers(response);
                // The assets change only with the binary: a browser may keep them for an hour.
                response.headers.erase("Cache-Control");
                response.set_header("Cache-Control", "max-age=3600");
                response.set_content(std::string(asset->bytes), std::string(asset->content_type));
              });
  register_api(*server, workspace);
  register_pages(*server, workspace, options);

  // Whatever no route answered: 404 for an unknown route, and httplib's own refusals (a request
  // it cannot parse, a body too large) keep their status with a short body, never a page that
  // echoes the request.
  server->set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty())
      return;
    add_security_headers(response);
    std::string message = response.status == 404   ? "not found"
                          : response.status == 413 ? "request body too large"
                          : response.status == 414 ? "request line too long"
                                                   : "bad request";
    response.set_content(fmt::format("{{\"error\": \"{}\"}}\n", message),
                         "application/json; charset=utf-8");
  });
  server->set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, std::exception_ptr error) {
        std::string what = "unknown";
        bool unavailable = false;
        try {
          std::rethrow_exception(error);
        } catch (const Unavailable& caught) {
          // A route without a guard of its own met a database server that went away.
          what = caught.what();
          unavailable = true;
        } catch (const std::exception& caught) {
          what = caught.what();
        } catch (...) {
        }
        std::cerr << "tiendo serve: " << request.method << ' ' << printable(request.path) << ": "
                  << printable(what) << '\n';
        if (unavailable) {
          send_error(response, 503, what);
          return;
        }
        response.status = 500;
        response.set_content("{\"error\": \"internal error; the server's log says more\"}\n",
                             "application/json; charset=utf-8");
      });

  int port = options.port;
  if (port == 0) {
    port = server->bind_to_any_port(options.host.c_str());
    if (port < 0)
      throw Error(fmt::format("cannot listen on {}", printable(options.host)));
  } else if (!server->bind_to_port(options.host.c_str(), port)) {
    throw Error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                            printable(options.host), port));
  }
  bool ipv6 = options.host.find(':') != std::string::npos;
  announce << fmt::format("listening on {}://{}{}{}:{}",
                          options.tls_certificate.empty() ? "http" : "https", ipv6 ? "[" : "",
                          options.host, ipv6 ? "]" : "", port)
           << std::endl;

  running_server = server.get();
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  bool ok = server->listen_after_bind();
  running_server = nullptr;
  return ok ? 0 : 0;
}

}  // namespace tiendo::web
