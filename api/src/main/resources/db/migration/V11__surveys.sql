-- Survey ingest (issue #27): a survey groups the images, photo folders (ZIP) and videos of one
-- flight or drive under one profile, reports its progress and streams its events.

CREATE TABLE surveys (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('drone', 'vehicle')),
  -- the survey profile in the stored form of CaptureContextJson ({} for none); every job of the
  -- survey is queued with it, so a job keeps its profile across restarts
  profile    jsonb NOT NULL,
  -- the profile's "video" member (gimbal pitch, telemetry offset, sampling), or null
  video      jsonb,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- A video of a survey with its telemetry (DJI .SRT) or track (GPX), both content-addressed under
-- data/media. Expanded into frame jobs by survey.MediaExpansion, claimed like jobs with
-- FOR UPDATE SKIP LOCKED: queued -> expanding -> done | failed (expanding -> queued after a crash).
CREATE TABLE survey_media (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survey_id           bigint NOT NULL REFERENCES surveys (id),
  kind                text NOT NULL CHECK (kind IN ('video')),
  state               text NOT NULL CHECK (state IN ('queued', 'expanding', 'done', 'failed')),
  attempts            integer NOT NULL DEFAULT 0,
  file_name           text NOT NULL,
  sha256              char(64) NOT NULL,
  bytes               bigint NOT NULL,
  telemetry_kind      text NOT NULL CHECK (telemetry_kind IN ('srt', 'gpx')),
  telemetry_file_name text NOT NULL,
  telemetry_sha256    char(64) NOT NULL,
  frames_sampled      integer NOT NULL DEFAULT 0,
  frames_refused      integer NOT NULL DEFAULT 0,
  -- RFC 9457 problem object when state = 'failed'
  error               jsonb,
  created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- the same video twice in one survey is a duplicate, not a second expansion
  UNIQUE (survey_id, sha256)
);
CREATE INDEX survey_media_queued ON survey_media (created_at) WHERE state = 'queued';

-- Frames a video's expansion refused (no usable pose, not decodable), with the reason.
CREATE TABLE survey_frame_failures (
  media_id     bigint NOT NULL REFERENCES survey_media (id),
  frame_index  integer NOT NULL,
  timestamp_ms bigint NOT NULL,
  problem      jsonb NOT NULL,
  PRIMARY KEY (media_id, frame_index)
);

-- A job belongs to a survey (null for /v1/captures), and a frame job to its video and index.
-- The unique pair lets a resumed expansion insert a frame it already queued without doubling it
-- (NULLs are distinct, so image jobs are not constrained by it).
ALTER TABLE jobs
  ADD COLUMN survey_id   bigint REFERENCES surveys (id),
  ADD COLUMN media_id    bigint REFERENCES survey_media (id),
  ADD COLUMN frame_index integer,
  ADD CONSTRAINT jobs_media_frame UNIQUE (media_id, frame_index),
  ADD CONSTRAINT jobs_frame_of_media CHECK ((media_id IS NULL) = (frame_index IS NULL));
CREATE INDEX jobs_survey ON jobs (survey_id, state) WHERE survey_id IS NOT NULL;
-- The same image bytes in the same survey are one job: a second upload is reported duplicate.
CREATE UNIQUE INDEX jobs_survey_image ON jobs (survey_id, image_sha256)
  WHERE survey_id IS NOT NULL AND media_id IS NULL;

-- What happened in a survey, in order, for GET /v1/surveys/{id}/events (Server-Sent Events; the
-- id is the event id a client resumes after with Last-Event-ID).
CREATE TABLE survey_events (
  id         bigserial PRIMARY KEY,
  survey_id  bigint NOT NULL REFERENCES surveys (id),
  kind       text NOT NULL
             CHECK (kind IN ('frame-processed', 'damage-found', 'failed', 'survey-done')),
  data       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX survey_events_survey ON survey_events (survey_id, id);

-- Writes survey-done when nothing of the survey is pending any more. The survey row lock
-- serialises the completions of one survey: the transaction finishing the last pending job or
-- video waits for the others and then (read committed: a fresh snapshot per statement) sees them
-- finished, so exactly one of them writes the event, in any number of processes.
CREATE FUNCTION survey_settle(p_survey bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM surveys WHERE id = p_survey FOR UPDATE;
  IF EXISTS (SELECT 1 FROM jobs WHERE survey_id = p_survey AND state IN ('queued', 'running'))
     OR EXISTS (SELECT 1 FROM survey_media
                WHERE survey_id = p_survey AND state IN ('queued', 'expanding')) THEN
    RETURN;
  END IF;
  INSERT INTO survey_events (survey_id, kind, data)
  SELECT p_survey, 'survey-done', jsonb_build_object(
    'accepted', count(*),
    'processed', count(*) FILTER (WHERE state = 'done'),
    'failed', count(*) FILTER (WHERE state = 'failed')
               + (SELECT count(*) FROM survey_frame_failures f
                  JOIN survey_media m ON m.id = f.media_id WHERE m.survey_id = p_survey))
  FROM jobs WHERE survey_id = p_survey;
END
$$;

-- Survey events are written by triggers so that they commit in the same transaction as the job's
-- done or failed mark, whichever code path sets it (a worker's register batch, a refusal, a retry
-- giving up, the requeue at start), in any process. frame-processed lists the capture's
-- observations; damage-found names each damage this survey sees for the first time.
CREATE FUNCTION survey_job_finished() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'done' THEN
    INSERT INTO survey_events (survey_id, kind, data)
    SELECT NEW.survey_id, 'frame-processed', jsonb_build_object(
      'jobId', NEW.id, 'fileName', NEW.file_name, 'mediaId', NEW.media_id,
      'frameIndex', NEW.frame_index, 'captureId', NEW.capture_id,
      'observations', COALESCE((SELECT jsonb_agg(jsonb_build_object(
          'id', o.id, 'class', o.class, 'damageId', o.damage_id) ORDER BY o.id)
        FROM observations o WHERE o.capture_id = NEW.capture_id), '[]'::jsonb));
    INSERT INTO survey_events (survey_id, kind, data)
    SELECT NEW.survey_id, 'damage-found', jsonb_build_object(
      'damageId', d.id, 'class', d.class,
      'position', jsonb_build_object('lon', d.lon, 'lat', d.lat))
    FROM damages d
    WHERE d.id IN (SELECT damage_id FROM observations WHERE capture_id = NEW.capture_id)
      AND NOT EXISTS (SELECT 1 FROM survey_events e
                      WHERE e.survey_id = NEW.survey_id AND e.kind = 'damage-found'
                        AND (e.data->>'damageId')::bigint = d.id)
    ORDER BY d.id;
  ELSE
    INSERT INTO survey_events (survey_id, kind, data)
    VALUES (NEW.survey_id, 'failed', jsonb_build_object(
      'jobId', NEW.id, 'fileName', NEW.file_name, 'mediaId', NEW.media_id,
      'frameIndex', NEW.frame_index, 'problem', NEW.error));
  END IF;
  PERFORM survey_settle(NEW.survey_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER jobs_survey_events AFTER UPDATE OF state ON jobs FOR EACH ROW
  WHEN (NEW.survey_id IS NOT NULL AND NEW.state IN ('done', 'failed')
        AND OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION survey_job_finished();

CREATE FUNCTION survey_media_finished() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'failed' THEN
    INSERT INTO survey_events (survey_id, kind, data)
    VALUES (NEW.survey_id, 'failed', jsonb_build_object(
      'mediaId', NEW.id, 'fileName', NEW.file_name, 'problem', NEW.error));
  END IF;
  PERFORM survey_settle(NEW.survey_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER survey_media_events AFTER UPDATE OF state ON survey_media FOR EACH ROW
  WHEN (NEW.state IN ('done', 'failed') AND OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION survey_media_finished();
