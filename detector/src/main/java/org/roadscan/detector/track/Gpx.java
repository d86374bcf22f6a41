package org.roadscan.detector.track;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads a GPX 1.0 or 1.1 track (a vehicle's logger or phone beside a dashcam): every {@code
 * <trkpt lat lon>} of every {@code <trk>}/{@code <trkseg>}, with its {@code <time>} (ISO 8601,
 * converted to UTC) and optional {@code <ele>} (metres, kept as the absolute altitude). The track
 * is on {@link FrameTrack.Clock#EPOCH}: a video's frames are placed on it through the video's
 * start time ({@link org.roadscan.detector.video.VideoSampler}).
 *
 * <p>Points without a time are skipped (they cannot be matched to a frame); a point with an
 * unreadable or out-of-range position or time is refused, naming its number. The parser refuses
 * DTDs and external entities (XXE).
 *
 * <p>Stateless and thread-safe.
 */
public final class Gpx {

  private Gpx() {
  }

  /**
   * Parses a GPX document.
   *
   * @param in the document; not closed here
   * @return the track, on {@link FrameTrack.Clock#EPOCH}
   * @throws CaptureException ({@code telemetry}) INVALID_METADATA when the document is not
   *     well-formed XML, has a DTD, or a track point is unusable; MISSING_METADATA when no track
   *     point has a time
   * @throws IOException when the stream cannot be read
   */
  public static FrameTrack parse(InputStream in) throws CaptureException, IOException {
    Document document;
    try {
      document = parser().parse(in);
    } catch (SAXException e) {
      throw new CaptureException(Reason.INVALID_METADATA, DjiSrt.FIELD,
          "not a readable GPX document: " + e.getMessage());
    }
    NodeList trackPoints = document.getElementsByTagNameNS("*", "trkpt");
    List<TrackPoint> points = new ArrayList<>();
    for (int i = 0; i < trackPoints.getLength(); i++) {
      Element trkpt = (Element) trackPoints.item(i);
      String time = childText(trkpt, "time");
      if (time == null) {
        continue;
      }
      int number = i + 1;
      double latDeg = coordinate(trkpt, "lat", 90, number);
      double lonDeg = coordinate(trkpt, "lon", 180, number);
      if (latDeg == 0 && lonDeg == 0) {
        continue;
      }
      Instant takenAt;
      try {
        takenAt = OffsetDateTime.parse(time).toInstant();
      } catch (DateTimeParseException e) {
        throw invalid(number, "<time> '" + time + "' is not an ISO 8601 time with a zone");
      }
      Double eleM = null;
      String ele = childText(trkpt, "ele");
      if (ele != null) {
        try {
          eleM = Double.valueOf(ele);
        } catch (NumberFormatException e) {
          throw invalid(number, "<ele> '" + ele + "' is not a number");
        }
        if (!(Math.abs(eleM) <= 20000)) {
          throw invalid(number, "<ele> " + ele + " is out of range (|ele| <= 20000 m)");
        }
      }
      points.add(TrackPoint.position(takenAt.toEpochMilli(), takenAt, lonDeg, latDeg, eleM));
    }
    if (points.isEmpty()) {
      throw new CaptureException(Reason.MISSING_METADATA, DjiSrt.FIELD, "the GPX has "
          + trackPoints.getLength() + " track points (<trkpt>) but none with a <time> and a"
          + " position other than 0,0; a video can only be placed on a timed track");
    }
    return new FrameTrack(points, FrameTrack.Clock.EPOCH);
  }

  private static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
    }
  }

  private static double coordinate(Element trkpt, String attribute, double limitDeg, int number)
      throws CaptureException {
    String text = trkpt.getAttribute(attribute).trim();
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw invalid(number, attribute + " '" + text + "' is not a number");
    }
    if (!(Math.abs(value) <= limitDeg)) {
      throw invalid(number, String.format(Locale.ROOT, "%s %s is out of range (|%s| <= %.0f)",
          attribute, text, attribute, limitDeg));
    }
    return value;
  }

  private static String childText(Element parent, String localName) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && localName.equals(element.getLocalName())) {
        String text = element.getTextContent().trim();
        return text.isEmpty() ? null : text;
      }
    }
    return null;
  }

  private static CaptureException invalid(int number, String what) {
    return new CaptureException(Reason.INVALID_METADATA, DjiSrt.FIELD,
        "GPX track point " + number + ": " + what);
  }
}
