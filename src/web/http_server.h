#pragma once
// The HTTP/1.1 server under the workspace: its own accept loop, connection queue and workers, the
// strict reading of http_parser.h, and a router with httplib's handler signature, so that the
// routes keep `httplib::Request` and `httplib::Response` as plain values.
//
// Why not httplib's own server (Debian's 0.11): it reads bodies before any route can look at the
// head, does not bound the number or total size of header fields (400,000 lines were read into
// memory), accepts two conflicting Content-Lengths, a signed length, a field line without a colon
// and HTTP/1.1 without Host, drops a second pipelined request, and listens with a backlog of five,
// so a burst of logins was reset without an answer. Here:
// - the head is bounded (Limits: 8 KiB request line, 32 KiB and 100 fields in all; 414 and 431);
// - a body is read only after the route, its size limit and its gate (who may send it) have
//   accepted the head: 404, 413, 401 or 403 come before a byte of it is read;
// - a connection takes a worker only once its head has come whole: one thread waits on every
//   connection still sending its head or idle between requests (epoll), so slow clients hold a
//   descriptor and a buffer, not the workers; a body accepted waits there too, and its request
//   goes to a worker again once it has come whole (a client sending a body a byte at a time
//   held a worker for a minute, and 64 anonymous logins so sent stalled every page);
// - every accepted connection gets an HTTP answer: past the queues, the reader itself answers 503
//   with Retry-After;
// - requests sent back to back on one connection are answered in order.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "domain/account.h"
#include "web/http_parser.h"

namespace tiendo::web {

// Who may send a route a body, checked on the head alone before the body is read.
struct BodyRule {
  // Open routes (the login form) take a body from anyone; the others only from a caller the gate
  // knows, whose role is at least `minimum_role`.
  bool open = false;
  Role minimum_role = Role::Editor;
  // 0: the server's limit.
  std::size_t max_bytes = 0;
};

class Router {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  // The same calls as httplib::Server's; a pattern must match the whole decoded path, and its
  // groups are the request's `matches`. HEAD is answered by the GET route without its body.
  Router& Get(const std::string& pattern, Handler handler);
  Router& Post(const std::string& pattern, Handler handler, BodyRule rule = {});
  Router& Patch(const std::string& pattern, Handler handler, BodyRule rule = {});
  Router& Put(const std::string& pattern, Handler handler, BodyRule rule = {});
  Router& Delete(const std::string& pattern, Handler handler, BodyRule rule = {});

  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
    BodyRule rule;
  };
  // The route for a method and a decoded path, with the pattern's groups in `matches`; nothing
  // when none matches. `path_known` tells whether some route of another method matches (405).
  const Route* find(const std::string& method, const std::string& path, httplib::Match& matches,
                    bool& path_known) const;

 private:
  Router& add(std::string method, const std::string& pattern, Handler handler, BodyRule rule);
  std::vector<Route> m_routes;
};

struct HttpServerSettings {
  http1::Limits limits;
  std::size_t max_body_bytes = 20u << 20;
  int workers = 64;
  std::size_t queued_connections = 1024;    // With a whole head, waiting for a worker; 503 past it.
  std::size_t waiting_connections = 10000;  // Still sending a head, or idle; 503 past it.
  // Bodies still being sent wait in the reader thread up to this many bytes in all; past it a
  // worker reads the body itself, as a TLS connection's worker always does.
  std::size_t waiting_body_bytes = 256u << 20;
  int read_timeout_seconds = 5;             // Between two reads of one request.
  int request_timeout_seconds = 60;         // For a whole request, head and body.
  int keep_alive_seconds = 5;               // Waiting for the next request on a connection.
  int write_timeout_seconds = 10;
  int requests_per_connection = 100;
  std::string tls_certificate, tls_key;
  // Words the answers the server gives itself once it has read a request's head (an unknown
  // path, a method the path does not take, a body over the limit, a malformed form, an internal
  // error): `message` is the English short text; `status` the status. It returns false to leave
  // the answer to the server: a short JSON body, as when it is not set. The workspace answers a
  // page outside /api/ (server.cpp).
  std::function<bool(const httplib::Request&, httplib::Response&, int status,
                     std::string_view message)>
      answer_refusal;
};

// Decides, from the head alone, whether a route's body may be read: true to go on; false after
// filling `response` with the refusal (401, 403).
using BodyGate = std::function<bool(const httplib::Request&, const BodyRule&, httplib::Response&)>;
// Turns what a handler threw into an answer (the server logs and answers 500 otherwise).
using FailureHandler =
    std::function<void(const httplib::Request&, httplib::Response&, std::exception_ptr)>;

class HttpServer {
 public:
  HttpServer(const Router& router, HttpServerSettings settings, BodyGate gate,
             FailureHandler on_failure);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on host:port (0: a free port); the port, or throws Error naming the address.
  int bind(const std::string& host, int port);
  // Serves until stop(); returns once every worker has finished its connection.
  void run();
  // Safe in a signal handler: only writes a byte to a pipe.
  void stop();

 private:
  struct Tls;
  class Connection;
  // An accepted socket with what was read of it, for a worker.
  struct Ready {
    int socket = -1;
    std::string buffer;
    int served = 0;  // Requests answered on it before.
    // A head accepted whose body is still coming: the buffer is handed to a worker again once it
    // holds this many bytes (head and body), before the request's deadline.
    std::size_t awaiting = 0;
    std::chrono::steady_clock::time_point request_deadline{};
  };
  void work();
  bool hand_to_worker(Ready ready);
  // Serves requests on a connection while their heads (and bodies) are in `ready.buffer`: true
  // when run's reader must wait for more (the next head, or the rest of a body accepted, then
  // `ready.awaiting` says how many bytes), false when it is done.
  bool serve(Connection& connection, Ready& ready);
  void answer_overloaded(int socket);
  bool respond(Connection& connection, const httplib::Request& request, httplib::Response& response,
               bool keep_alive);

  const Router& m_router;
  HttpServerSettings m_settings;
  BodyGate m_gate;
  FailureHandler m_on_failure;
  std::unique_ptr<Tls> m_tls;
  int m_listener = -1;
  int m_wake[2] = {-1, -1};
  std::atomic<bool> m_stopping = false;

  std::mutex m_queue_mutex;
  std::condition_variable m_queue_ready;
  std::deque<Ready> m_queue;  // Connections with a whole head, waiting for a worker.
  std::mutex m_returned_mutex;
  std::vector<Ready> m_returned;  // Kept alive by a worker, for the reader to wait on.
  std::atomic<std::size_t> m_waiting_body_bytes = 0;  // Of the bodies the reader waits for.
  std::vector<std::thread> m_workers;
  std::mutex m_active_mutex;
  std::vector<int> m_active;  // Sockets being served, shut down at stop().
};

}  // namespace tiendo::web
