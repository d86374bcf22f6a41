package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.locationtech.jts.geom.Polygon;
import org.roadscan.api.priority.DamageFacts;
import org.roadscan.api.priority.PriorityPolicy;
import org.roadscan.api.priority.PriorityScore;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.Observation;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.UnplacedDetection;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * The damage register in PostgreSQL: stores a capture with its observations and merges each
 * observation into a damage by {@link MergeRule}. Thread-safe and non-blocking; every method runs
 * inside the caller's transaction so a job's register writes and its {@code done} mark commit
 * together.
 */
public final class PgDamageRegister {

  private static final String INSERT_CAPTURE = """
      INSERT INTO captures (sha256, taken_at, lon, lat, metadata, georeference, coverage)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (sha256) DO NOTHING
      RETURNING id, COALESCE(taken_at, received_at) AS seen_at""";

  private static final String FIND_CAPTURE = "SELECT id FROM captures WHERE sha256 = $1";

  /**
   * The register's transaction does not wait for its WAL flush (the wait, a disk fsync per
   * capture, was most of a registration's time). Safe here by construction: the job's {@code
   * done} mark commits in the same transaction, so if the server crashes before the flush, capture,
   * observations and mark are lost together, the job is still {@code running}, and the next start
   * requeues and registers it again ({@code PgJobQueue#requeueAbandoned}). The upload's job row is
   * committed synchronously as before: accepted work is never lost.
   */
  private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF";

  /** Takes the keys of $1 in array order (the caller sorts them). */
  private static final String LOCK_KEYS = "SELECT count(*) AS n FROM (SELECT"
      + " pg_advisory_xact_lock(" + MergeRule.LOCK_NAMESPACE + ", hashtext(k.key)) AS locked"
      + " FROM unnest($1::text[]) AS k(key)) taken";

  /** $1 compatible classes, $2 lat, $3 lon, $4 search radius m, $5 observation uncertainty m. */
  private static final String NEAREST_DAMAGE = """
      SELECT id, class, area_m2, possibly_repaired, distance_m, length_m, first_area_m2,
             first_seen, last_seen, lon, lat
      FROM (
        SELECT id, class, area_m2, uncertainty_m, possibly_repaired, length_m, first_area_m2,
               first_seen, last_seen, lon, lat,
               earth_distance(ll_to_earth(lat, lon), ll_to_earth($2, $3)) AS distance_m
        FROM damages
        WHERE class = ANY($1::text[])
          AND earth_box(ll_to_earth($2::float8, $3::float8), $4::float8)
              @> ll_to_earth(lat, lon)
      ) candidates
      WHERE distance_m <= GREATEST(sqrt($5::float8 * $5::float8 + uncertainty_m * uncertainty_m),
          LEAST(GREATEST(uncertainty_m, sqrt(area_m2 / pi())), %s), %s)
      ORDER BY distance_m, id
      LIMIT 1""".formatted(MergeRule.MAX_DAMAGE_RADIUS_M, MergeRule.MIN_RADIUS_M);

  /**
   * $1 id, $2 lon, $3 lat, $4 weight, $5 area, $6 footprint, $7 seen, $8 score, $9 parts,
   * $10 length, $11 score without age, $12 grade, $13 class (the more severe).
   */
  private static final String MERGE_DAMAGE_SQL = """
      UPDATE damages SET
        lon = (lon * weight_sum + $2::float8 * $4::float8) / (weight_sum + $4::float8),
        lat = (lat * weight_sum + $3::float8 * $4::float8) / (weight_sum + $4::float8),
        weight_sum = weight_sum + $4::float8,
        uncertainty_m = 1 / sqrt(weight_sum + $4::float8),
        footprint = CASE WHEN $5::float8 > area_m2 THEN $6::jsonb ELSE footprint END,
        area_m2 = GREATEST(area_m2, $5::float8),
        length_m = GREATEST(length_m, $10::float8),
        first_area_m2 = CASE WHEN $7::timestamptz < first_seen THEN $5::float8
                             ELSE first_area_m2 END,
        first_seen = LEAST(first_seen, $7::timestamptz),
        last_seen = GREATEST(last_seen, $7::timestamptz),
        observation_count = observation_count + 1,
        priority_score = $8,
        priority_parts = $9,
        priority_base = $11,
        grade = $12,
        class = $13,
        possibly_repaired = false,
        possibly_repaired_since = NULL,
        version = version + 1,
        updated_at = now()
      WHERE id = $1""";

