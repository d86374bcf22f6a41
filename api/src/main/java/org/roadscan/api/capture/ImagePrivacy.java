package org.roadscan.api.capture;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.roadscan.detector.privacy.Anonymized;

/**
 * The per-image privacy record (issue #31, migration V19): how many faces and number plates were
 * blurred in a stored image, and by which detector version. Kept in {@code image_privacy}, keyed
 * like the image store by the SHA-256 of the original upload, and written in the transaction that
 * queues the image's job (or, for a feed frame, registers it). Shown as {@code privacy} wherever a
 * capture is shown (job, observation). Immutable.
 *
 * @param sha256 hex SHA-256 of the original bytes (the image's key)
 * @param faces faces blurred
 * @param plates number plates blurred
 * @param detectorVersion models and blur code, e.g. {@code
 *     yunet-2023mar+lpd-yunet-2023mar/roadscan-anon-6}
 */
public record ImagePrivacy(String sha256, int faces, int plates, String detectorVersion) {

  /** The record of a new anonymisation; a later one of the same bytes replaces it. */
  private static final String UPSERT = """
      INSERT INTO image_privacy (image_sha256, faces, plates, detector_version)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (image_sha256) DO UPDATE SET faces = EXCLUDED.faces,
        plates = EXCLUDED.plates, detector_version = EXCLUDED.detector_version,
        anonymised_at = clock_timestamp()""";

  /**
   * A SQL expression for the {@code privacy} JSON of the image whose key is {@code shaColumn}
   * (e.g. {@code jobs.image_sha256}), or NULL when it has no record (stored before V19).
   */
  public static String jsonColumn(String shaColumn) {
    return "(SELECT jsonb_build_object('faces', p.faces, 'plates', p.plates, 'detector',"
        + " p.detector_version, 'anonymisedAt', p.anonymised_at)"
        + " FROM image_privacy p WHERE p.image_sha256 = " + shaColumn + ")";
  }

  public ImagePrivacy {
    if (sha256 == null || sha256.length() != 64 || faces < 0 || plates < 0
        || detectorVersion == null) {
      throw new IllegalArgumentException("invalid privacy record");
    }
  }

  /** The record of an anonymisation. */
  public static ImagePrivacy of(Anonymized anonymized) {
    return new ImagePrivacy(anonymized.sourceSha256(), anonymized.faces(), anonymized.plates(),
        anonymized.detectorVersion());
  }

  /** Writes the record (in the caller's transaction); null writes nothing. */
  public static Future<Void> record(SqlClient client, ImagePrivacy privacy) {
    if (privacy == null) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(UPSERT)
        .execute(Tuple.of(privacy.sha256(), privacy.faces(), privacy.plates(),
            privacy.detectorVersion()))
        .mapEmpty();
  }

  /**
   * The {@code privacy} member of an answer from a row's {@link #jsonColumn} (named {@code
   * column}): {@code {"faces","plates","detector","anonymisedAt"}}, or null.
   */
  public static JsonObject json(Row row, String column) {
    Object value = row.getValue(column);
    if (value == null) {
      return null;
    }
    JsonObject stored = value instanceof JsonObject o ? o : new JsonObject(value.toString());
    return stored;
  }
}
