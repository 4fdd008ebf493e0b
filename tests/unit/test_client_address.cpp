// The small pieces of telling who asks: the client address the failed-login limits count, the
// bearer token of an Authorization header, and the page a login comes back to.
#include <doctest/doctest.h>

#include "web/client_address.h"
#include "web/credentials.h"

using namespace tiendo::web;

TEST_CASE("client addresses are canonical, and X-Forwarded-For counts only from a trusted proxy") {
  CHECK(canonical_address("192.0.2.1") == "192.0.2.1");
  CHECK(canonical_address(" ::ffff:192.0.2.1 ") == "192.0.2.1");
  CHECK(canonical_address("0:0:0:0:0:0:0:1") == "::1");
  CHECK(canonical_address("2001:DB8::1") == "2001:db8::1");
  CHECK_FALSE(canonical_address("proxy.local"));
  CHECK_FALSE(canonical_address("192.0.2.1:8080"));
  CHECK_FALSE(canonical_address("unknown"));
  CHECK_FALSE(canonical_address(""));

  httplib::Request request;
  request.remote_addr = "127.0.0.1";
  request.headers.emplace("X-Forwarded-For", "203.0.113.9, 198.51.100.4");
  // Not trusted: the header is whatever the client wrote.
  CHECK(client_address(request, {}) == "127.0.0.1");
  CHECK(client_address(request, {"10.0.0.1"}) == "127.0.0.1");
  // Trusted: the last hop, the one the proxy added.
  CHECK(client_address(request, {"127.0.0.1"}) == "198.51.100.4");
  // Several header lines are one list, in order.
  request.headers.emplace("X-Forwarded-For", "2001:db8::7");
  CHECK(client_address(request, {"127.0.0.1"}) == "2001:db8::7");
  // A dual-stack peer is the same address.
  request.remote_addr = "::ffff:127.0.0.1";
  CHECK(client_address(request, {"127.0.0.1"}) == "2001:db8::7");
  // A hop that is no address: the proxy's own.
  httplib::Request garbled;
  garbled.remote_addr = "127.0.0.1";
  garbled.headers.emplace("X-Forwarded-For", "198.51.100.4, not-an-address");
  CHECK(client_address(garbled, {"127.0.0.1"}) == "127.0.0.1");
}

TEST_CASE("the bearer scheme is read in any case") {
  CHECK(bearer_token("Bearer abc") == "abc");
  CHECK(bearer_token("bearer abc") == "abc");
  CHECK(bearer_token("BEARER   abc ") == "abc");
  CHECK_FALSE(bearer_token("Bearer "));
  CHECK_FALSE(bearer_token("Bearerabc"));
  CHECK_FALSE(bearer_token("Basic abc"));
  CHECK_FALSE(bearer_token("Bearer"));
}

TEST_CASE("a login comes back to the page asked for, on this server only") {
  httplib::Request request;
  request.path = "/projects";
  request.params.emplace("province", "Sóc Trăng");
  request.params.emplace("q", "a&b");
  CHECK(requested_target(request) == "/projects?province=S%C3%B3c%20Tr%C4%83ng&q=a%26b");
  request.params.emplace("z", std::string(3000, 'x'));
  CHECK(requested_target(request) == "/projects");

  CHECK(local_target("/projects?x=1") == "/projects?x=1");
  CHECK(local_target("//evil.example/") == "/");
  CHECK(local_target("/\\evil.example/") == "/");
  CHECK(local_target("https://evil.example/") == "/");
  CHECK(local_target("/x\r\nSet-Cookie: a=1") == "/");
  CHECK(local_target("") == "/");
}
