package org.roadscan.api.priority;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.index.strtree.STRtree;
import org.roadscan.detector.geo.EnuPoint;
import org.roadscan.detector.geo.LocalFrame;
import org.roadscan.detector.geo.Wgs84;

/**
 * A read-only map layer from a GeoJSON FeatureCollection (RFC 7946: WGS84, lon/lat): roads, or
 * sensitive places. Answers "the nearest feature within r metres of this point, and how far".
 *
 * <p>Candidates come from an STR-tree on the features' lon/lat envelopes, searched with a window
 * of {@code r} metres converted to degrees generously (a search window only); the distance itself
 * is exact in metres: each candidate is transformed into a {@link LocalFrame} at the point and
 * measured there. Immutable after loading and thread-safe.
 */
public final class MapLayer {

  /** One feature: its geometry (WGS84) and GeoJSON properties. */
  public record Feature(Geometry geometry, JsonObject properties) {
  }

  /** The nearest feature and its distance. */
  public record Match(Feature feature, double distanceM) {
  }

  private static final double METRES_PER_DEGREE_LAT = 110_574; // smallest, at the equator
  private static final GeometryFactory METRIC = new GeometryFactory(new PrecisionModel());

  private final String name;
  private final STRtree index = new STRtree();
  private final int size;

  private MapLayer(String name, List<Feature> features) {
    this.name = name;
    for (Feature feature : features) {
      index.insert(feature.geometry().getEnvelopeInternal(), feature);
    }
    index.build();
    this.size = features.size();
  }

  /** A layer of the given features. */
  public static MapLayer of(String name, List<Feature> features) {
    return new MapLayer(name, features);
  }

  /**
   * Reads a GeoJSON FeatureCollection file. Blocking.
   *
   * @throws IllegalArgumentException naming the file and the problem when it is not a readable
   *     FeatureCollection of features with geometries
   */
  public static MapLayer read(Path file) throws IOException {
    String text = Files.readString(file);
    JsonObject collection;
    try {
      collection = new JsonObject(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage());
    }
    if (!"FeatureCollection".equals(collection.getString("type"))) {
      throw new IllegalArgumentException(file + " is not a GeoJSON FeatureCollection");
    }
    JsonArray items = collection.getJsonArray("features", new JsonArray());
    List<Feature> features = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      JsonObject geometry = item.getJsonObject("geometry");
      if (geometry == null) {
        throw new IllegalArgumentException(file + ": feature " + i + " has no geometry");
      }
      try {
        features.add(new Feature(geometry(geometry),
            item.getJsonObject("properties", new JsonObject())));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ": feature " + i + " has an unreadable"
            + " geometry: " + e.getMessage());
      }
    }
    return new MapLayer(file.getFileName().toString(), features);
  }

  /** The file (or given) name, for the parts' explanations. */
  public String name() {
    return name;
  }

  public int size() {
    return size;
  }

  /**
   * The nearest feature within {@code radiusM} metres of a point, by exact metric distance.
   *
   * @param lonDeg longitude, degrees east
   * @param latDeg latitude, degrees north
   */
  public Optional<Match> nearest(double lonDeg, double latDeg, double radiusM) {
    double dLat = radiusM / METRES_PER_DEGREE_LAT;
    double dLon = dLat / Math.max(0.01, Math.cos(Math.toRadians(Math.min(89, Math.abs(latDeg)))));
    Envelope window = new Envelope(lonDeg - dLon, lonDeg + dLon, latDeg - dLat, latDeg + dLat);
    LocalFrame frame = new LocalFrame(lonDeg, latDeg);
    Point origin = METRIC.createPoint(new Coordinate(0, 0));
    Match best = null;
    for (Object candidate : index.query(window)) {
      Feature feature = (Feature) candidate;
      double distanceM = toMetric(feature.geometry(), frame).distance(origin);
      if (distanceM <= radiusM && (best == null || distanceM < best.distanceM())) {
        best = new Match(feature, distanceM);
      }
    }
    return Optional.ofNullable(best);
  }

  /** An RFC 7946 geometry object as a JTS geometry made by {@link Wgs84#GEOMETRY_FACTORY}. */
  static Geometry geometry(JsonObject json) {
    GeometryFactory f = Wgs84.GEOMETRY_FACTORY;
    JsonArray c = json.getJsonArray("coordinates");
    String type = json.getString("type");
    return switch (type == null ? "" : type) {
      case "Point" -> f.createPoint(coordinate(c));
      case "MultiPoint" -> f.createMultiPointFromCoords(coordinates(c));
      case "LineString" -> f.createLineString(coordinates(c));
      case "MultiLineString" -> {
        org.locationtech.jts.geom.LineString[] lines =
            new org.locationtech.jts.geom.LineString[c.size()];
        for (int i = 0; i < lines.length; i++) {
          lines[i] = f.createLineString(coordinates(c.getJsonArray(i)));
        }
        yield f.createMultiLineString(lines);
      }
      case "Polygon" -> polygon(f, c);
      case "MultiPolygon" -> {
        org.locationtech.jts.geom.Polygon[] polygons =
            new org.locationtech.jts.geom.Polygon[c.size()];
        for (int i = 0; i < polygons.length; i++) {
          polygons[i] = polygon(f, c.getJsonArray(i));
        }
        yield f.createMultiPolygon(polygons);
      }
      default -> throw new IllegalArgumentException("unsupported geometry type '" + type + "'");
    };
  }

  private static org.locationtech.jts.geom.Polygon polygon(GeometryFactory f, JsonArray rings) {
    org.locationtech.jts.geom.LinearRing shell = f.createLinearRing(
        coordinates(rings.getJsonArray(0)));
    org.locationtech.jts.geom.LinearRing[] holes =
        new org.locationtech.jts.geom.LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = f.createLinearRing(coordinates(rings.getJsonArray(i)));
    }
    return f.createPolygon(shell, holes);
  }

  private static Coordinate[] coordinates(JsonArray positions) {
    Coordinate[] result = new Coordinate[positions.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = coordinate(positions.getJsonArray(i));
    }
    return result;
  }

  private static Coordinate coordinate(JsonArray position) {
    double lon = position.getDouble(0);
    double lat = position.getDouble(1);
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException("position out of range (expected [lon, lat]): "
          + position);
    }
    return new Coordinate(lon, lat);
  }

  private static Geometry toMetric(Geometry wgs84, LocalFrame frame) {
    GeometryTransformer transformer = new GeometryTransformer() {
      @Override
      protected org.locationtech.jts.geom.CoordinateSequence transformCoordinates(
          org.locationtech.jts.geom.CoordinateSequence coords, Geometry parent) {
        Coordinate[] metric = new Coordinate[coords.size()];
        for (int i = 0; i < coords.size(); i++) {
          EnuPoint p = frame.toEnu(coords.getX(i), coords.getY(i));
          metric[i] = new Coordinate(p.eastM(), p.northM());
        }
        return METRIC.getCoordinateSequenceFactory().create(metric);
      }
    };
    return transformer.transform(wgs84);
  }
}
