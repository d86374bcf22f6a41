-- The register the road department works from (issue 5): the damage lifecycle, who changed what,
-- and damages that a later capture covered without seeing them again.

-- Ground coverage of a projected capture: GeoJSON Polygon (lon, lat) of the whole image frame on
-- the ground, or null when the capture could not be projected (camera position only).
ALTER TABLE captures ADD COLUMN coverage jsonb;

-- Workflow status, see org.roadscan.api.register.DamageStatus for the transitions.
ALTER TABLE damages ADD CONSTRAINT damages_status_check
  CHECK (status IN ('new', 'confirmed', 'scheduled', 'repaired', 'verified', 'rejected'));

-- Set when a later capture covered the damage's position without observing it; cleared when an
-- observation merges into it again. Never deletes anything.
ALTER TABLE damages ADD COLUMN possibly_repaired boolean NOT NULL DEFAULT false;
ALTER TABLE damages ADD COLUMN possibly_repaired_since timestamptz;
-- Bounding-box pre-filter of the coverage check.
CREATE INDEX damages_lon_lat ON damages (lon, lat);

-- Who made a change (status changes name a person; null for the service's own events).
ALTER TABLE damage_events ADD COLUMN actor text;
ALTER TABLE damage_events DROP CONSTRAINT damage_events_kind_check;
ALTER TABLE damage_events ADD CONSTRAINT damage_events_kind_check
  CHECK (kind IN ('created', 'merged', 'status', 'flagged', 'unflagged'));
