package org.roadscan.api.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.db.EmbeddedPostgresServer;
import org.roadscan.api.db.PgMigrations;
import org.roadscan.api.db.PgSessions;
import org.roadscan.api.priority.PriorityPolicy;
import org.roadscan.api.priority.PriorityPolicyLoader;
import org.roadscan.api.priority.PriorityRescorer;
import org.roadscan.api.register.MergeRule;
import org.roadscan.api.register.PgDamageRegister;
import org.roadscan.api.register.RegisterBatcher;
import org.roadscan.api.register.RegisteredObservation;
import org.roadscan.api.repairs.PgRepairList;
import org.roadscan.api.repairs.RepairCursor;
import org.roadscan.api.repairs.RepairQuery;
import org.roadscan.api.repairs.RepairSort;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.Detection;
import org.roadscan.detector.Observation;
import org.roadscan.detector.PixelBox;

/**
 * The register at city scale: a fresh embedded PostgreSQL filled with synthetic damages (one
 * {@code INSERT … SELECT generate_series}) over 20 km × 20 km around 51.5 N, 7.1 E, with a
 * capture per damage, each damage's observations and a survey of {@value #SURVEY_IMAGES} images
 * (the repair list's pictures and filters, issue #29), vacuumed and analysed, then
 * latencies (p50/p95/max over RUNS sequential requests after 100 warm-up ones) through the real HTTP
 * server (WORKERS=0, no model) and merge throughput through {@link PgDamageRegister#register}. Not
 * a test: run it with {@code bench/register.sh}.
 *
 * <p>Arguments: DAMAGES (default 1,000,000), RUNS (200), OBSERVATIONS (6000), CONCURRENCY (4).
 * With {@code durability [OBSERVATIONS] [CONCURRENCY]} it only compares merge throughput on a
 * durable and a non-durable embedded server ({@code ROADSCAN_DB_DURABLE}, issue #26).
 */
public final class RegisterBench {

  private static final long TIMEOUT_S = 900;
  /** Captures registered before the timed merge (JIT, prepared statements). */
  private static final int MERGE_WARM_UP_CAPTURES = 2000;
  private static final int WARM_UP = 100;
  /** One match per item: repair-list position, OGC feature, Open311 request. */
  private static final java.util.regex.Pattern ITEM = java.util.regex.Pattern.compile(
      "\"position\":|\"type\":\"Feature\"|\"service_request_id\":");
  private static final double CENTRE_LON_DEG = 7.1;
  private static final double CENTRE_LAT_DEG = 51.5;
  private static final double SIDE_M = 20_000;
  /** Metres per degree on earthdistance's sphere (R = 6378168 m). */
  private static final double M_PER_DEG_LAT = Math.toRadians(1) * 6378168;
  private static final double M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos(Math.toRadians(51.5));
  private static final double SPAN_LON_DEG = SIDE_M / M_PER_DEG_LON;
  private static final double SPAN_LAT_DEG = SIDE_M / M_PER_DEG_LAT;
  private static final String[] CLASSES = {"D00", "D10", "D20", "D40"};

  private static final String FILL = """
      INSERT INTO damages (class, lon, lat, uncertainty_m, weight_sum, first_seen, last_seen,
                           observation_count, area_m2, priority_score, priority_parts, length_m)
      SELECT cls, %1$s + (r_lon - 0.5) * %3$s, %2$s + (r_lat - 0.5) * %4$s, 1.0, 1.0,
             seen, seen + r_days * interval '30 days', 1 + (i %% 3), area,
             (CASE cls WHEN 'D40' THEN 1.0 WHEN 'D20' THEN 0.7 WHEN 'D10' THEN 0.5 ELSE 0.4 END)
               * LEAST(GREATEST(area, 0.05), 10),
             jsonb_build_object('formula', 'bench', 'class', cls, 'areaM2', area), area * 2
      FROM (SELECT i, (ARRAY['D00','D10','D20','D40'])[1 + i %% 4] AS cls,
                   random() AS r_lon, random() AS r_lat, random() AS r_days,
                   round((random() * 4)::numeric, 2)::float8 AS area,
                   timestamptz '2025-01-01 00:00:00+00' + random() * interval '600 days' AS seen
            FROM generate_series(1, $1) AS i) AS s""";

