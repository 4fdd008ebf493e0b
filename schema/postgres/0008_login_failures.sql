-- tiendo schema, version 8, PostgreSQL dialect of ../0008_login_failures.sql (read that file for
-- why): Unix seconds as BIGINT.
CREATE TABLE login_failure (
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  failures BIGINT NOT NULL CHECK (failures >= 0),
  window_started BIGINT NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (name, address)
);
CREATE INDEX login_failure_window ON login_failure(window_started);
