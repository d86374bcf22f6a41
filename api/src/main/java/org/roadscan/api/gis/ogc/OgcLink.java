package org.roadscan.api.gis.ogc;

import io.vertx.core.json.JsonObject;

/** An OGC API link object: {@code {"href", "rel", "type", "title"}}. */
final class OgcLink {

  private OgcLink() {
  }

  static JsonObject of(String href, String rel, String type, String title) {
    return new JsonObject().put("href", href).put("rel", rel).put("type", type)
        .put("title", title);
  }
}
