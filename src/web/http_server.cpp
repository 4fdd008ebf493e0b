#include "web/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <unordered_map>

#include "domain/error.h"
#include "domain/text.h"

namespace tiendo::web {
namespace {

using Clock = std::chrono::steady_clock;

bool is_body_method(const std::string& method) {
  return method == "POST" || method == "PATCH" || method == "PUT" || method == "DELETE";
}

std::string address_text(const sockaddr_storage& address, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  return text;
}

// A short JSON body for the answers the server gives itself (it never echoes the request).
void set_plain_error(httplib::Response& response, int status, std::string_view message) {
  response.status = status;
  response.body = fmt::format("{{\"error\": \"{}\"}}\n", message);
  response.headers.erase("Content-Type");
  response.headers.emplace("Content-Type", "application/json; charset=utf-8");
  response.headers.emplace("X-Content-Type-Options", "nosniff");
  response.headers.emplace("Cache-Control", "no-store");
}

}  // namespace

// --- Router ---------------------------------------------------------------------------------

Router& Router::add(std::string method, const std::string& pattern, Handler handler,
                    BodyRule rule) {
  m_routes.push_back({std::move(method), std::regex(pattern), std::move(handler), rule});
  return *this;
}

Router& Router::Get(const std::string& pattern, Handler handler) {
  return add("GET", pattern, std::move(handler), {});
}
Router& Router::Post(const std::string& pattern, Handler handler, BodyRule rule) {
  return add("POST", pattern, std::move(handler), rule);
}
Router& Router::Patch(const std::string& pattern, Handler handler, BodyRule rule) {
  return add("PATCH", pattern, std::move(handler), rule);
}
Router& Router::Put(const std::string& pattern, Handler handler, BodyRule rule) {
  return add("PUT", pattern, std::move(handler), rule);
}
Router& Router::Delete(const std::string& pattern, Handler handler, BodyRule rule) {
  return add("DELETE", pattern, std::move(handler), rule);
}

const Router::Route* Router::find(const std::string& method, const std::string& path,
                                  httplib::Match& matches, bool& path_known) const {
  path_known = false;
  // std::regex matches by recursion whose depth follows the subject's length: a path of a few
  // kilobytes could exhaust a worker's stack. Paths are bounded by the request line (8 KiB) and
  // every pattern is a handful of literal segments and [^/]+ groups, which this length keeps far
  // from the stack's end; longer paths match no route.
  if (path.size() > 2048)
    return nullptr;
  const std::string& wanted = method == "HEAD" ? std::string("GET") : method;
  for (const auto& route : m_routes) {
    httplib::Match found;
    if (!std::regex_match(path, found, route.pattern))
      continue;
    if (route.method != wanted) {
      path_known = true;
      continue;
    }
    matches = std::move(found);
    return &route;
  }
  return nullptr;
}

// --- Connections ----------------------------------------------------------------------------

struct HttpServer::Tls {
  SSL_CTX* context = nullptr;
  ~Tls() {
    if (context)
      SSL_CTX_free(context);
  }
};

// One accepted socket, plain or TLS, read and written with deadlines (poll), so that a client
// that stops sending or reading lets its worker go.
class HttpServer::Connection {
 public:
  Connection(int socket, SSL_CTX* tls) : m_socket(socket) {
    int flags = fcntl(socket, F_GETFL, 0);
    fcntl(socket, F_SETFL, flags | O_NONBLOCK);
    int one = 1;
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (tls) {
      m_ssl = SSL_new(tls);
      if (m_ssl)
        SSL_set_fd(m_ssl, socket);
    }
  }
  ~Connection() {
    if (m_ssl) {
      if (m_handshake_done)
        SSL_shutdown(m_ssl);
      SSL_free(m_ssl);
    }
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool is_tls() const { return m_ssl != nullptr; }
  int socket() const { return m_socket; }

  // The TLS handshake; true at once for a plain connection.
  bool handshake(Clock::time_point deadline) {
    if (!m_ssl)
      return true;
    while (true) {
      int result = SSL_accept(m_ssl);
      if (result == 1) {
        m_handshake_done = true;
        return true;
      }
      int error = SSL_get_error(m_ssl, result);
      if (error == SSL_ERROR_WANT_READ    ? !wait(POLLIN, deadline)
          : error == SSL_ERROR_WANT_WRITE ? !wait(POLLOUT, deadline)
                                          : true) {
        ERR_clear_error();
        return false;
      }
    }
  }

  // Appends what arrives before the deadline to `buffer`: the count read, 0 at the end of the
  // stream, -1 on a timeout or an error.
  long read_some(std::string& buffer, Clock::time_point deadline) {
    char chunk[16 * 1024];
    while (true) {
      long count;
      if (m_ssl) {
        int result = SSL_read(m_ssl, chunk, sizeof chunk);
        if (result > 0) {
          buffer.append(chunk, static_cast<std::size_t>(result));
          return result;
        }
        int error = SSL_get_error(m_ssl, result);
        if (error == SSL_ERROR_ZERO_RETURN)
          return 0;
        if (error == SSL_ERROR_WANT_READ    ? !wait(POLLIN, deadline)
            : error == SSL_ERROR_WANT_WRITE ? !wait(POLLOUT, deadline)
                                            : true) {
          ERR_clear_error();
          return -1;
        }
        continue;
      }
      count = ::recv(m_socket, chunk, sizeof chunk, 0);
      if (count > 0) {
        buffer.append(chunk, static_cast<std::size_t>(count));
        return count;
      }
      if (count == 0)
        return 0;
      if (errno == EINTR)
        continue;
      if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait(POLLIN, deadline))
        return -1;
    }
  }

