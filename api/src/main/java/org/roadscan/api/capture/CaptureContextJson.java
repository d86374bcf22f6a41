package org.roadscan.api.capture;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.geo.CameraOverride;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.FrameTelemetry;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.geo.VehicleMount;

/**
 * The JSON form of a survey profile, as clients send it in the {@code profile} part of an upload
 * and as the job queue stores it with each job (so a job keeps its profile across restarts):
 *
 * <pre>
 * {
 *   "camera": {"focalLengthPx": 3000}                 or {"sensorWidthMm": 6.17, "focalLengthMm": 4.5},
 *             plus optionally "principalPointXPx", "principalPointYPx",
 *   "mount": {"heightM": 1.4, "pitchDeg": -12, "rollDeg": 0, "yawOffsetDeg": 0},
 *   "groundHeightM": 0,                               or "groundElevationM": 52.5,
 *   "gpsAccuracyM": 3, "heightAccuracyM": 0.2, "angleAccuracyDeg": 1
 * }
 * </pre>
 * Every member is optional ({@code rollDeg} and {@code yawOffsetDeg} default to 0); unknown
 * members are refused so that a misspelt key does not silently do nothing. See {@link
 * SurveyProfile} for the meaning and limits of each value. Stateless and thread-safe.
 */
public final class CaptureContextJson {

  /** Largest accepted profile text, characters. */
  public static final int MAX_PROFILE_CHARS = 16 * 1024;

  private static final Set<String> PROFILE_MEMBERS = Set.of("camera", "mount", "groundHeightM",
      "groundElevationM", "gpsAccuracyM", "heightAccuracyM", "angleAccuracyDeg");
  private static final Set<String> CAMERA_MEMBERS = Set.of("focalLengthPx", "focalLengthMm",
      "sensorWidthMm", "principalPointXPx", "principalPointYPx");
  private static final Set<String> MOUNT_MEMBERS = Set.of("heightM", "pitchDeg", "rollDeg",
      "yawOffsetDeg");

  private CaptureContextJson() {
  }

  /**
   * Parses the {@code profile} part of an upload.
   *
   * @param field the part's name, used in error fields (e.g. {@code profile.mount.heightM})
   * @throws ProblemException 400 {@code invalid-profile} naming the member at fault
   */
  public static SurveyProfile parseProfile(String text, String field) throws ProblemException {
    if (text.length() > MAX_PROFILE_CHARS) {
      throw invalid(field, "the profile has " + text.length() + " characters; at most "
          + MAX_PROFILE_CHARS + " are accepted");
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw invalid(field, "the profile must be a JSON object: " + e.getMessage());
    }
    return profile(json, field);
  }

  /** The profile of a JSON object, checked as {@link #parseProfile}. */
  public static SurveyProfile profile(JsonObject json, String field) throws ProblemException {
    requireKnown(json, PROFILE_MEMBERS, field);
    JsonObject cameraJson = object(json, "camera", field);
    CameraOverride camera = null;
    if (cameraJson != null) {
      String at = field + ".camera";
      requireKnown(cameraJson, CAMERA_MEMBERS, at);
      Double focalLengthPx = number(cameraJson, "focalLengthPx", at);
      Double focalLengthMm = number(cameraJson, "focalLengthMm", at);
      Double sensorWidthMm = number(cameraJson, "sensorWidthMm", at);
      Double principalPointXPx = number(cameraJson, "principalPointXPx", at);
      Double principalPointYPx = number(cameraJson, "principalPointYPx", at);
      camera = build(at, () -> new CameraOverride(focalLengthPx, focalLengthMm, sensorWidthMm,
          principalPointXPx, principalPointYPx));
    }
    JsonObject mountJson = object(json, "mount", field);
    VehicleMount mount = null;
    if (mountJson != null) {
      String at = field + ".mount";
      requireKnown(mountJson, MOUNT_MEMBERS, at);
      Double heightM = number(mountJson, "heightM", at);
      Double pitchDeg = number(mountJson, "pitchDeg", at);
      if (heightM == null || pitchDeg == null) {
        throw invalid(heightM == null ? at + ".heightM" : at + ".pitchDeg",
            "a vehicle mount needs heightM (lens above the road, m) and pitchDeg (negative ="
                + " looking down)");
      }
      Double rollDeg = number(mountJson, "rollDeg", at);
      Double yawOffsetDeg = number(mountJson, "yawOffsetDeg", at);
      mount = build(at, () -> new VehicleMount(heightM, pitchDeg, rollDeg == null ? 0 : rollDeg,
          yawOffsetDeg == null ? 0 : yawOffsetDeg));
    }
    Double groundHeightM = number(json, "groundHeightM", field);
    Double gpsAccuracyM = number(json, "gpsAccuracyM", field);
    Double heightAccuracyM = number(json, "heightAccuracyM", field);
    Double angleAccuracyDeg = number(json, "angleAccuracyDeg", field);
    Double groundElevationM = number(json, "groundElevationM", field);
    CameraOverride finalCamera = camera;
    VehicleMount finalMount = mount;
    return build(field, () -> new SurveyProfile(finalCamera, finalMount,
        groundHeightM == null ? 0 : groundHeightM, gpsAccuracyM, heightAccuracyM,
        angleAccuracyDeg, groundElevationM));
  }

