package org.roadscan.api.gis.ogc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.roadscan.api.gis.PgDamageSearch;

/** {@code GET /ogc/collections}: the list holding the one {@code damages} collection. */
public final class OgcCollectionsHandler implements Handler<RoutingContext> {

  private final PgDamageSearch search;

  public OgcCollectionsHandler(PgDamageSearch search) {
    this.search = search;
  }

  @Override
  public void handle(RoutingContext ctx) {
    OgcRequest request = OgcRequest.of(ctx, Set.of());
    search.extent()
        .onSuccess(extent -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OgcRequest.JSON)
            .end(new JsonObject()
                .put("links", new JsonArray().add(OgcLink.of(
                    request.url(OgcRequest.ROOT + "/collections"), "self", OgcRequest.JSON,
                    "This document")))
                .put("collections", new JsonArray()
                    .add(OgcCollectionHandler.collection(request, extent)))
                .encode()))
        .onFailure(ctx::fail);
  }
}
