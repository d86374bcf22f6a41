package org.roadscan.api.feed;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes feed tags as Cursor-on-Target (CoT) 2.0 events, one {@code <event>} per tag, for TAK
 * clients (ATAK, WinTAK) and other C2 systems the fire brigade runs. Several events are wrapped in
 * a RoadScan {@code <events>} element (CoT itself defines one event per message; a client that
 * forwards them to a TAK server sends each child alone).
 *
 * <ul>
 *   <li>{@code uid}: {@code roadscan-feed-<frameId>-<n>}, unique per tag of this process;
 *   <li>{@code type} {@value #TYPE}: the "b" (bits) tree's map point from a sensor ("s-p-i":
 *       sensor point of interest). A damaged road is neither a unit nor a track, so the atom
 *       types ({@code a-f-…}, {@code a-h-…}) with their friend/hostile affiliation would be wrong;
 *       a sensor point of interest is what TAK clients show as a marker without affiliation, and
 *       it says the point came from a camera, not from a person;
 *   <li>{@code how} {@value #HOW}: machine-derived from GPS (the drone's GNSS and pose);
 *   <li>{@code time} when the tag was made, {@code start} when the frame was taken (or received),
 *       {@code stale} {@value #STALE_MINUTES} minutes later: a road stays damaged, but an
 *       incident picture older than that should be refreshed by newer frames;
 *   <li>{@code point}: WGS84 lat/lon of the damage; {@code hae} and {@code le} unknown ({@value
 *       #UNKNOWN}, the CoT convention: the drone measures no ground height); {@code ce} the
 *       circular error in metres at 90 %, from our one-sigma uncertainty: for a circular normal
 *       error r90 = σ·√(−2 ln 0.1) ≈ 2.146 σ;
 *   <li>{@code detail}: {@code <remarks>} in words, {@code <link>} to the frame's tags.
 * </ul>
 * Stateless.
 */
public final class CotXml {

  public static final String MEDIA_TYPE = "application/xml";
  public static final String TYPE = "b-m-p-s-p-i";
  public static final String HOW = "m-g";
  public static final long STALE_MINUTES = 60;
  public static final String UNKNOWN = "9999999.0";
  /** r90 / σ of a circular normal distribution. */
  static final double CE90_PER_SIGMA = Math.sqrt(-2 * Math.log(0.1));

  private CotXml() {
  }

  /**
   * The events of some frames' tags (JSON of {@link FeedTagsJson}).
   *
   * @param baseUrl scheme, host and port the links start with, e.g. {@code http://host:8080}
   */
  public static String events(List<JsonObject> frames, String baseUrl) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<events>\n");
    for (JsonObject frame : frames) {
      appendFrame(xml, frame, baseUrl);
    }
    return xml.append("</events>\n").toString();
  }

  private static void appendFrame(StringBuilder xml, JsonObject frame, String baseUrl) {
    long frameId = frame.getLong("frameId");
    Instant time = Instant.now();
    String taken = frame.getString("takenAt");
    Instant start = taken != null ? Instant.parse(taken) : Instant.parse(frame.getString("receivedAt"));
    Instant stale = (start.isAfter(time) ? start : time).plus(Duration.ofMinutes(STALE_MINUTES));
    String self = frame.getJsonObject("links", new JsonObject()).getString("self");
    String incident = frame.getString("incident");
    JsonArray tags = frame.getJsonArray("tags");
    String passability = frame.getJsonObject("passability").getString("hint");
    for (int i = 0; i < tags.size(); i++) {
      JsonObject tag = tags.getJsonObject(i);
      JsonObject position = tag.getJsonObject("position");
      double ce = tag.getDouble("uncertaintyM") * CE90_PER_SIGMA;
      String remarks = String.format(Locale.ROOT, "%s (%s), confidence %.2f, about %.1f m across,"
              + " %.1f m2; %sframe %d; passability of the frame: %s", tag.getString("name"),
          tag.getString("class"), tag.getDouble("confidence"), tag.getDouble("lengthM"),
          tag.getDouble("areaM2"), incident == null ? "" : "incident " + incident + ", ",
          frameId, passability);
      xml.append("  <event version=\"2.0\" uid=\"roadscan-feed-").append(frameId).append('-')
          .append(i).append("\" type=\"").append(TYPE).append("\" how=\"").append(HOW)
          .append("\" time=\"").append(time).append("\" start=\"").append(start)
          .append("\" stale=\"").append(stale).append("\">\n")
          .append(String.format(Locale.ROOT,
              "    <point lat=\"%.7f\" lon=\"%.7f\" hae=\"%s\" ce=\"%.1f\" le=\"%s\"/>\n",
              position.getDouble("lat"), position.getDouble("lon"), UNKNOWN, ce, UNKNOWN))
          .append("    <detail>\n      <remarks>").append(escape(remarks)).append("</remarks>\n");
      if (self != null) {
        xml.append("      <link url=\"").append(escape(baseUrl + self))
            .append("\" relation=\"r-u\" mime=\"application/json\" remarks=\"frame tags\"/>\n");
      }
      xml.append("    </detail>\n  </event>\n");
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
