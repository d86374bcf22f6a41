package org.roadscan.api.priority;

import io.vertx.core.json.JsonObject;

/**
 * One part of a repair priority, as the API and the page show it. Immutable.
 *
 * @param name {@code severity}, {@code size}, {@code growth}, {@code road}, {@code sensitive} or
 *     {@code age}
 * @param value the part's value, 0..1
 * @param weight its weight from {@link PriorityWeights}
 * @param points what it adds to the 0..100 score: {@code 100 · weight · value / Σ weights}
 * @param why what the value was derived from, for people
 */
public record PriorityPart(String name, double value, double weight, double points, String why) {

  public JsonObject toJson() {
    return new JsonObject().put("value", value).put("weight", weight).put("points", points)
        .put("why", why);
  }
}
