package org.roadscan.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.api.priority.MapLayer;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.detector.Detection;
import org.roadscan.detector.Observation;
import org.roadscan.detector.PixelBox;

/** Issue #28: the passability hint counts potholes only, per frame and per road. */
class PassabilityTest {

  @Test
  void potholesDecideTheHintCracksDoNot() {
    assertThat(Passability.of(List.of()).hint()).isEqualTo("clear");
    assertThat(Passability.of(List.of(crack(), crack(), crack(), crack())).hint())
        .isEqualTo("clear");
    assertThat(Passability.of(List.of(pothole(0.3, 0.6))).hint()).isEqualTo("caution");
    assertThat(Passability.of(List.of(pothole(0.3, 0.6), pothole(0.3, 0.6))).hint())
        .isEqualTo("caution");
    assertThat(Passability.of(List.of(pothole(0.2, 0.5), pothole(0.2, 0.5), pothole(0.2, 0.5)))
        .hint()).isEqualTo("questionable"); // three of them
    assertThat(Passability.of(List.of(pothole(0.6, 0.8), pothole(0.5, 0.8))).hint())
        .isEqualTo("questionable"); // 1.1 m2 together
    assertThat(Passability.of(List.of(pothole(0.4, 1.2))).hint())
        .isEqualTo("questionable"); // 1.2 m across
    Passability p = Passability.of(List.of(pothole(0.3, 0.6), crack()));
    assertThat(p.potholes()).isEqualTo(1);
    assertThat(p.toJson().getString("basis")).contains("1 pothole(s)", "per frame");
  }

  @Test
  void withARoadLayerEachRoadWithPotholesGetsItsOwnHintWorstFirst() throws Exception {
    MapLayer roads = MapLayer.read(Path.of("src/test/resources/layers/roads.geojson"));
    // Bochumer Straße runs through the origin; Nebenweg lies about 155 m north
    double nebenwegLat = 51.515;
    List<Observation> frame = List.of(
        pothole(0.3, 0.6),
        at(pothole(0.2, 0.5), nebenwegLat), at(pothole(0.2, 0.5), nebenwegLat),
        at(pothole(0.2, 0.5), nebenwegLat),
        at(pothole(0.3, 0.6), 51.5143), // 78 m from either road: the frame's only
        crack());

    List<Passability.Stretch> stretches = Passability.byRoad(frame, roads);

    assertThat(stretches).extracting(Passability.Stretch::name)
        .containsExactly("Nebenweg", "Bochumer Straße");
    assertThat(stretches.get(0).passability().hint()).isEqualTo("questionable");
    assertThat(stretches.get(0).highway()).isEqualTo("residential");
    assertThat(stretches.get(1).passability().hint()).isEqualTo("caution");
    assertThat(stretches.get(1).passability().potholes()).isEqualTo(1);
    Passability whole = Passability.of(frame);
    assertThat(whole.potholes()).isEqualTo(5);
    JsonObject json = whole.toJson(roads, stretches);
    assertThat(json.getJsonArray("stretches")).hasSize(2);
    assertThat(json.getString("basis")).contains("per road of");
    assertThat(Passability.byRoad(frame, null)).isEmpty();
    assertThat(whole.toJson().containsKey("stretches")).isFalse();
  }

  private static Observation at(Observation o, double latDeg) {
    return new Observation(o.detection(), o.lonDeg(), latDeg, null, o.areaM2(), o.lengthM(),
        o.uncertaintyM(), o.projection());
  }

  private static Observation pothole(double areaM2, double lengthM) {
    return new Observation(new Detection("D40", 3, 0.8, new PixelBox(0, 0, 10, 10)),
        TestCaptures.ORIGIN_LON_DEG, TestCaptures.ORIGIN_LAT_DEG, null, areaM2, lengthM, 1.0,
        Observation.Projection.NADIR);
  }

  private static Observation crack() {
    return new Observation(new Detection("D00", 0, 0.8, new PixelBox(0, 0, 10, 10)),
        TestCaptures.ORIGIN_LON_DEG, TestCaptures.ORIGIN_LAT_DEG, null, 2.0, 5.0, 1.0,
        Observation.Projection.NADIR);
  }
}
