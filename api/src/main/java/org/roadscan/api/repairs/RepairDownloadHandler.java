package org.roadscan.api.repairs;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.roadscan.api.priority.Implausibility;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.register.Damage;
import org.roadscan.api.register.DamageJson;
import org.roadscan.api.register.DamageStatus;

/**
 * {@code GET /v1/repairs.csv} and {@code GET /v1/repairs.geojson}: the whole repair list for the
 * filters and sort of {@link RepairQueryParams}, as a download for spreadsheets and work orders
 * (CSV: RFC 4180, UTF-8, comma-separated, decimal point, one header row) or GIS (an RFC 7946
 * FeatureCollection of Points at the damages' merged positions [lon, lat], with the repair list's
 * members including {@code image}; footprints are in the damage pages and job results). {@code GET /v1/damages.geojson} is the same GeoJSON with
 * every status by default: the whole register. Streamed page by page ({@value #PAGE} damages)
 * from the same keyset as the list, waiting for the client when its write queue is full, so
 * memory stays flat for a city-sized register and a slow client.
 */
public final class RepairDownloadHandler implements Handler<RoutingContext> {

  /** The download formats. */
  public enum Format {
    CSV("text/csv; charset=utf-8", "repairs.csv"),
    GEOJSON("application/geo+json", "repairs.geojson");

    private final String contentType;
    private final String fileName;

    Format(String contentType, String fileName) {
      this.contentType = contentType;
      this.fileName = fileName;
    }
  }

  static final int PAGE = 1000;
  static final String CSV_HEADER = "id,class,status,grade,score,lon,lat,area_m2,length_m,"
      + "uncertainty_m,observations,first_seen,last_seen,possibly_repaired,implausible\r\n";

  private final PgRepairList repairs;
  private final Format format;
  private final RepairQuery defaults;

  /**
   * The repair list's download: open, plausible damages unless {@code status} or
   * {@code plausibility} say otherwise.
   */
  public RepairDownloadHandler(PgRepairList repairs, Format format) {
    this(repairs, format, RepairQuery.DEFAULT);
  }

  private RepairDownloadHandler(PgRepairList repairs, Format format, RepairQuery defaults) {
    this.repairs = repairs;
    this.format = format;
    this.defaults = defaults;
  }

  /**
   * The whole register as GeoJSON: every status and the implausible damages too, unless
   * {@code status} or {@code plausibility} say otherwise.
   */
  public static RepairDownloadHandler wholeRegister(PgRepairList repairs) {
    return new RepairDownloadHandler(repairs, Format.GEOJSON, new RepairQuery(
        DamageStatus.allValues(), List.of(), null, 1.0, RepairSort.PRIORITY, Plausibility.ALL,
        null, null));
  }

  @Override
  public void handle(RoutingContext ctx) {
    RepairQuery query;
    try {
      query = RepairQueryParams.parse(ctx.queryParams(), Set.of(), defaults);
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    // The first page is read before the headers go out, so a database error is still a problem.
    repairs.page(query, PAGE, null, format == Format.GEOJSON).onSuccess(first -> {
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader(HttpHeaders.CONTENT_TYPE, format.contentType)
          .putHeader("Content-Disposition", "attachment; filename=\"" + format.fileName + "\"");
      response.write(format == Format.CSV ? CSV_HEADER
          : "{\"type\":\"FeatureCollection\",\"features\":[");
      writePage(response, first, true);
      continueFrom(response, query, first.next(), first.damages().isEmpty());
    }).onFailure(ctx::fail);
  }

  /**
   * Writes the pages after {@code next}, then closes the document.
   *
   * @param nothingWritten no damage written yet (the next one needs no separating comma)
   */
  private void continueFrom(HttpServerResponse response, RepairQuery query, RepairCursor next,
      boolean nothingWritten) {
    if (next == null) {
      response.end(format == Format.CSV ? "" : "]}");
      return;
    }
    if (response.writeQueueFull()) {
      response.drainHandler(drained -> continueFrom(response, query, next, nothingWritten));
      return;
    }
    repairs.page(query, PAGE, next, format == Format.GEOJSON)
        .onSuccess(page -> {
          writePage(response, page, nothingWritten);
          continueFrom(response, query, page.next(),
              nothingWritten && page.damages().isEmpty());
        })
        // Headers are gone: all that is left is to cut the download short, visibly incomplete.
        .onFailure(err -> response.reset());
  }

  private void writePage(HttpServerResponse response, RepairPage page, boolean nothingWritten) {
    StringBuilder out = new StringBuilder();
    boolean leading = nothingWritten;
    for (Damage d : page.damages()) {
      if (format == Format.CSV) {
        out.append(csv(d));
      } else {
        if (!leading) {
          out.append(',');
        }
        out.append(new JsonObject().put("type", "Feature").put("id", d.id())
            .put("geometry", DamageJson.point(d))
            .put("properties", DamageJson.properties(d).put("image", page.imageOf(d))).encode());
      }
      leading = false;
    }
    if (!out.isEmpty()) {
      response.write(out.toString());
    }
  }

  static String csv(Damage d) {
    return String.format(Locale.ROOT,
        "%d,%s,%s,%.1f,%.2f,%.7f,%.7f,%.3f,%.3f,%.2f,%d,%s,%s,%b,%s\r\n",
        d.id(), quote(d.className()), quote(d.status()), d.grade(), d.priorityScore(), d.lonDeg(),
        d.latDeg(), d.areaM2(), d.lengthM(), d.uncertaintyM(), d.observationCount(),
        d.firstSeen(), d.lastSeen(), d.possiblyRepaired(), quote(reasons(d)));
  }

  /** The implausibility reasons of a damage for one CSV cell: "size: …; offRoad: …" or empty. */
  static String reasons(Damage d) {
    return Implausibility.fromJson(d.implausible()).stream()
        .map(r -> r.reason() + ": " + r.detail()).collect(Collectors.joining("; "));
  }

  /** RFC 4180 quoting when needed; a leading =, +, - or @ is prefixed with ' against formula injection. */
  static String quote(String value) {
    String safe = value.matches("^[=+\\-@].*") ? "'" + value : value;
    return safe.matches(".*[\",\r\n].*") ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
  }
}
