package org.roadscan.api.gis.open311;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.roadscan.api.gis.PgDamageSearch;
import org.roadscan.api.gis.RequestQuery;
import org.roadscan.api.gis.TimeInterval;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code GET /open311/v2/requests.json}: damages as Open311 GeoReport v2 service requests, newest
 * first (by first seen), at most {@value #MAX_REQUESTS}.
 *
 * <p>Filters as the spec defines them: {@code service_request_id} (comma-separated; overrides
 * every other filter), {@code service_code} (comma-separated classes), {@code start_date} and
 * {@code end_date} (ISO 8601 with offset, on {@code requested_datetime} = first seen; the range
 * may span at most 90 days), {@code status} ({@code open}, {@code closed} or both
 * comma-separated). {@code jurisdiction_id} and {@code api_key} are accepted and ignored; other
 * parameters too, as Open311 clients commonly send extras. Errors are RFC 9457 problem+json (the
 * house format) instead of Open311's array of {code, description}.
 */
public final class Open311RequestsHandler implements Handler<RoutingContext> {

  public static final int MAX_REQUESTS = 1000;
  static final Duration MAX_SPAN = Duration.ofDays(90);

  private final PgDamageSearch search;

  public Open311RequestsHandler(PgDamageSearch search) {
    this.search = search;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String ids = ctx.queryParams().get("service_request_id");
    if (ids != null) {
      search.byIds(ids(ids)).onSuccess(damages -> respond(ctx, Open311Json.requests(damages)))
          .onFailure(ctx::fail);
      return;
    }
    List<String> classes = new ArrayList<>();
    String codes = ctx.queryParams().get("service_code");
    if (codes != null) {
      for (String code : codes.split(",")) {
        if (!Open311Json.SERVICE_NAMES.containsKey(code.trim())) {
          throw new ProblemException(ProblemType.INVALID_PARAMETER, "unknown service_code "
              + code + "; see /open311/v2/services.json", "service_code");
        }
        classes.add(code.trim());
      }
    }
    Instant start = date(ctx.queryParams().get("start_date"), "start_date");
    Instant end = date(ctx.queryParams().get("end_date"), "end_date");
    if (start != null && end != null) {
      if (start.isAfter(end)) {
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
            "start_date is after end_date", "start_date");
      }
      if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
            "start_date..end_date may span at most 90 days (Open311 GeoReport v2)", "end_date");
      }
    }
    RequestQuery query = new RequestQuery(classes, closed(ctx.queryParams().get("status")),
        start == null && end == null ? null : new TimeInterval(start, end), MAX_REQUESTS);
    search.requests(query).onSuccess(damages -> respond(ctx, Open311Json.requests(damages)))
        .onFailure(ctx::fail);
  }

  static void respond(RoutingContext ctx, JsonArray requests) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(requests.encode());
  }

  private static List<Long> ids(String text) {
    List<Long> ids = new ArrayList<>();
    for (String id : text.split(",")) {
      try {
        ids.add(Long.parseLong(id.trim()));
      } catch (NumberFormatException e) {
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
            "service_request_id must be comma-separated integers, was " + text,
            "service_request_id");
      }
    }
    return ids;
  }

  /** null: both; true: only closed; false: only open. */
  private static Boolean closed(String text) {
    if (text == null) {
      return null;
    }
    boolean open = false;
    boolean closed = false;
    for (String status : text.split(",")) {
      switch (status.trim()) {
        case "open" -> open = true;
        case "closed" -> closed = true;
        default -> throw new ProblemException(ProblemType.INVALID_PARAMETER,
            "status must be open, closed or open,closed, was " + text, "status");
      }
    }
    return open && closed ? null : closed;
  }

  private static Instant date(String text, String field) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          field + " must be ISO 8601 with offset, e.g. 2026-10-20T00:00:00Z, was " + text, field);
    }
  }
}
