package org.roadscan.api.gis.ogc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.roadscan.api.gis.PgDamageSearch;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/** {@code GET /ogc/collections/damages/items/{id}}: one damage as a GeoJSON Feature, or 404. */
public final class OgcItemHandler implements Handler<RoutingContext> {

  private final PgDamageSearch search;

  public OgcItemHandler(PgDamageSearch search) {
    this.search = search;
  }

  @Override
  public void handle(RoutingContext ctx) {
    OgcRequest request = OgcRequest.of(ctx, Set.of());
    String idText = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(idText);
    } catch (NumberFormatException e) {
      id = -1;
    }
    if (id < 1) {
      ctx.fail(notFound(idText));
      return;
    }
    search.byId(id)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(notFound(idText));
            return;
          }
          String collection = OgcRequest.ROOT + "/collections/" + OgcCollectionHandler.ID;
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OgcRequest.GEO_JSON)
              .end(OgcFeatureJson.of(found.get()).put("links", new JsonArray()
                  .add(OgcLink.of(request.url(collection + "/items/" + found.get().id()), "self",
                      OgcRequest.GEO_JSON, "This damage"))
                  .add(OgcLink.of(request.url(collection), "collection", OgcRequest.JSON,
                      "The collection")))
                  .encode());
        })
        .onFailure(ctx::fail);
  }

  private static ProblemException notFound(String idText) {
    return new ProblemException(ProblemType.NOT_FOUND, "no damage with id " + idText, "id");
  }
}
