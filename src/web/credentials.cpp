#include "web/credentials.h"

#include "report/html.h"

namespace tiendo::web {
namespace {

constexpr std::size_t target_max_bytes = 2048;

char ascii_lower(char character) {
  return character >= 'A' && character <= 'Z' ? static_cast<char>(character - 'A' + 'a')
                                              : character;
}

}  // namespace

std::optional<std::string> bearer_token(std::string_view header) {
  constexpr std::string_view scheme = "bearer";
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ')
    return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (ascii_lower(header[i]) != scheme[i])
      return std::nullopt;
  std::string_view token = header.substr(scheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ')
    token.remove_suffix(1);
  if (token.empty())
    return std::nullopt;
  return std::string(token);
}

std::string requested_target(const httplib::Request& request) {
  // The server hands over the path decoded and the query as parameters: both are encoded again,
  // so that a '?' or '&' inside a value stays inside it.
  std::string path = report::url_component(request.path, true);
  std::string query;
  for (const auto& [name, value] : request.params) {
    query += query.empty() ? '?' : '&';
    query += report::url_component(name);
    query += '=';
    query += report::url_component(value);
  }
  if (path.size() + query.size() > target_max_bytes)
    return path.size() > target_max_bytes ? "/" : path;
  return path + query;
}

std::string local_target(std::string_view next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/";
  for (char character : next)
    if (static_cast<unsigned char>(character) < 0x20 || character == 0x7f || character == '\\')
      return "/";
  return std::string(next);
}

}  // namespace tiendo::web
