package org.roadscan.api.survey;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * The {@code video} member of a survey profile: how the frames of the survey's videos are to be
 * placed and sampled. Every value is optional (null: the expansion's default or the telemetry's
 * value). Immutable.
 *
 * @param gimbalPitchDeg camera pitch, degrees, -90 (nadir) to 30; negative looks down
 * @param telemetryOffsetMs added to the video time to find the telemetry time, milliseconds
 *     (|value| at most one hour)
 * @param focalLength35mm 35 mm-equivalent focal length, mm, (0, 2000]
 * @param overlap wanted overlap of consecutive sampled frames, [0, 1)
 * @param videoStart UTC time of the video's first frame, for tracks without video time
 * @param sampleDistanceM ground distance between sampled frames, metres, (0, 1000]
 */
public record SurveyVideo(Double gimbalPitchDeg, Long telemetryOffsetMs, Double focalLength35mm,
    Double overlap, Instant videoStart, Double sampleDistanceM) {

  private static final Set<String> MEMBERS = Set.of("gimbalPitchDeg", "telemetryOffsetMs",
      "focalLength35mm", "overlap", "videoStart", "sampleDistanceM");
  private static final long MAX_OFFSET_MS = 3_600_000;

  /**
   * Parses and checks the member.
   *
   * @param field where it sits, e.g. {@code profile.video}, for the problem's field
   * @throws ProblemException 400 {@code invalid-profile} naming the member at fault
   */
  public static SurveyVideo fromJson(Object value, String field) throws ProblemException {
    if (!(value instanceof JsonObject json)) {
      throw invalid(field, field + " must be a JSON object");
    }
    for (String name : json.fieldNames()) {
      if (!MEMBERS.contains(name)) {
        throw invalid(field + "." + name, "unknown member '" + name + "' in " + field
            + "; known: " + String.join(", ", MEMBERS.stream().sorted().toList()));
      }
    }
    Double pitch = number(json, "gimbalPitchDeg", field, -90, true, 30, true);
    Double offset = number(json, "telemetryOffsetMs", field, -MAX_OFFSET_MS, true,
        MAX_OFFSET_MS, true);
    if (offset != null && offset != Math.rint(offset)) {
      throw invalid(field + ".telemetryOffsetMs", field
          + ".telemetryOffsetMs must be a whole number of milliseconds, was " + offset);
    }
    Double focal = number(json, "focalLength35mm", field, 0, false, 2000, true);
    Double overlap = number(json, "overlap", field, 0, true, 1, false);
    Double sample = number(json, "sampleDistanceM", field, 0, false, 1000, true);
    Instant start = null;
    Object startValue = json.getValue("videoStart");
    if (startValue != null) {
      try {
        start = Instant.parse((String) startValue);
      } catch (ClassCastException | DateTimeParseException e) {
        throw invalid(field + ".videoStart", field + ".videoStart must be an ISO-8601 UTC time"
            + " such as 2026-11-20T10:15:00Z, was " + startValue);
      }
    }
    return new SurveyVideo(pitch, offset == null ? null : offset.longValue(), focal, overlap,
        start, sample);
  }

  /** The stored and API form; members that are null are left out. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (gimbalPitchDeg != null) {
      json.put("gimbalPitchDeg", gimbalPitchDeg);
    }
    if (telemetryOffsetMs != null) {
      json.put("telemetryOffsetMs", telemetryOffsetMs);
    }
    if (focalLength35mm != null) {
      json.put("focalLength35mm", focalLength35mm);
    }
    if (overlap != null) {
      json.put("overlap", overlap);
    }
    if (videoStart != null) {
      json.put("videoStart", videoStart.toString());
    }
    if (sampleDistanceM != null) {
      json.put("sampleDistanceM", sampleDistanceM);
    }
    return json;
  }

  private static Double number(JsonObject json, String name, String field, double min,
      boolean minIncluded, double max, boolean maxIncluded) throws ProblemException {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    String at = field + "." + name;
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      throw invalid(at, at + " must be a finite number, was "
          + (value instanceof String ? "'" + value + "'" : value));
    }
    double v = number.doubleValue();
    boolean aboveMin = minIncluded ? v >= min : v > min;
    boolean belowMax = maxIncluded ? v <= max : v < max;
    if (!aboveMin || !belowMax) {
      throw invalid(at, at + " must be in " + (minIncluded ? "[" : "(") + min + ", " + max
          + (maxIncluded ? "]" : ")") + ", was " + v);
    }
    return v;
  }

  private static ProblemException invalid(String field, String detail) {
    return new ProblemException(ProblemType.INVALID_PROFILE, detail, field);
  }
}
