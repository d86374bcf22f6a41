package org.roadscan.api.repairs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
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
 * minimum grade, plausibility (the default list reads {@code damages_plausible_priority}), last
 * seen and survey, ordered by the query's sort key descending, then id descending, paged by keyset
 * (the sort's index: {@code damages_priority}, {@code damages_grade}, {@code damages_last_seen};
 * the bbox filter can use {@code damages_lonlat}). A survey's damages are found from its jobs
 * ({@code jobs_survey}) through their captures and observations ({@code observations_capture}).
 * With images, each damage of the page (after the limit) gets its best observation from {@code
 * observations_damage}. Thread-safe, non-blocking.
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

  /**
   * Damages seen in an image of survey $n: the observations of the captures of its jobs' images.
   * A done job names its capture ({@code jobs.capture_id}, the capture of its image's hash); for
   * the others the capture is looked up by the image's hash, one index probe each. (A plain join
   * on the hash let the planner scan every capture: 62 ms p50 at 200,000 damages; see
   * {@code bench/README.md} for this form at 1,000,000.)
   */
  private static final String IN_SURVEY = """
      id IN (SELECT o.damage_id FROM jobs j
             JOIN observations o ON o.capture_id = COALESCE(j.capture_id,
               (SELECT c.id FROM captures c WHERE c.sha256 = j.image_sha256))
             WHERE j.survey_id = $%d)""";

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
    if (query.lastSeen() != null) {
      if (query.lastSeen().start() != null) {
        params.add(query.lastSeen().start().atOffset(ZoneOffset.UTC));
        conditions.add("last_seen >= $" + params.size());
      }
      if (query.lastSeen().end() != null) {
        params.add(query.lastSeen().end().atOffset(ZoneOffset.UTC));
        conditions.add("last_seen <= $" + params.size());
      }
    }
    if (query.surveyId() != null) {
      params.add(query.surveyId());
      conditions.add(IN_SURVEY.formatted(params.size()));
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }
}
