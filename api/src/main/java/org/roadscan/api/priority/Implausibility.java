package org.roadscan.api.priority;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a damage is not believed as it stands: kept in the register (nothing is thrown away), left
 * out of the default repair list, shown with this reason. Immutable.
 *
 * @param reason stable code: {@value #SIZE} (larger than any real damage of its class) or
 *     {@value #OFF_ROAD} (no road of the configured road layer near it)
 * @param detail a sentence for people, with the figures
 */
public record Implausibility(String reason, String detail) {

  /** Larger than any real damage of its class. */
  public static final String SIZE = "size";
  /** Far from every road of the configured road layer. */
  public static final String OFF_ROAD = "offRoad";

  public Implausibility {
    if (reason == null || reason.isBlank() || detail == null) {
      throw new IllegalArgumentException("reason and detail are required");
    }
  }

  /** {@code {"reason": …, "detail": …}}. */
  public JsonObject toJson() {
    return new JsonObject().put("reason", reason).put("detail", detail);
  }

  /** The register's form: a JSON array, empty for a plausible damage. */
  public static JsonArray toJson(List<Implausibility> list) {
    JsonArray array = new JsonArray();
    list.forEach(i -> array.add(i.toJson()));
    return array;
  }

  /** Reads the register's form back; null or empty gives an empty list. */
  public static List<Implausibility> fromJson(JsonArray array) {
    List<Implausibility> list = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        JsonObject o = array.getJsonObject(i);
        list.add(new Implausibility(o.getString("reason"), o.getString("detail", "")));
      }
    }
    return List.copyOf(list);
  }
}
