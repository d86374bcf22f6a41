package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.roadscan.api.capture.ImagePrivacy;
import org.roadscan.api.register.StatusChangeRefused.Reason;
import org.roadscan.detector.PixelBox;

/**
 * One damage at a time: its history ({@link #find}), its audit trail ({@link #events}) and its
 * status ({@link #changeStatus}, optimistic locking on {@code damages.version}). Thread-safe,
 * non-blocking.
 */
public final class PgDamages {

  private static final String DAMAGE = "SELECT " + DamageRows.COLUMNS
      + ", possibly_repaired_since FROM damages WHERE id = $1";

  private static final String OBSERVATIONS = """
      SELECT o.id, o.capture_id, COALESCE(c.taken_at, c.received_at) AS seen_at, o.class,
             o.confidence, o.area_m2, o.length_m, o.uncertainty_m, o.projection,
             o.box_x0_px, o.box_y0_px, o.box_x1_px, o.box_y1_px, %s AS privacy
      FROM observations o JOIN captures c ON c.id = o.capture_id
      WHERE o.damage_id = $1
      ORDER BY seen_at, o.id""".formatted(ImagePrivacy.jsonColumn("c.sha256"));

  private static final String EXISTS = "SELECT 1 FROM damages WHERE id = $1";

  private static final String EVENTS = """
      SELECT id, at, kind, actor, detail FROM damage_events WHERE damage_id = $1
      ORDER BY at, id""";

  private static final String CURRENT = "SELECT status, version FROM damages WHERE id = $1";

  /** $1 id, $2 expected version, $3 new status. */
  private static final String CHANGE = """
      UPDATE damages SET status = $3, version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2
      RETURNING version""";

  private static final String STATUS_EVENT = """
      INSERT INTO damage_events (damage_id, kind, actor, detail)
      VALUES ($1, 'status', $2, $3)""";

  private final Pool pool;

  public PgDamages(Pool pool) {
    this.pool = pool;
  }

  /** The damage with its observations and growth, or empty for an unknown id. */
  public Future<Optional<DamageDetail>> find(long id) {
    return pool.preparedQuery(DAMAGE).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      Row row = rows.iterator().next();
      return pool.preparedQuery(OBSERVATIONS).execute(Tuple.of(id)).map(observationRows -> {
        List<DamageObservation> observations = new ArrayList<>(observationRows.size());
        for (Row o : observationRows) {
          observations.add(new DamageObservation(o.getLong("id"), o.getLong("capture_id"),
              o.getOffsetDateTime("seen_at").toInstant(), o.getString("class"),
              o.getDouble("confidence"), o.getDouble("area_m2"), o.getDouble("length_m"),
              o.getDouble("uncertainty_m"), o.getString("projection"),
              new PixelBox(o.getDouble("box_x0_px"), o.getDouble("box_y0_px"),
                  o.getDouble("box_x1_px"), o.getDouble("box_y1_px")),
              ImagePrivacy.json(o, "privacy")));
        }
        OffsetDateTime since = row.getOffsetDateTime("possibly_repaired_since");
        return Optional.of(new DamageDetail(DamageRows.damage(row), row.getBoolean("possibly_repaired"),
            since == null ? null : since.toInstant(), observations,
            Growth.of(observations)));
      });
    });
  }

  /** The damage's events, oldest first (ties by id), or empty for an unknown id. */
  public Future<Optional<List<DamageEvent>>> events(long id) {
    return pool.preparedQuery(EXISTS).execute(Tuple.of(id)).compose(exists -> {
      if (exists.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      return pool.preparedQuery(EVENTS).execute(Tuple.of(id)).map(rows -> {
        List<DamageEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
          events.add(new DamageEvent(row.getLong("id"), row.getOffsetDateTime("at").toInstant(),
              row.getString("kind"), row.getString("actor"), (JsonObject) row.getValue("detail")));
        }
        return Optional.of(events);
      });
    });
  }

  /**
   * Changes the status in one transaction: a conditional {@code UPDATE … WHERE id = $1 AND
   * version = $2} and a {@code status} event, so of two concurrent changes from the same version
   * exactly one wins.
   *
   * @return the damage's new version
   * @throws StatusChangeRefused (as the failed future) NOT_FOUND, STALE_VERSION when the version is
   *     not the expected one (checked before the transition), INVALID_TRANSITION
   */
  public Future<Integer> changeStatus(StatusChange change) {
    return pool.withTransaction(tx -> tx.preparedQuery(CURRENT)
        .execute(Tuple.of(change.damageId())).compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new StatusChangeRefused(Reason.NOT_FOUND,
                "no damage " + change.damageId(), null, change.to(), null));
          }
          Row row = rows.iterator().next();
          int version = row.getInteger("version");
          DamageStatus from = DamageStatus.of(row.getString("status")).orElseThrow();
          if (change.expectedVersion() != version) {
            return Future.failedFuture(stale(change, from, version));
          }
          if (!from.canChangeTo(change.to())) {
            return Future.failedFuture(new StatusChangeRefused(Reason.INVALID_TRANSITION,
                "damage " + change.damageId() + " cannot change from " + from.value() + " to "
                    + change.to().value(), from, change.to(), version));
          }
          JsonObject detail = new JsonObject().put("from", from.value())
              .put("to", change.to().value()).put("comment", change.comment());
          return tx.preparedQuery(CHANGE)
              .execute(Tuple.of(change.damageId(), version, change.to().value()))
              .compose(updated -> {
                if (updated.size() == 0) {
                  // Changed between our read and our update: another request won.
                  return Future.failedFuture(stale(change, from, null));
                }
                int newVersion = updated.iterator().next().getInteger("version");
                return tx.preparedQuery(STATUS_EVENT)
                    .execute(Tuple.of(change.damageId(), change.actor(),
                        detail.put("version", newVersion)))
                    .map(newVersion);
              });
        }));
  }

  private static StatusChangeRefused stale(StatusChange change, DamageStatus from,
      Integer currentVersion) {
    return new StatusChangeRefused(Reason.STALE_VERSION, "damage " + change.damageId()
        + " has changed since version " + change.expectedVersion()
        + (currentVersion == null ? "" : "; it is now version " + currentVersion)
        + ": GET it again and retry with its ETag", from, change.to(), currentVersion);
  }
}