  /**
   * A new damage, its first observation and its {@code created} event in one round trip.
   * $1 class, $2 lon, $3 lat, $4 uncertainty, $5 weight, $6 footprint, $7 seen, $8 area, $9 score,
   * $10 parts, $11 length, $12 score without age, $13 grade, $14 capture, $15 confidence,
   * $16..$19 box, $20 projection.
   */
  private static final String CREATE = """
      WITH d AS (
        INSERT INTO damages (class, lon, lat, uncertainty_m, weight_sum, footprint, first_seen,
                             last_seen, area_m2, priority_score, priority_parts, length_m,
                             first_area_m2, priority_base, grade)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $8, $12, $13)
        RETURNING id),
      o AS (
        INSERT INTO observations (capture_id, damage_id, class, confidence, box_x0_px, box_y0_px,
                                  box_x1_px, box_y1_px, footprint, lon, lat, uncertainty_m,
                                  area_m2, projection, length_m)
        SELECT $14, d.id, $1, $15, $16, $17, $18, $19, $6, $2, $3, $4, $8, $20, $11 FROM d
        RETURNING id, damage_id)
      INSERT INTO damage_events (damage_id, kind, detail)
      SELECT o.damage_id, 'created', jsonb_build_object('observationId', o.id,
                                                        'captureId', $14::bigint)
      FROM o
      RETURNING damage_id, (detail ->> 'observationId')::bigint AS observation_id""";

  /**
   * A merge: the damage's update (as {@link #MERGE_DAMAGE_SQL}, $1..$13), the observation and the
   * {@code merged} event in one round trip. $14 capture, $15 observed class, $16 confidence,
   * $17..$20 box, $21 observation uncertainty, $22 projection, $23 event detail.
   */
  private static final String MERGE = "WITH d AS (" + MERGE_DAMAGE_SQL + " RETURNING id), " + """
      o AS (
        INSERT INTO observations (capture_id, damage_id, class, confidence, box_x0_px, box_y0_px,
                                  box_x1_px, box_y1_px, footprint, lon, lat, uncertainty_m,
                                  area_m2, projection, length_m)
        SELECT $14, d.id, $15, $16, $17, $18, $19, $20, $6, $2, $3, $21, $5, $22, $10 FROM d
        RETURNING id, damage_id)
      INSERT INTO damage_events (damage_id, kind, detail)
      SELECT o.damage_id, 'merged', $23::jsonb || jsonb_build_object('observationId', o.id)
      FROM o
      RETURNING damage_id, (detail ->> 'observationId')::bigint AS observation_id""";

  private static final String INSERT_EVENT =
      "INSERT INTO damage_events (damage_id, kind, detail) VALUES ($1, $2, $3)";

  private final PriorityPolicy priorityPolicy;
  private final CoverageFlagger flagger = new CoverageFlagger();

  public PgDamageRegister(PriorityPolicy priorityPolicy) {
    this.priorityPolicy = priorityPolicy;
  }

  /** Registers in a transaction of its own (for callers that have nothing else to commit). */
  public Future<RegisteredCapture> register(Pool pool, String sha256, CaptureAnalysis analysis) {
    return pool.withTransaction(conn -> register(conn, sha256, analysis));
  }

