-- The merge search reads damages near a capture through the point GiST of V6 (damages_lonlat)
-- with a lon/lat box (MergeRule.searchBoxDeg) and measures the exact great-circle distance in Java
-- (MergeRule.distanceM). The earthdistance cube GiST is no longer read, and every register write
-- had to maintain it; damages_lon is the leading column of damages_lon_lat (V4), which serves the
-- same min/max(lon) and lon ranges.
DROP INDEX damages_position;
DROP INDEX damages_lon;
