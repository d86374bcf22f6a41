package org.roadscan.detector.geo;

import org.locationtech.jts.geom.Polygon;
import org.roadscan.detector.Detection;
import org.roadscan.detector.Observation;

/**
 * Where a pixel box lies on the ground: everything an {@link Observation} needs besides the
 * detection. Immutable.
 *
 * @param lonDeg WGS84 longitude of the box's centre, degrees east
 * @param latDeg WGS84 latitude of the box's centre, degrees north
 * @param footprint the projected box, a closed WGS84 polygon made by {@link Wgs84#GEOMETRY_FACTORY}
 *     (SRID 4326, coordinates (lon, lat)), exterior ring counter-clockwise
 * @param areaM2 ground area of the footprint, square metres, computed in a local metric frame; 0
 *     when the box could not be projected
 * @param lengthM extent along the footprint's longer axis, metres (see {@link
 *     Observation#lengthM()}); 0 when the box could not be projected
 * @param uncertaintyM horizontal position uncertainty of the centre (about one sigma), metres
 * @param projection how the position was obtained
 */
public record GroundFootprint(double lonDeg, double latDeg, Polygon footprint, double areaM2,
    double lengthM, double uncertaintyM, Observation.Projection projection) {

  public GroundFootprint {
    if (!(lonDeg >= -180 && lonDeg <= 180 && latDeg >= -90 && latDeg <= 90)) {
      throw new IllegalArgumentException("position out of range: lon " + lonDeg + ", lat " + latDeg);
    }
    if (footprint == null || projection == null) {
      throw new IllegalArgumentException("footprint and projection are required");
    }
    if (!(uncertaintyM > 0) || !(areaM2 >= 0) || !(lengthM >= 0) || !Double.isFinite(uncertaintyM)
        || !Double.isFinite(areaM2) || !Double.isFinite(lengthM)) {
      throw new IllegalArgumentException("uncertaintyM must be > 0, areaM2 and lengthM >= 0");
    }
  }

  /** The observation of a detection at this footprint. */
  public Observation toObservation(Detection detection) {
    return new Observation(detection, lonDeg, latDeg, footprint, areaM2, lengthM, uncertaintyM,
        projection);
  }
}
