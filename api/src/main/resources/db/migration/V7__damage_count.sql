-- Exact number of damages without counting a million rows (issue 5): OGC API – Features answers
-- numberMatched for an unfiltered listing from this, which GDAL and QGIS ask for when they open
-- the layer. Sixteen shards, each transaction adding to the shard of its backend, so registering
-- workers do not queue behind one hot row; the count is their sum.
CREATE TABLE damage_count (
  shard smallint PRIMARY KEY CHECK (shard BETWEEN 0 AND 15),
  n     bigint NOT NULL
);
INSERT INTO damage_count (shard, n) SELECT s, 0 FROM generate_series(0, 15) AS s;
UPDATE damage_count SET n = (SELECT count(*) FROM damages) WHERE shard = 0;

CREATE FUNCTION damage_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE damage_count SET n = n + 1 WHERE shard = pg_backend_pid() % 16;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE damage_count SET n = n - 1 WHERE shard = pg_backend_pid() % 16;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER damages_count AFTER INSERT OR DELETE ON damages
  FOR EACH ROW EXECUTE FUNCTION damage_count_change();
