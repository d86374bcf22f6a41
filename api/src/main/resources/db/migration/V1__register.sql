-- The damage register. Plain PostgreSQL 15+ with contrib only (no PostGIS), so the same SQL runs
-- on the embedded server and on any managed PostgreSQL.
-- Coordinates: WGS84 degrees, columns named lon/lat; distances in metres via earthdistance.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- One uploaded photo, stored once per content hash.
CREATE TABLE captures (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256      char(64) NOT NULL UNIQUE,
  taken_at    timestamptz,
  lon         double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat         double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  metadata    jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- A physical damage on the road, merged from one or more observations.
CREATE TABLE damages (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  class             text NOT NULL,
  status            text NOT NULL DEFAULT 'new',
  lon               double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat               double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  -- 1-sigma uncertainty of the merged position, metres: 1 / sqrt(weight_sum)
  uncertainty_m     double precision NOT NULL CHECK (uncertainty_m > 0),
  -- sum of 1 / uncertainty_m^2 over the merged observations, 1/m^2 (inverse-variance weights)
  weight_sum        double precision NOT NULL CHECK (weight_sum > 0),
  -- GeoJSON Polygon (lon, lat) of the largest observed footprint, or null
  footprint         jsonb,
  first_seen        timestamptz NOT NULL,
  last_seen         timestamptz NOT NULL,
  observation_count integer NOT NULL DEFAULT 1 CHECK (observation_count >= 1),
  area_m2           double precision NOT NULL CHECK (area_m2 >= 0),
  priority_score    double precision NOT NULL,
  priority_parts    jsonb NOT NULL,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX damages_position ON damages USING gist (ll_to_earth(lat, lon));
CREATE INDEX damages_priority ON damages (priority_score DESC, id DESC);

-- One detection in one capture, projected to the ground, linked to the damage it merged into.
CREATE TABLE observations (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  capture_id    bigint NOT NULL REFERENCES captures (id),
  damage_id     bigint NOT NULL REFERENCES damages (id),
  class         text NOT NULL,
  confidence    double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  box_x0_px     double precision NOT NULL,
  box_y0_px     double precision NOT NULL,
  box_x1_px     double precision NOT NULL,
  box_y1_px     double precision NOT NULL,
  footprint     jsonb,
  lon           double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  uncertainty_m double precision NOT NULL CHECK (uncertainty_m > 0),
  area_m2       double precision NOT NULL CHECK (area_m2 >= 0),
  projection    text NOT NULL
);
CREATE INDEX observations_capture ON observations (capture_id);
CREATE INDEX observations_damage ON observations (damage_id);

-- Audit trail of what happened to a damage.
CREATE TABLE damage_events (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  damage_id bigint NOT NULL REFERENCES damages (id),
  at        timestamptz NOT NULL DEFAULT now(),
  kind      text NOT NULL CHECK (kind IN ('created', 'merged', 'status')),
  detail    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX damage_events_damage ON damage_events (damage_id, at);
