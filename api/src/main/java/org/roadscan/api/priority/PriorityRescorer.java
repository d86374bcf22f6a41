package org.roadscan.api.priority;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes every damage's priority and grade with the current {@link PriorityPolicy}: needed
 * when the policy's weights or layers change (a new road layer moves every score), and as time
 * passes (the age part). Walks the register in id order, {@value #BATCH} damages a transaction,
 * scoring on a worker executor (layer look-ups are CPU work), so it never blocks the event loop
 * and never holds long locks; damages merged meanwhile are scored by the merge itself.
 *
 * <p>The service runs it at start when the policy's fingerprint differs from the one stored in
 * {@code register_settings} (key {@value #FINGERPRINT_KEY}), and every {@value #EVERY_HOURS} hours.
 */
public final class PriorityRescorer {

  static final int BATCH = 500;
  static final long EVERY_HOURS = 24;
  /** The {@code register_settings} key of the fingerprint of the policy the scores are from. */
  public static final String FINGERPRINT_KEY = "priority.fingerprint";

  private static final Logger LOG = LoggerFactory.getLogger(PriorityRescorer.class);

  private static final String PAGE = """
      SELECT id, class, area_m2, length_m, first_area_m2, first_seen, last_seen, lon, lat,
             uncertainty_m
      FROM damages WHERE id > $1 ORDER BY id LIMIT $2""";
  private static final String UPDATE = """
      UPDATE damages SET priority_score = $2, priority_base = $3, grade = $4, priority_parts = $5,
             implausible = $6
      WHERE id = $1""";
  private static final String READ_SETTING = "SELECT value FROM register_settings WHERE key = $1";
  private static final String WRITE_SETTING = """
      INSERT INTO register_settings (key, value) VALUES ($1, $2)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()""";

  private final Pool pool;
  private final WorkerExecutor executor;
  private final PriorityPolicy policy;
  private final String fingerprint;

  /**
   * @param fingerprint identifies the policy (weights, layer contents, formula version): when it
   *     changes, every damage is rescored at the next start
   */
  public PriorityRescorer(Pool pool, WorkerExecutor executor, PriorityPolicy policy,
      String fingerprint) {
    this.pool = pool;
    this.executor = executor;
    this.policy = policy;
    this.fingerprint = fingerprint;
  }

  /** Rescores everything when the stored fingerprint differs; completes with damages rescored. */
  public Future<Integer> rescoreIfPolicyChanged() {
    return pool.preparedQuery(READ_SETTING).execute(Tuple.of(FINGERPRINT_KEY)).compose(rows -> {
      String stored = rows.size() == 0 ? null : rows.iterator().next().getString("value");
      if (fingerprint.equals(stored)) {
        return Future.succeededFuture(0);
      }
      LOG.info("priority policy changed ({} -> {}): rescoring the register", stored, fingerprint);
      return rescoreAll();
    });
  }

  /** Rescores every damage, then stores the fingerprint; completes with the count. */
  public Future<Integer> rescoreAll() {
    Instant now = Instant.now();
    return batchAfter(0, now, 0).compose(count -> pool.preparedQuery(WRITE_SETTING)
        .execute(Tuple.of(FINGERPRINT_KEY, fingerprint)).map(count))
        .onSuccess(count -> LOG.info("rescored {} damage(s)", count));
  }

  private Future<Integer> batchAfter(long afterId, Instant now, int done) {
    return pool.preparedQuery(PAGE).execute(Tuple.of(afterId, BATCH)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(done);
      }
      List<Row> page = new ArrayList<>();
      rows.forEach(page::add);
      long lastId = page.get(page.size() - 1).getLong("id");
      return executor.executeBlocking(() -> scores(page, now), false)
          .compose(updates -> pool.withTransaction(tx ->
              tx.preparedQuery(UPDATE).executeBatch(updates)))
          .compose(v -> batchAfter(lastId, now, done + page.size()));
    });
  }

  private List<Tuple> scores(List<Row> page, Instant now) {
    List<Tuple> updates = new ArrayList<>(page.size());
    for (Row row : page) {
      PriorityScore score = policy.score(new DamageFacts(row.getString("class"),
          row.getDouble("area_m2"), row.getDouble("length_m"), row.getDouble("first_area_m2"),
          row.getOffsetDateTime("first_seen").toInstant(),
          row.getOffsetDateTime("last_seen").toInstant(), row.getDouble("lon"),
          row.getDouble("lat"), row.getDouble("uncertainty_m")), now);
      updates.add(Tuple.of(row.getLong("id"), score.score(), score.baseScore(), score.grade(),
          score.toJson(), Implausibility.toJson(score.implausible())));
    }
    return updates;
  }
}