  /**
   * One capture per damage (as many as damages: a city's photos), each at the bench centre; the
   * repair list reads only their time and hash.
   */
  private static final String FILL_CAPTURES = """
      INSERT INTO captures (sha256, taken_at, lon, lat, metadata)
      SELECT encode(sha256(convert_to(i::text, 'UTF8')), 'hex'),
             timestamptz '2025-01-01 00:00:00+00' + random() * interval '600 days', 7.1, 51.5, '{}'
      FROM generate_series(1, $1) AS i""";

  /** Each damage's observation_count observations (1 to 3), in random captures. */
  private static final String FILL_OBSERVATIONS = """
      INSERT INTO observations (capture_id, damage_id, class, confidence, box_x0_px, box_y0_px,
                                box_x1_px, box_y1_px, lon, lat, uncertainty_m, area_m2, projection)
      SELECT 1 + floor(random() * $1)::bigint, d.id, d.class, round(random()::numeric, 3)::float8,
             100, 100, 300, 300, d.lon, d.lat, 1.0, d.area_m2, 'NADIR'
      FROM damages d CROSS JOIN LATERAL generate_series(1, d.observation_count) AS k""";

  /** A survey of SURVEY_IMAGES done jobs whose images are random captures of the register. */
  private static final int SURVEY_IMAGES = 1500;

  private RegisterBench() {
  }

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>(Arrays.asList(args));
    if (!positional.isEmpty() && "durability".equals(positional.get(0))) {
      durability(positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 6000,
          positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 4);
      System.exit(0);
    }
    int damages = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 1_000_000;
    int runs = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 200;
    int observations = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 6000;
    int concurrency = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : 4;
    System.out.printf(Locale.ROOT, "damages %d, runs %d, observations %d, concurrency %d; "
        + "cores %d%n", damages, runs, observations, concurrency,
        Runtime.getRuntime().availableProcessors());

