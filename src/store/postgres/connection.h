#pragma once
// The shared engine: a PostgreSQL database named by a libpq URI, through libpqxx.
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "store/connection.h"

namespace tiendo::store::postgres {

// Connects to the database the URI names. A server that cannot be reached is an Error naming the
// host (exit 5); the URI's password never appears in a message.
std::unique_ptr<Connection> open(const std::string& uri);

// The URI without its password, as messages show it.
std::string printable_uri(const std::string& uri);

// Sets the identity counters of the tables after rows were copied in with their ids, so that the
// next row made by a default id does not collide with a copied one.
void restart_identities(Connection& connection);

// Drops every table of tiendo's schema, inside the caller's write transaction.
void drop_schema(Connection& connection);

// The message of a failure inside PostgreSQL or its connection, or nothing for any other
// exception.
std::optional<std::string> failure_message(const std::exception& error);

}  // namespace tiendo::store::postgres
