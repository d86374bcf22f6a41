-- OGC API – Features and Open311 read paths (issue 5).
-- bbox filter: point(lon, lat) <@ box(...) uses this GiST index (core PostgreSQL, no extension).
-- The earthdistance index of V1 answers "within r metres", not lon/lat boxes.
CREATE INDEX damages_lonlat ON damages USING gist (point(lon, lat));
-- Open311 lists newest first: ORDER BY first_seen DESC, id DESC LIMIT 1000.
CREATE INDEX damages_first_seen ON damages (first_seen DESC, id DESC);
