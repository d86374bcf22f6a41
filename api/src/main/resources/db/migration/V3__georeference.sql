-- Georeferencing (issue 4): how each capture was placed, what could not be placed, the survey
-- profile a job was uploaded with, and the ground length of observations and damages.

-- {"projection": "NADIR|OBLIQUE|VEHICLE|CAMERA_POSITION", "basis": "...",
--  "unplaced": [{"class", "confidence", "box", "reason"}]}
ALTER TABLE captures ADD COLUMN georeference jsonb NOT NULL DEFAULT '{}';

-- {"profile": {...survey profile...}, "trackHeadingDeg": number|null}; '{}' = no profile
ALTER TABLE jobs ADD COLUMN context jsonb NOT NULL DEFAULT '{}';

-- Extent along the footprint's longer axis, metres (crack length, pothole size); 0 = not measured
ALTER TABLE observations ADD COLUMN length_m double precision NOT NULL DEFAULT 0
  CHECK (length_m >= 0);
-- The largest observed length of the damage, metres
ALTER TABLE damages ADD COLUMN length_m double precision NOT NULL DEFAULT 0
  CHECK (length_m >= 0);
