package org.roadscan.api.register;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a {@link Damage} in {@code damages} and their mapping, shared by every reader of
 * whole damages (the repair list, the GIS searches). Stateless.
 */
public final class DamageRows {

  /** The columns {@link #damages} reads. */
  public static final String COLUMNS = "id, class, status, lon, lat, uncertainty_m, area_m2, "
      + "footprint, observation_count, first_seen, last_seen, priority_score, priority_parts, "
      + "version, length_m, grade, possibly_repaired, implausible";

  private DamageRows() {
  }

  /** Maps rows selected with {@link #COLUMNS} (or more). */
  public static List<Damage> damages(RowSet<Row> rows) {
    List<Damage> damages = new ArrayList<>(rows.size());
    for (Row row : rows) {
      damages.add(damage(row));
    }
    return damages;
  }

  /** Maps one row selected with {@link #COLUMNS} (or more). */
  public static Damage damage(Row row) {
    Object footprint = row.getValue("footprint");
    return new Damage(row.getLong("id"), row.getString("class"), row.getString("status"),
        row.getDouble("lon"), row.getDouble("lat"), row.getDouble("uncertainty_m"),
        row.getDouble("area_m2"), footprint instanceof JsonObject json ? json : null,
        row.getInteger("observation_count"), row.getOffsetDateTime("first_seen").toInstant(),
        row.getOffsetDateTime("last_seen").toInstant(), row.getDouble("priority_score"),
        (JsonObject) row.getValue("priority_parts"), row.getInteger("version"),
        row.getDouble("length_m"), row.getDouble("grade"),
        row.getBoolean("possibly_repaired"), (JsonArray) row.getValue("implausible"));
  }
}
