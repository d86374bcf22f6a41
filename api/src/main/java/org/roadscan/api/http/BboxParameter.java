package org.roadscan.api.http;

import org.roadscan.api.gis.LonLatBox;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * The {@code bbox} query parameter shared by the repair list and OGC API – Features:
 * {@code minLon,minLat,maxLon,maxLat} in CRS84 degrees (lon, lat order); a western edge east of
 * the eastern one crosses the antimeridian. Anything else is a 400 problem naming {@code bbox}.
 */
public final class BboxParameter {

  private BboxParameter() {
  }

  /** The box, or null when {@code text} is null. */
  public static LonLatBox parse(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(",", -1);
    if (parts.length != 4) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          "bbox must be 4 numbers minLon,minLat,maxLon,maxLat (CRS84); "
              + (parts.length == 6 ? "3D boxes are not supported" : "got " + parts.length),
          "bbox");
    }
    double[] numbers = new double[4];
    try {
      for (int i = 0; i < 4; i++) {
        numbers[i] = Double.parseDouble(parts[i].trim());
      }
      return new LonLatBox(numbers[0], numbers[1], numbers[2], numbers[3]);
    } catch (IllegalArgumentException e) {
      // NumberFormatException is an IllegalArgumentException
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          "bbox must be 4 numbers minLon,minLat,maxLon,maxLat (CRS84): " + e.getMessage(),
          "bbox");
    }
  }
}
