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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.locationtech.jts.geom.Polygon;
import org.roadscan.api.priority.DamageFacts;
import org.roadscan.api.priority.Implausibility;
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
 *
 * <p>A capture, or a whole batch of captures ({@link #registerAll}), costs three statements
 * whatever its number of observations: (1) insert the captures and take their lock keys, (2) read
 * the damages near their observations, (3) write every created and merged damage, observation and
 * event at once. Between (2) and (3) {@link CaptureMerge} applies the merge rule in memory,
 * capture by capture, exactly as registering them one at a time would; the locks of (1)
 * keep the damages read in (2) unchanged by other registrations until commit.
 */
public final class PgDamageRegister {

  /**
   * $1 the captures (a JSON array of records, see {@link #captureJson}), $2 the lock keys of all
   * their observations (sorted). Inserts the captures not registered yet and, only when there is
   * one, takes the advisory locks and sets the transaction's plan mode.
   *
   * <p>Synchronous commit (issue #26): the transaction's commit waits for its WAL flush, so a job
   * shown {@code done} stays done after a power cut, with the damage ids a reader saw. Batching
   * captures into one transaction ({@link RegisterBatcher}) shares that flush among them (group
   * commit); {@code bench/README.md} measures what it costs.
   *
   * <p>Generic plans: the register's statements that follow have one good plan whatever their
   * parameters (an index look-up per box, writes by key), so they use the plan PostgreSQL cached
   * for them instead of planning each execution ({@link org.roadscan.api.db.PgSessions}).
   */
  private static final String INSERT_CAPTURES = """
      WITH c AS (
        INSERT INTO captures (sha256, taken_at, lon, lat, metadata, georeference, coverage)
        SELECT x.sha256, x.taken_at, x.lon, x.lat, x.metadata, x.georeference, x.coverage
        FROM jsonb_to_recordset($1::jsonb) AS x(ord int, sha256 text, taken_at timestamptz,
               lon float8, lat float8, metadata jsonb, georeference jsonb, coverage jsonb)
        ORDER BY x.ord
        ON CONFLICT (sha256) DO NOTHING
        RETURNING id, sha256, COALESCE(taken_at, received_at) AS seen_at)
      SELECT c.id, c.sha256, c.seen_at,
        set_config('plan_cache_mode', 'force_generic_plan', true) AS plan_mode,
        (SELECT count(*) FROM (SELECT pg_advisory_xact_lock(%d, hashtext(k.key))
                               FROM unnest($2::text[]) WITH ORDINALITY AS k(key, n)
                               ORDER BY k.n) taken) AS locks
      FROM c""".formatted(MergeRule.LOCK_NAMESPACE);

  private static final String FIND_CAPTURES =
      "SELECT id, sha256 FROM captures WHERE sha256 = ANY($1::text[])";

  /**
   * The stored damages of classes $5 inside any of the boxes ($1 west, $2 south, $3 east, $4
   * north, degrees; one per observation, {@link MergeRule#searchBoxDeg}); duplicates possible.
   */
  private static final String NEARBY = """
      SELECT d.id, d.class, d.lon, d.lat, d.uncertainty_m, d.weight_sum, d.area_m2, d.length_m, d.first_area_m2,
             d.first_seen, d.last_seen, d.possibly_repaired
      FROM unnest($1::float8[], $2::float8[], $3::float8[], $4::float8[]) AS b(w, s, e, n)
      JOIN damages d ON point(d.lon, d.lat) <@ box(point(b.w, b.s), point(b.e, b.n))
      WHERE d.class = ANY($5::text[])""";

  /**
   * Everything a batch writes, in one statement. $1 the damages it creates, $2 the damages it
   * merges into, $3 its observations, $4 their events (JSON arrays of records, see {@link
   * #write}). New damages and observations take ids from their tables' identity sequences in
   * creation order; observations name a new damage by its creation ordinal.
   */
  private static final String WRITE = """
      WITH new_ids AS MATERIALIZED (
        SELECT ord, nextval('damages_id_seq') AS id
        FROM generate_series(1, jsonb_array_length($1::jsonb)) AS ord ORDER BY ord),
      created AS (
        INSERT INTO damages (id, class, lon, lat, uncertainty_m, weight_sum, footprint, first_seen,
                             last_seen, observation_count, area_m2, priority_score,
                             priority_parts, length_m, first_area_m2, priority_base, grade,
                             implausible)
        OVERRIDING SYSTEM VALUE
        SELECT i.id, d.class, d.lon, d.lat, d.uncertainty_m, d.weight_sum, d.footprint,
               d.first_seen, d.last_seen, d.added, d.area_m2, d.score, d.parts, d.length_m,
               d.first_area_m2, d.base, d.grade, d.implausible
        FROM jsonb_to_recordset($1::jsonb) AS d(ord bigint, class text, lon float8, lat float8,
               uncertainty_m float8, weight_sum float8, footprint jsonb, added int, area_m2 float8, score float8,
               parts jsonb, length_m float8, first_area_m2 float8, base float8, grade float8,
               implausible jsonb, first_seen timestamptz, last_seen timestamptz)
        JOIN new_ids i ON i.ord = d.ord),
      merged AS (
        UPDATE damages SET
          class = m.class, lon = m.lon, lat = m.lat, weight_sum = m.weight_sum,
          uncertainty_m = m.uncertainty_m,
          footprint = COALESCE(m.footprint, translated_footprint(damages.footprint,
                                                                 m.lon - damages.lon,
                                                                 m.lat - damages.lat)),
          area_m2 = m.area_m2, length_m = m.length_m, first_area_m2 = m.first_area_m2,
          first_seen = m.first_seen, last_seen = m.last_seen,
          observation_count = damages.observation_count + m.added,
          priority_score = m.score, priority_parts = m.parts, priority_base = m.base,
          grade = m.grade, implausible = m.implausible, possibly_repaired = false,
          possibly_repaired_since = NULL,
          version = damages.version + 1, updated_at = now()
        FROM jsonb_to_recordset($2::jsonb) AS m(id bigint, class text, lon float8, lat float8,
               uncertainty_m float8, weight_sum float8, footprint jsonb, added int, area_m2 float8, score float8,
               parts jsonb, length_m float8, first_area_m2 float8, base float8, grade float8,
               implausible jsonb, first_seen timestamptz, last_seen timestamptz)
        WHERE damages.id = m.id),
      obs_ids AS MATERIALIZED (
        SELECT ord, nextval('observations_id_seq') AS id
        FROM generate_series(1, jsonb_array_length($3::jsonb)) AS ord ORDER BY ord),
      obs AS MATERIALIZED (
        SELECT oi.id, COALESCE(o.damage, ni.id) AS damage_id, o.ord, o.capture, o.class,
               o.confidence, o.x0, o.y0, o.x1, o.y1, o.footprint, o.lon, o.lat, o.uncertainty_m,
               o.area_m2, o.projection, o.length_m
        FROM jsonb_to_recordset($3::jsonb) AS o(ord bigint, capture bigint, damage bigint,
               created bigint, class text, confidence float8, x0 float8, y0 float8, x1 float8,
               y1 float8, footprint jsonb, lon float8, lat float8, uncertainty_m float8,
               area_m2 float8, projection text, length_m float8)
        JOIN obs_ids oi ON oi.ord = o.ord
        LEFT JOIN new_ids ni ON ni.ord = o.created),
      inserted AS (
        INSERT INTO observations (id, capture_id, damage_id, class, confidence, box_x0_px,
                                  box_y0_px, box_x1_px, box_y1_px, footprint, lon, lat,
                                  uncertainty_m, area_m2, projection, length_m)
        OVERRIDING SYSTEM VALUE
        SELECT id, capture, damage_id, class, confidence, x0, y0, x1, y1, footprint, lon, lat,
               uncertainty_m, area_m2, projection, length_m
        FROM obs ORDER BY ord),
      events AS (
        INSERT INTO damage_events (damage_id, kind, detail)
        SELECT obs.damage_id, e.kind, e.detail || jsonb_build_object('observationId', obs.id)
        FROM jsonb_to_recordset($4::jsonb) AS e(ord bigint, observation bigint, kind text,
               detail jsonb)
        JOIN obs ON obs.ord = e.observation
        ORDER BY e.ord)
      SELECT ord, id AS observation_id, damage_id FROM obs ORDER BY ord""";

  /** One capture to register: its identity and its analysis. */
  public record Registration(String sha256, CaptureAnalysis analysis) {
  }

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
   * Registers a capture and merges its observations, inside the transaction open on {@code tx}
   * (see {@link #registerAll}).
   *
   * @param sha256 hex SHA-256 of the image bytes (the capture's identity)
   */
  public Future<RegisteredCapture> register(SqlConnection tx, String sha256,
      CaptureAnalysis analysis) {
    return registerAll(tx, List.of(new Registration(sha256, analysis))).map(all -> all.get(0));
  }

  /**
   * Registers a batch of captures, in order, inside the transaction open on {@code tx}: exactly
   * what registering them one after the other would do, in three statements for the whole batch.
   * Then, for each capture whose ground coverage ({@link CaptureAnalysis#coverage()}) is known,
   * flags the damages it covered without seeing them as possibly repaired ({@link
   * CoverageFlagger}). A capture whose SHA-256 is registered already (or earlier in the batch) is
   * a duplicate: nothing is added for it.
   *
   * @return one result per registration, in order
   */
  public Future<List<RegisteredCapture>> registerAll(SqlConnection tx,
      List<Registration> registrations) {
    JsonArray captures = new JsonArray();
    TreeSet<String> keys = new TreeSet<>();
    for (int i = 0; i < registrations.size(); i++) {
      Registration r = registrations.get(i);
      captures.add(captureJson(r).put("ord", i + 1));
      for (Observation o : r.analysis().observations()) {
        keys.addAll(MergeRule.lockKeys(o.detection().className(), o.lonDeg(), o.latDeg(),
            MergeRule.searchRadiusM(o.uncertaintyM())));
      }
    }
    return tx.preparedQuery(INSERT_CAPTURES)
        .execute(Tuple.of(captures, (Object) keys.toArray(String[]::new)))
        .compose(inserted -> {
          Map<String, Row> added = new HashMap<>();
          inserted.forEach(row -> added.put(row.getString("sha256"), row));
          // The first registration of an added SHA-256 is new; every other one a duplicate.
          List<Registration> fresh = new ArrayList<>();
          List<Row> freshRows = new ArrayList<>();
          List<String> duplicates = new ArrayList<>();
          for (Registration r : registrations) {
            Row row = added.remove(r.sha256());
            if (row != null) {
              fresh.add(r);
              freshRows.add(row);
            } else {
              duplicates.add(r.sha256());
            }
          }
          Future<Map<String, Long>> existing = duplicates.isEmpty()
              ? Future.succeededFuture(Map.of())
              : tx.preparedQuery(FIND_CAPTURES).execute(Tuple.of(duplicates.toArray(
                  String[]::new))).map(rows -> {
                    Map<String, Long> ids = new HashMap<>();
                    rows.forEach(row -> ids.put(row.getString("sha256"), row.getLong("id")));
                    return ids;
                  });
          return existing.compose(ids -> registerFresh(tx, fresh, freshRows)
              .map(results -> {
                Map<Registration, RegisteredCapture> byRegistration = new IdentityHashMap<>();
                for (int i = 0; i < fresh.size(); i++) {
                  byRegistration.put(fresh.get(i), results.get(i));
                }
                List<RegisteredCapture> all = new ArrayList<>(registrations.size());
                for (Registration r : registrations) {
                  RegisteredCapture result = byRegistration.get(r);
                  all.add(result != null ? result : new RegisteredCapture(
                      ids.get(r.sha256()), true, List.of(), List.of()));
                }
                return all;
              }));
        });
  }

  /** Merges and writes the new captures' observations, then flags by coverage, in order. */
  private Future<List<RegisteredCapture>> registerFresh(SqlConnection tx,
      List<Registration> fresh, List<Row> rows) {
    List<Observation> observations = new ArrayList<>();
    fresh.forEach(r -> observations.addAll(r.analysis().observations()));
    Future<List<RegisteredObservation>> written = observations.isEmpty()
        ? Future.succeededFuture(List.of())
        : nearby(tx, observations).compose(nearby -> write(tx, fresh, rows, nearby));
    return written.compose(all -> {
      List<RegisteredCapture> results = new ArrayList<>(fresh.size());
      Future<Void> flagged = Future.succeededFuture();
      int next = 0;
      for (int i = 0; i < fresh.size(); i++) {
        CaptureAnalysis analysis = fresh.get(i).analysis();
        List<RegisteredObservation> mine = all.subList(next,
            next + analysis.observations().size());
        next += analysis.observations().size();
        long captureId = rows.get(i).getLong("id");
        OffsetDateTime seenAt = rows.get(i).getOffsetDateTime("seen_at");
        Polygon coverage = analysis.coverage();
        flagged = flagged.compose(v -> {
          if (coverage == null || coverage.isEmpty()) {
            results.add(new RegisteredCapture(captureId, false, mine, List.of()));
            return Future.succeededFuture();
          }
          List<Long> seen = mine.stream().map(RegisteredObservation::damageId).toList();
          return flagger.flag(tx, captureId, seenAt, coverage, seen).map(ids -> {
            results.add(new RegisteredCapture(captureId, false, mine, ids));
            return null;
          });
        });
      }
      return flagged.map(results);
    });
  }

  /** The columns {@link #INSERT_CAPTURES} takes for a capture. */
  private static JsonObject captureJson(Registration r) {
    CaptureAnalysis analysis = r.analysis();
    CaptureMetadata metadata = analysis.metadata();
    return new JsonObject()
        .put("sha256", r.sha256())
        .put("taken_at", metadata.takenAt() == null ? null : metadata.takenAt().toString())
        .put("lon", metadata.lonDeg())
        .put("lat", metadata.latDeg())
        .put("metadata", metadataJson(metadata))
        .put("georeference", georeferenceJson(analysis))
        .put("coverage", GeoJsonPolygon.of(analysis.coverage()));
  }

  private static Future<List<CaptureMerge.Nearby>> nearby(SqlConnection tx,
      List<Observation> observations) {
    int n = observations.size();
    Double[] west = new Double[n];
    Double[] south = new Double[n];
    Double[] east = new Double[n];
    Double[] north = new Double[n];
    TreeSet<String> classes = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      Observation o = observations.get(i);
      double[] box = MergeRule.searchBoxDeg(o.lonDeg(), o.latDeg(),
          MergeRule.searchRadiusM(o.uncertaintyM()));
      west[i] = box[0];
      south[i] = box[1];
      east[i] = box[2];
      north[i] = box[3];
      classes.addAll(MergeRule.compatibleClasses(o.detection().className()));
    }
    return tx.preparedQuery(NEARBY).execute(Tuple.of(west, south, east, north,
        classes.toArray(String[]::new))).map(rows -> {
          List<CaptureMerge.Nearby> nearby = new ArrayList<>(rows.size());
          for (Row r : rows) {
            nearby.add(new CaptureMerge.Nearby(r.getLong("id"), r.getString("class"),
                r.getDouble("lon"), r.getDouble("lat"), r.getDouble("uncertainty_m"),
                r.getDouble("weight_sum"),
                r.getDouble("area_m2"), r.getDouble("length_m"), r.getDouble("first_area_m2"),
                r.getOffsetDateTime("first_seen").toInstant(),
                r.getOffsetDateTime("last_seen").toInstant(), r.getBoolean("possibly_repaired")));
          }
          return nearby;
        });
  }

  /**
   * Plans the batch's merges ({@link CaptureMerge}), scores every damage it touches, and writes
   * it all in one statement ({@link #WRITE}); completes with one result per observation, in
   * order.
   */
  private Future<List<RegisteredObservation>> write(SqlConnection tx, List<Registration> fresh,
      List<Row> captureRows, List<CaptureMerge.Nearby> nearby) {
    Instant now = Instant.now();
    CaptureMerge merge = new CaptureMerge(nearby);
    List<CaptureMerge.Step> steps = new ArrayList<>();
    for (int i = 0; i < fresh.size(); i++) {
      Row row = captureRows.get(i);
      steps.addAll(merge.plan(row.getLong("id"), row.getOffsetDateTime("seen_at").toInstant(),
          fresh.get(i).analysis().observations()));
    }
    JsonArray created = new JsonArray();
    for (CaptureMerge.Target t : merge.created()) {
      created.add(damageJson(t, now).put("ord", t.createdOrdinal));
    }
    JsonArray merged = new JsonArray();
    for (CaptureMerge.Target t : merge.mergedInto()) {
      merged.add(damageJson(t, now).put("id", t.stored.id()));
    }
    JsonArray rows = new JsonArray();
    JsonArray events = new JsonArray();
    for (int i = 0; i < steps.size(); i++) {
      CaptureMerge.Step step = steps.get(i);
      Observation o = step.observation();
      PixelBox box = o.detection().box();
      rows.add(new JsonObject()
          .put("ord", i + 1)
          .put("capture", step.captureId())
          .put("damage", step.target().isCreated() ? null : step.target().stored.id())
          .put("created", step.target().isCreated() ? step.target().createdOrdinal : null)
          .put("class", o.detection().className())
          .put("confidence", o.detection().confidence())
          .put("x0", box.x0()).put("y0", box.y0()).put("x1", box.x1()).put("y1", box.y1())
          .put("footprint", GeoJsonPolygon.of(o.footprint()))
          .put("lon", o.lonDeg()).put("lat", o.latDeg())
          .put("uncertainty_m", o.uncertaintyM())
          .put("area_m2", o.areaM2())
          .put("projection", o.projection().name())
          .put("length_m", o.lengthM()));
      for (CaptureMerge.Event e : step.events()) {
        events.add(new JsonObject().put("ord", events.size() + 1).put("observation", i + 1)
            .put("kind", e.kind()).put("detail", e.detail()));
      }
    }
    return tx.preparedQuery(WRITE).execute(Tuple.of(created, merged, rows, events))
        .map(result -> {
          List<RegisteredObservation> registered = new ArrayList<>(steps.size());
          int i = 0;
          for (Row r : result) {
            registered.add(new RegisteredObservation(r.getLong("observation_id"),
                r.getLong("damage_id"), steps.get(i++).merged()));
          }
          return registered;
        });
  }

  /** The columns {@link #WRITE} takes for a created or merged damage, with its new score. */
  private JsonObject damageJson(CaptureMerge.Target t, Instant now) {
    PriorityScore score = priorityPolicy.score(new DamageFacts(t.className, t.areaM2, t.lengthM,
        t.firstAreaM2, t.firstSeen, t.lastSeen, t.lonDeg, t.latDeg, t.uncertaintyM), now);
    return new JsonObject()
        .put("class", t.className)
        .put("lon", t.lonDeg).put("lat", t.latDeg)
        .put("uncertainty_m", t.uncertaintyM)
        .put("weight_sum", t.weightSum)
        // The footprint sits on the position (MergeRule): the largest observation's, moved by
        // the damage's position minus that observation's centre.
        .put("footprint", t.largest == null ? null : GeoJsonPolygon.of(t.largest.footprint(),
            t.lonDeg - t.largest.lonDeg(), t.latDeg - t.largest.latDeg()))
        .put("added", t.added)
        .put("area_m2", t.areaM2)
        .put("score", score.score())
        .put("parts", score.toJson())
        .put("length_m", t.lengthM)
        .put("first_area_m2", t.firstAreaM2)
        .put("base", score.baseScore())
        .put("grade", score.grade())
        .put("implausible", Implausibility.toJson(score.implausible()))
        .put("first_seen", t.firstSeen.toString())
        .put("last_seen", t.lastSeen.toString());
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

  /**
   * Every component of the metadata record under its own name, so fields the detector adds are
   * kept without a change here. Numbers, strings and booleans as they are, anything else (e.g.
   * {@code Instant}) as its {@code toString()}; absent values as null.
   *
   * <p>Data minimisation (issue #31): this is the one place capture metadata enters the register,
   * and a component naming a serial number ({@link MetadataMinimisation}: a drone's, camera body's
   * or lens's) is never stored, should the detector ever read one. The register needs position, time, pose
   * and camera model, not which device took the picture.
   */
  static JsonObject metadataJson(CaptureMetadata metadata) {
    JsonObject json = new JsonObject();
    for (RecordComponent component : CaptureMetadata.class.getRecordComponents()) {
      if (!MetadataMinimisation.kept(component.getName())) {
        continue;
      }
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