  /** The stored form of a context; {@code {}} for {@link CaptureContext#NONE}. */
  public static JsonObject toJson(CaptureContext context) {
    JsonObject json = new JsonObject();
    SurveyProfile p = context.profile();
    if (!p.equals(SurveyProfile.NONE)) {
      JsonObject profile = new JsonObject();
      if (p.camera() != null) {
        CameraOverride c = p.camera();
        profile.put("camera", withoutNulls(new JsonObject()
            .put("focalLengthPx", c.focalLengthPx()).put("focalLengthMm", c.focalLengthMm())
            .put("sensorWidthMm", c.sensorWidthMm())
            .put("principalPointXPx", c.principalPointXPx())
            .put("principalPointYPx", c.principalPointYPx())));
      }
      if (p.mount() != null) {
        VehicleMount m = p.mount();
        profile.put("mount", new JsonObject().put("heightM", m.heightM())
            .put("pitchDeg", m.pitchDeg()).put("rollDeg", m.rollDeg())
            .put("yawOffsetDeg", m.yawOffsetDeg()));
      }
      profile.put("groundHeightM", p.groundHeightM());
      profile.put("gpsAccuracyM", p.gpsAccuracyM());
      profile.put("heightAccuracyM", p.heightAccuracyM());
      profile.put("angleAccuracyDeg", p.angleAccuracyDeg());
      profile.put("groundElevationM", p.groundElevationM());
      json.put("profile", withoutNulls(profile));
    }
    if (context.trackHeadingDeg() != null) {
      json.put("trackHeadingDeg", context.trackHeadingDeg());
    }
    if (context.frame() != null) {
      json.put("frame", frameJson(context.frame()));
    }
    if (context.original() != null) {
      json.put("original", CaptureMetadataJson.toJson(context.original()));
    }
    return json;
  }

  /** The stored form of a video frame's telemetry; absent values are left out. */
  private static JsonObject frameJson(FrameTelemetry f) {
    return withoutNulls(new JsonObject()
        .put("lonDeg", f.lonDeg()).put("latDeg", f.latDeg())
        .put("takenAt", f.takenAt() == null ? null : f.takenAt().toString())
        .put("relativeAltitudeM", f.relativeAltitudeM())
        .put("absoluteAltitudeM", f.absoluteAltitudeM())
        .put("gimbalPitchDeg", f.gimbalPitchDeg()).put("gimbalYawDeg", f.gimbalYawDeg())
        .put("gimbalRollDeg", f.gimbalRollDeg()).put("flightYawDeg", f.flightYawDeg())
        .put("focalLength35mmEq", f.focalLength35mmEq())
        .put("horizontalAccuracyM", f.horizontalAccuracyM()));
  }

  private static FrameTelemetry frame(JsonObject f) {
    if (f == null) {
      return null;
    }
    String takenAt = f.getString("takenAt");
    return new FrameTelemetry(f.getDouble("lonDeg"), f.getDouble("latDeg"),
        takenAt == null ? null : Instant.parse(takenAt), f.getDouble("relativeAltitudeM"),
        f.getDouble("absoluteAltitudeM"), f.getDouble("gimbalPitchDeg"),
        f.getDouble("gimbalYawDeg"), f.getDouble("gimbalRollDeg"), f.getDouble("flightYawDeg"),
        f.getDouble("focalLength35mmEq"), f.getDouble("horizontalAccuracyM"));
  }

  /**
   * The context stored with a job.
   *
   * @throws IllegalStateException when the stored JSON is not valid (it was valid when stored)
   */
  public static CaptureContext fromJson(JsonObject json) {
    if (json == null || json.isEmpty()) {
      return CaptureContext.NONE;
    }
    try {
      JsonObject profile = json.getJsonObject("profile");
      JsonObject original = json.getJsonObject("original");
      return new CaptureContext(profile == null ? SurveyProfile.NONE : profile(profile, "profile"),
          json.getDouble("trackHeadingDeg"), frame(json.getJsonObject("frame")),
          original == null ? null : CaptureMetadataJson.fromJson(original));
    } catch (ProblemException | ClassCastException | IllegalArgumentException
        | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalStateException("stored capture context is invalid: " + json, e);
    }
  }

  private static <T> T build(String field, Supplier<T> constructor) throws ProblemException {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String member = message.split("[ ,]", 2)[0];
      boolean named = member.matches("[a-z][A-Za-z0-9]*") && message.length() > member.length();
      throw invalid(named ? field + "." + member : field, message);
    }
  }

  private static void requireKnown(JsonObject json, Set<String> known, String field)
      throws ProblemException {
    for (String name : json.fieldNames()) {
      if (!known.contains(name)) {
        throw invalid(field + "." + name, "unknown member '" + name + "' in " + field
            + "; known: " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static JsonObject object(JsonObject json, String name, String field)
      throws ProblemException {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw invalid(field + "." + name, field + "." + name + " must be a JSON object");
    }
    return object;
  }

  private static Double number(JsonObject json, String name, String field)
      throws ProblemException {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      throw invalid(field + "." + name, field + "." + name + " must be a finite number, was "
          + (value instanceof String ? "'" + value + "'" : value));
    }
    return number.doubleValue();
  }

  private static JsonObject withoutNulls(JsonObject json) {
    json.fieldNames().removeIf(name -> json.getValue(name) == null);
    return json;
  }

  private static ProblemException invalid(String field, String detail) {
    return new ProblemException(ProblemType.INVALID_PROFILE, detail, field);
  }
}
