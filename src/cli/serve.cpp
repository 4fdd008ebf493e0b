// tiendo serve: the web workspace and the JSON API over the database, for staff who work in a
// browser and scripts that hold a token. It listens on loopback unless told otherwise: a server
// reachable from a network is a decision for whoever runs it (with TLS, or behind a proxy).
#include <fmt/format.h>

#include "cli/common.h"
#include "cli/options.h"
#include "domain/command_line.h"
#include "web/client_address.h"
#include "web/server.h"

namespace tiendo::cli {
namespace {

// "127.0.0.1:8080", "[::1]:8080" or "0.0.0.0:8080"; port 0 takes any free port.
void parse_listen(const std::string& text, web::ServerOptions& options) {
  auto refuse = [&](std::string_view why) {
    return InvalidInput(fmt::format("--listen: '{}': {} (write HOST:PORT, e.g. 127.0.0.1:8080)",
                                    shown_safely(text), why));
  };
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw refuse("no port");
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != ':' && c != '-')
      throw refuse("not a host name or address");
  auto port = parse_count(text.substr(colon + 1), CountRange{0, 65'535});
  if (!port)
    throw refuse("the port is a number from 0 to 65535");
  options.host = host;
  options.port = static_cast<int>(*port);
}

}  // namespace

void register_serve(CLI::App& app, Context& context) {
  auto* command =
      add_command(app, "serve", "the web workspace and JSON API (default 127.0.0.1:8080)");
  struct Options {
    std::string listen = "127.0.0.1:8080";
    std::string certificate, key;
    std::size_t max_body = 20u << 20;
    std::vector<std::string> trusted_proxies;
  };
  auto options = std::make_shared<Options>();
  command->add_option("--listen", options->listen,
                      "HOST:PORT (default 127.0.0.1:8080; port 0: any free)");
  command->add_option("--tls-cert", options->certificate, "PEM certificate: serve HTTPS");
  command->add_option("--tls-key", options->key, "PEM private key of --tls-cert");
  add_count_option(command, "--max-body", options->max_body,
                   "largest request body in bytes (default 20 MiB)", CountRange{1024, 1u << 30});
  command
      ->add_option("--trusted-proxy", options->trusted_proxies,
                   "a reverse proxy's address: its X-Forwarded-For names the client of a "
                   "login (repeatable); from other peers the header is ignored")
      ->type_name("ADDR");
  command->callback([&context, options] {
    web::ServerOptions server;
    parse_listen(options->listen, server);
    server.tls_certificate = options->certificate;
    server.tls_key = options->key;
    server.max_body_bytes = options->max_body;
    for (const auto& given : options->trusted_proxies) {
      auto address = web::canonical_address(given);
      if (!address)
        throw InvalidInput(fmt::format(
            "--trusted-proxy: '{}': not an IP address (write the proxy's address, e.g. 127.0.0.1)",
            shown_safely(given)));
      server.trusted_proxies.push_back(*address);
    }
    server.database_path = context.database_path();
    try {
      server.templates_path = find_fixture("", "templates.csv");
    } catch (const NotFound&) {
      // Projects are still made without a template; the form says none is available.
    }
    web::serve(server, context.out);
  });
}

}  // namespace tiendo::cli
