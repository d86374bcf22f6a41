-- Durable analysis queue: one row per accepted image, claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
  id           uuid PRIMARY KEY,
  state        text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  -- analyses started; a job left running by a crash is requeued while attempts < 3
  attempts     integer NOT NULL DEFAULT 0,
  image_sha256 char(64) NOT NULL,
  file_name    text NOT NULL,
  capture_id   bigint REFERENCES captures (id),
  -- RFC 9457 problem object when state = 'failed'
  error        jsonb,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX jobs_queued ON jobs (created_at) WHERE state = 'queued';
CREATE INDEX jobs_running ON jobs (state) WHERE state = 'running';
