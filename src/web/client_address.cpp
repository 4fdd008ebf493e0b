#include "web/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace tiendo::web {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> canonical_address(std::string_view text) {
  text = trimmed(text);
  // The longest IPv6 text (with an IPv4 tail) is 45 characters.
  if (text.empty() || text.size() > 45)
    return std::nullopt;
  std::string given(text);
  std::array<char, INET6_ADDRSTRLEN> written{};
  in_addr version4{};
  if (inet_pton(AF_INET, given.c_str(), &version4) == 1 &&
      inet_ntop(AF_INET, &version4, written.data(), written.size()))
    return std::string(written.data());
  in6_addr version6{};
  if (inet_pton(AF_INET6, given.c_str(), &version6) != 1)
    return std::nullopt;
  // A dual-stack socket shows an IPv4 client as ::ffff:a.b.c.d; it is the same client.
  if (IN6_IS_ADDR_V4MAPPED(&version6)) {
    std::copy_n(&version6.s6_addr[12], 4, reinterpret_cast<unsigned char*>(&version4.s_addr));
    if (inet_ntop(AF_INET, &version4, written.data(), written.size()))
      return std::string(written.data());
    return std::nullopt;
  }
  if (!inet_ntop(AF_INET6, &version6, written.data(), written.size()))
    return std::nullopt;
  return std::string(written.data());
}

std::string client_address(const httplib::Request& request,
                           const std::vector<std::string>& trusted_proxies) {
  std::string peer = canonical_address(request.remote_addr).value_or(request.remote_addr);
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) == trusted_proxies.end())
    return peer;
  // The last hop is the one the trusted proxy itself added; the ones before it came from the
  // client and prove nothing. Several X-Forwarded-For lines are one list, in order.
  std::string_view last;
  auto range = request.headers.equal_range("X-Forwarded-For");
  for (auto it = range.first; it != range.second; ++it) {
    std::string_view list = it->second;
    auto comma = list.rfind(',');
    std::string_view hop = trimmed(comma == std::string_view::npos ? list : list.substr(comma + 1));
    if (!hop.empty())
      last = hop;
  }
  // A proxy that sent no address, or something that is none: the proxy's own, so such requests
  // are at least counted together.
  return canonical_address(last).value_or(peer);
}

}  // namespace tiendo::web
