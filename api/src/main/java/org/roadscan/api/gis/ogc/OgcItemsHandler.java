package org.roadscan.api.gis.ogc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.roadscan.api.gis.FeatureQuery;
import org.roadscan.api.gis.PgDamageSearch;
import org.roadscan.api.http.BboxParameter;
import org.roadscan.api.http.DatetimeParameter;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.api.register.Damage;

/**
 * {@code GET /ogc/collections/damages/items}: damages as a GeoJSON FeatureCollection
 * ({@code application/geo+json}) in id order, OGC 17-069r4 §7.15.
 *
 * <ul>
 *   <li>{@code bbox=minLon,minLat,maxLon,maxLat}: CRS84 degrees, exactly 4 numbers (no 3D box);
 *       edges included; minLon &gt; maxLon crosses the antimeridian.</li>
 *   <li>{@code datetime}: an RFC 3339 instant or date, or an interval {@code start/end} with
 *       {@code ..} (or empty) for an open end ({@link DatetimeParameter}); a damage matches when
 *       its span first seen .. last seen intersects it.</li>
 *   <li>{@code limit}: default {@value #DEFAULT_LIMIT}; above {@value #MAX_LIMIT} it is clamped to
 *       {@value #MAX_LIMIT} (the page then ends with a {@code next} link, as OGC 17-069r4's own
 *       example describes: "ask for 50000, you might get up to 10000"), so clients with a large
 *       page size (QGIS, GDAL) keep working; below 1 or not an integer is 400.</li>
 *   <li>{@code cursor}: the last id of the previous page, only as given in a {@code next} link;
 *       pages stay stable while damages are added (new ones get larger ids).</li>
 * </ul>
 */
public final class OgcItemsHandler implements Handler<RoutingContext> {

  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 10_000;

  private static final Set<String> PARAMETERS = Set.of("bbox", "datetime", "limit", "cursor");

  private final PgDamageSearch search;

  public OgcItemsHandler(PgDamageSearch search) {
    this.search = search;
  }

  @Override
  public void handle(RoutingContext ctx) {
    OgcRequest request = OgcRequest.of(ctx, PARAMETERS);
    String bboxText = ctx.queryParams().get("bbox");
    String datetimeText = ctx.queryParams().get("datetime");
    int limit = limit(ctx.queryParams().get("limit"));
    long afterId = cursor(ctx.queryParams().get("cursor"));
    FeatureQuery query = new FeatureQuery(BboxParameter.parse(bboxText), DatetimeParameter.parse(datetimeText), afterId, limit);
    search.features(query)
        .onSuccess(page -> {
          JsonArray features = new JsonArray();
          for (Damage damage : page.damages()) {
            features.add(OgcFeatureJson.of(damage));
          }
          String items = OgcRequest.ROOT + "/collections/" + OgcCollectionHandler.ID + "/items";
          JsonArray links = new JsonArray().add(OgcLink.of(request.url(ctx.request().uri()),
              "self", OgcRequest.GEO_JSON, "This page"));
          if (page.nextAfterId() != null) {
            Map<String, String> next = new LinkedHashMap<>();
            next.put("limit", Integer.toString(limit));
            next.put("bbox", bboxText);
            next.put("datetime", datetimeText);
            next.put("f", ctx.queryParams().get("f"));
            next.put("cursor", Long.toString(page.nextAfterId()));
            links.add(OgcLink.of(request.url(items + query(next)), "next", OgcRequest.GEO_JSON,
                "Next page"));
          }
          links.add(OgcLink.of(request.url(OgcRequest.ROOT + "/collections/"
              + OgcCollectionHandler.ID), "collection", OgcRequest.JSON, "The collection"));
          JsonObject collection = new JsonObject()
              .put("type", "FeatureCollection")
              .put("features", features)
              .put("numberMatched", page.numberMatched())
              .put("numberReturned", page.damages().size())
              .put("timeStamp", Instant.now().toString())
              .put("links", links);
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OgcRequest.GEO_JSON)
              .end(collection.encode());
        })
        .onFailure(ctx::fail);
  }

  private static String query(Map<String, String> params) {
    StringBuilder query = new StringBuilder();
    params.forEach((name, value) -> {
      if (value != null) {
        query.append(query.isEmpty() ? '?' : '&').append(name).append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return query.toString();
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    long limit;
    try {
      limit = Long.parseLong(text);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          "limit must be a positive integer (at most " + MAX_LIMIT + " are served), was " + text,
          "limit");
    }
    return (int) Math.min(limit, MAX_LIMIT);
  }

  private static long cursor(String text) {
    if (text == null) {
      return 0;
    }
    try {
      long afterId = Long.parseLong(text);
      if (afterId >= 0) {
        return afterId;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ProblemException(ProblemType.INVALID_PARAMETER,
        "cursor is not one this service issued; start again without it", "cursor");
  }
}
