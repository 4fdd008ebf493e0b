#pragma once
// `tiendo serve`: the web workspace and the JSON API over one database, until SIGINT or SIGTERM.
#include <iosfwd>

#include "web/http.h"

namespace tiendo::web {

// Listens (port 0: any free port), prints "listening on http://HOST:PORT" to `announce` once it
// accepts connections, and serves until stopped. Returns the exit code.
int serve(const ServerOptions& options, std::ostream& announce);

}  // namespace tiendo::web
