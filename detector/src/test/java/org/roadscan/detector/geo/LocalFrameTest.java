package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LocalFrameTest {

  private static final GeoPoint GELSENKIRCHEN = new GeoPoint(7.0989, 51.5036);

  @Test
  void eastAndNorthAreGeodesicMetres() {
    LocalFrame frame = LocalFrame.at(GELSENKIRCHEN);

    GeoPoint east = frame.toLonLat(100, 0);
    GeoPoint north = frame.toLonLat(0, 100);

    assertThat(Geodesy.distanceM(GELSENKIRCHEN, east)).isCloseTo(100, within(1e-6));
    assertThat(Geodesy.bearingDeg(GELSENKIRCHEN, east)).isCloseTo(90, within(1e-9));
    assertThat(Geodesy.distanceM(GELSENKIRCHEN, north)).isCloseTo(100, within(1e-6));
    assertThat(Geodesy.bearingDeg(GELSENKIRCHEN, north)).isCloseTo(0, within(1e-9));
    // Longitude moves east, latitude north: the (lon, lat) order is not swapped.
    assertThat(east.lonDeg()).isGreaterThan(GELSENKIRCHEN.lonDeg());
    assertThat(north.latDeg()).isGreaterThan(GELSENKIRCHEN.latDeg());
  }

  @Test
  void roundTripIsBelowAMicrometre() {
    LocalFrame frame = LocalFrame.at(GELSENKIRCHEN);
    double[][] pointsM = {{0, 0}, {12.5, -7.25}, {-300, 450}, {2500, 2500}};

    for (double[] p : pointsM) {
      EnuPoint back = frame.toEnu(frame.toLonLat(p[0], p[1]));
      assertThat(back.eastM()).as("east of %s", p).isCloseTo(p[0], within(1e-6));
      assertThat(back.northM()).as("north of %s", p).isCloseTo(p[1], within(1e-6));
    }
  }

  @Test
  void crossesTheAntimeridian() {
    LocalFrame frame = new LocalFrame(179.99999, 0);

    GeoPoint east = frame.toLonLat(100, 0);

    assertThat(east.lonDeg()).isNegative();
    assertThat(Geodesy.distanceM(frame.origin(), east)).isCloseTo(100, within(1e-6));
  }
}
