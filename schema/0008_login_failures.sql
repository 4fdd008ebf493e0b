-- tiendo schema, version 8: failed logins of the web workspace, kept in the database so that every
-- server process shares them and a restart or a crash keeps them (the rule is in
-- src/operations/accounts.h, "Failed logins"). One row per login name (ASCII letters folded to
-- lower case) and client address, and one per name whose address is '*', which counts the
-- failures from every address. Times are Unix seconds.
CREATE TABLE login_failure (
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  -- Failures counted since window_started; an attempt counts before its password is checked.
  failures INTEGER NOT NULL CHECK (failures >= 0),
  window_started INTEGER NOT NULL,
  -- Until when the name is refused for this address (every address for '*'); 0: not locked.
  locked_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (name, address)
);
-- Rows whose window and lock have both passed are removed at each login: this finds them.
CREATE INDEX login_failure_window ON login_failure(window_started);
