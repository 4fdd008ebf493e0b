-- tiendo schema, version 1.
-- Dates are stored as text at the precision they were entered ("2019", "2019-07", "2019-07-15"),
-- so a coarse date keeps its meaning ("by July 2019") instead of pretending to know the day.
-- Capacities are stored as integer watts so that sums are exact and nothing is rounded away.

CREATE TABLE province (
  legacy_name TEXT PRIMARY KEY,
  legacy_slug TEXT NOT NULL UNIQUE,
  current_name TEXT NOT NULL,
  current_slug TEXT NOT NULL,
  centrally_run INTEGER NOT NULL CHECK (centrally_run IN (0, 1))
);

CREATE TABLE project (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  technology TEXT NOT NULL,
  province TEXT NOT NULL,
  capacity_watts INTEGER CHECK (capacity_watts IS NULL OR capacity_watts >= 0),
  capacity_watts_peak INTEGER CHECK (capacity_watts_peak IS NULL OR capacity_watts_peak >= 0),
  investor TEXT,
  parent_id INTEGER REFERENCES project(id) ON DELETE RESTRICT,
  stage TEXT NOT NULL,
  target_cod TEXT,
  latitude REAL,
  longitude REAL,
  site TEXT,
  source TEXT
);
CREATE INDEX project_parent ON project(parent_id);

CREATE TABLE milestone (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT,
  duration_days INTEGER NOT NULL DEFAULT 0 CHECK (duration_days >= 0),
  planned TEXT,
  actual_start TEXT,
  actual TEXT,
  forecast TEXT,
  reason TEXT,
  source TEXT,
  UNIQUE (project_id, key)
);

CREATE TABLE dependency (
  id INTEGER PRIMARY KEY,
  from_milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
  to_milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
  lag_days INTEGER NOT NULL DEFAULT 0,
  UNIQUE (from_milestone_id, to_milestone_id),
  CHECK (from_milestone_id <> to_milestone_id)
);
CREATE INDEX dependency_to ON dependency(to_milestone_id);

-- Side states (suspended, cancelled, retired, and active to end one) are dated events, so the
-- status of a project as of any date can be derived.
CREATE TABLE status_event (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('suspended', 'cancelled', 'retired', 'active')),
  date TEXT NOT NULL,
  reason TEXT,
  source TEXT
);
CREATE INDEX status_event_project ON status_event(project_id);

CREATE TABLE baseline (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at_utc TEXT NOT NULL,
  actor TEXT NOT NULL
);

CREATE TABLE baseline_milestone (
  baseline_id INTEGER NOT NULL REFERENCES baseline(id) ON DELETE CASCADE,
  project_code TEXT NOT NULL,
  milestone_key TEXT NOT NULL,
  planned TEXT,
  PRIMARY KEY (baseline_id, project_code, milestone_key)
);

-- Append-only: nothing in tiendo updates or deletes a row here.
CREATE TABLE change_log (
  id INTEGER PRIMARY KEY,
  at_utc TEXT NOT NULL,
  actor TEXT NOT NULL,
  project_code TEXT,
  entity TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  reason TEXT,
  source TEXT
);
CREATE INDEX change_log_project ON change_log(project_code);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
