package org.roadscan.detector.metadata;

import com.adobe.internal.xmp.XMPMeta;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.imaging.jpeg.JpegSegmentData;
import com.drew.imaging.jpeg.JpegSegmentMetadataReader;
import com.drew.imaging.jpeg.JpegSegmentReader;
import com.drew.imaging.jpeg.JpegSegmentType;
import com.drew.lang.Rational;
import com.drew.lang.SequentialByteArrayReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.jpeg.JpegReader;
import com.drew.metadata.xmp.XmpDirectory;
import com.drew.metadata.xmp.XmpReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.FrameTelemetry;

/**
 * Reads {@link CaptureMetadata} from JPEG bytes: EXIF GPS, camera and time tags (via
 * metadata-extractor), the frame size from the JPEG SOF header, and DJI {@code drone-dji:} XMP pose
 * tags in either attribute or element form.
 *
 * <p>Only the metadata segments before the image data are parsed; pixels are not decoded, so a JPEG
 * with damaged image data still reads. Required: GPS latitude and longitude with their refs, and a
 * frame header. Optional tags that are absent, zero where zero means "unknown" (focal lengths), or
 * not finite are returned as null; DJI pose tags that are present but not numbers are refused,
 * because silently dropping them would change how the capture is projected.
 *
 * <p>Hostile files: at most {@value #MAX_APP1_PER_KIND} EXIF and {@value #MAX_APP1_PER_KIND}
 * standard XMP segments are parsed (a camera writes one of each; a file with thousands would
 * otherwise cost seconds of parsing), extended XMP (other tools' depth maps, megabytes) and other
 * APP1 payloads are not read at all. EXIF maker notes and the other blocks embedded in EXIF tags
 * are not parsed ({@link PlainExifReader}). The XMP parser refuses any DOCTYPE, so no entity is expanded
 * and nothing external is fetched; EXIF IFD loops end at the first offset seen twice
 * (metadata-extractor).
 *
 * <p>Stateless and thread-safe.
 */
public final class MetadataReader {

