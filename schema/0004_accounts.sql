-- tiendo schema, version 4: accounts for the web workspace and the API. Nothing secret is kept in
-- clear: a password only as its argon2id string, an API token and a session id (256-bit random
-- values) only as a BLAKE2b hash, which is enough for values that cannot be guessed and lets a
-- request be matched by an index lookup.

-- Names compare without case ("Admin" is "admin"), so two accounts cannot differ only in case.
CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  created_at_utc TEXT NOT NULL,
  updated_at_utc TEXT NOT NULL
);

-- The provinces as given, by their official names, in the order given: an editor's scope by the
-- --province rule (a current unit covers its legacy provinces), the order of a viewer's dashboard.
CREATE TABLE account_province (
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  province TEXT NOT NULL,
  PRIMARY KEY (account_id, position),
  UNIQUE (account_id, province)
);

-- A token is valid from its creation until it is revoked (revoked_at_utc set).
CREATE TABLE api_token (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at_utc TEXT NOT NULL,
  revoked_at_utc TEXT
);
CREATE INDEX api_token_account ON api_token(account_id);

-- A browser's session. Its CSRF token is not stored at all: it is derived from the session id
-- (a keyed BLAKE2b of it), which only the browser holds, so the database never holds one.
CREATE TABLE session (
  id INTEGER PRIMARY KEY,
  id_hash TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  created_at_utc TEXT NOT NULL,
  last_seen_at_utc TEXT NOT NULL
);
CREATE INDEX session_last_seen ON session(last_seen_at_utc);
