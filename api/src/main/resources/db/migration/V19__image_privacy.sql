-- Anonymisation record (issue #31, privacy).
--
-- Every image is anonymised before it is stored: faces and number plates are blurred and the
-- file holds only the blurred re-encoding (no EXIF or XMP). Its key stays the SHA-256 of the
-- bytes as uploaded, so a re-upload of the same photo is still recognised; the original bytes
-- are never written. One row per stored image says what was blurred and by which detector, so
-- an auditor (or a later, better detector) can tell which images were anonymised by what.
-- Written in the transaction that queues the image's job (a feed frame: that registers it); a
-- re-anonymisation of the same bytes (stored again after retention deleted the file) updates it.
-- Images stored before this migration have no row.
CREATE TABLE image_privacy (
  image_sha256     char(64) PRIMARY KEY,
  faces            integer NOT NULL CHECK (faces >= 0),
  plates           integer NOT NULL CHECK (plates >= 0),
  -- models and blur code, e.g. yunet-2023mar+lpd-yunet-2023mar/roadscan-anon-5
  detector_version text NOT NULL,
  anonymised_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