  /**
   * Registers a capture and merges its observations, inside the transaction open on {@code tx};
   * then, when the capture's ground coverage ({@link CaptureAnalysis#coverage()}) is known, flags
   * the damages it covered without seeing them as possibly repaired ({@link CoverageFlagger}).
   *
   * @param sha256 hex SHA-256 of the image bytes (the capture's identity)
   */
  public Future<RegisteredCapture> register(SqlConnection tx, String sha256,
      CaptureAnalysis analysis) {
    Polygon coverage = analysis.coverage();
    CaptureMetadata metadata = analysis.metadata();
    Tuple capture = Tuple.from(new Object[] {sha256, utc(metadata.takenAt()), metadata.lonDeg(),
        metadata.latDeg(), metadataJson(metadata), georeferenceJson(analysis),
        GeoJsonPolygon.of(coverage)});
    return tx.query(ASYNC_COMMIT).execute()
        .compose(async -> tx.preparedQuery(INSERT_CAPTURE).execute(capture)).compose(inserted -> {
      if (inserted.rowCount() == 0) {
        return tx.preparedQuery(FIND_CAPTURE).execute(Tuple.of(sha256)).map(existing ->
            new RegisteredCapture(existing.iterator().next().getLong("id"), true, List.of(),
                List.of()));
      }
      Row row = inserted.iterator().next();
      long captureId = row.getLong("id");
      OffsetDateTime seenAt = row.getOffsetDateTime("seen_at");
      return lockGroups(tx, analysis.observations())
          .compose(locked -> registerObservations(tx, captureId, seenAt, analysis.observations()))
          .compose(observations -> {
            if (coverage == null || coverage.isEmpty()) {
              return Future.succeededFuture(
                  new RegisteredCapture(captureId, false, observations, List.of()));
            }
            List<Long> seen = observations.stream().map(RegisteredObservation::damageId).toList();
            return flagger.flag(tx, captureId, seenAt, coverage, seen).map(flagged ->
                new RegisteredCapture(captureId, false, observations, flagged));
          });
    });
  }

  private Future<Void> lockGroups(SqlConnection tx, List<Observation> observations) {
    TreeSet<String> keys = new TreeSet<>();
    observations.forEach(o -> keys.addAll(MergeRule.lockKeys(o.detection().className(),
        o.lonDeg(), o.latDeg(), MergeRule.searchRadiusM(o.uncertaintyM()))));
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(LOCK_KEYS).execute(Tuple.of(keys.toArray(String[]::new))).mapEmpty();
  }

