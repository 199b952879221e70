import type { Migration } from '../migration';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE incidents (
  id text PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  school_year integer NOT NULL,
  ref_seq integer NOT NULL,
  idempotency_key text NOT NULL,
  reporter_id text NOT NULL,
  type text NOT NULL,
  status text NOT NULL,
  urgency_rank smallint NOT NULL,
  assignee_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL,
  doc jsonb NOT NULL,
  card_location jsonb,
  CONSTRAINT incidents_idempotency_key UNIQUE (idempotency_key),
  UNIQUE (school_year, ref_seq)
);
CREATE INDEX incidents_queue ON incidents (status, urgency_rank DESC, created_at, school_year, ref_seq);
CREATE INDEX incidents_created ON incidents (created_at);
CREATE INDEX incidents_reporter ON incidents (reporter_id);

CREATE TABLE incident_events (
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  kind text NOT NULL,
  actor_id text NOT NULL,
  at timestamptz NOT NULL,
  body jsonb NOT NULL,
  PRIMARY KEY (incident_id, seq)
);

-- The trail and the audit log are append-only: only a retention purge (DELETE) may remove events.
CREATE FUNCTION forbid_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER incident_events_append_only BEFORE UPDATE ON incident_events
  FOR EACH ROW EXECUTE FUNCTION forbid_update();

CREATE TABLE reference_counters (
  school_year integer PRIMARY KEY,
  last_seq integer NOT NULL
);

CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL UNIQUE,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_error text,
  delivered_at timestamptz,
  failed_permanently boolean NOT NULL DEFAULT false
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id)
  WHERE delivered_at IS NULL AND NOT failed_permanently;

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE feedback (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  answer_id text NOT NULL,
  document_title text,
  section text,
  helpful boolean NOT NULL,
  user_id text NOT NULL,
  at timestamptz NOT NULL
);

CREATE TABLE slt_questions (
  id text PRIMARY KEY,
  asked_at text NOT NULL,
  doc jsonb NOT NULL,
  answered_at timestamptz
);

CREATE TABLE addresses (
  user_id text PRIMARY KEY,
  address jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE bot_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  etag text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  action text NOT NULL,
  actor_id text NOT NULL,
  subject text,
  at timestamptz NOT NULL,
  detail jsonb
);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION forbid_update();
`,
};
