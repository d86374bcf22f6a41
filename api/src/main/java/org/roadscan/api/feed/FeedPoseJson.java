package org.roadscan.api.feed;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.geo.FrameTelemetry;

/**
 * The {@code pose} text part of a feed frame, for feeds that strip EXIF/XMP: the frame's telemetry
 * as JSON, which then stands in for the JPEG's tags exactly as a video frame's does ({@link
 * org.roadscan.detector.geo.CaptureContext#ofFrame}).
 *
 * <pre>
 * {"lon": 7.0986, "lat": 51.5136, "relativeAltitudeM": 40, "gimbalPitchDeg": -90,
 *  "gimbalYawDeg": 12, "focalLength35mm": 24}
 * </pre>
 * WGS84 degrees, {@code lon} east and {@code lat} north; required: {@code lon}, {@code lat}.
 * Optional: {@code takenAt} (ISO-8601 instant), {@code relativeAltitudeM}, {@code
 * absoluteAltitudeM}, {@code gimbalPitchDeg} (-90 = nadir), {@code gimbalYawDeg}, {@code
 * gimbalRollDeg}, {@code flightYawDeg} (degrees clockwise from true north), {@code
 * focalLength35mm}, {@code horizontalAccuracyM}. Unknown members are refused. Every refusal is a
 * 422 {@code invalid-metadata} naming the member ({@code pose.lat}): a broken pose is broken
 * metadata. Stateless.
 */
public final class FeedPoseJson {

  public static final String PART = "pose";
  public static final int MAX_CHARS = 4096;

  private static final Set<String> MEMBERS = Set.of("lon", "lat", "takenAt", "relativeAltitudeM",
      "absoluteAltitudeM", "gimbalPitchDeg", "gimbalYawDeg", "gimbalRollDeg", "flightYawDeg",
      "focalLength35mm", "horizontalAccuracyM");

  private FeedPoseJson() {
  }

  /** The telemetry of a {@code pose} part. */
  public static FrameTelemetry parse(String text) throws ProblemException {
    if (text.length() > MAX_CHARS) {
      throw invalid(PART, "the pose has " + text.length() + " characters; at most " + MAX_CHARS);
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw invalid(PART, "the pose must be a JSON object: " + e.getMessage());
    }
    for (String name : json.fieldNames()) {
      if (!MEMBERS.contains(name)) {
        throw invalid(PART + "." + name, "unknown pose member '" + name + "'; known: "
            + String.join(", ", MEMBERS.stream().sorted().toList()));
      }
    }
    Double lon = number(json, "lon");
    Double lat = number(json, "lat");
    if (lon == null || lat == null) {
      throw invalid(PART + (lon == null ? ".lon" : ".lat"),
          "a pose needs lon and lat (WGS84 degrees)");
    }
    Instant takenAt;
    try {
      String t = json.getValue("takenAt") == null ? null : String.valueOf(json.getValue("takenAt"));
      takenAt = t == null ? null : Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw invalid(PART + ".takenAt", "takenAt must be an ISO-8601 instant such as "
          + "2026-06-01T10:00:00Z");
    }
    Double relativeAltitudeM = number(json, "relativeAltitudeM");
    Double absoluteAltitudeM = number(json, "absoluteAltitudeM");
    Double pitch = number(json, "gimbalPitchDeg");
    Double yaw = number(json, "gimbalYawDeg");
    Double roll = number(json, "gimbalRollDeg");
    Double flightYaw = number(json, "flightYawDeg");
    Double focal = number(json, "focalLength35mm");
    Double accuracy = number(json, "horizontalAccuracyM");
    try {
      return new FrameTelemetry(lon, lat, takenAt, relativeAltitudeM, absoluteAltitudeM, pitch,
          yaw, roll, flightYaw, focal, accuracy);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String member = message.split("[ ,:]", 2)[0];
      String field = switch (member) {
        case "position" -> PART + ".lat";
        case "focalLength35mmEq" -> PART + ".focalLength35mm";
        default -> MEMBERS.contains(member) ? PART + "." + member : PART;
      };
      throw invalid(field, message);
    }
  }

  private static Double number(JsonObject json, String name) throws ProblemException {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw invalid(PART + "." + name, PART + "." + name + " must be a finite number, was "
          + value);
    }
    return n.doubleValue();
  }

  private static ProblemException invalid(String field, String detail) {
    return new ProblemException(ProblemType.INVALID_METADATA, detail, field);
  }
}
