#pragma once
// Who a request comes from, as the failed-login limits count it (operations/accounts.h). The
// socket's peer, unless the peer is a reverse proxy the administrator named with `tiendo serve
// --trusted-proxy ADDR`: then the last address of X-Forwarded-For, which that proxy added. A
// header from any other peer is ignored, since a client can write whatever it likes there.
#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tiendo::web {

// An IPv4 or IPv6 address in one canonical spelling ("::ffff:192.0.2.1" is "192.0.2.1",
// "0:0::1" is "::1"), so that equal addresses compare equal as text; nothing for anything else
// (a host name, a port, garbage).
std::optional<std::string> canonical_address(std::string_view text);

// `trusted_proxies` are canonical addresses (canonical_address).
std::string client_address(const httplib::Request& request,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace tiendo::web
