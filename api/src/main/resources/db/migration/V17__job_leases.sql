-- Issue #32, several replicas on one database: a running job is leased to the process that
-- claimed it. claimed_by names the process (host or pod name, pid, random suffix); lease_until is
-- on the database's clock (clock_timestamp(), so replicas' clocks never matter). The claimer
-- renews the leases of its running jobs by heartbeat; any process requeues a running job whose
-- lease expired (its claimer died or lost the database), and a claimer finishes a job only while
-- the claim is still its own. Rows left running before this migration have no lease: they count
-- as expired.
-- Numbered 17 like another branch's migration of the same time; the integrator renumbers.
ALTER TABLE jobs
  ADD COLUMN claimed_by  text,
  ADD COLUMN lease_until timestamptz;

-- The expiry sweep reads running jobs by lease end.
CREATE INDEX jobs_lease ON jobs (lease_until) WHERE state = 'running';

-- Wake-ups across processes: a job becoming queued (inserted by an upload, a survey, a video's
-- expansion, or requeued) notifies every listening worker process on channel roadscan_jobs. The
-- notification is sent when the transaction commits; identical ones of one transaction are sent
-- once, so a survey of a thousand images is one notification.
CREATE FUNCTION jobs_notify_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('roadscan_jobs', 'queued');
  RETURN NULL;
END
$$;

CREATE TRIGGER jobs_queued_notify AFTER INSERT OR UPDATE OF state ON jobs FOR EACH ROW
  WHEN (NEW.state = 'queued') EXECUTE FUNCTION jobs_notify_queued();
