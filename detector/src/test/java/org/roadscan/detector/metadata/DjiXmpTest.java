package org.roadscan.detector.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;

/** The raw-packet fallback, used when the XMP parser could not build a tree. */
class DjiXmpTest {

  @Test
  void readsAttributesAndElementsFromRawPacket() throws Exception {
    String packet = "<x:xmpmeta><rdf:RDF><rdf:Description rdf:about=\"DJI Meta Data\""
        + " drone-dji:RelativeAltitude=\"+35.70\" drone-dji:GimbalPitchDegree=\"-89.90\""
        + " drone-dji:GimbalYawDegree='-172.40'>"
        + "<drone-dji:FlightYawDegree>+8.50</drone-dji:FlightYawDegree>"
        + "<drone-dji:AbsoluteAltitude> 102.1 </drone-dji:AbsoluteAltitude>"
        + "</rdf:Description></rdf:RDF></x:xmpmeta>";

    DjiXmp dji = DjiXmp.read(List.of(), List.of(xmpSegment(packet)));

    assertThat(dji).isEqualTo(new DjiXmp(35.70, 102.1, -89.90, -172.40, null, 8.50, null, null,
        null, null, null, null));
  }

  @Test
  void ignoresExifSegments() throws Exception {
    byte[] exif = "Exif\0\0drone-dji:GimbalPitchDegree=\"-90\"".getBytes(StandardCharsets.UTF_8);

    assertThat(DjiXmp.read(List.of(), List.of(exif))).isEqualTo(DjiXmp.NONE);
  }

  @Test
  void refusesPoseTagThatIsNotANumber() {
    byte[] segment = xmpSegment("<rdf:Description drone-dji:GimbalPitchDegree=\"down\"/>");

    assertThatThrownBy(() -> DjiXmp.read(List.of(), List.of(segment)))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_METADATA);
          assertThat(e.field()).isEqualTo("GimbalPitchDegree");
        });
  }

  private static byte[] xmpSegment(String packet) {
    return ("http://ns.adobe.com/xap/1.0/\0" + packet).getBytes(StandardCharsets.UTF_8);
  }
}
