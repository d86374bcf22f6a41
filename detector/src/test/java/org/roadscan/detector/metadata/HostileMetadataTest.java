package org.roadscan.detector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.CaptureCheck;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.testing.HostileJpeg;
import org.roadscan.detector.testing.SyntheticJpeg;

/**
 * Issue #30: lying, looping and hostile metadata is refused naming the tag, or read within bounds;
 * never a fault, never a hang, never a fetch.
 */
class HostileMetadataTest {

  private static final byte[] PLAIN = SyntheticJpeg.builder(64, 48).gps(7.1, 51.5).build();
  private static final long[] LON_OK = {7, 1, 6, 1, 0, 1};
  private static final long[] LAT_OK = {51, 1, 30, 1, 0, 1};

  private final MetadataReader reader = new MetadataReader();

  private static byte[] gps(long[] lat, String latRef, long[] lon) {
    return HostileJpeg.withExifGps(stripped(), lat, latRef, lon, "E", false, false);
  }

  /** A JPEG without EXIF (the GPS then comes from the hostile segment alone). */
  private static byte[] stripped() {
    return org.roadscan.detector.testing.HostileJpeg.pixelBomb(64, 48);
  }

  private void assertRefused(byte[] jpeg, Reason reason, String field) {
    assertThatThrownBy(() -> reader.read(jpeg)).isInstanceOfSatisfying(CaptureException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(reason);
          if (field != null) {
            assertThat(e.field()).isEqualTo(field);
          }
        });
  }

  @Test
  void aValidHandWrittenGpsSegmentReads() throws Exception {
    CaptureMetadata m = reader.read(gps(LAT_OK, "N", LON_OK));
    assertThat(m.latDeg()).isEqualTo(51.5);
    assertThat(m.lonDeg()).isEqualTo(7.1);
  }

  @Test
  void nanInfinityAndOutOfRangeGpsAreRefusedNamingTheTag() {
    assertRefused(gps(new long[] {0, 0, 0, 1, 0, 1}, "N", LON_OK), Reason.INVALID_METADATA,
        "GPSLatitude");
    assertRefused(gps(new long[] {1, 0, 0, 1, 0, 1}, "N", LON_OK), Reason.INVALID_METADATA,
        "GPSLatitude");
    assertRefused(gps(new long[] {95, 1, 0, 1, 0, 1}, "N", LON_OK), Reason.INVALID_METADATA,
        "GPSLatitude");
    assertRefused(gps(LAT_OK, "N", new long[] {181, 1, 0, 1, 0, 1}), Reason.INVALID_METADATA,
        "GPSLongitude");
    assertRefused(gps(new long[] {51, 1, 30, 1}, "N", LON_OK), Reason.INVALID_METADATA,
        "GPSLatitude");
    assertRefused(gps(LAT_OK, "Q", LON_OK), Reason.INVALID_METADATA, "GPSLatitudeRef");
    // 0xFFFFFFFF/1 degrees: unsigned, still out of range
    assertRefused(gps(new long[] {0xFFFF_FFFFL, 1, 0, 1, 0, 1}, "N", LON_OK),
        Reason.INVALID_METADATA, "GPSLatitude");
  }

  @Test
  void aLatitudeOfTheWrongTypeIsMissing() {
    byte[] text = HostileJpeg.withExifGps(stripped(), LAT_OK, "N", LON_OK, "E", true, false);
    assertThatThrownBy(() -> reader.read(text)).isInstanceOf(CaptureException.class);
  }

  @Test
  void aMakerNoteThatAsksForGigabytesIsNotParsed() throws Exception {
    // found by HostileInputFuzzTest: an Apple maker note whose binary plist claims a huge table;
    // metadata-extractor's own EXIF reader ran out of a 4 GB heap on it
    byte[] jpeg = java.nio.file.Files.readAllBytes(
        java.nio.file.Path.of("src/test/resources/metadata/issue30-apple-makernote-oom.jpg"));
    try {
      reader.read(jpeg);
    } catch (CaptureException refused) {
      assertThat(refused.reason()).isNotNull();
    }
  }

  @Test
  void ifdLoopsEnd() throws Exception {
    byte[] looping = HostileJpeg.withExifGps(stripped(), LAT_OK, "N", LON_OK, "E", false, true);
    CaptureMetadata m = reader.read(looping);
    assertThat(m.latDeg()).isEqualTo(51.5);
  }

  @Test
  void xmpWithADoctypeExpandsNoEntityAndFetchesNothing() throws Exception {
    AtomicInteger fetched = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      fetched.incrementAndGet();
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("-5".getBytes());
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/xxe";
      String packet = "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
          + "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"" + url + "\">"
          + "<!ENTITY file SYSTEM \"file:///etc/passwd\">]>"
          + "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF"
          + " xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
          + "<rdf:Description xmlns:drone-dji='http://www.dji.com/drone-dji/1.0/'"
          + " drone-dji:GimbalPitchDegree='&xxe;' drone-dji:FlightYawDegree='&file;'/>"
          + "</rdf:RDF></x:xmpmeta><?xpacket end='w'?>";
      byte[] jpeg = HostileJpeg.withXmp(PLAIN, packet);
      assertThatThrownBy(() -> reader.read(jpeg)).isInstanceOfSatisfying(CaptureException.class,
          e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
            assertThat(e.getMessage()).doesNotContain("root:");
          });
      assertThat(fetched).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void xmpEntityExpansionIsNotExpanded() {
    StringBuilder entities = new StringBuilder("<!ENTITY a0 'lol'>");
    for (int i = 1; i < 10; i++) {
      entities.append("<!ENTITY a").append(i).append(" '")
          .append(("&a" + (i - 1) + ";").repeat(10)).append("'>");
    }
    String packet = "<!DOCTYPE x [" + entities + "]><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
        + "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description"
        + " xmlns:drone-dji='http://www.dji.com/drone-dji/1.0/' drone-dji:FlightYawDegree='&a9;'/>"
        + "</rdf:RDF></x:xmpmeta>";
    long start = System.nanoTime();
    assertThatThrownBy(() -> reader.read(HostileJpeg.withXmp(PLAIN, packet)))
        .isInstanceOf(CaptureException.class);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
  }

  @Test
  void thousandsOfXmpSegmentsCostNoMoreThanTwo() throws Exception {
    String packet = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'/>";
    byte[] many = HostileJpeg.withApp1Segments(PLAIN, packet, 400, 60_000);
    assertThat(many.length).isGreaterThan(20_000_000);
    byte[] extended = HostileJpeg.withApp1Segments(PLAIN,
        "http://ns.adobe.com/xmp/extension/\0", 100, 60_000);
    long start = System.nanoTime();
    assertThat(reader.read(many).latDeg()).isEqualTo(51.5);
    assertThat(reader.read(extended).latDeg()).isEqualTo(51.5);
    assertThat(new CaptureCheck().check(many, SurveyProfile.NONE).lonDeg()).isEqualTo(7.1);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
  }
}
