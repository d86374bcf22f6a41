package org.roadscan.api.gis;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.roadscan.api.register.Damage;
import org.roadscan.api.register.DamageRows;
import org.roadscan.api.register.DamageStatus;

/**
 * Reads damages for the interfaces other systems use: OGC API – Features (id order, bbox and time
 * filters, keyset pages) and Open311 (newest first, class/status/date filters). Positions are
 * WGS84 degrees, lon/lat; the bbox filter uses the GiST index on {@code point(lon, lat)}
 * ({@code V6__ogc_indexes.sql}). Thread-safe, non-blocking.
 */
public final class PgDamageSearch {


  private static final String EXTENT = """
      SELECT min(lon) AS min_lon, min(lat) AS min_lat, max(lon) AS max_lon, max(lat) AS max_lat,
             min(first_seen) AS first_seen, max(last_seen) AS last_seen
      FROM damages""";

  private final Pool pool;

  public PgDamageSearch(Pool pool) {
    this.pool = pool;
  }

  /** One page of damages in id order with the number matching on all pages. */
  public Future<FeaturePage> features(FeatureQuery query) {
    List<Object> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    if (query.bbox() != null) {
      where.add(bboxCondition(query.bbox(), params));
    }
    if (query.seen() != null) {
      if (query.seen().end() != null) {
        params.add(utc(query.seen().end()));
        where.add("first_seen <= $" + params.size());
      }
      if (query.seen().start() != null) {
        params.add(utc(query.seen().start()));
        where.add("last_seen >= $" + params.size());
      }
    }
    List<Object> countParams = List.copyOf(params);
    // Unfiltered: the trigger-kept count of V7 (exact, one row read instead of a million).
    String countSql = where.isEmpty() ? "SELECT sum(n)::bigint AS matched FROM damage_count"
        : "SELECT count(*) AS matched FROM damages" + whereClause(where);
    params.add(query.afterId());
    where.add("id > $" + params.size());
    params.add(query.limit() + 1);
    // Ids first, rows after: only the page's rows are read and decoded in full (jsonb parts and
    // footprint), not every row in the box before the sort.
    String pageSql = "SELECT " + DamageRows.COLUMNS + " FROM damages WHERE id IN (SELECT id "
        + "FROM damages" + whereClause(where) + " ORDER BY id LIMIT $" + params.size()
        + ") ORDER BY id";
    Future<Long> matched = pool.preparedQuery(countSql).execute(Tuple.from(countParams))
        .map(rows -> rows.iterator().next().getLong("matched"));
    Future<List<Damage>> page = pool.preparedQuery(pageSql).execute(Tuple.from(params))
        .map(DamageRows::damages);
    return Future.all(matched, page).map(both -> {
      List<Damage> damages = page.result();
      if (damages.size() <= query.limit()) {
        return new FeaturePage(damages, matched.result(), null);
      }
      List<Damage> shown = damages.subList(0, query.limit());
      return new FeaturePage(shown, matched.result(), shown.get(query.limit() - 1).id());
    });
  }

  /** The damage with {@code id}, or empty. */
  public Future<Optional<Damage>> byId(long id) {
    return pool.preparedQuery("SELECT " + DamageRows.COLUMNS + " FROM damages WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> DamageRows.damages(rows).stream().findFirst());
  }

  /** The damages with these ids, in id order; unknown ids are left out. */
  public Future<List<Damage>> byIds(List<Long> ids) {
    return pool.preparedQuery("SELECT " + DamageRows.COLUMNS
            + " FROM damages WHERE id = ANY($1) ORDER BY id")
        .execute(Tuple.of(ids.toArray(new Long[0])))
        .map(DamageRows::damages);
  }

  /**
   * Damages as Open311 lists them: first seen descending, then id descending. Implausible damages
   * ({@link org.roadscan.api.priority.PlausibilityCheck}) are not offered to the city's
   * defect-report systems, as they are not on the default repair list; asked for by id they are.
   */
  public Future<List<Damage>> requests(RequestQuery query) {
    List<Object> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    where.add("implausible = '[]'::jsonb");
    if (!query.classes().isEmpty()) {
      params.add(query.classes().toArray(new String[0]));
      where.add("class = ANY($" + params.size() + ")");
    }
    if (query.closed() != null) {
      params.add(DamageStatus.closedValues().toArray(new String[0]));
      String closed = "status = ANY($" + params.size() + ")";
      where.add(query.closed() ? closed : "NOT " + closed);
    }
    if (query.firstSeen() != null) {
      if (query.firstSeen().start() != null) {
        params.add(utc(query.firstSeen().start()));
        where.add("first_seen >= $" + params.size());
      }
      if (query.firstSeen().end() != null) {
        params.add(utc(query.firstSeen().end()));
        where.add("first_seen <= $" + params.size());
      }
    }
    params.add(query.limit());
    String sql = "SELECT " + DamageRows.COLUMNS + " FROM damages" + whereClause(where)
        + " ORDER BY first_seen DESC, id DESC LIMIT $" + params.size();
    return pool.preparedQuery(sql).execute(Tuple.from(params)).map(DamageRows::damages);
  }

  /**
   * Where and when the register has damages: each min/max is read from one end of an index
   * ({@code V6__ogc_indexes.sql}), not by scanning the table.
   */
  public Future<RegisterExtent> extent() {
    return pool.query(EXTENT).execute().map(rows -> {
      Row row = rows.iterator().next();
      if (row.getValue("min_lon") == null) {
        return new RegisterExtent(null, null, null);
      }
      return new RegisterExtent(
          new LonLatBox(row.getDouble("min_lon"), row.getDouble("min_lat"),
              row.getDouble("max_lon"), row.getDouble("max_lat")),
          row.getOffsetDateTime("first_seen").toInstant(),
          row.getOffsetDateTime("last_seen").toInstant());
    });
  }

  /**
   * {@code point(lon, lat) <@ box}, edges included, written so the planner can use the GiST
   * index on {@code point(lon, lat)}; a box across the antimeridian is split in two.
   */
  /** The SQL condition of a box on {@code damages}, appending its parameters. */
  public static String bboxCondition(LonLatBox bbox, List<Object> params) {
    if (!bbox.crossesAntimeridian()) {
      return within(bbox.minLonDeg(), bbox.minLatDeg(), bbox.maxLonDeg(), bbox.maxLatDeg(),
          params);
    }
    String west = within(bbox.minLonDeg(), bbox.minLatDeg(), 180, bbox.maxLatDeg(), params);
    String east = within(-180, bbox.minLatDeg(), bbox.maxLonDeg(), bbox.maxLatDeg(), params);
    return "(" + west + " OR " + east + ")";
  }

  private static String within(double minLonDeg, double minLatDeg, double maxLonDeg,
      double maxLatDeg, List<Object> params) {
    int first = params.size() + 1;
    params.add(minLonDeg);
    params.add(minLatDeg);
    params.add(maxLonDeg);
    params.add(maxLatDeg);
    return "point(lon, lat) <@ box(point($%d::float8, $%d::float8), point($%d::float8, $%d::float8))"
        .formatted(first, first + 1, first + 2, first + 3);
  }

  private static String whereClause(List<String> conditions) {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
