-- Why a damage is not believed as it stands (PlausibilityCheck): a JSON array of
-- {"reason": "size" | "offRoad", "detail": "..."}, empty for a plausible damage. Implausible
-- damages stay in the register and are left out of the default repair list. Filled for existing
-- damages by the rescoring at the next start (the priority formula version changed).
ALTER TABLE damages ADD COLUMN implausible jsonb NOT NULL DEFAULT '[]'
  CHECK (jsonb_typeof(implausible) = 'array');
-- The default repair list reads plausible damages in priority order.
CREATE INDEX damages_plausible_priority ON damages (priority_score DESC, id DESC)
  WHERE implausible = '[]'::jsonb;