    Path dir = Files.createTempDirectory("roadscan-register-bench");
    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"));
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(concurrency + 2))
          // the fill and VACUUM run longer than the service's statement timeout
          .connectingTo(PgSessions.configure(pg.connectOptions())
              .addProperty("statement_timeout", "0")).using(vertx).build();
      await(PgMigrations.fromClasspath().apply(pool));
      long t0 = System.nanoTime();
      // A bulk load, as a data import would do it: the per-row count trigger (V7) is off during
      // the INSERT and the count is set once after it.
      await(pool.query("ALTER TABLE damages DISABLE TRIGGER damages_count").execute());
      await(pool.preparedQuery(FILL.formatted(CENTRE_LON_DEG, CENTRE_LAT_DEG, SPAN_LON_DEG,
          SPAN_LAT_DEG)).execute(io.vertx.sqlclient.Tuple.of(damages)));
      await(pool.query("ALTER TABLE damages ENABLE TRIGGER damages_count").execute());
      await(pool.query("UPDATE damage_count SET n = CASE WHEN shard = 0 THEN"
          + " (SELECT count(*) FROM damages) ELSE 0 END").execute());
      // Observations and captures, for the repair list's picture (issue #29) and survey filter.
      await(pool.preparedQuery(FILL_CAPTURES).execute(io.vertx.sqlclient.Tuple.of(damages)));
      await(pool.preparedQuery(FILL_OBSERVATIONS).execute(io.vertx.sqlclient.Tuple.of(damages)));
      long surveyId = await(pool.query("INSERT INTO surveys (name, kind, profile)"
          + " VALUES ('bench', 'drone', '{}') RETURNING id").execute()).iterator().next()
          .getLong("id");
      await(pool.preparedQuery("INSERT INTO jobs (id, state, image_sha256, file_name, survey_id,"
          + " capture_id) SELECT gen_random_uuid(), 'done', sha256, 'bench.jpg', $1, id"
          + " FROM captures ORDER BY random() LIMIT " + SURVEY_IMAGES).execute(
          io.vertx.sqlclient.Tuple.of(surveyId)));
      long t1 = System.nanoTime();
      // VACUUM too: it sets the visibility map, as autovacuum does on a live register, without
      // which no count could be an index-only scan.
      await(pool.query("VACUUM ANALYZE").execute());
      System.out.printf(Locale.ROOT, "filled %d damages (with captures and observations) in %.1f s,"
          + " VACUUM ANALYZE %.1f s%n",
          damages,
          (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
      Row size = await(pool.query("SELECT pg_table_size('damages') AS heap,"
          + " pg_indexes_size('damages') AS indexes, current_setting('shared_buffers') AS buffers")
          .execute()).iterator().next();
      System.out.printf(Locale.ROOT, "damages table %d MB, its indexes %d MB; shared_buffers %s%n",
          size.getLong("heap") >> 20, size.getLong("indexes") >> 20, size.getString("buffers"));

      String url = pg.url("postgres");
      AppConfig config = TestService.config(dir.resolve("data"), url,
          Map.of(AppConfig.WORKERS, "0"));
      // The filled register is scored already (as a live one is): record the policy's
      // fingerprint, or the service would rescore all of it in the background while we measure.
      await(pool.preparedQuery("INSERT INTO register_settings (key, value) VALUES ($1, $2)")
          .execute(io.vertx.sqlclient.Tuple.of(PriorityRescorer.FINGERPRINT_KEY,
              PriorityPolicyLoader.load(config).fingerprint())));
      RoadScanVerticle verticle = new RoadScanVerticle(config, c -> {
            throw new IllegalStateException("no model in this benchmark");
          }, TestCaptures.ACCEPT_ALL);
      await(vertx.deployVerticle(verticle));
      WebClient client = TestService.client(vertx);
      int port = verticle.actualPort();

      Row deep = await(pool.query("SELECT priority_score, id FROM damages "
          + "ORDER BY priority_score DESC, id DESC OFFSET " + (damages / 2) + " LIMIT 1")
          .execute()).iterator().next();
      String deepCursor = new RepairCursor(RepairSort.PRIORITY,
          Double.toString(deep.getDouble("priority_score")), deep.getLong("id")).encode();
      Random random = new Random(42);
      double kmLon = 1000 / M_PER_DEG_LON;
      double kmLat = 1000 / M_PER_DEG_LAT;

      System.out.println("latency through HTTP, ms: p50 / p95 / max");
      latency(client, port, runs, "repair list, first page, limit 50",
          i -> "/v1/repairs?limit=50");
      latency(client, port, runs, "repair list, page at rank " + damages / 2 + " (cursor)",
          i -> "/v1/repairs?limit=50&cursor=" + deepCursor);
      latency(client, port, runs, "repair list, limit 50, survey of " + SURVEY_IMAGES + " images",
          i -> "/v1/repairs?limit=50&survey=" + surveyId);
      latency(client, port, runs, "repair list, limit 50, datetime=2026-09-01/.. (last seen)",
          i -> "/v1/repairs?limit=50&datetime=2026-09-01/..");
      latency(client, port, runs, "repair list, limit 50, survey + datetime",
          i -> "/v1/repairs?limit=50&survey=" + surveyId + "&datetime=2026-09-01/..");
      pictureCost(new PgRepairList(pool), runs);
      latency(client, port, runs, "OGC items, bbox 1 km x 1 km, limit 100", i -> {
        double west = CENTRE_LON_DEG - SPAN_LON_DEG / 2
            + random.nextDouble() * (SPAN_LON_DEG - kmLon);
        double south = CENTRE_LAT_DEG - SPAN_LAT_DEG / 2
            + random.nextDouble() * (SPAN_LAT_DEG - kmLat);
        return String.format(Locale.ROOT,
            "/ogc/collections/damages/items?limit=100&bbox=%.6f,%.6f,%.6f,%.6f",
            west, south, west + kmLon, south + kmLat);
      });
      latency(client, port, runs, "OGC items, no filter, limit 100 (numberMatched = count(*))",
          i -> "/ogc/collections/damages/items?limit=100");
      latency(client, port, Math.min(runs, 50), "OGC collection (extent: min/max over all)",
          i -> "/ogc/collections/damages");
      latency(client, port, Math.min(runs, 50), "Open311 requests.json (newest 1000)",
          i -> "/open311/v2/requests.json");

      String box = String.format(Locale.ROOT, "point(lon, lat) <@ box(point(%f, %f), point(%f, %f))",
          CENTRE_LON_DEG, CENTRE_LAT_DEG, CENTRE_LON_DEG + kmLon, CENTRE_LAT_DEG + kmLat);
      explain(pool, "OGC bbox numberMatched (1 km x 1 km at the centre)",
          "SELECT count(*) FROM damages WHERE " + box);
      explain(pool, "OGC bbox page (same box, limit 100)", "SELECT id, class, footprint FROM "
          + "damages WHERE id IN (SELECT id FROM damages WHERE " + box
          + " AND id > 0 ORDER BY id LIMIT 101) ORDER BY id");
      explain(pool, "OGC numberMatched without filter", "SELECT count(*) FROM damages");
      explain(pool, "repair list first page with each damage's best observation (issue #29)",
          "SELECT p.*, best.id FROM (SELECT id, priority_score FROM damages WHERE status ="
              + " ANY('{new,confirmed,scheduled}') AND implausible = '[]'::jsonb"
              + " ORDER BY priority_score DESC, id DESC LIMIT 51) p LEFT JOIN LATERAL ("
              + "SELECT o.id FROM observations o JOIN captures c ON c.id = o.capture_id"
              + " WHERE o.damage_id = p.id ORDER BY o.confidence DESC,"
              + " COALESCE(c.taken_at, c.received_at) DESC, o.id DESC LIMIT 1) best ON true"
              + " ORDER BY p.priority_score DESC, p.id DESC");
      explain(pool, "repair list first page of a survey of " + SURVEY_IMAGES + " images",
          "SELECT id FROM damages WHERE status = ANY('{new,confirmed,scheduled}')"
              + " AND implausible = '[]'::jsonb AND id IN (SELECT o.damage_id FROM jobs j"
              + " JOIN observations o ON o.capture_id = COALESCE(j.capture_id, (SELECT c.id"
              + " FROM captures c WHERE c.sha256 = j.image_sha256)) WHERE j.survey_id = "
              + surveyId + ")"
              + " ORDER BY priority_score DESC, id DESC LIMIT 51");
      double[] near = MergeRule.searchBoxDeg(CENTRE_LON_DEG, CENTRE_LAT_DEG,
          MergeRule.searchRadiusM(1.0));
      explain(pool, "merge look-up (PgDamageRegister NEARBY, one observation of 1 m)",
          String.format(Locale.ROOT, "SELECT d.id FROM unnest(ARRAY[%f], ARRAY[%f], ARRAY[%f], "
              + "ARRAY[%f]) AS b(w, s, e, n) JOIN damages d ON point(d.lon, d.lat) <@ "
              + "box(point(b.w, b.s), point(b.e, b.n)) WHERE d.class = ANY(ARRAY['D00', 'D10', "
              + "'D20', 'D40'])", near[0], near[1], near[2], near[3]));
      // The register's transaction plans generically (PgSessions): check that the coverage
      // flagger's look-up (CoverageFlagger.CANDIDATES) still uses the lon/lat index then.
      explainGeneric(pool, "coverage flagger look-up, generic plan (a 60 m x 45 m frame)",
          "PREPARE candidates(float8, float8, float8, float8, timestamptz, bigint[]) AS"
              + " SELECT id, lon, lat FROM damages WHERE lon BETWEEN $1 AND $2"
              + " AND lat BETWEEN $3 AND $4 AND last_seen < $5 AND NOT possibly_repaired"
              + " AND status IN ('new', 'confirmed', 'scheduled') AND id <> ALL($6::bigint[])",
          String.format(Locale.ROOT, "EXECUTE candidates(%f, %f, %f, %f, now(), '{}')",
              CENTRE_LON_DEG, CENTRE_LON_DEG + 60 / M_PER_DEG_LON, CENTRE_LAT_DEG,
              CENTRE_LAT_DEG + 45 / M_PER_DEG_LAT));
      merge(pool, observations, concurrency);
    } finally {
      await(vertx.close());
      pg.close();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }

  private static void latency(WebClient client, int port, int runs, String what,
      IntFunction<String> path) {
    for (int i = 0; i < WARM_UP; i++) {
      request(client, port, path.apply(i));
    }
    long[] nanos = new long[runs];
    long rows = 0;
    for (int i = 0; i < runs; i++) {
      String p = path.apply(i);
      long start = System.nanoTime();
      HttpResponse<Buffer> response = request(client, port, p);
      nanos[i] = System.nanoTime() - start;
      rows += ITEM.matcher(response.bodyAsString()).results().count();
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "  %-62s %6.1f / %6.1f / %6.1f  (%.0f items per response)%n",
        what, nanos[runs / 2] / 1e6, nanos[(int) Math.ceil(runs * 0.95) - 1] / 1e6,
        nanos[runs - 1] / 1e6, (double) rows / runs);
  }

  /**
   * What the repair list's pictures cost (issue #29): the first page of 50 with and without each
   * damage's best observation, straight from {@link PgRepairList}, alternating every run so the
   * machine's other load hits both alike.
   */
  private static void pictureCost(PgRepairList repairs, int runs) {
    for (int i = 0; i < WARM_UP; i++) {
      await(repairs.page(RepairQuery.DEFAULT, 50, null, i % 2 == 0));
    }
    long[][] nanos = new long[2][runs];
    for (int i = 0; i < runs; i++) {
      for (int with = 0; with < 2; with++) {
        long start = System.nanoTime();
        await(repairs.page(RepairQuery.DEFAULT, 50, null, with == 1));
        nanos[with][i] = System.nanoTime() - start;
      }
    }
    for (int with = 0; with < 2; with++) {
      Arrays.sort(nanos[with]);
      System.out.printf(Locale.ROOT, "  %-62s %6.1f / %6.1f / %6.1f%n", "PgRepairList first page"
              + " of 50, " + (with == 1 ? "with" : "without") + " best observations",
          nanos[with][runs / 2] / 1e6, nanos[with][(int) Math.ceil(runs * 0.95) - 1] / 1e6,
          nanos[with][runs - 1] / 1e6);
    }
  }

  private static void explain(Pool pool, String what, String sql) {
    System.out.println("EXPLAIN ANALYZE, " + what + ":");
    for (Row row : await(pool.query("EXPLAIN (ANALYZE, BUFFERS) " + sql).execute())) {
      System.out.println("    " + row.getString(0));
    }
  }

  /** EXPLAIN ANALYZE of a prepared statement's generic plan, as the register's transaction runs. */
  private static void explainGeneric(Pool pool, String what, String prepare, String execute) {
    System.out.println("EXPLAIN ANALYZE, " + what + ":");
    List<Row> plan = await(pool.withConnection(conn -> conn.query(
            "SET plan_cache_mode = force_generic_plan").execute()
        .compose(v -> conn.query(prepare).execute())
        .compose(v -> conn.query("EXPLAIN (ANALYZE, BUFFERS) " + execute).execute())
        .compose(rows -> conn.query("DEALLOCATE candidates").execute()
            .compose(v -> conn.query("RESET plan_cache_mode").execute())
            .map(v -> {
              List<Row> list = new ArrayList<>();
              rows.forEach(list::add);
              return list;
            }))));
    for (Row row : plan) {
      System.out.println("    " + row.getString(0));
    }
  }

  private static HttpResponse<Buffer> request(WebClient client, int port, String path) {
    HttpResponse<Buffer> response = await(client.get(port, "localhost", path).send());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " -> " + response.statusCode() + " "
          + response.bodyAsString());
    }
    return response;
  }

  /**
   * Captures of two drone observations of one class 3 m apart, each place seen by two captures
   * (the second 0.3 m off: its boxes merge into the damages the first created or found; boxes of
   * one capture never merge with each other, MergeRule), at random places in the area, registered
   * by {@code concurrency} concurrent transactions.
   */
  private static void merge(Pool pool, int observations, int concurrency) {
    // The floor under any registration: one round trip to the database, one after the other.
    int trips = 2000;
    long r0 = System.nanoTime();
    for (int i = 0; i < trips; i++) {
      await(pool.query("SELECT 1").execute());
    }
    System.out.printf(Locale.ROOT, "round trip (SELECT 1, sequential): %.3f ms%n",
        (System.nanoTime() - r0) / 1e6 / trips);
    RegisterBatcher register = new RegisterBatcher(pool,
        new PgDamageRegister(new PriorityPolicy()));
    Random random = new Random(7);
    // Warm-up (not timed): the JIT compiles the register's Java path and every connection
    // prepares its statements, as in a service that has been running for a while.
    await(mergeLanes(register, captures(random, MERGE_WARM_UP_CAPTURES, 0), concurrency));
    int first = MERGE_WARM_UP_CAPTURES;
    for (int inFlight : new int[] {concurrency, RegisterBatcher.MAX_BATCH}) {
      int captures = observations / 2;
      List<CaptureAnalysis> analyses = captures(random, captures, first);
      first += captures;
      long start = System.nanoTime();
      List<int[]> lanes = await(mergeLanes(register, analyses, inFlight));
      double seconds = (System.nanoTime() - start) / 1e9;
      int created = 0;
      int merged = 0;
      for (int[] lane : lanes) {
        created += lane[0];
        merged += lane[1];
      }
      System.out.printf(Locale.ROOT, "merge: %d observations (%d captures of 2, %d in flight) in "
              + "%.2f s = %.0f observations/s; %d created a damage, %d merged%n",
          created + merged, captures, inFlight, seconds, (created + merged) / seconds, created,
          merged);
    }
  }

  /**
   * What durability costs (issue #26): captures merged into two fresh embedded servers side by
   * side, one durable (fsync and synchronous_commit on, the default) and one not ({@code
   * ROADSCAN_DB_DURABLE=false}: both off), with 1, CONCURRENCY and 32 captures in flight, in
   * {@link #ROUNDS} rounds alternating durable and not, so that load from the machine's other
   * tenants hits both alike; the figure is the median per setting.
   */
  /** Rounds of the durability comparison, alternating durable and not. */
  private static final int ROUNDS = 6;

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void durability(int observations, int concurrency) throws Exception {
    System.out.println("durability: merge observations/s into an empty register, durable (fsync,"
        + " synchronous_commit on) vs not (both off), alternating");
    Path dir = Files.createTempDirectory("roadscan-durability-bench");
    EmbeddedPostgresServer durablePg = EmbeddedPostgresServer.start(dir.resolve("durable"), true);
    EmbeddedPostgresServer fastPg = EmbeddedPostgresServer.start(dir.resolve("fast"), false);
    Vertx vertx = Vertx.vertx();
    try {
      RegisterBatcher[] registers = new RegisterBatcher[2];
      int i = 0;
      for (EmbeddedPostgresServer pg : List.of(durablePg, fastPg)) {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(RegisterBatcher.MAX_BATCH))
            .connectingTo(PgSessions.configure(pg.connectOptions())).using(vertx).build();
        await(PgMigrations.fromClasspath().apply(pool));
        registers[i++] = new RegisterBatcher(pool, new PgDamageRegister(new PriorityPolicy()));
      }
      Random random = new Random(11);
      int next = 0;
      for (RegisterBatcher register : registers) {
        await(mergeLanes(register, captures(random, MERGE_WARM_UP_CAPTURES, next), concurrency));
        next += MERGE_WARM_UP_CAPTURES;
      }
      int[] levels = {1, concurrency, RegisterBatcher.MAX_BATCH};
      double[][][] rates = new double[2][levels.length][ROUNDS / 2];
      for (int round = 0; round < ROUNDS; round++) {
        int setting = round % 2; // 0 durable, 1 not
        StringBuilder line = new StringBuilder(setting == 0 ? "  durable:    " : "  not durable:");
        for (int level = 0; level < levels.length; level++) {
          int captures = observations / 2;
          List<CaptureAnalysis> analyses = captures(random, captures, next);
          next += captures;
          long start = System.nanoTime();
          await(mergeLanes(registers[setting], analyses, levels[level]));
          double rate = 2 * captures / ((System.nanoTime() - start) / 1e9);
          rates[setting][level][round / 2] = rate;
          line.append(String.format(Locale.ROOT, "  %d in flight %6.0f", levels[level], rate));
        }
        System.out.println(line);
      }
      for (int level = 0; level < levels.length; level++) {
        double durable = median(rates[0][level]);
        double fast = median(rates[1][level]);
        System.out.printf(Locale.ROOT, "  median, %2d in flight: durable %6.0f, not durable %6.0f "
            + "observations/s; durable / not = %.2f%n", levels[level], durable, fast,
            durable / fast);
      }
    } finally {
      await(vertx.close());
      durablePg.close();
      fastPg.close();
    }
  }

  /**
   * Captures of two observations of one class 3 m apart at random places in the area, in pairs
   * that see one place (the second capture's GPS 0.3 m east of the first's), with distinct times
   * from {@code first} on (also their SHA-256 numbers).
   */
  private static List<CaptureAnalysis> captures(Random random, int count, int first) {
    List<CaptureAnalysis> analyses = new ArrayList<>();
    String cls = null;
    double lon = 0;
    double lat = 0;
    double area = 0;
    for (int c = first; c < first + count; c++) {
      if ((c - first) % 2 == 0) {
        cls = CLASSES[random.nextInt(CLASSES.length)];
        lon = CENTRE_LON_DEG + (random.nextDouble() - 0.5) * SPAN_LON_DEG;
        lat = CENTRE_LAT_DEG + (random.nextDouble() - 0.5) * SPAN_LAT_DEG;
        area = 0.05 + random.nextDouble() * 2;
      } else {
        lon += 0.3 / M_PER_DEG_LON;
      }
      analyses.add(new CaptureAnalysis(TestCaptures.metadata(lon, lat,
          Instant.parse("2026-11-01T10:00:00Z").plusSeconds(c)),
          List.of(observation(cls, lon, lat, area), observation(cls, lon + 3 / M_PER_DEG_LON,
              lat, area))));
    }
    return analyses;
  }

  /**
   * Registers the analyses through the service's {@link RegisterBatcher} from {@code inFlight}
   * lanes, each submitting its next capture when the previous one committed (as that many job
   * workers do); completes with each lane's [created, merged].
   */
  private static Future<List<int[]>> mergeLanes(RegisterBatcher register,
      List<CaptureAnalysis> analyses, int inFlight) {
    List<Future<int[]>> lanes = new ArrayList<>();
    for (int lane = 0; lane < inFlight; lane++) {
      int[] counts = new int[2];
      Future<int[]> chain = Future.succeededFuture(counts);
      for (int c = lane; c < analyses.size(); c += inFlight) {
        CaptureAnalysis analysis = analyses.get(c);
        String sha = String.format(Locale.ROOT, "%064x",
            analysis.metadata().takenAt().getEpochSecond());
        chain = chain.compose(n -> register.submit(sha, analysis,
            (tx, registered) -> Future.succeededFuture()).map(registered -> {
              for (RegisteredObservation o : registered.observations()) {
                counts[o.merged() ? 1 : 0]++;
              }
              return counts;
            }));
      }
      lanes.add(chain);
    }
    return Future.all(lanes).map(all -> lanes.stream().map(Future::result).toList());
  }

  private static Observation observation(String cls, double lon, double lat, double areaM2) {
    // Projected (the frame-offset path of the merge), without a footprint polygon.
    return new Observation(new Detection(cls, 0, 0.7, new PixelBox(10, 10, 60, 60)), lon, lat,
        null, areaM2, 1.0, Observation.Projection.NADIR);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
