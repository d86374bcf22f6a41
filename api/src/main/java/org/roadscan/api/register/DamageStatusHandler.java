package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roadscan.api.auth.Principal;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * {@code PATCH /v1/damages/{id}}: changes a damage's status ({@link StatusPatchJson}: {@code
 * {"status", "comment"}}, as {@code application/json} or {@code application/merge-patch+json})
 * under optimistic locking: {@code If-Match} must carry the damage's ETag ({@code "<version>"}
 * from {@code GET}). The audit trail records the authenticated principal as the actor (issue
 * #30).
 *
 * <p>Answers 200 with the damage as {@code GET} shows it and its new ETag; 428 {@code
 * precondition-required} without {@code If-Match} or with {@code If-Match: *} (which would
 * overwrite a change its author never saw); 412 {@code precondition-failed} when the
 * damage changed since (or the tag is weak or malformed, which never matches); 409 {@code
 * invalid-transition} with {@code from}, {@code to} and {@code allowed}; 400 {@code invalid-body}
 * naming the member; 415 for another content type; 404 for an unknown id.
 */
public final class DamageStatusHandler implements Handler<RoutingContext> {

  private static final Pattern STRONG_ETAG = Pattern.compile("\"(\\d{1,9})\"");

  private final PgDamages damages;

  public DamageStatusHandler(PgDamages damages) {
    this.damages = damages;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StatusChange change;
    try {
      long id = DamageJson.id(ctx.pathParam("id"));
      int expectedVersion = expectedVersion(ctx.request().getHeader(HttpHeaders.IF_MATCH));
      requireJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
      change = StatusPatchJson.parse(id, expectedVersion, ctx.body().buffer(),
          Principal.of(ctx).name());
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    damages.changeStatus(change)
        .recover(err -> Future.failedFuture(err instanceof StatusChangeRefused refused
            ? new ProblemException(problem(refused)) : err))
        .compose(version -> damages.find(change.damageId()))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(new ProblemException(ProblemType.NOT_FOUND,
                "no damage " + change.damageId(), "id"));
            return;
          }
          ctx.response()
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
              .putHeader(HttpHeaders.ETAG, DamageJson.etag(found.get().damage()))
              .end(DamageJson.detail(found.get()).encode());
        })
        .onFailure(ctx::fail);
  }

  /** The version an {@code If-Match} value names. */
  private static int expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new ProblemException(ProblemType.PRECONDITION_REQUIRED, "send If-Match with the"
          + " damage's ETag from GET (e.g. If-Match: \"3\") so a change made meanwhile is not"
          + " overwritten", "If-Match");
    }
    String value = ifMatch.trim();
    if ("*".equals(value)) {
      throw new ProblemException(ProblemType.PRECONDITION_REQUIRED, "If-Match: * is not"
          + " accepted: send the damage's concrete ETag from GET (e.g. If-Match: \"3\"), so a"
          + " change made meanwhile is not overwritten", "If-Match");
    }
    Matcher matcher = STRONG_ETAG.matcher(value);
    if (!matcher.matches()) {
      throw new ProblemException(ProblemType.PRECONDITION_FAILED, "If-Match " + value
          + " does not match the damage's ETag (a strong tag such as \"3\" from GET)",
          "If-Match");
    }
    return Integer.parseInt(matcher.group(1));
  }

  private static void requireJson(String contentType) {
    String mediaType = contentType == null ? ""
        : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !mediaType.equals("application/merge-patch+json")) {
      throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send application/json or"
          + " application/merge-patch+json, not " + contentType, "Content-Type");
    }
  }

  private static Problem problem(StatusChangeRefused refused) {
    return switch (refused.reason()) {
      case NOT_FOUND -> Problem.of(ProblemType.NOT_FOUND, refused.getMessage(), "id");
      case STALE_VERSION -> Problem.of(ProblemType.PRECONDITION_FAILED, refused.getMessage(),
          "If-Match").with("currentVersion", refused.currentVersion());
      case INVALID_TRANSITION -> Problem.of(ProblemType.INVALID_TRANSITION,
          refused.getMessage() + "; allowed from " + refused.from().value() + ": "
              + (refused.allowed().isEmpty() ? "none (terminal)"
                  : String.join(", ", StatusPatchJson.valuesOf(refused.allowed()))),
          StatusPatchJson.STATUS)
          .with("from", refused.from().value())
          .with("to", refused.to().value())
          .with("allowed", new JsonArray(StatusPatchJson.valuesOf(refused.allowed())));
    };
  }
}
