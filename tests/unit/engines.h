#pragma once
// The unit tests of the store, the accounts and the operations run twice in `make test`: on SQLite
// files, and on PostgreSQL when TIENDO_TEST_POSTGRES gives the base URI of a server
// (tests/postgres/server.py starts a throwaway one as a CTest fixture).
#include <string>

namespace tiendo::testing {

// True when this run of the tests is the PostgreSQL one.
bool on_postgres();

// Where a test's database lives: `file` itself on SQLite; on PostgreSQL, a new empty database on
// the test server (its name made from the file's and a counter), dropped when the run ends.
std::string database_location(const std::string& file);

// Runs SQL on the PostgreSQL database at `uri` as another program would (psql); true when it
// succeeded.
bool run_psql(const std::string& uri, const std::string& sql);
// The first column of the first row of a query run by psql ("" for none or NULL); throws when the
// query fails.
std::string psql_value(const std::string& uri, const std::string& sql);

}  // namespace tiendo::testing
