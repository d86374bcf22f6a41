-- Explainable priority (issue 5): condition grade, the score without its age part, the growth
-- baseline, and indexes for the repair list's filters and sort orders.
ALTER TABLE damages ADD COLUMN grade double precision NOT NULL DEFAULT 1.0
  CHECK (grade BETWEEN 1.0 AND 5.0);
-- priority_score minus the age part, so a periodic rescoring can age every damage cheaply
ALTER TABLE damages ADD COLUMN priority_base double precision NOT NULL DEFAULT 0;
-- area of the damage's first observation, square metres: the baseline of its growth
ALTER TABLE damages ADD COLUMN first_area_m2 double precision NOT NULL DEFAULT 0
  CHECK (first_area_m2 >= 0);
UPDATE damages SET first_area_m2 = area_m2, priority_base = priority_score;

CREATE INDEX damages_grade ON damages (grade DESC, id DESC);
CREATE INDEX damages_last_seen ON damages (last_seen DESC, id DESC);
-- bbox filters (point(lon, lat) <@ box(...)) use the GiST index damages_lonlat of V6.

-- Small key/value facts about the register, e.g. which priority policy last scored it.
CREATE TABLE register_settings (
  key        text PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
