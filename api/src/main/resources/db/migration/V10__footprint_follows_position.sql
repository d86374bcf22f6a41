-- A damage's footprint sits on its position (MergeRule, "Position, footprint and area"): it is
-- the largest observation's footprint moved by the damage's position minus that observation's
-- centre, and it moves with the position. Before, the footprint stayed where its observation
-- was while the position was averaged, so the two could disagree by metres.
--
-- translated_footprint moves a GeoJSON Polygon (lon, lat) by dlon, dlat degrees; the register's
-- merge uses it when a merge moves a damage without changing its largest observation. Null in,
-- null out.
CREATE FUNCTION translated_footprint(footprint jsonb, dlon float8, dlat float8) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN footprint IS NULL THEN NULL ELSE jsonb_build_object(
    'type', 'Polygon',
    'coordinates', (
      SELECT jsonb_agg((
        SELECT jsonb_agg(jsonb_build_array((p.pos->>0)::float8 + dlon,
                                           (p.pos->>1)::float8 + dlat) ORDER BY p.n)
        FROM jsonb_array_elements(r.ring) WITH ORDINALITY AS p(pos, n)) ORDER BY r.n)
      FROM jsonb_array_elements(footprint->'coordinates') WITH ORDINALITY AS r(ring, n)))
  END
$$;

-- Existing damages: put each footprint on its damage's position, taking the largest observation
-- with a footprint (the first by id among equals) as the one it came from.
UPDATE damages d
SET footprint = translated_footprint(o.footprint, d.lon - o.lon, d.lat - o.lat)
FROM (SELECT DISTINCT ON (damage_id) damage_id, footprint, lon, lat
      FROM observations
      WHERE footprint IS NOT NULL
      ORDER BY damage_id, area_m2 DESC, id) o
WHERE o.damage_id = d.id AND d.footprint IS NOT NULL;
