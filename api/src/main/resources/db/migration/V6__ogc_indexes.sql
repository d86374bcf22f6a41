-- OGC API – Features and Open311 read paths (issue 5).
-- bbox filter: point(lon, lat) <@ box(...) uses this GiST index (core PostgreSQL, no extension);
-- the earthdistance index of V1 answers "within r metres", not lon/lat boxes (measured in
-- bench/README.md: 1 km² of 1,000,000 damages, 224 ms without, 30 ms with).
CREATE INDEX damages_lonlat ON damages USING gist (point(lon, lat));
-- Open311 lists newest first: ORDER BY first_seen DESC, id DESC LIMIT 1000.
CREATE INDEX damages_first_seen ON damages (first_seen DESC, id DESC);
-- The collection's extent (min/max of lon, lat, first_seen, last_seen) is read by every GIS client
-- opening the layer; with these, PostgreSQL answers each min/max from an index end instead of
-- scanning every row (285–332 ms p50 at 1,000,000 damages without them, 1.2 ms with).
CREATE INDEX damages_lon ON damages (lon);
CREATE INDEX damages_lat ON damages (lat);
-- max(last_seen) uses damages_last_seen (last_seen DESC, id DESC) from V5.
