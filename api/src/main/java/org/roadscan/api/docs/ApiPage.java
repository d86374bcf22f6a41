package org.roadscan.api.docs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link OpenApiDocument} as a readable HTML page: operations grouped by tag, each with its
 * parameters, body and responses. Rendered once; no script, so it reads in any browser and
 * prints. Thread-safe (immutable).
 */
public final class ApiPage {

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final List<String> METHOD_ORDER = List.of("get", "head", "post", "put", "patch",
      "delete");

  private final String html;

  public ApiPage(OpenApiDocument document) {
    this.html = render(document.json());
  }

  public String html() {
    return html;
  }

  private static String render(JsonObject doc) {
    JsonObject info = doc.getJsonObject("info");
    Map<String, List<String[]>> byTag = new LinkedHashMap<>();
    for (Object tag : doc.getJsonArray("tags", new JsonArray())) {
      byTag.put(((JsonObject) tag).getString("name"), new ArrayList<>());
    }
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHOD_ORDER) {
        JsonObject op = item.getJsonObject(method);
        if (op != null) {
          String tag = op.getJsonArray("tags", new JsonArray().add("Other")).getString(0);
          byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(new String[] {method, path});
        }
      }
    }
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(info.getString("title"))).append(" API</title>")
        .append("<style>").append(STYLE).append("</style></head><body>\n")
        .append("<header><h1>").append(esc(info.getString("title"))).append(" API</h1>")
        .append("<nav><a href=\"/\">Back to the page</a> · ")
        .append("<a href=\"/openapi.json\">OpenAPI 3.1 document (openapi.json)</a></nav>")
        .append("<p>").append(text(info.getString("description"))).append("</p></header>\n");
    out.append("<nav aria-label=\"Contents\"><h2>Contents</h2><ul>");
    byTag.forEach((tag, ops) -> {
      if (ops.isEmpty()) {
        return;
      }
      out.append("<li>").append(esc(tag)).append("<ul>");
      for (String[] op : ops) {
        JsonObject o = paths.getJsonObject(op[1]).getJsonObject(op[0]);
        out.append("<li><a href=\"#").append(esc(anchor(o, op))).append("\"><code>")
            .append(op[0].toUpperCase(Locale.ROOT)).append(' ').append(esc(op[1]))
            .append("</code></a> ").append(esc(o.getString("summary", ""))).append("</li>");
      }
      out.append("</ul></li>");
    });
    out.append("</ul></nav>\n<main>");
    byTag.forEach((tag, ops) -> {
      if (ops.isEmpty()) {
        return;
      }
      out.append("<h2>").append(esc(tag)).append("</h2>\n");
      for (String[] op : ops) {
        operation(out, doc, op[0], op[1], paths.getJsonObject(op[1]).getJsonObject(op[0]));
      }
    });
    problems(out, doc);
    out.append("</main></body></html>\n");
    return out.toString();
  }

  private static void operation(StringBuilder out, JsonObject doc, String method, String path,
      JsonObject op) {
    out.append("<section class=\"op\" id=\"").append(esc(anchor(op, new String[] {method, path})))
        .append("\"><h3><span class=\"method ").append(method).append("\">")
        .append(method.toUpperCase(Locale.ROOT)).append("</span> <code>").append(esc(path))
        .append("</code></h3><p class=\"summary\">").append(esc(op.getString("summary", "")))
        .append("</p>");
    if (!op.getString("description", "").isBlank()) {
      out.append("<p>").append(text(op.getString("description"))).append("</p>");
    }
    JsonArray parameters = op.getJsonArray("parameters", new JsonArray());
    if (!parameters.isEmpty()) {
      out.append("<table><caption>Parameters</caption><thead><tr><th scope=\"col\">Name</th>")
          .append("<th scope=\"col\">In</th><th scope=\"col\">Type</th>")
          .append("<th scope=\"col\">Description</th></tr></thead><tbody>");
      for (Object p : parameters) {
        JsonObject parameter = resolve(doc, (JsonObject) p);
        out.append("<tr><td><code>").append(esc(parameter.getString("name"))).append("</code>")
            .append(parameter.getBoolean("required", false) ? " (required)" : "")
            .append("</td><td>").append(esc(parameter.getString("in"))).append("</td><td>")
            .append(esc(type(parameter.getJsonObject("schema", new JsonObject()))))
            .append("</td><td>").append(text(parameter.getString("description", "")))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
    JsonObject body = op.getJsonObject("requestBody");
    if (body != null) {
      out.append("<h4>Request body</h4><ul>");
      JsonObject content = body.getJsonObject("content", new JsonObject());
      for (String type : content.fieldNames()) {
        JsonObject schema = resolve(doc, content.getJsonObject(type).getJsonObject("schema",
            new JsonObject()));
        out.append("<li><code>").append(esc(type)).append("</code>");
        JsonObject properties = schema.getJsonObject("properties");
        if (properties != null) {
          out.append(": ");
          List<String> members = new ArrayList<>();
          for (String name : properties.fieldNames()) {
            JsonObject member = properties.getJsonObject(name);
            String description = member.getString("description");
            members.add("<code>" + esc(name) + "</code>"
                + (description == null ? "" : " (" + text(description) + ")"));
          }
          out.append(String.join(", ", members));
        }
        out.append("</li>");
      }
      out.append("</ul>");
    }
    out.append("<h4>Responses</h4><dl class=\"responses\">");
    JsonObject responses = op.getJsonObject("responses", new JsonObject());
    for (String code : responses.fieldNames()) {
      JsonObject response = resolve(doc, responses.getJsonObject(code));
      out.append("<dt>").append(esc(code)).append("</dt><dd>")
          .append(text(response.getString("description", "")));
      JsonObject content = response.getJsonObject("content");
      if (content != null) {
        out.append(" <span class=\"types\">").append(esc(String.join(", ", content.fieldNames())))
            .append("</span>");
      }
      out.append("</dd>");
    }
    out.append("</dl></section>\n");
  }

  private static void problems(StringBuilder out, JsonObject doc) {
    JsonObject problem = doc.getJsonObject("components").getJsonObject("schemas")
        .getJsonObject("Problem");
    out.append("<h2 id=\"problems\">Errors</h2><p>").append(text(problem.getString("description")))
        .append("</p><ul>");
    JsonObject properties = problem.getJsonObject("properties");
    for (String name : properties.fieldNames()) {
      String description = properties.getJsonObject(name).getString("description");
      out.append("<li><code>").append(esc(name)).append("</code>")
          .append(description == null ? "" : ": " + text(description)).append("</li>");
    }
    out.append("</ul>");
  }

  /** Follows a local {@code $ref} ({@code #/components/…}) once. */
  private static JsonObject resolve(JsonObject doc, JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    if (ref == null) {
      return maybeRef;
    }
    JsonObject target = doc;
    for (String step : ref.substring(2).split("/")) {
      target = target.getJsonObject(step);
    }
    return target;
  }

  private static String type(JsonObject schema) {
    Object type = schema.getValue("type");
    String text = type instanceof JsonArray array ? String.join(" or ", array.stream()
        .map(String::valueOf).toList()) : String.valueOf(type == null ? "" : type);
    JsonArray values = schema.getJsonArray("enum");
    if (values != null) {
      text += " (" + String.join(", ", values.stream().map(String::valueOf).toList()) + ")";
    }
    if (schema.containsKey("default")) {
      text += ", default " + schema.getValue("default");
    }
    return text;
  }

  private static String anchor(JsonObject op, String[] methodAndPath) {
    String id = op.getString("operationId");
    return id != null ? id : (methodAndPath[0] + methodAndPath[1]).replaceAll("[^A-Za-z0-9]", "-");
  }

  /** Escaped text with {@code `code`} spans. */
  private static String text(String s) {
    Matcher m = CODE.matcher(esc(s));
    return m.replaceAll(r -> "<code>" + Matcher.quoteReplacement(r.group(1)) + "</code>");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String STYLE = """
      body{font:16px/1.5 system-ui,sans-serif;color:#1b1f24;background:#fff;margin:0 auto;
      max-width:60rem;padding:1rem}
      a{color:#0b57d0}a:focus{outline:3px solid #f9a825;outline-offset:2px}
      code{font:0.92em ui-monospace,monospace;background:#f1f3f5;padding:0 .2em;border-radius:3px}
      .op{border-top:1px solid #d0d7de;padding:.5rem 0}
      h3{font-size:1.1rem;margin:.5rem 0}.summary{font-weight:600;margin:.25rem 0}
      .method{display:inline-block;min-width:4.2em;text-align:center;color:#fff;border-radius:3px;
      font:700 .85rem ui-monospace,monospace;padding:.1em .3em}
      .get,.head{background:#1a5e20}.post{background:#0b4a8b}.patch{background:#7a4a00}
      .put{background:#5b3a8c}.delete{background:#a11}
      table{border-collapse:collapse;width:100%;margin:.5rem 0}caption{text-align:left;
      font-weight:600}th,td{border:1px solid #d0d7de;padding:.25rem .4rem;text-align:left;
      vertical-align:top}th{background:#f6f8fa}
      dl.responses{display:grid;grid-template-columns:4em 1fr;gap:.1rem .5rem}dt{font-weight:700}
      dd{margin:0}.types{color:#57606a}
      """;
}