  // After a refusal sent while the client is still sending a body: the sending half is closed
  // and what arrives is read and dropped for a moment, so that the client, which may not read
  // before it has sent everything, receives the answer instead of a reset (nginx's lingering
  // close). Bounded in time and bytes, so a client cannot hold the worker with it.
  void drain(Clock::time_point deadline, std::size_t most) {
    if (!m_ssl)
      ::shutdown(m_socket, SHUT_WR);
    std::string scratch;
    std::size_t drained = 0;
    while (drained < most) {
      scratch.clear();
      long count = read_some(scratch, deadline);
      if (count <= 0)
        return;
      drained += static_cast<std::size_t>(count);
    }
  }

  bool write_all(std::string_view data, Clock::time_point deadline) {
    while (!data.empty()) {
      if (m_ssl) {
        int result = SSL_write(m_ssl, data.data(),
                               static_cast<int>(std::min<std::size_t>(data.size(), 1u << 20)));
        if (result > 0) {
          data.remove_prefix(static_cast<std::size_t>(result));
          continue;
        }
        int error = SSL_get_error(m_ssl, result);
        if (error == SSL_ERROR_WANT_READ    ? !wait(POLLIN, deadline)
            : error == SSL_ERROR_WANT_WRITE ? !wait(POLLOUT, deadline)
                                            : true) {
          ERR_clear_error();
          return false;
        }
        continue;
      }
      long count = ::send(m_socket, data.data(), data.size(), MSG_NOSIGNAL);
      if (count > 0) {
        data.remove_prefix(static_cast<std::size_t>(count));
        continue;
      }
      if (count < 0 && errno == EINTR)
        continue;
      if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait(POLLOUT, deadline))
        continue;
      return false;
    }
    return true;
  }

 private:
  bool wait(short events, Clock::time_point deadline) {
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0)
        return false;
      pollfd descriptor{m_socket, events, 0};
      int ready = ::poll(&descriptor, 1, static_cast<int>(left.count()));
      if (ready > 0)
        return true;
      if (ready < 0 && errno == EINTR)
        continue;
      return false;
    }
  }

  int m_socket;
  SSL* m_ssl = nullptr;
  bool m_handshake_done = false;
};

// --- Server ---------------------------------------------------------------------------------

