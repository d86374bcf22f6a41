-- Issue #28: an incident's events (the tags of its frames, the frames dropped) survive a restart,
-- so GET /v1/incidents/{id}, its CoT, GeoJSON, frames and events (Last-Event-ID) still answer for
-- an incident fed before it. feed.IncidentLog keeps the live events in memory and writes each one
-- here after it happened (the frame's 200 never waits for this insert); it reads here when memory
-- does not hold what is asked (after a restart, or an incident evicted from memory).
-- event_id is the incident's SSE id (grows by one per incident, seeded at start from the largest
-- one here); the unique pair is the index the reads use (incident, event_id > n), and it refuses a
-- second process writing the same id for one incident rather than storing an ambiguous resume.
CREATE TABLE incident_events (
  id         bigserial PRIMARY KEY,
  incident   text NOT NULL,
  event_id   bigint NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('tags', 'frame-dropped')),
  data       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (incident, event_id)
);
