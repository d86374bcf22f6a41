-- Issue #28: the fire brigade's live feed registers its tags like any capture, but the register
-- must tell them apart: a frame from an incident is a hurried look, not a planned survey, and
-- reports (and people reading the register) want to know where a sighting came from.
-- Numbered 13, not 12: another branch adds a V12 at the same time; versions need only increase.
ALTER TABLE captures
  ADD COLUMN source text NOT NULL DEFAULT 'upload' CHECK (source IN ('upload', 'feed')),
  ADD COLUMN incident text;

-- GET /v1/incidents/{id} reads the live view from memory; this index serves reports that list an
-- incident's registered frames later.
CREATE INDEX captures_incident ON captures (incident) WHERE incident IS NOT NULL;
