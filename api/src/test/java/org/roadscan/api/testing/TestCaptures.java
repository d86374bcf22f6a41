package org.roadscan.api.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.roadscan.api.capture.CaptureValidator;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.Detection;
import org.roadscan.detector.Observation;
import org.roadscan.detector.PixelBox;
import org.roadscan.detector.metadata.CaptureMetadata;

/**
 * Builds analyses for tests. Distances are metres; positions are offset from an origin in
 * Gelsenkirchen with the local metres-per-degree of the WGS84 ellipsoid there (exact to well under
 * a centimetre over the tens of metres used).
 */
public final class TestCaptures {

  /** Origin: Gelsenkirchen, lon 7.0986 E, lat 51.5136 N. */
  public static final double ORIGIN_LON_DEG = 7.0986;
  public static final double ORIGIN_LAT_DEG = 51.5136;

  private static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

  /**
   * A validator for narrow tests whose images are not real captures: accepts every image as taken
   * at the origin, 640 x 640 px, without pose.
   */
  public static final CaptureValidator ACCEPT_ALL = (imageBytes, profile) -> new CaptureMetadata(
      ORIGIN_LON_DEG, ORIGIN_LAT_DEG, null, null, null, null, null, null, null, 640, 640, null,
      null, null, null);

  private TestCaptures() {
  }

  /** Longitude {@code eastM} metres east of the origin (geodesic on the WGS84 ellipsoid). */
  public static double lonEast(double eastM) {
    return Geodesic.WGS84.Direct(ORIGIN_LAT_DEG, ORIGIN_LON_DEG, 90, eastM).lon2;
  }

  /** Latitude {@code northM} metres north of the origin (geodesic on the WGS84 ellipsoid). */
  public static double latNorth(double northM) {
    return Geodesic.WGS84.Direct(ORIGIN_LAT_DEG, ORIGIN_LON_DEG, 0, northM).lat2;
  }

  /**
   * Metadata with the given camera position and time; every other component null (or 0 for
   * primitives, 4000 x 3000 for the image size). Built through the canonical constructor by
   * component name so it keeps compiling as the detector adds metadata fields.
   */
  public static CaptureMetadata metadata(double lonDeg, double latDeg, Instant takenAt) {
    RecordComponent[] components = CaptureMetadata.class.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = switch (components[i].getName()) {
        case "lonDeg" -> lonDeg;
        case "latDeg" -> latDeg;
        case "takenAt" -> takenAt;
        case "imageWidthPx" -> 4000;
        case "imageHeightPx" -> 3000;
        default -> defaultValue(types[i]);
      };
    }
    try {
      Constructor<CaptureMetadata> constructor =
          CaptureMetadata.class.getDeclaredConstructor(types);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object defaultValue(Class<?> type) {
    if (type == double.class) {
      return 0.0;
    }
    if (type == int.class) {
      return 0;
    }
    return null;
  }

  /**
   * An observation of {@code className} at ({@code eastM}, {@code northM}) metres from the origin,
   * with a square footprint of {@code areaM2} (none when 0).
   */
  public static Observation observation(String className, double eastM, double northM,
      double areaM2, double uncertaintyM) {
    double lon = lonEast(eastM);
    double lat = latNorth(northM);
    Polygon footprint = null;
    Observation.Projection projection = Observation.Projection.CAMERA_POSITION;
    if (areaM2 > 0) {
      double half = Math.sqrt(areaM2) / 2;
      double west = lonEast(eastM - half);
      double east = lonEast(eastM + half);
      double south = latNorth(northM - half);
      double north = latNorth(northM + half);
      footprint = WGS84.createPolygon(new Coordinate[] {new Coordinate(west, south),
          new Coordinate(east, south), new Coordinate(east, north), new Coordinate(west, north),
          new Coordinate(west, south)});
      projection = Observation.Projection.NADIR;
    }
    return new Observation(new Detection(className, 0, 0.8, new PixelBox(100, 200, 300, 350)),
        lon, lat, footprint, areaM2, uncertaintyM, projection);
  }

  /**
   * As {@link #observation(String, double, double, double, double)}, detected with
   * {@code confidence} in {@code box} (px of the photo).
   */
  public static Observation observation(String className, double eastM, double northM,
      double areaM2, double uncertaintyM, double confidence, PixelBox box) {
    Observation o = observation(className, eastM, northM, areaM2, uncertaintyM);
    return new Observation(new Detection(className, 0, confidence, box), o.lonDeg(), o.latDeg(),
        o.footprint(), o.areaM2(), o.lengthM(), o.uncertaintyM(), o.projection());
  }

  /** An analysis of a photo taken at the origin at {@code takenAt}. */
  public static CaptureAnalysis analysis(Instant takenAt, Observation... observations) {
    return new CaptureAnalysis(metadata(ORIGIN_LON_DEG, ORIGIN_LAT_DEG, takenAt),
        List.of(observations));
  }
}
