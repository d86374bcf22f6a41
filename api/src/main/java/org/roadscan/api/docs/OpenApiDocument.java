package org.roadscan.api.docs;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 document of the service, read once from the class path ({@value #RESOURCE}).
 * Immutable after loading; thread-safe.
 */
public final class OpenApiDocument {

  static final String RESOURCE = "openapi/openapi.json";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options",
      "head", "patch", "trace");

  private final String text;
  private final JsonObject json;

  private OpenApiDocument(String text) {
    this.text = text;
    this.json = new JsonObject(text);
  }

  /** Reads the bundled document; an unreadable one is a packaging error. */
  public static OpenApiDocument load() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new OpenApiDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document as served, byte for byte as bundled. */
  public String text() {
    return text;
  }

  /** A copy of the document. */
  public JsonObject json() {
    return json.copy();
  }

  /** Every operation the document describes. */
  public List<ApiRoute> routes() {
    TreeSet<ApiRoute> routes = new TreeSet<>();
    JsonObject paths = json.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(method.toLowerCase(Locale.ROOT))) {
          routes.add(new ApiRoute(method, path));
        }
      }
    }
    return List.copyOf(routes);
  }
}