HttpServer::HttpServer(const Router& router, HttpServerSettings settings, BodyGate gate,
                       FailureHandler on_failure)
    : m_router(router),
      m_settings(std::move(settings)),
      m_gate(std::move(gate)),
      m_on_failure(std::move(on_failure)) {
  if (m_settings.tls_certificate.empty() != m_settings.tls_key.empty())
    throw InvalidInput("--tls-cert and --tls-key: give both, or neither");
  if (!m_settings.tls_certificate.empty()) {
    m_tls = std::make_unique<Tls>();
    m_tls->context = SSL_CTX_new(TLS_server_method());
    bool valid =
        m_tls->context && SSL_CTX_set_min_proto_version(m_tls->context, TLS1_2_VERSION) == 1 &&
        SSL_CTX_use_certificate_chain_file(m_tls->context, m_settings.tls_certificate.c_str()) ==
            1 &&
        SSL_CTX_use_PrivateKey_file(m_tls->context, m_settings.tls_key.c_str(), SSL_FILETYPE_PEM) ==
            1 &&
        SSL_CTX_check_private_key(m_tls->context) == 1;
    ERR_clear_error();
    if (!valid)
      throw InvalidInput(
          fmt::format("--tls-cert '{}' / --tls-key '{}': not a certificate and its key",
                      printable(m_settings.tls_certificate), printable(m_settings.tls_key)));
  }
  if (::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0)
    throw Error("cannot make the server's wake-up pipe");
}

HttpServer::~HttpServer() {
  if (m_listener >= 0)
    ::close(m_listener);
  for (int end : m_wake)
    if (end >= 0)
      ::close(end);
}

int HttpServer::bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || !found)
    throw Error(
        fmt::format("cannot listen on {}: not an address of this machine", printable(host)));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  for (auto* address = found; address; address = address->ai_next) {
    int listener =
        ::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
    if (listener < 0)
      continue;
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // The backlog is the kernel's largest: a burst of connections (150 logins at once) waits
    // there for the acceptor instead of being reset.
    if (::bind(listener, address->ai_addr, address->ai_addrlen) == 0 &&
        ::listen(listener, SOMAXCONN) == 0) {
      sockaddr_storage bound{};
      socklen_t size = sizeof bound;
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&bound), &size);
      int bound_port = 0;
      address_text(bound, bound_port);
      m_listener = listener;
      return bound_port;
    }
    ::close(listener);
  }
  throw Error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                          printable(host), port));
}

void HttpServer::stop() {
  m_stopping = true;
  char byte = 1;
  [[maybe_unused]] auto written = ::write(m_wake[1], &byte, 1);
}