  /** EXIF and standard XMP APP1 segments read per file, each. */
  static final int MAX_APP1_PER_KIND = 2;
  private static final byte[] EXIF_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};
  private static final byte[] XMP_PREAMBLE =
      "http://ns.adobe.com/xap/1.0/\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Only the segments this class reads: the frame header (size), EXIF (position, camera, time)
   * and XMP (DJI pose). Skipping the others (ICC profiles, Huffman tables, Photoshop, IPTC...)
   * roughly halves the time spent here.
   */
  private static final List<JpegSegmentMetadataReader> READERS =
      List.of(new JpegReader(), new PlainExifReader(), new XmpReader());
  private static final Set<JpegSegmentType> SEGMENT_TYPES = segmentTypes();
  /** The frame header alone, for a video frame whose pose comes from its telemetry. */
  private static final JpegReader FRAME_HEADER_READER = new JpegReader();
  private static final DateTimeFormatter EXIF_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

  /**
   * Reads the metadata of a capture in its context: a photo's own tags ({@link #read(byte[])}), or,
   * for a frame sampled from a video ({@link CaptureContext#frame()} given), the frame's telemetry
   * with the size from the JPEG's frame header (SOF). A sampled frame's JPEG carries no EXIF or
   * XMP, and tags it might carry are ignored: the telemetry is the one source of its pose. A
   * photo stored anonymised ({@link CaptureContext#original()} given) has the metadata its
   * original had: those are returned, and the JPEG (which carries none) is only checked to be one.
   *
   * @param jpeg the file or the encoded frame
   * @param context the capture's context; {@link CaptureContext#NONE} for a photo without profile
   * @return the metadata; never null
   * @throws CaptureException as {@link #read(byte[])} for a photo; for a frame UNSUPPORTED_MEDIA_TYPE
   *     or CORRUPT_IMAGE ({@code image}) when the bytes are not a JPEG with a frame header
   */
  public CaptureMetadata read(byte[] jpeg, CaptureContext context) throws CaptureException {
    FrameTelemetry frame = context.frame();
    if (frame == null && context.original() != null) {
      requireJpegMarker(jpeg);
      return context.original();
    }
    if (frame == null) {
      return read(jpeg);
    }
    requireJpegMarker(jpeg);
    Metadata metadata = new Metadata();
    try {
      JpegSegmentData segments = JpegSegmentReader.readSegments(
          new SequentialByteArrayReader(jpeg), FRAME_HEADER_READER.getSegmentTypes());
      JpegMetadataReader.processJpegSegmentData(metadata, List.of(FRAME_HEADER_READER), segments);
    } catch (JpegProcessingException | IOException | RuntimeException e) {
      throw new CaptureException(Reason.CORRUPT_IMAGE, "image",
          "cannot read the JPEG's frame header: " + e.getMessage());
    }
    int[] sizePx = frameSizePx(metadata);
    return frame.toMetadata(sizePx[0], sizePx[1]);
  }

  /**
   * Reads the metadata of one JPEG.
   *
   * @param jpeg the file as uploaded
   * @return the metadata; never null
   * @throws CaptureException UNSUPPORTED_MEDIA_TYPE ({@code image}) when the bytes do not start
   *     with the JPEG SOI marker; CORRUPT_IMAGE ({@code image}) when the segments cannot be read or
   *     there is no frame header; MISSING_METADATA ({@code GPSLatitude}, {@code GPSLongitude} or
   *     their refs) when the position is absent; INVALID_METADATA naming the tag when the position
   *     is out of range, not finite (a denominator of 0) or exactly 0,0 (what receivers write
   *     without a fix), or a DJI
   *     pose tag is not a number
   */
  public CaptureMetadata read(byte[] jpeg) throws CaptureException {
    requireJpegMarker(jpeg);
    JpegSegmentData segments;
    Metadata metadata = new Metadata();
    try {
      segments = bounded(JpegSegmentReader.readSegments(new SequentialByteArrayReader(jpeg),
          SEGMENT_TYPES));
      JpegMetadataReader.processJpegSegmentData(metadata, READERS, segments);
    } catch (JpegProcessingException | IOException | RuntimeException e) {
      throw new CaptureException(Reason.CORRUPT_IMAGE, "image",
          "cannot read the JPEG's metadata segments: " + e.getMessage());
    }

    GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
    double latDeg = coordinate(gps, GpsDirectory.TAG_LATITUDE, GpsDirectory.TAG_LATITUDE_REF,
        "GPSLatitude", "N", "S", 90);
    double lonDeg = coordinate(gps, GpsDirectory.TAG_LONGITUDE, GpsDirectory.TAG_LONGITUDE_REF,
        "GPSLongitude", "E", "W", 180);
    if (latDeg == 0 && lonDeg == 0) {
      throw new CaptureException(Reason.INVALID_METADATA, "GPSLatitude",
          "GPS position is exactly 0,0, which receivers write when they have no fix");
    }

    int[] sizePx = frameSizePx(metadata);
    int widthPx = sizePx[0];
    int heightPx = sizePx[1];

    ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
    ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
    List<XMPMeta> xmpTrees = new ArrayList<>();
    for (XmpDirectory xmp : metadata.getDirectoriesOfType(XmpDirectory.class)) {
      if (xmp.getXMPMeta() != null) {
        xmpTrees.add(xmp.getXMPMeta());
      }
    }
    DjiXmp dji = DjiXmp.read(xmpTrees, segments.getSegments(JpegSegmentType.APP1));

    return new CaptureMetadata(
        lonDeg, latDeg,
        gpsAltitudeM(gps),
        dji.relativeAltitudeM(),
        dji.gimbalPitchDeg(), dji.gimbalYawDeg(), dji.flightYawDeg(),
        positive(exif, ExifSubIFDDirectory.TAG_FOCAL_LENGTH),
        positive(exif, ExifSubIFDDirectory.TAG_35MM_FILM_EQUIV_FOCAL_LENGTH),
        widthPx, heightPx,
        text(ifd0, ExifIFD0Directory.TAG_MAKE),
        text(ifd0, ExifIFD0Directory.TAG_MODEL),
        takenAt(exif, gps),
        nonNegative(gps, GpsDirectory.TAG_H_POSITIONING_ERROR),
        dji.absoluteAltitudeM(),
        dji.gimbalRollDeg(),
        nonNegative(gps, GpsDirectory.TAG_IMG_DIRECTION),
        ifd0 == null ? null : ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION),
        focalPlanePxPerMm(exif),
        positiveInteger(exif, ExifSubIFDDirectory.TAG_EXIF_IMAGE_WIDTH),
        dji.calibratedFocalLengthPx(), dji.calibratedOpticalCenterXPx(),
        dji.calibratedOpticalCenterYPx(), dji.rtkStdLonM(), dji.rtkStdLatM(), dji.rtkStdHgtM());
  }

  /**
   * The segments to parse: every non-APP1 segment read, and of the APP1 segments the first {@link
   * #MAX_APP1_PER_KIND} EXIF and standard XMP ones.
   */
  private static JpegSegmentData bounded(JpegSegmentData all) {
    JpegSegmentData kept = new JpegSegmentData();
    for (JpegSegmentType type : all.getSegmentTypes()) {
      int exif = 0;
      int xmp = 0;
      for (byte[] segment : all.getSegments(type)) {
        if (type != JpegSegmentType.APP1) {
          kept.addSegment(type.byteValue, segment);
        } else if (startsWith(segment, EXIF_PREAMBLE) && ++exif <= MAX_APP1_PER_KIND
            || startsWith(segment, XMP_PREAMBLE) && ++xmp <= MAX_APP1_PER_KIND) {
          kept.addSegment(type.byteValue, segment);
        }
      }
    }
    return kept;
  }

  /** Whether {@code bytes} begin with {@code prefix} (a segment's preamble). */
  static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static void requireJpegMarker(byte[] jpeg) throws CaptureException {
    if (jpeg == null || jpeg.length < 3 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8
        || (jpeg[2] & 0xFF) != 0xFF) {
      throw new CaptureException(Reason.UNSUPPORTED_MEDIA_TYPE, "image",
          "not a JPEG: the file does not start with the JPEG marker FF D8 FF");
    }
  }

  /** Width and height from the frame header (SOF), pixels. */
  private static int[] frameSizePx(Metadata metadata) throws CaptureException {
    JpegDirectory frame = metadata.getFirstDirectoryOfType(JpegDirectory.class);
    Integer widthPx = frame == null ? null : frame.getInteger(JpegDirectory.TAG_IMAGE_WIDTH);
    Integer heightPx = frame == null ? null : frame.getInteger(JpegDirectory.TAG_IMAGE_HEIGHT);
    if (widthPx == null || heightPx == null || widthPx <= 0 || heightPx <= 0) {
      throw new CaptureException(Reason.CORRUPT_IMAGE, "image",
          "the JPEG has no usable frame header (SOF) giving its size");
    }
    return new int[] {widthPx, heightPx};
  }

  private static double coordinate(GpsDirectory gps, int valueTag, int refTag, String tagName,
      String positiveRef, String negativeRef, double limitDeg) throws CaptureException {
    Rational[] dms = gps == null ? null : gps.getRationalArray(valueTag);
    if (dms == null) {
      throw new CaptureException(Reason.MISSING_METADATA, tagName,
          "the image has no EXIF " + tagName + "; a GPS position is required to place damage");
    }
    if (dms.length != 3) {
      throw new CaptureException(Reason.INVALID_METADATA, tagName,
          "EXIF " + tagName + " must be degrees, minutes, seconds; found " + dms.length + " values");
    }
    for (Rational part : dms) {
      // metadata-extractor reads n/0 as 0: a position on the equator or the prime meridian
      if (part.getDenominator() == 0) {
        throw new CaptureException(Reason.INVALID_METADATA, tagName, "EXIF " + tagName
            + " is not a number: a value has the denominator 0 (" + part.getNumerator() + "/0)");
      }
    }
    String ref = text(gps, refTag);
    if (ref == null) {
      throw new CaptureException(Reason.MISSING_METADATA, tagName + "Ref",
          "EXIF " + tagName + "Ref is absent, so the hemisphere is unknown");
    }
    double sign;
    if (ref.equalsIgnoreCase(positiveRef)) {
      sign = 1;
    } else if (ref.equalsIgnoreCase(negativeRef)) {
      sign = -1;
    } else {
      throw new CaptureException(Reason.INVALID_METADATA, tagName + "Ref",
          "EXIF " + tagName + "Ref must be " + positiveRef + " or " + negativeRef + ": '" + ref + "'");
    }
    double deg = sign * (dms[0].doubleValue() + dms[1].doubleValue() / 60
        + dms[2].doubleValue() / 3600);
    if (!(Math.abs(deg) <= limitDeg)) {
      throw new CaptureException(Reason.INVALID_METADATA, tagName,
          "EXIF " + tagName + " is out of range (|value| <= " + limitDeg + "): " + deg);
    }
    return deg;
  }

  /**
   * EXIF FocalPlaneXResolution in pixels per millimetre. The unit tag defaults to inches, as the
   * EXIF standard says; units other than inch, centimetre, millimetre and micrometre are ignored.
   */
  private static Double focalPlanePxPerMm(ExifSubIFDDirectory exif) {
    Double resolution = positive(exif, ExifSubIFDDirectory.TAG_FOCAL_PLANE_X_RESOLUTION);
    if (resolution == null) {
      return null;
    }
    Integer unit = exif.getInteger(ExifSubIFDDirectory.TAG_FOCAL_PLANE_RESOLUTION_UNIT);
    double mmPerUnit = switch (unit == null ? 2 : unit) {
      case 2 -> 25.4;
      case 3 -> 10;
      case 4 -> 1;
      case 5 -> 0.001;
      default -> Double.NaN;
    };
    return Double.isNaN(mmPerUnit) ? null : resolution / mmPerUnit;
  }

  private static Integer positiveInteger(Directory directory, int tag) {
    Integer value = directory == null ? null : directory.getInteger(tag);
    return value != null && value > 0 ? value : null;
  }

  private static Double gpsAltitudeM(GpsDirectory gps) {
    Double altitudeM = finite(gps, GpsDirectory.TAG_ALTITUDE);
    if (altitudeM == null) {
      return null;
    }
    Integer ref = gps.getInteger(GpsDirectory.TAG_ALTITUDE_REF);
    return ref != null && ref == 1 ? -altitudeM : altitudeM;
  }

  /**
   * DateTimeOriginal with OffsetTimeOriginal when both exist; else the GPS stamp (UTC); else
   * DateTimeOriginal read as UTC. A camera clock without offset is usually local time, while the
   * GPS stamp is UTC by definition, hence the order.
   */
  private static Instant takenAt(ExifSubIFDDirectory exif, GpsDirectory gps) {
    LocalDateTime local = null;
    String original = text(exif, ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL);
    if (original != null) {
      try {
        local = LocalDateTime.parse(original, EXIF_DATE_TIME);
      } catch (DateTimeParseException e) {
        local = null;
      }
    }
    String offset = text(exif, ExifSubIFDDirectory.TAG_TIME_ZONE_ORIGINAL);
    if (local != null && offset != null) {
      try {
        return local.toInstant(ZoneOffset.of(offset));
      } catch (java.time.DateTimeException e) {
        // An unreadable offset is treated as absent.
      }
    }
    Date gpsDate = gps == null ? null : gps.getGpsDate();
    if (gpsDate != null) {
      return gpsDate.toInstant();
    }
    return local == null ? null : local.toInstant(ZoneOffset.UTC);
  }

  private static Double finite(Directory directory, int tag) {
    if (directory == null) {
      return null;
    }
    Rational rational = directory.getRational(tag);
    double value;
    if (rational != null) {
      if (rational.getDenominator() == 0) {
        return null;
      }
      value = rational.doubleValue();
    } else {
      Double plain = directory.getDoubleObject(tag);
      if (plain == null) {
        return null;
      }
      value = plain;
    }
    return Double.isFinite(value) ? value : null;
  }

  private static Double positive(Directory directory, int tag) {
    Double value = finite(directory, tag);
    return value != null && value > 0 ? value : null;
  }

  private static Double nonNegative(Directory directory, int tag) {
    Double value = finite(directory, tag);
    return value != null && value >= 0 ? value : null;
  }

  private static String text(Directory directory, int tag) {
    if (directory == null) {
      return null;
    }
    String value = directory.getString(tag);
    if (value == null) {
      return null;
    }
    value = value.replace("\0", "").trim();
    return value.isEmpty() ? null : value;
  }

  private static Set<JpegSegmentType> segmentTypes() {
    Set<JpegSegmentType> types = new LinkedHashSet<>();
    for (JpegSegmentMetadataReader reader : READERS) {
      for (JpegSegmentType type : reader.getSegmentTypes()) {
        types.add(type);
      }
    }
    types.add(JpegSegmentType.APP1);
    return Set.copyOf(types);
  }
}
