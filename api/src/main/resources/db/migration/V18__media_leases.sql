-- Issue #32, several replicas on one database: a video being expanded into frame jobs is leased
-- to the process that claimed it, like a running job (V17). claimed_by names the process (host or
-- pod name, pid, random suffix); lease_until is on the database's clock (clock_timestamp()). The
-- expanding process renews its videos' leases with its heartbeat; any process requeues an
-- expanding video whose lease expired (its claimer died or lost the database), and a claimer
-- queues frames and finishes a video only while the claim is still its own. Rows left expanding
-- before this migration have no lease: they count as expired.
ALTER TABLE survey_media
  ADD COLUMN claimed_by  text,
  ADD COLUMN lease_until timestamptz;

-- The expiry sweep reads expanding videos by lease end.
CREATE INDEX survey_media_lease ON survey_media (lease_until) WHERE state = 'expanding';
