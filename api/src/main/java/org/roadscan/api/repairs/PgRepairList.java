package org.roadscan.api.repairs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roadscan.api.gis.PgDamageSearch;
import org.roadscan.api.register.Damage;
import org.roadscan.api.register.DamageRows;
import org.roadscan.api.register.DamageStatus;

/**
 * Reads damages in repair order for a {@link RepairQuery}: filtered by status, class, bounding box,
 * minimum grade and plausibility (the default list reads {@code damages_plausible_priority}),
 * ordered by the query's sort key descending, then id descending, paged by keyset (the sort's
 * index: {@code damages_priority}, {@code damages_grade}, {@code damages_last_seen}; the bbox
 * filter can use {@code damages_lonlat}). With images, each damage of the page (after the limit)
 * gets its best observation from {@code observations_damage}. Thread-safe, non-blocking.
 */
public final class PgRepairList {

  /**
   * The damage's observation a person should see first: the most confident, then the latest
   * capture, then the last registered. {@code p} is the page's damage.
   */
  private static final String BEST_OBSERVATION = """
      LEFT JOIN LATERAL (
        SELECT o.id FROM observations o JOIN captures c ON c.id = o.capture_id
        WHERE o.damage_id = p.id
        ORDER BY o.confidence DESC, COALESCE(c.taken_at, c.received_at) DESC, o.id DESC
        LIMIT 1) best ON true""";

  private final Pool pool;

  public PgRepairList(Pool pool) {
    this.pool = pool;
  }

  /** The first page of open damages by priority. */
  public Future<RepairPage> page(int limit, RepairCursor after) {
    return page(RepairQuery.DEFAULT, limit, after);
  }

  /** A page with each damage's best observation ({@link RepairPage#imageObservations()}). */
  public Future<RepairPage> page(RepairQuery query, int limit, RepairCursor after) {
    return page(query, limit, after, true);
  }

  /**
   * @param limit damages per page, at least 1
   * @param after the previous page's {@link RepairPage#next()} (same sort), or null for the first
   * @param withImages whether to find each damage's best observation (one index look-up per
   *     damage of the page)
   */
  public Future<RepairPage> page(RepairQuery query, int limit, RepairCursor after,
      boolean withImages) {
    if (after != null && after.sort() != query.sort()) {
      throw new IllegalArgumentException("the cursor belongs to sort " + after.sort().parameter());
    }
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ").append(DamageRows.COLUMNS).append(" FROM damages");
    String where = where(query, params);
    String column = query.sort().column();
    if (after != null) {
      params.add(after.keyValue());
      params.add(after.damageId());
      where = (where.isEmpty() ? " WHERE " : where + " AND ") + "(" + column + ", id) < ($"
          + (params.size() - 1) + ", $" + params.size() + ")";
    }
    params.add(limit + 1);
    sql.append(where).append(" ORDER BY ").append(column).append(" DESC, id DESC LIMIT $")
        .append(params.size());
    String statement = !withImages ? sql.toString()
        : "SELECT p.*, best.id AS image_observation_id FROM (" + sql + ") p\n" + BEST_OBSERVATION
            + "\nORDER BY p." + column + " DESC, p.id DESC";
    return pool.preparedQuery(statement).execute(Tuple.from(params)).map(result -> {
      List<Damage> damages = DamageRows.damages(result);
      Map<Long, Long> images = new HashMap<>();
      if (withImages) {
        for (Row row : result) {
          Long observationId = row.getLong("image_observation_id");
          if (observationId != null) {
            images.put(row.getLong("id"), observationId);
          }
        }
      }
      if (damages.size() <= limit) {
        return new RepairPage(damages, null, images);
      }
      List<Damage> page = damages.subList(0, limit);
      images.remove(damages.get(limit).id());
      return new RepairPage(page, RepairCursor.after(query.sort(), page.get(limit - 1)), images);
    });
  }

  private static String where(RepairQuery query, List<Object> params) {
    List<String> conditions = new ArrayList<>();
    if (!query.statuses().containsAll(DamageStatus.allValues())) {
      params.add(query.statuses().toArray(String[]::new));
      conditions.add("status = ANY($" + params.size() + ")");
    }
    if (!query.classes().isEmpty()) {
      params.add(query.classes().toArray(String[]::new));
      conditions.add("class = ANY($" + params.size() + ")");
    }
    if (query.bbox() != null) {
      conditions.add(PgDamageSearch.bboxCondition(query.bbox(), params));
    }
    if (query.minGrade() > 1.0) {
      params.add(query.minGrade());
      conditions.add("grade >= $" + params.size());
    }
    switch (query.plausibility()) {
      case PLAUSIBLE -> conditions.add("implausible = '[]'::jsonb");
      case IMPLAUSIBLE -> conditions.add("implausible <> '[]'::jsonb");
      case ALL -> { }
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }
}
