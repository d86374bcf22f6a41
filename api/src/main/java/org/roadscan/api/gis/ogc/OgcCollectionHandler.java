package org.roadscan.api.gis.ogc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.roadscan.api.gis.PgDamageSearch;
import org.roadscan.api.gis.RegisterExtent;
import org.roadscan.detector.DamageClass;

/**
 * {@code GET /ogc/collections/damages}: the one collection, with its extent computed from the
 * register (bbox in CRS84, temporal from the earliest first seen to the latest last seen; no
 * extent while the register is empty). Also builds the collection object for
 * {@code /ogc/collections}.
 */
public final class OgcCollectionHandler implements Handler<RoutingContext> {

  static final String ID = "damages";
  /** The classes as the description names them: {@code D00 longitudinal crack, D10 ...}. */
  private static final String CLASSES = DamageClass.bySeverity().stream()
      .map(c -> c.code() + " " + c.description().toLowerCase(Locale.ROOT))
      .collect(Collectors.joining(", "));
  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
  static final String GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

  private final PgDamageSearch search;

  public OgcCollectionHandler(PgDamageSearch search) {
    this.search = search;
  }

  @Override
  public void handle(RoutingContext ctx) {
    OgcRequest request = OgcRequest.of(ctx, Set.of());
    search.extent()
        .onSuccess(extent -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OgcRequest.JSON)
            .end(collection(request, extent).encode()))
        .onFailure(ctx::fail);
  }

  /** The {@code damages} collection object (OGC 17-069r4 §7.14). */
  static JsonObject collection(OgcRequest request, RegisterExtent extent) {
    String self = OgcRequest.ROOT + "/collections/" + ID;
    JsonObject collection = new JsonObject()
        .put("id", ID)
        .put("title", "Road damages")
        .put("description", "Every damage of the register at its merged position (Point, "
            + "lon/lat): class (RDD2022 " + CLASSES + "), status, size, priority score and when it was seen.")
        .put("itemType", "feature")
        .put("crs", new JsonArray().add(CRS84))
        .put("links", new JsonArray()
            .add(OgcLink.of(request.url(self), "self", OgcRequest.JSON, "This collection"))
            .add(OgcLink.of(request.url(self + "/items"), "items", OgcRequest.GEO_JSON,
                "The damages as GeoJSON")));
    if (extent.bbox() != null) {
      collection.put("extent", new JsonObject()
          .put("spatial", new JsonObject()
              .put("bbox", new JsonArray().add(new JsonArray()
                  .add(extent.bbox().minLonDeg()).add(extent.bbox().minLatDeg())
                  .add(extent.bbox().maxLonDeg()).add(extent.bbox().maxLatDeg())))
              .put("crs", CRS84))
          .put("temporal", new JsonObject()
              .put("interval", new JsonArray().add(new JsonArray()
                  .add(extent.firstSeen().toString()).add(extent.lastSeen().toString())))
              .put("trs", GREGORIAN)));
    }
    return collection;
  }
}
