package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.roadscan.detector.PixelBox;

/** Reads registered observations. Thread-safe, non-blocking. */
public final class PgObservations {

  private static final String BY_CAPTURE = """
      SELECT id, damage_id, class, confidence, box_x0_px, box_y0_px, box_x1_px, box_y1_px,
             footprint, lon, lat, uncertainty_m, area_m2, projection, length_m
      FROM observations WHERE capture_id = $1 ORDER BY id""";

  private static final String IMAGE = """
      SELECT c.sha256, o.box_x0_px, o.box_y0_px, o.box_x1_px, o.box_y1_px
      FROM observations o JOIN captures c ON c.id = o.capture_id WHERE o.id = $1""";

  private static final String GEOREFERENCE = "SELECT georeference FROM captures WHERE id = $1";

  private final Pool pool;

  public PgObservations(Pool pool) {
    this.pool = pool;
  }

  /**
   * How a capture was placed: {@code {"projection", "basis", "unplaced": [...]}}, or {@code {}}
   * for captures registered before this was recorded.
   */
  public Future<JsonObject> georeferenceOf(long captureId) {
    return pool.preparedQuery(GEOREFERENCE).execute(Tuple.of(captureId)).map(rows ->
        rows.size() == 0 || !(rows.iterator().next().getValue("georeference") instanceof
            JsonObject json) ? new JsonObject() : json);
  }

  /** The capture image and box of an observation, or empty for an unknown id. */
  public Future<Optional<ObservationImage>> image(long observationId) {
    return pool.preparedQuery(IMAGE).execute(Tuple.of(observationId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new ObservationImage(observationId, row.getString("sha256").trim(),
          new PixelBox(row.getDouble("box_x0_px"), row.getDouble("box_y0_px"),
              row.getDouble("box_x1_px"), row.getDouble("box_y1_px"))));
    });
  }

  /** The observations of one capture, in the order they were registered. */
  public Future<List<StoredObservation>> ofCapture(long captureId) {
    return pool.preparedQuery(BY_CAPTURE).execute(Tuple.of(captureId)).map(rows -> {
      List<StoredObservation> observations = new ArrayList<>(rows.size());
      for (Row row : rows) {
        Object footprint = row.getValue("footprint");
        observations.add(new StoredObservation(row.getLong("id"), row.getLong("damage_id"),
            row.getString("class"), row.getDouble("confidence"),
            new PixelBox(row.getDouble("box_x0_px"), row.getDouble("box_y0_px"),
                row.getDouble("box_x1_px"), row.getDouble("box_y1_px")),
            row.getDouble("lon"), row.getDouble("lat"),
            footprint instanceof JsonObject json ? json : null, row.getDouble("area_m2"),
            row.getDouble("uncertainty_m"), row.getString("projection"),
            row.getDouble("length_m")));
      }
      return observations;
    });
  }
}
