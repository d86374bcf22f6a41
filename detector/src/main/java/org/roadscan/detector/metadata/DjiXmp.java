package org.roadscan.detector.metadata;

import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roadscan.detector.CaptureException;

/**
 * The DJI {@code drone-dji:} XMP pose tags of one capture. Each value is null when absent.
 *
 * <p>DJI firmware writes the tags as shorthand attributes of {@code rdf:Description}; other tools
 * rewrite them as child elements. Both parse to the same property in the XMP data model, which is
 * read first; the raw packet text is searched as well (both forms) because DJI packets are not
 * always well-formed enough for the XMP parser.
 */
record DjiXmp(Double relativeAltitudeM, Double absoluteAltitudeM, Double gimbalPitchDeg,
    Double gimbalYawDeg, Double gimbalRollDeg, Double flightYawDeg,
    Double calibratedFocalLengthPx, Double calibratedOpticalCenterXPx,
    Double calibratedOpticalCenterYPx, Double rtkStdLonM, Double rtkStdLatM, Double rtkStdHgtM) {

  static final String NAMESPACE = "http://www.dji.com/drone-dji/1.0/";
  private static final byte[] XMP_SEGMENT_PREAMBLE =
      "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);

  static final DjiXmp NONE = new DjiXmp(null, null, null, null, null, null, null, null, null,
      null, null, null);

  /**
   * Per tag, the attribute form ({@code drone-dji:Tag="v"}) and the element form
   * ({@code <drone-dji:Tag>v</drone-dji:Tag>}) for the raw packet search, compiled once per tag:
   * compiling them for every photo was most of the metadata time (JFR: 24 patterns per photo).
   */
  private static final Map<String, Pattern[]> RAW_FORMS = new ConcurrentHashMap<>();

  /**
   * Reads the pose tags.
   *
   * @param parsed XMP trees the metadata library parsed (may be empty)
   * @param app1Segments raw APP1 segment payloads of the JPEG (EXIF and XMP)
   * @throws CaptureException INVALID_METADATA naming the tag when a value is not a finite number
   */
  static DjiXmp read(List<XMPMeta> parsed, Iterable<byte[]> app1Segments)
      throws CaptureException {
    StringBuilder packets = new StringBuilder();
    for (byte[] segment : app1Segments) {
      if (MetadataReader.startsWith(segment, XMP_SEGMENT_PREAMBLE)) {
        packets.append(new String(segment, XMP_SEGMENT_PREAMBLE.length,
            segment.length - XMP_SEGMENT_PREAMBLE.length, StandardCharsets.UTF_8));
      }
    }
    String raw = packets.toString();
    return new DjiXmp(
        number(parsed, raw, "RelativeAltitude"),
        number(parsed, raw, "AbsoluteAltitude"),
        number(parsed, raw, "GimbalPitchDegree"),
        number(parsed, raw, "GimbalYawDegree"),
        number(parsed, raw, "GimbalRollDegree"),
        number(parsed, raw, "FlightYawDegree"),
        number(parsed, raw, "CalibratedFocalLength"),
        number(parsed, raw, "CalibratedOpticalCenterX"),
        number(parsed, raw, "CalibratedOpticalCenterY"),
        number(parsed, raw, "RtkStdLon"),
        number(parsed, raw, "RtkStdLat"),
        number(parsed, raw, "RtkStdHgt"));
  }

  private static Double number(List<XMPMeta> parsed, String raw, String tag)
      throws CaptureException {
    String text = text(parsed, raw, tag);
    if (text == null) {
      return null;
    }
    double value;
    try {
      // Double.parseDouble accepts DJI's explicit sign ("+12.30").
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new CaptureException(CaptureException.Reason.INVALID_METADATA, tag,
          "XMP drone-dji:" + tag + " is not a number: '" + text + "'");
    }
    if (!Double.isFinite(value)) {
      throw new CaptureException(CaptureException.Reason.INVALID_METADATA, tag,
          "XMP drone-dji:" + tag + " is not a finite number: '" + text + "'");
    }
    return value;
  }

  private static String text(List<XMPMeta> parsed, String raw, String tag) {
    for (XMPMeta meta : parsed) {
      try {
        String value = meta.getPropertyString(NAMESPACE, tag);
        if (value != null && !value.isBlank()) {
          return value;
        }
      } catch (XMPException e) {
        // Not a simple property in this tree; the raw packet search below decides.
      }
    }
    if (raw.isEmpty()) {
      return null;
    }
    Pattern[] forms = RAW_FORMS.computeIfAbsent(tag, DjiXmp::rawForms);
    Matcher attribute = forms[0].matcher(raw);
    if (attribute.find()) {
      return attribute.group(2);
    }
    Matcher element = forms[1].matcher(raw);
    if (element.find()) {
      return element.group(1);
    }
    return null;
  }

  private static Pattern[] rawForms(String tag) {
    return new Pattern[] {
        Pattern.compile("drone-dji:" + tag + "\\s*=\\s*([\"'])([^\"']*)\\1"),
        Pattern.compile("<drone-dji:" + tag + "\\s*>([^<]*)</drone-dji:" + tag + "\\s*>")};
  }
}
