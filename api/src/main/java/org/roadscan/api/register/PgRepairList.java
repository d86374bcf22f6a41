package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads damages in repair order: priority score descending, then id descending (keyset paging on
 * the {@code damages_priority} index). Thread-safe, non-blocking.
 */
public final class PgRepairList {

  /** The columns {@link #damages} reads, shared with {@link PgDamageSearch}. */
  static final String COLUMNS = "id, class, status, lon, lat, uncertainty_m, area_m2, "
      + "footprint, observation_count, first_seen, last_seen, priority_score, priority_parts, "
      + "version, length_m";

  private static final String FIRST_PAGE = "SELECT " + COLUMNS
      + " FROM damages ORDER BY priority_score DESC, id DESC LIMIT $1";

  private static final String NEXT_PAGE = "SELECT " + COLUMNS
      + " FROM damages WHERE (priority_score, id) < ($2, $3)"
      + " ORDER BY priority_score DESC, id DESC LIMIT $1";

  private final Pool pool;

  public PgRepairList(Pool pool) {
    this.pool = pool;
  }

  /**
   * @param limit damages per page, at least 1
   * @param after the previous page's {@link RepairPage#next()}, or null for the first page
   */
  public Future<RepairPage> page(int limit, RepairCursor after) {
    Future<RowSet<Row>> rows = after == null
        ? pool.preparedQuery(FIRST_PAGE).execute(Tuple.of(limit + 1))
        : pool.preparedQuery(NEXT_PAGE)
            .execute(Tuple.of(limit + 1, after.priorityScore(), after.damageId()));
    return rows.map(result -> {
      List<Damage> damages = damages(result);
      if (damages.size() <= limit) {
        return new RepairPage(damages, null);
      }
      List<Damage> page = damages.subList(0, limit);
      Damage last = page.get(limit - 1);
      return new RepairPage(page, new RepairCursor(last.priorityScore(), last.id()));
    });
  }

  /** Every damage in repair order (the GeoJSON export). */
  public Future<List<Damage>> all() {
    return pool.query("SELECT " + COLUMNS + " FROM damages ORDER BY priority_score DESC, id DESC")
        .execute().map(PgRepairList::damages);
  }

  /** Maps rows selected with {@link #COLUMNS}. */
  static List<Damage> damages(RowSet<Row> rows) {
    List<Damage> damages = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Object footprint = row.getValue("footprint");
      damages.add(new Damage(row.getLong("id"), row.getString("class"), row.getString("status"),
          row.getDouble("lon"), row.getDouble("lat"), row.getDouble("uncertainty_m"),
          row.getDouble("area_m2"), footprint instanceof JsonObject json ? json : null,
          row.getInteger("observation_count"), row.getOffsetDateTime("first_seen").toInstant(),
          row.getOffsetDateTime("last_seen").toInstant(), row.getDouble("priority_score"),
          (JsonObject) row.getValue("priority_parts"), row.getInteger("version"),
          row.getDouble("length_m")));
    }
    return damages;
  }
}
