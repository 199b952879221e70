import type { Migration } from '../migration';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  school_year INTEGER NOT NULL,
  ref_seq INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  reporter_id TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  urgency_rank INTEGER NOT NULL,
  assignee_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc TEXT NOT NULL,
  card_location TEXT,
  UNIQUE (school_year, ref_seq)
);
CREATE INDEX incidents_queue ON incidents (status, urgency_rank DESC, created_at, school_year, ref_seq);
CREATE INDEX incidents_created ON incidents (created_at);
CREATE INDEX incidents_reporter ON incidents (reporter_id);

CREATE TABLE incident_events (
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (incident_id, seq)
) WITHOUT ROWID;
-- The trail is append-only: only a retention purge (DELETE) may remove it.
CREATE TRIGGER incident_events_append_only BEFORE UPDATE ON incident_events
BEGIN SELECT RAISE(ABORT, 'incident events are append-only'); END;

CREATE TABLE reference_counters (
  school_year INTEGER PRIMARY KEY,
  last_seq INTEGER NOT NULL
);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  locked_until TEXT,
  last_error TEXT,
  delivered_at TEXT,
  failed_permanently INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id)
  WHERE delivered_at IS NULL AND failed_permanently = 0;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  answer_id TEXT NOT NULL,
  document_title TEXT,
  section TEXT,
  helpful INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  at TEXT NOT NULL
);

CREATE TABLE slt_questions (
  id TEXT PRIMARY KEY,
  asked_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  answered_at TEXT
);

CREATE TABLE addresses (
  user_id TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE bot_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  etag TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  action TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  subject TEXT,
  at TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`,
};