  private Future<List<RegisteredObservation>> registerObservations(SqlConnection tx,
      long captureId, OffsetDateTime seenAt, List<Observation> observations) {
    List<RegisteredObservation> registered = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Observation observation : observations) {
      chain = chain.compose(v -> registerObservation(tx, captureId, seenAt, observation)
          .map(r -> {
            registered.add(r);
            return null;
          }));
    }
    return chain.map(v -> registered);
  }

  private Future<RegisteredObservation> registerObservation(SqlConnection tx, long captureId,
      OffsetDateTime seenAt, Observation observation) {
    String className = observation.detection().className();
    String[] compatible = MergeRule.compatibleClasses(className).toArray(String[]::new);
    Tuple search = Tuple.of(compatible, observation.latDeg(), observation.lonDeg(),
        MergeRule.searchRadiusM(observation.uncertaintyM()), observation.uncertaintyM());
    return tx.preparedQuery(NEAREST_DAMAGE).execute(search).compose(nearest -> {
      JsonObject footprint = GeoJsonPolygon.of(observation.footprint());
      double weight = 1 / (observation.uncertaintyM() * observation.uncertaintyM());
      if (nearest.size() == 0) {
        Instant seen = seenAt.toInstant();
        PriorityScore score = priorityPolicy.score(new DamageFacts(className,
            observation.areaM2(), observation.lengthM(), observation.areaM2(), seen, seen,
            observation.lonDeg(), observation.latDeg()), Instant.now());
        PixelBox box = observation.detection().box();
        Tuple create = Tuple.from(new Object[] {className, observation.lonDeg(),
            observation.latDeg(), observation.uncertaintyM(), weight, footprint, seenAt,
            observation.areaM2(), score.score(), score.toJson(), observation.lengthM(),
            score.baseScore(), score.grade(), captureId, observation.detection().confidence(),
            box.x0(), box.y0(), box.x1(), box.y1(), observation.projection().name()});
        return tx.preparedQuery(CREATE).execute(create).map(rows -> {
          Row created = rows.iterator().next();
          return new RegisteredObservation(created.getLong("observation_id"),
              created.getLong("damage_id"), false);
        });
      }
      Row candidate = nearest.iterator().next();
      long damageId = candidate.getLong("id");
      double distanceM = candidate.getDouble("distance_m");
      double areaM2 = Math.max(candidate.getDouble("area_m2"), observation.areaM2());
      String damageClass = candidate.getString("class");
      String mergedClass = MergeRule.mergedClass(damageClass, className);
      boolean wasFlagged = candidate.getBoolean("possibly_repaired");
      Instant seen = seenAt.toInstant();
      Instant firstSeen = candidate.getOffsetDateTime("first_seen").toInstant();
      Instant lastSeen = candidate.getOffsetDateTime("last_seen").toInstant();
      double firstAreaM2 = seen.isBefore(firstSeen) ? observation.areaM2()
          : candidate.getDouble("first_area_m2");
      PriorityScore score = priorityPolicy.score(new DamageFacts(mergedClass, areaM2,
          Math.max(candidate.getDouble("length_m"), observation.lengthM()), firstAreaM2,
          seen.isBefore(firstSeen) ? seen : firstSeen, seen.isAfter(lastSeen) ? seen : lastSeen,
          candidate.getDouble("lon"), candidate.getDouble("lat")), Instant.now());
      JsonObject detail = new JsonObject().put("captureId", captureId)
          .put("distanceM", distanceM).put("observedClass", className);
      if (!mergedClass.equals(damageClass)) {
        detail.put("classFrom", damageClass).put("classTo", mergedClass);
      }
      PixelBox box = observation.detection().box();
      Tuple merge = Tuple.from(new Object[] {damageId, observation.lonDeg(), observation.latDeg(),
          weight, observation.areaM2(), footprint, seenAt, score.score(), score.toJson(),
          observation.lengthM(), score.baseScore(), score.grade(), mergedClass, captureId,
          className, observation.detection().confidence(), box.x0(), box.y0(), box.x1(),
          box.y1(), observation.uncertaintyM(), observation.projection().name(), detail});
      return tx.preparedQuery(MERGE).execute(merge).compose(rows -> {
        long observationId = rows.iterator().next().getLong("observation_id");
        Future<Void> unflagged = wasFlagged ? event(tx, damageId, "unflagged", new JsonObject()
            .put("observationId", observationId).put("captureId", captureId))
            : Future.succeededFuture();
        return unflagged.map(new RegisteredObservation(observationId, damageId, true));
      });
    });
  }

  private Future<Void> event(SqlConnection tx, long damageId, String kind, JsonObject detail) {
    return tx.preparedQuery(INSERT_EVENT).execute(Tuple.of(damageId, kind, detail)).mapEmpty();
  }

  /** {@code captures.georeference}: projection, basis and the detections not placed. */
  static JsonObject georeferenceJson(CaptureAnalysis analysis) {
    JsonArray unplaced = new JsonArray();
    for (UnplacedDetection u : analysis.unplaced()) {
      PixelBox box = u.detection().box();
      unplaced.add(new JsonObject()
          .put("class", u.detection().className())
          .put("confidence", u.detection().confidence())
          .put("box", new JsonObject().put("x0", box.x0()).put("y0", box.y0())
              .put("x1", box.x1()).put("y1", box.y1()))
          .put("reason", u.reason()));
    }
    return new JsonObject()
        .put("projection", analysis.projection().name())
        .put("basis", analysis.basis())
        .put("unplaced", unplaced);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /**
   * Every component of the metadata record under its own name, so fields the detector adds are
   * kept without a change here. Numbers, strings and booleans as they are, anything else (e.g.
   * {@code Instant}) as its {@code toString()}; absent values as null.
   */
  static JsonObject metadataJson(CaptureMetadata metadata) {
    JsonObject json = new JsonObject();
    for (RecordComponent component : CaptureMetadata.class.getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(metadata);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      boolean plain = value == null || value instanceof Number || value instanceof String
          || value instanceof Boolean;
      json.put(component.getName(), plain ? value : value.toString());
    }
    return json;
  }

}
