#pragma once
// Small pieces of how a browser or a script proves who it is, kept apart from the HTTP plumbing
// (http.cpp) so that each is tested alone: the bearer token of an Authorization header, and the
// page a login comes back to.
#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

namespace tiendo::web {

// The token of `Authorization: Bearer TOKEN`. The scheme is compared without case (RFC 9110
// section 11.1: "bearer" and "BEARER" are "Bearer") and followed by one or more spaces; nothing for
// another scheme or an empty token.
std::optional<std::string> bearer_token(std::string_view header);

// The page a GET asked for, path and query, as a local target to come back to after logging in:
// "/projects?province=S%C3%B3c%20Tr%C4%83ng". Past 2,048 bytes the query is left out, so that a
// login form never carries an unbounded value.
std::string requested_target(const httplib::Request& request);

// Where to go after logging in: `next` when it is a path on this server ("/projects?x=1"), "/"
// for anything else ("//other.host", "https://...", "/\\host", control characters), so the
// login page cannot be used to send someone elsewhere.
std::string local_target(std::string_view next);

}  // namespace tiendo::web
