package org.roadscan.detector.geo;

/**
 * What the user says about the captures of one survey (one upload), where the files themselves do
 * not say it. Every part is optional; {@link #NONE} says nothing. Immutable.
 *
 * @param camera intrinsics overriding what the files say, or null
 * @param mount vehicle mounting of a camera without its own pose, or null; when given, captures are
 *     projected as vehicle captures even if they carry drone tags
 * @param groundHeightM height of the road surface relative to the drone's take-off point, metres
 *     (negative when the road lies below it); 0 by default. The camera's height above the road is
 *     DJI RelativeAltitude minus this. Not used for vehicle captures.
 * @param gpsAccuracyM one-sigma horizontal GNSS error of the survey's receiver, metres, used for
 *     images that state none (no RTK values, no GPSHPositioningError), or null for the service
 *     default
 * @param heightAccuracyM one-sigma error of the camera's height above the road, metres, or null for
 *     the default (RTK height error, else the service default; {@value VehicleMount#HEIGHT_ACCURACY_M}
 *     m for a vehicle mount)
 * @param angleAccuracyDeg one-sigma error of the camera's angles and heading, degrees, or null for
 *     the service default
 * @param groundElevationM elevation of the road surface in the reference of the drone's absolute
 *     altitude (usually metres above sea level), or null. When given, drone captures take their
 *     height above the road from DJI AbsoluteAltitude (else EXIF GPSAltitude) minus this, instead
 *     of RelativeAltitude: for flights whose take-off point is far above or below the road.
 *     Exclusive with a non-zero {@code groundHeightM}.
 */
public record SurveyProfile(CameraOverride camera, VehicleMount mount, double groundHeightM,
    Double gpsAccuracyM, Double heightAccuracyM, Double angleAccuracyDeg,
    Double groundElevationM) {

  /** No information beyond the files. */
  public static final SurveyProfile NONE = new SurveyProfile(null, null, 0, null, null, null);

  public SurveyProfile {
    if (!Double.isFinite(groundHeightM) || Math.abs(groundHeightM) > 1000) {
      throw new IllegalArgumentException("groundHeightM must be finite, |h| <= 1000: " + groundHeightM);
    }
    if (gpsAccuracyM != null && !(gpsAccuracyM > 0 && gpsAccuracyM <= 100)) {
      throw new IllegalArgumentException("gpsAccuracyM must be in (0, 100]: " + gpsAccuracyM);
    }
    if (heightAccuracyM != null && !(heightAccuracyM >= 0 && heightAccuracyM <= 100)) {
      throw new IllegalArgumentException("heightAccuracyM must be in [0, 100]: " + heightAccuracyM);
    }
    if (angleAccuracyDeg != null && !(angleAccuracyDeg >= 0 && angleAccuracyDeg <= 20)) {
      throw new IllegalArgumentException("angleAccuracyDeg must be in [0, 20]: " + angleAccuracyDeg);
    }
    if (groundElevationM != null && !(Math.abs(groundElevationM) <= 10000)) {
      throw new IllegalArgumentException(
          "groundElevationM must be finite, |h| <= 10000: " + groundElevationM);
    }
    if (groundElevationM != null && groundHeightM != 0) {
      throw new IllegalArgumentException("groundElevationM and a non-zero groundHeightM exclude"
          + " each other: give the road's height relative to the take-off point or its elevation");
    }
  }

  /** A profile without ground elevation. */
  public SurveyProfile(CameraOverride camera, VehicleMount mount, double groundHeightM,
      Double gpsAccuracyM, Double heightAccuracyM, Double angleAccuracyDeg) {
    this(camera, mount, groundHeightM, gpsAccuracyM, heightAccuracyM, angleAccuracyDeg, null);
  }

  /** A profile with only a vehicle mount. */
  public static SurveyProfile ofMount(VehicleMount mount) {
    return new SurveyProfile(null, mount, 0, null, null, null);
  }

  /** A profile with only a camera override. */
  public static SurveyProfile ofCamera(CameraOverride camera) {
    return new SurveyProfile(camera, null, 0, null, null, null);
  }
}
