-- Survey completions in a fixed lock order. V11's survey_job_finished() wrote its events (whose
-- foreign key holds the survey row FOR KEY SHARE) and checked for an earlier damage-found before
-- it took the survey row FOR UPDATE (in survey_settle). Two transactions finishing jobs of one
-- survey at once (two worker processes on one database) could both pass the check, each holding
-- the row FOR KEY SHARE, and then each wait for the other's share to take FOR UPDATE: a deadlock
-- (one batch rolled back and retried), and without it both would have written damage-found.
-- Now the lock comes first: the second transaction waits for the first to commit, and its checks
-- (read committed: a fresh snapshot per statement) then see the first one's events. Completions
-- of one survey were already serialised by survey_settle's lock; this only takes it earlier.
-- SurveyJobFinishedTriggerTest forces that interleaving.
CREATE OR REPLACE FUNCTION survey_job_finished() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM surveys WHERE id = NEW.survey_id FOR UPDATE;
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