void HttpServer::answer_overloaded(int socket) {
  // Written by the acceptor, which must not wait: a short answer fits the socket's send buffer.
  // A TLS client cannot be answered without a handshake, which would make the acceptor wait; it
  // is closed, and sees the connection fail as it would at any overloaded TLS server.
  if (!m_tls) {
    static constexpr std::string_view answer =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
        "Retry-After: 2\r\nConnection: close\r\nContent-Length: 47\r\n\r\n"
        "{\"error\": \"the server is busy; try again soon\"}";
    [[maybe_unused]] auto sent =
        ::send(socket, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(socket, SHUT_WR);
  }
  ::close(socket);
}

namespace {

// Whatever the client has sent so far on a non-blocking socket, appended: false when it closed
// or failed. At most `most` bytes are taken at once, so a fast client cannot fill the reader.
bool read_available(int socket, std::string& buffer, std::size_t most) {
  char chunk[16 * 1024];
  std::size_t taken = 0;
  while (taken < most) {
    long count = ::recv(socket, chunk, sizeof chunk, 0);
    if (count > 0) {
      buffer.append(chunk, static_cast<std::size_t>(count));
      taken += static_cast<std::size_t>(count);
      continue;
    }
    if (count == 0)
      return false;
    if (errno == EINTR)
      continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
  return true;
}

// A refusal written by the reader thread, which never waits: it is short and fits the socket's
// send buffer; the connection is closed after it.
void refuse_and_close(int socket, int status, std::string_view message) {
  std::string body = fmt::format("{{\"error\": \"{}\"}}\n", message);
  std::string answer = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\n"
      "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n"
      "Content-Length: {}\r\n\r\n{}",
      status, http1::reason_phrase(status), body.size(), body);
  [[maybe_unused]] auto sent =
      ::send(socket, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(socket, SHUT_WR);
  ::close(socket);
}

}  // namespace

bool HttpServer::hand_to_worker(Ready ready) {
  std::unique_lock lock(m_queue_mutex);
  if (m_queue.size() >= m_settings.queued_connections)
    return false;
  m_queue.push_back(std::move(ready));
  lock.unlock();
  m_queue_ready.notify_one();
  return true;
}

void HttpServer::run() {
  if (m_listener < 0)
    throw Error("the server is not listening");
  m_stopping = false;
  int events_of = ::epoll_create1(EPOLL_CLOEXEC);
  if (events_of < 0)
    throw Error("cannot make the server's event set");
  auto watch = [&](int socket) {
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.fd = socket;
    return ::epoll_ctl(events_of, EPOLL_CTL_ADD, socket, &event) == 0;
  };
  auto forget = [&](int socket) { ::epoll_ctl(events_of, EPOLL_CTL_DEL, socket, nullptr); };
  int listener_flags = fcntl(m_listener, F_GETFL, 0);
  fcntl(m_listener, F_SETFL, listener_flags | O_NONBLOCK);
  watch(m_listener);
  watch(m_wake[0]);
  for (int index = 0; index < m_settings.workers; ++index)
    m_workers.emplace_back([this] { work(); });

  // Plain connections wait here, in this one thread, until their head has come whole: a client
  // that sends its head slowly (or not at all) holds a descriptor and a buffer, never a worker.
  // (A TLS connection is read by its worker, since its bytes mean nothing before the handshake.)
  struct Waiting {
    std::string buffer;
    int served = 0;
    Clock::time_point deadline;          // Of the next byte.
    Clock::time_point request_deadline;  // Of the whole head (and body).
    bool idle = true;                    // Between requests: ends quietly when it times out.
    std::size_t awaiting = 0;            // A body accepted: the bytes its request needs.
    std::size_t body_bytes = 0;          // Its share of m_waiting_body_bytes.
  };
  std::unordered_map<int, Waiting> waiting;
  // Every way out of `waiting` gives back the body's share of the budget.
  auto erase_waiting = [&](int socket) {
    auto found = waiting.find(socket);
    if (found == waiting.end())
      return;
    m_waiting_body_bytes -= found->second.body_bytes;
    waiting.erase(found);
  };
  auto close_waiting = [&](int socket) {
    forget(socket);
    erase_waiting(socket);
    ::close(socket);
  };
  auto hand_over = [&](int socket, Waiting& connection) {
    forget(socket);
    Ready ready{socket, std::move(connection.buffer), connection.served};
    erase_waiting(socket);
    if (!hand_to_worker(std::move(ready)))
      answer_overloaded(socket);
  };
  // Looks at what a waiting connection has: a whole head, or a whole body of a head accepted,
  // goes to a worker.
  auto look = [&](int socket, Waiting& connection) {
    auto now = Clock::now();
    if (connection.awaiting > 0) {
      if (connection.buffer.size() >= connection.awaiting)
        hand_over(socket, connection);
      else
        connection.deadline = std::min(
            connection.request_deadline,
            now + std::chrono::seconds(m_settings.read_timeout_seconds));
      return;
    }
    auto scan = http1::scan_head(connection.buffer, http1::HeadScan{}, m_settings.limits);
    if (scan.state == http1::HeadScan::State::Refused) {
      forget(socket);
      erase_waiting(socket);
      refuse_and_close(socket, scan.problem.status, scan.problem.message);
      return;
    }
    if (scan.state == http1::HeadScan::State::Complete) {
      hand_over(socket, connection);
      return;
    }
    if (connection.buffer.size() > scan.begin) {
      if (connection.idle) {
        connection.idle = false;
        connection.request_deadline =
            now + std::chrono::seconds(m_settings.request_timeout_seconds);
      }
      connection.deadline = std::min(connection.request_deadline,
                                     now + std::chrono::seconds(m_settings.read_timeout_seconds));
    }
  };
  auto admit = [&](Ready ready) {
    int socket = ready.socket;
    // A body accepted has its share of the budget already (serve took it).
    std::size_t body_bytes = ready.awaiting;
    if (waiting.size() >= m_settings.waiting_connections) {
      m_waiting_body_bytes -= body_bytes;
      answer_overloaded(socket);
      return;
    }
    auto now = Clock::now();
    Waiting connection;
    connection.buffer = std::move(ready.buffer);
    connection.served = ready.served;
    connection.deadline = now + std::chrono::seconds(m_settings.keep_alive_seconds);
    connection.request_deadline = connection.deadline;
    if (ready.awaiting > 0) {
      connection.idle = false;
      connection.awaiting = ready.awaiting;
      connection.body_bytes = body_bytes;
      connection.request_deadline = ready.request_deadline;
      connection.deadline = std::min(ready.request_deadline,
                                     now + std::chrono::seconds(m_settings.read_timeout_seconds));
    }
    auto& placed = waiting.emplace(socket, std::move(connection)).first->second;
    if (!watch(socket)) {
      erase_waiting(socket);
      ::close(socket);
      return;
    }
    if (!placed.buffer.empty())
      look(socket, placed);
  };

  auto last_sweep = Clock::now();
  std::vector<epoll_event> events(256);
  while (!m_stopping) {
    int ready = ::epoll_wait(events_of, events.data(), static_cast<int>(events.size()), 250);
    if (ready < 0 && errno != EINTR)
      break;
    for (int index = 0; index < std::max(ready, 0); ++index) {
      int socket = events[static_cast<std::size_t>(index)].data.fd;
      if (socket == m_listener) {
        while (true) {
          int accepted = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
          if (accepted < 0) {
            // Out of descriptors: the connection stays in the backlog for a moment.
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
              std::this_thread::sleep_for(std::chrono::milliseconds(10));
            break;
          }
          if (m_tls) {
            if (!hand_to_worker(Ready{accepted, "", 0}))
              answer_overloaded(accepted);
          } else {
            admit(Ready{accepted, "", 0});
          }
        }
      } else if (socket == m_wake[0]) {
        char drained[256];
        while (::read(m_wake[0], drained, sizeof drained) > 0) {
        }
        std::vector<Ready> returned;
        {
          std::lock_guard lock(m_returned_mutex);
          returned.swap(m_returned);
        }
        for (auto& connection : returned)
          admit(std::move(connection));
      } else {
        auto found = waiting.find(socket);
        if (found == waiting.end())
          continue;
        // Up to the head's limit and a little more: a whole head, or a refusal of it; a body
        // a megabyte at a time, so that one large upload does not keep the others waiting.
        std::size_t most = found->second.awaiting > 0 ? std::size_t{1} << 20
                                                       : m_settings.limits.head_bytes + 64 * 1024;
        bool open = read_available(socket, found->second.buffer, most);
        std::size_t had = found->second.buffer.size();
        look(socket, found->second);
        // A client that sent its request and closed its sending half is still answered (look
        // handed a whole head to a worker); otherwise a closed connection is let go.
        auto still = waiting.find(socket);
        if (!open && still != waiting.end()) {
          if (had > 0 && !still->second.idle) {
            forget(socket);
            erase_waiting(socket);
            refuse_and_close(socket, 400, "the connection closed in the middle of a request");
          } else {
            close_waiting(socket);
          }
        }
      }
    }
    auto now = Clock::now();
    if (now - last_sweep >= std::chrono::milliseconds(250)) {
      last_sweep = now;
      std::vector<int> expired;
      for (auto& [socket, connection] : waiting)
        if (connection.deadline <= now)
          expired.push_back(socket);
      for (int socket : expired) {
        bool idle = waiting[socket].idle;
        forget(socket);
        erase_waiting(socket);
        // A connection idle between requests ends quietly; one that stopped in the middle of a
        // head is told so, if it still listens.
        if (idle)
          ::close(socket);
        else
          refuse_and_close(socket, 408, "the request was not sent in time");
      }
    }
  }
  m_stopping = true;
  for (auto& [socket, connection] : waiting) {
    m_waiting_body_bytes -= connection.body_bytes;
    ::close(socket);
  }
  waiting.clear();
  {
    std::lock_guard lock(m_active_mutex);
    for (int socket : m_active)
      ::shutdown(socket, SHUT_RDWR);
  }
  m_queue_ready.notify_all();
  for (auto& worker : m_workers)
    worker.join();
  m_workers.clear();
  {
    std::lock_guard lock(m_queue_mutex);
    for (auto& connection : m_queue)
      ::close(connection.socket);
    m_queue.clear();
  }
  {
    std::lock_guard lock(m_returned_mutex);
    for (auto& connection : m_returned)
      ::close(connection.socket);
    m_returned.clear();
  }
  ::close(events_of);
}

void HttpServer::work() {
  while (true) {
    Ready ready;
    {
      std::unique_lock lock(m_queue_mutex);
      m_queue_ready.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
      if (m_stopping)
        return;
      ready = std::move(m_queue.front());
      m_queue.pop_front();
    }
    {
      std::lock_guard lock(m_active_mutex);
      m_active.push_back(ready.socket);
    }
    bool hand_back = false;
    ready.awaiting = 0;
    try {
      Connection connection(ready.socket, m_tls ? m_tls->context : nullptr);
      hand_back = serve(connection, ready);
    } catch (const std::exception& error) {
      std::cerr << "tiendo serve: connection: " << printable(error.what()) << '\n';
    }
    {
      std::lock_guard lock(m_active_mutex);
      std::erase(m_active, ready.socket);
    }
    if (hand_back && !m_stopping) {
      // Kept alive: the reader thread waits for its next request.
      {
        std::lock_guard lock(m_returned_mutex);
        m_returned.push_back(std::move(ready));
      }
      char byte = 2;
      [[maybe_unused]] auto written = ::write(m_wake[1], &byte, 1);
    } else {
      m_waiting_body_bytes -= ready.awaiting;
      ::close(ready.socket);
    }
  }
}

bool HttpServer::respond(Connection& connection, const httplib::Request& request,
                         httplib::Response& response, bool keep_alive) {
  if (response.status < 100)
    response.status = 200;
  bool no_body = response.status < 200 || response.status == 204 || response.status == 304;
  std::string head =
      fmt::format("HTTP/1.1 {} {}\r\n", response.status, http1::reason_phrase(response.status));
  for (const auto& [name, value] : response.headers) {
    if (name == "Content-Length" || name == "Connection")
      continue;
    // A handler never puts a line end into a field; if one ever did, the field is dropped
    // rather than splitting the answer in two.
    if (name.find_first_of("\r\n") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos)
      continue;
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (!no_body)
    head += fmt::format("Content-Length: {}\r\n", response.body.size());
  head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  auto deadline = Clock::now() + std::chrono::seconds(m_settings.write_timeout_seconds);
  if (!connection.write_all(head, deadline))
    return false;
  if (no_body || request.method == "HEAD")
    return true;
  // A large answer (an export) gets the write timeout for each megabyte it holds.
  deadline += std::chrono::seconds(m_settings.write_timeout_seconds *
                                   static_cast<long>(response.body.size() >> 20));
  return connection.write_all(response.body, deadline);
}

bool HttpServer::serve(Connection& connection, Ready& ready) {
  std::string& buffer = ready.buffer;
  int& served = ready.served;
  if (served == 0 && connection.is_tls() &&
      !connection.handshake(Clock::now() + std::chrono::seconds(m_settings.read_timeout_seconds)))
    return false;
  sockaddr_storage peer{}, local{};
  socklen_t peer_size = sizeof peer, local_size = sizeof local;
  const auto& limits = m_settings.limits;
  for (; served < m_settings.requests_per_connection && !m_stopping; ++served) {
    httplib::Request request;
    httplib::Response response;
    bool body_unread = false;
    // Answers the server gives itself end the connection: what follows the refused request in
    // the stream cannot be told apart from its body.
    // Once the head is read the path is known, and the answer is worded for it (a page outside
    // /api/); before, it can only be the short JSON body.
    auto word_refusal = [&](httplib::Response& answer, int status, std::string_view message) {
      if (m_settings.answer_refusal && !request.path.empty()) {
        try {
          if (m_settings.answer_refusal(request, answer, status, message)) {
            answer.status = status;
            return;
          }
        } catch (...) {
          answer = httplib::Response();
        }
      }
      set_plain_error(answer, status, message);
    };
    auto refuse = [&](int status, std::string_view message, const char* extra_name = nullptr,
                      const char* extra_value = nullptr) {
      httplib::Response refusal;
      word_refusal(refusal, status, message);
      if (extra_name)
        refusal.headers.emplace(extra_name, extra_value);
      if (request.method.empty())
        request.method = "GET";
      if (respond(connection, request, refusal, false) && body_unread)
        connection.drain(Clock::now() + std::chrono::seconds(2), 32u << 20);
    };

    // The head: the first read of a request waits the keep-alive time, later ones the read time.
    http1::HeadScan scan;
    auto request_start = Clock::now();
    auto request_deadline =
        request_start + std::chrono::seconds(m_settings.request_timeout_seconds);
    while (true) {
      scan = http1::scan_head(buffer, scan, limits);
      if (scan.state == http1::HeadScan::State::Complete)
        break;
      if (scan.state == http1::HeadScan::State::Refused) {
        refuse(scan.problem.status, scan.problem.message);
        return false;
      }
      // A plain connection waits for the rest of its head in the reader thread (run), not here:
      // a worker is taken only by a request that has all of its head.
      if (!connection.is_tls())
        return true;
      bool waiting_for_next = buffer.size() == scan.begin;
      auto deadline = std::min(
          request_deadline,
          Clock::now() + std::chrono::seconds(waiting_for_next ? m_settings.keep_alive_seconds
                                                               : m_settings.read_timeout_seconds));
      long count = connection.read_some(buffer, deadline);
      if (count <= 0) {
        // A connection closed or idle between requests ends quietly; one that stopped in the
        // middle of a head is told so, if it still listens.
        if (count < 0 && !waiting_for_next && !m_stopping)
          refuse(408, "the request was not sent in time");
        return false;
      }
    }
    auto parsed = http1::parse_head(
        std::string_view(buffer).substr(scan.begin, scan.end - scan.begin), limits);
    if (!parsed.head) {
      refuse(parsed.problem.status, parsed.problem.message);
      return false;
    }
    auto& head = *parsed.head;
    request.method = head.method;
    request.target = head.target;
    request.path = head.path;
    request.version = head.version;
    request.headers = std::move(head.fields);
    if (::getpeername(connection.socket(), reinterpret_cast<sockaddr*>(&peer), &peer_size) == 0)
      request.remote_addr = address_text(peer, request.remote_port);
    if (::getsockname(connection.socket(), reinterpret_cast<sockaddr*>(&local), &local_size) == 0)
      request.local_addr = address_text(local, request.local_port);
    if (auto problem = http1::parse_form(head.query, limits, request.params)) {
      refuse(problem->status, "query: " + problem->message);
      return false;
    }

    bool path_known = false;
    const Router::Route* route =
        m_router.find(request.method, request.path, request.matches, path_known);
    std::size_t length = head.content_length.value_or(0);
    body_unread = length > 0;
    // A POST, PATCH or PUT says how long its body is (a DELETE may leave it out: no body); a GET
    // or HEAD has none to send.
    bool needs_length = is_body_method(request.method) && request.method != "DELETE";
    if (needs_length && !head.content_length) {
      refuse(411, "send a Content-Length with the body");
      return false;
    }
    if (length > 0 && !is_body_method(request.method)) {
      refuse(400, "this method carries no body");
      return false;
    }
    if (length > 0) {
      if (!route) {
        refuse(path_known ? 405 : 404, path_known ? "method not allowed" : "not found");
        return false;
      }
      bool admitted = true;
      try {
        admitted = !m_gate || m_gate(request, route->rule, response);
      } catch (...) {
        response = httplib::Response();
        if (m_on_failure)
          m_on_failure(request, response, std::current_exception());
        else
          word_refusal(response, 500, "internal error");
        admitted = false;
      }
      if (!admitted) {
        if (response.status < 100)
          response.status = 403;
        if (respond(connection, request, response, false))
          connection.drain(Clock::now() + std::chrono::seconds(2), 32u << 20);
        return false;
      }
      std::size_t limit = route->rule.max_bytes
                              ? std::min(route->rule.max_bytes, m_settings.max_body_bytes)
                              : m_settings.max_body_bytes;
      if (length > limit) {
        refuse(413, "request body too large");
        return false;
      }
      // The body's bytes after the head; a plain connection waits for the rest of them in the
      // reader thread, within the budget of bytes it may hold, and comes back with them whole.
      bool body_whole = buffer.size() - scan.end >= length;
      if (!body_whole && !connection.is_tls()) {
        std::size_t needed = scan.end + length;
        std::size_t held = m_waiting_body_bytes.fetch_add(needed);
        if (held + needed <= m_settings.waiting_body_bytes) {
          if (head.expects_continue &&
              !connection.write_all(
                  "HTTP/1.1 100 Continue\r\n\r\n",
                  Clock::now() + std::chrono::seconds(m_settings.write_timeout_seconds))) {
            m_waiting_body_bytes -= needed;
            return false;
          }
          ready.awaiting = needed;
          ready.request_deadline = request_deadline;
          return true;
        }
        m_waiting_body_bytes -= needed;
      }
      buffer.erase(0, scan.end);
      if (!body_whole && head.expects_continue &&
          !connection.write_all(
              "HTTP/1.1 100 Continue\r\n\r\n",
              Clock::now() + std::chrono::seconds(m_settings.write_timeout_seconds)))
        return false;
      while (buffer.size() < length) {
        auto deadline = std::min(
            request_deadline, Clock::now() + std::chrono::seconds(m_settings.read_timeout_seconds));
        buffer.reserve(std::min(length, buffer.size() + (4u << 20)));
        long count = connection.read_some(buffer, deadline);
        if (count <= 0) {
          if (count < 0 && !m_stopping)
            refuse(408, "the request body was not sent in time");
          return false;
        }
      }
      body_unread = false;
      request.body = buffer.substr(0, length);
      buffer.erase(0, length);
      // A pipelined client may send the next request with the body; what is past this body
      // stays in the buffer for it.
      std::string content_type = request.get_header_value("Content-Type");
      std::string media = content_type.substr(0, content_type.find(';'));
      for (auto& character : media)
        character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
      while (!media.empty() && (media.back() == ' ' || media.back() == '\t'))
        media.pop_back();
      std::optional<http1::Problem> problem;
      if (media == "application/x-www-form-urlencoded")
        problem = http1::parse_form(request.body, limits, request.params);
      else if (media == "multipart/form-data")
        problem = http1::parse_multipart(request.body, content_type, limits, request.files);
      if (problem) {
        refuse(problem->status, problem->message);
        return false;
      }
    } else {
      buffer.erase(0, scan.end);
      if (head.expects_continue)
        head.expects_continue = false;
    }

    bool keep_alive =
        head.keep_alive && !m_stopping && served + 1 < m_settings.requests_per_connection;
    if (!route) {
      word_refusal(response, path_known ? 405 : 404,
                   path_known ? "method not allowed" : "not found");
    } else {
      try {
        route->handler(request, response);
      } catch (...) {
        response = httplib::Response();
        if (m_on_failure)
          m_on_failure(request, response, std::current_exception());
        else
          word_refusal(response, 500, "internal error");
      }
      if (response.status >= 400 && response.body.empty())
        word_refusal(response, response.status, http1::reason_phrase(response.status));
    }
    if (response.get_header_value("Connection") == "close")
      keep_alive = false;
    if (!respond(connection, request, response, keep_alive) || !keep_alive)
      return false;
  }
  return false;
}

}  // namespace tiendo::web
