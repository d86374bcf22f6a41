-- Retention and data minimisation (issue #31, privacy).
--
-- A capture's image file is deleted once it is older than ROADSCAN_IMAGE_RETENTION_DAYS (by
-- received_at: set by this server, never missing, not forgeable by a device clock). The register
-- keeps the capture row (position, time, georeference), its observations and, as files under
-- data/crops, the excerpt of each observation. Survey videos and telemetry are deleted the same
-- way once their expansion has finished.
ALTER TABLE captures ADD COLUMN image_deleted_at timestamptz;
CREATE INDEX captures_image_kept ON captures (received_at) WHERE image_deleted_at IS NULL;
ALTER TABLE survey_media ADD COLUMN files_deleted_at timestamptz;

-- One row per deleted file: the audit of retention. Written in the same transaction that marks
-- the capture (or video) deleted, before the file is removed; file_removed turns true once it is
-- gone, so a restart finishes the rows a crash left false.
CREATE TABLE retention_deletions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('capture-image', 'survey-video', 'survey-telemetry')),
  capture_id   bigint REFERENCES captures (id),
  media_id     bigint REFERENCES survey_media (id),
  sha256       char(64) NOT NULL,
  -- the file, relative to the data directory (e.g. images/ab/abcd….jpg)
  file         text NOT NULL,
  deleted_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- e.g. 'retention: received 2026-01-02T…, older than 180 days'
  reason       text NOT NULL,
  -- observation excerpts kept under data/crops before the image went (capture-image only)
  crops        integer NOT NULL DEFAULT 0,
  file_removed boolean NOT NULL DEFAULT false,
  CHECK ((kind = 'capture-image') = (capture_id IS NOT NULL)),
  CHECK ((kind <> 'capture-image') = (media_id IS NOT NULL))
);
CREATE INDEX retention_deletions_pending ON retention_deletions (id) WHERE NOT file_removed;
CREATE INDEX retention_deletions_capture ON retention_deletions (capture_id);

-- No release stored device serial numbers (captures.metadata holds the CaptureMetadata record's
-- components only), but a development build or a future field must not leave any behind.
UPDATE captures
SET metadata = metadata - ARRAY['serialNumber', 'bodySerialNumber', 'cameraSerialNumber',
                                'lensSerialNumber', 'droneSerialNumber', 'cameraSerial']
WHERE metadata ?| ARRAY['serialNumber', 'bodySerialNumber', 'cameraSerialNumber',
                        'lensSerialNumber', 'droneSerialNumber', 'cameraSerial'];
