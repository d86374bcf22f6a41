package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.roadscan.detector.geo.Wgs84;

/**
 * Flags damages as <em>possibly repaired</em> when a capture covered their position without
 * seeing them. A damage is flagged by a capture when
 *
 * <ul>
 *   <li>its merged position (lon, lat) lies inside or on the capture's coverage polygon (the whole
 *       image frame projected on the ground; WGS84, x = lon, y = lat; tested with JTS after a
 *       bounding-box pre-filter in SQL, which is exact enough for frames of tens of metres away
 *       from the poles and the antimeridian),
 *   <li>its {@code last_seen} is before the capture's time (an older photo says nothing about
 *       today's road),
 *   <li>no observation of this capture merged into it,
 *   <li>it is not flagged already, and its status is {@code new}, {@code confirmed} or {@code
 *       scheduled} (a repaired, verified or rejected damage is expected to be gone).
 * </ul>
 *
 * Flagging sets {@code possibly_repaired} and {@code possibly_repaired_since} (the capture's
 * time), increments the version and adds a {@code flagged} event naming the capture; nothing is
 * deleted. A later observation merging into the damage clears the flag ({@link PgDamageRegister}).
 *
 * <p>Concurrency: the flagged rows are locked with {@code FOR UPDATE SKIP LOCKED}, so flagging
 * never waits for a row another transaction holds and cannot deadlock with merges of any class;
 * a damage locked by a concurrent merge is being seen right now and is rightly skipped.
 *
 * <p>Stateless and thread-safe; runs inside the caller's transaction.
 */
final class CoverageFlagger {

  /**
   * $1 west, $2 east, $3 south, $4 north (degrees), $5 capture time, $6 damages seen; the open
   * statuses of {@link DamageStatus} written into the text (the same statement as before).
   */
  private static final String CANDIDATES = """
      SELECT id, lon, lat FROM damages
      WHERE lon BETWEEN $1 AND $2 AND lat BETWEEN $3 AND $4
        AND last_seen < $5
        AND NOT possibly_repaired
        AND status IN (%s)
        AND id <> ALL($6::bigint[])""".formatted(DamageStatus.openValues().stream()
      .map(v -> "'" + v + "'").collect(Collectors.joining(", ")));

  /** $1 ids, $2 capture time. */
  private static final String FLAG = """
      UPDATE damages SET possibly_repaired = true, possibly_repaired_since = $2,
        version = version + 1, updated_at = now()
      WHERE id IN (SELECT id FROM damages WHERE id = ANY($1::bigint[]) AND NOT possibly_repaired
                   ORDER BY id FOR UPDATE SKIP LOCKED)
      RETURNING id""";

  /** $1 ids, $2 detail. */
  private static final String EVENTS = """
      INSERT INTO damage_events (damage_id, kind, detail)
      SELECT id, 'flagged', $2 FROM unnest($1::bigint[]) AS id ORDER BY id""";

  /**
   * @param seenAt the capture's time
   * @param coverage non-empty WGS84 polygon (x = lon, y = lat)
   * @param seenDamageIds damages this capture's observations merged into or created
   * @return the ids flagged, ascending
   */
  Future<List<Long>> flag(SqlConnection tx, long captureId, OffsetDateTime seenAt,
      Polygon coverage, List<Long> seenDamageIds) {
    Envelope box = coverage.getEnvelopeInternal();
    PreparedGeometry inside = PreparedGeometryFactory.prepare(coverage);
    Tuple search = Tuple.of(box.getMinX(), box.getMaxX(), box.getMinY(), box.getMaxY(), seenAt,
        seenDamageIds.toArray(Long[]::new));
    return tx.preparedQuery(CANDIDATES).execute(search).compose(rows -> {
      List<Long> covered = new ArrayList<>();
      for (Row row : rows) {
        Coordinate position = new Coordinate(row.getDouble("lon"), row.getDouble("lat"));
        if (inside.covers(Wgs84.GEOMETRY_FACTORY.createPoint(position))) {
          covered.add(row.getLong("id"));
        }
      }
      if (covered.isEmpty()) {
        return Future.succeededFuture(List.<Long>of());
      }
      return tx.preparedQuery(FLAG).execute(Tuple.of(covered.toArray(Long[]::new), seenAt))
          .compose(flaggedRows -> {
            List<Long> flagged = new ArrayList<>();
            flaggedRows.forEach(row -> flagged.add(row.getLong("id")));
            flagged.sort(null);
            if (flagged.isEmpty()) {
              return Future.succeededFuture(flagged);
            }
            JsonObject detail = new JsonObject().put("captureId", captureId)
                .put("capturedAt", seenAt.toInstant().toString());
            return tx.preparedQuery(EVENTS)
                .execute(Tuple.of(flagged.toArray(Long[]::new), detail)).map(flagged);
          });
    });
  }
}
