package org.roadscan.detector.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes real JPEG files with EXIF and DJI XMP metadata produced by this class alone (no exiftool,
 * no metadata library), so tests can make captures with exactly the tags they need. For tests only.
 *
 * <p>The pixels are a mid-grey image with a faint grid every {@value #GRID_PX} px and a red dot with
 * a white cross at each {@link Builder#marker marker}, encoded as a baseline JPEG by the ImageIO JPEG
 * writer (quality {@value #QUALITY}). Two APP1 segments are spliced in directly after the SOI marker,
 * before whatever ImageIO wrote (its APP0 JFIF):
 *
 * <ol>
 *   <li>EXIF: {@code "Exif\0\0"} and a <b>big-endian ({@code "MM"})</b> TIFF structure: IFD0 (Make,
 *       Model, Orientation, the Exif sub-IFD pointer when that IFD has entries, the GPS IFD
 *       pointer), then the Exif sub-IFD, then the GPS IFD (always GPSVersionID 2.3.0.0 and the
 *       position). Entries are sorted by tag; values longer than four bytes follow each IFD, at even
 *       offsets relative to the TIFF header. There is no IFD1 (no thumbnail).
 *   <li>XMP, only when a {@link Builder#djiXmp DJI tag} was set: {@code
 *       "http://ns.adobe.com/xap/1.0/\0"} and an XMP packet with one {@code rdf:Description}
 *       carrying the {@code drone-dji:} tags as attributes or, optionally, as child elements.
 * </ol>
 *
 * <p>Only the tags that were set are written. Unsigned RATIONALs have a power-of-ten denominator of
 * at most 1,000,000, as large as the 32-bit numerator allows (relative error below 1e-6); GPS
 * coordinates are whole degrees, whole minutes and seconds over 1,000,000 (about 3e-10 degrees).
 * ASCII values are written as UTF-8 with a terminating NUL.
 */
public final class SyntheticJpeg {

  /** Spacing of the faint grid, pixels. */
  public static final int GRID_PX = 100;
  /** ImageIO JPEG quality. */
  public static final float QUALITY = 0.8f;

  /** Largest APP1 payload: the 16-bit segment length counts itself (2 bytes) as well. */
  public static final int MAX_SEGMENT_PAYLOAD = 65533;

  private static final byte[] EXIF_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};
  private static final byte[] XMP_PREAMBLE =
      "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
  private static final String DJI_NAMESPACE = "http://www.dji.com/drone-dji/1.0/";
  private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private static final int TYPE_BYTE = 1;
  private static final int TYPE_ASCII = 2;
  private static final int TYPE_SHORT = 3;
  private static final int TYPE_LONG = 4;
  private static final int TYPE_RATIONAL = 5;

  private static final int TAG_MAKE = 0x010F;
  private static final int TAG_MODEL = 0x0110;
  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TAG_EXIF_IFD = 0x8769;
  private static final int TAG_GPS_IFD = 0x8825;
  private static final int TAG_DATE_TIME_ORIGINAL = 0x9003;
  private static final int TAG_FOCAL_LENGTH = 0x920A;
  private static final int TAG_EXIF_IMAGE_WIDTH = 0xA002;
  private static final int TAG_EXIF_IMAGE_HEIGHT = 0xA003;
  private static final int TAG_FOCAL_PLANE_X_RESOLUTION = 0xA20E;
  private static final int TAG_FOCAL_PLANE_Y_RESOLUTION = 0xA20F;
  private static final int TAG_FOCAL_PLANE_RESOLUTION_UNIT = 0xA210;
  private static final int TAG_FOCAL_LENGTH_35MM = 0xA405;
  private static final int TAG_GPS_VERSION_ID = 0x0000;
  private static final int TAG_GPS_LATITUDE_REF = 0x0001;
  private static final int TAG_GPS_LATITUDE = 0x0002;
  private static final int TAG_GPS_LONGITUDE_REF = 0x0003;
  private static final int TAG_GPS_LONGITUDE = 0x0004;
  private static final int TAG_GPS_ALTITUDE_REF = 0x0005;
  private static final int TAG_GPS_ALTITUDE = 0x0006;
  private static final int TAG_GPS_TIME_STAMP = 0x0007;
  private static final int TAG_GPS_IMG_DIRECTION_REF = 0x0010;
  private static final int TAG_GPS_IMG_DIRECTION = 0x0011;
  private static final int TAG_GPS_DATE_STAMP = 0x001D;
  private static final int TAG_GPS_H_POSITIONING_ERROR = 0x001F;

  private static final long MAX_UINT32 = 0xFFFF_FFFFL;
  private static final long MICRO = 1_000_000L;
  private static final int MAX_JPEG_SIDE = 65500;

  private SyntheticJpeg() {
  }

  /**
   * Starts a JPEG of the given size; {@link Builder#gps} must be called before {@link
   * Builder#build}.
   */
  public static Builder builder(int widthPx, int heightPx) {
    return new Builder(widthPx, heightPx);
  }

  /** Writes the bytes to a file, e.g. to look at a generated image. */
  public static void write(Path file, byte[] jpeg) {
    try {
      Files.write(file, jpeg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Collects what to write; every setter returns this builder. Not thread-safe. */
  public static final class Builder {

    private final int widthPx;
    private final int heightPx;
    private Double lonDeg;
    private Double latDeg;
    private Double gpsAltitudeM;
    private Double gpsImgDirectionDeg;
    private Double gpsHPositioningErrorM;
    private Instant gpsDateTimeUtc;
    private String make;
    private String model;
    private Integer orientation;
    private Double focalLengthMm;
    private Integer focalLength35mm;
    private Double focalPlaneXResolution;
    private Integer focalPlaneResolutionUnit;
    private Double focalPlaneYResolution;
    private Integer exifImageWidthPx;
    private Integer exifImageHeightPx;
    private String dateTimeOriginal;
    private final Map<String, String> djiXmp = new LinkedHashMap<>();
    private boolean djiXmpElements;
    private final List<double[]> markers = new ArrayList<>();

    private Builder(int widthPx, int heightPx) {
      if (widthPx <= 0 || heightPx <= 0 || widthPx > MAX_JPEG_SIDE || heightPx > MAX_JPEG_SIDE) {
        throw new IllegalArgumentException("image size must be 1.." + MAX_JPEG_SIDE + " per side: "
            + widthPx + "x" + heightPx);
      }
      this.widthPx = widthPx;
      this.heightPx = heightPx;
    }

    /**
     * GPS position: GPSLatitudeRef N/S, GPSLatitude, GPSLongitudeRef E/W, GPSLongitude. Values
     * outside the valid range are written as given, so tests can make invalid files.
     */
    public Builder gps(double lonDeg, double latDeg) {
      this.lonDeg = finite(lonDeg, "lonDeg");
      this.latDeg = finite(latDeg, "latDeg");
      return this;
    }

    /** GPSAltitudeRef (0 above, 1 below sea level) and GPSAltitude, the absolute value. */
    public Builder gpsAltitudeM(double altitudeM) {
      this.gpsAltitudeM = finite(altitudeM, "gpsAltitudeM");
      return this;
    }

    /** GPSImgDirectionRef "T" and GPSImgDirection; must not be negative. */
    public Builder gpsImgDirectionDeg(double directionDeg) {
      this.gpsImgDirectionDeg = unsigned(directionDeg, "gpsImgDirectionDeg");
      return this;
    }

    /** GPSHPositioningError (0x001F); must not be negative. */
    public Builder gpsHPositioningErrorM(double errorM) {
      this.gpsHPositioningErrorM = unsigned(errorM, "gpsHPositioningErrorM");
      return this;
    }

    /** GPSDateStamp and GPSTimeStamp (UTC); fractions below a millisecond are dropped. */
    public Builder gpsDateTimeUtc(Instant time) {
      this.gpsDateTimeUtc = Objects.requireNonNull(time, "time");
      return this;
    }

    /** IFD0 Make. */
    public Builder make(String make) {
      this.make = Objects.requireNonNull(make, "make");
      return this;
    }

    /** IFD0 Model. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** IFD0 Orientation (SHORT, 1..8 when valid). */
    public Builder orientation(int orientation) {
      this.orientation = unsignedShort(orientation, "orientation");
      return this;
    }

    /** Exif FocalLength; must not be negative. */
    public Builder focalLengthMm(double focalLengthMm) {
      this.focalLengthMm = unsigned(focalLengthMm, "focalLengthMm");
      return this;
    }

    /** Exif FocalLengthIn35mmFilm (SHORT). */
    public Builder focalLength35mm(int focalLength35mm) {
      this.focalLength35mm = unsignedShort(focalLength35mm, "focalLength35mm");
      return this;
    }

    /**
     * Exif FocalPlaneXResolution and FocalPlaneResolutionUnit (2 inch, 3 cm, 4 mm, 5 µm; any
     * SHORT is written as given).
     */
    public Builder focalPlaneXResolution(double value, int unit) {
      this.focalPlaneXResolution = unsigned(value, "focalPlaneXResolution");
      this.focalPlaneResolutionUnit = unsignedShort(unit, "unit");
      return this;
    }

    /** Exif FocalPlaneYResolution, in the unit of {@link #focalPlaneXResolution}. */
    public Builder focalPlaneYResolution(double value) {
      this.focalPlaneYResolution = unsigned(value, "focalPlaneYResolution");
      return this;
    }

    /** Exif ExifImageWidth and ExifImageHeight (LONG); independent of the real size. */
    public Builder exifImageSize(int widthPx, int heightPx) {
      if (widthPx < 0 || heightPx < 0) {
        throw new IllegalArgumentException("negative EXIF image size " + widthPx + "x" + heightPx);
      }
      this.exifImageWidthPx = widthPx;
      this.exifImageHeightPx = heightPx;
      return this;
    }

    /** Exif DateTimeOriginal, written as given (normally "yyyy:MM:dd HH:mm:ss"). */
    public Builder dateTimeOriginal(String exifText) {
      this.dateTimeOriginal = Objects.requireNonNull(exifText, "exifText");
      return this;
    }

    /**
     * A {@code drone-dji:} XMP tag, e.g. ("GimbalPitchDegree", "-45.00"). The value is any text
     * (XML-escaped); setting a tag again replaces its value.
     */
    public Builder djiXmp(String tag, String value) {
      if (tag == null || !XML_NAME.matcher(tag).matches()) {
        throw new IllegalArgumentException("not an XML name: " + tag);
      }
      djiXmp.put(tag, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Writes the DJI tags as child elements instead of attributes of rdf:Description. */
    public Builder djiXmpElements(boolean elements) {
      this.djiXmpElements = elements;
      return this;
    }

    /** Draws a ground point marker centred on the pixel nearest to (xPx, yPx). */
    public Builder marker(double xPx, double yPx) {
      markers.add(new double[] {finite(xPx, "xPx"), finite(yPx, "yPx")});
      return this;
    }

    /**
     * Encodes the image and splices in the metadata.
     *
     * @return the JPEG file's bytes
     * @throws IllegalStateException when {@link #gps} was not called or a metadata segment would
     *     exceed {@value SyntheticJpeg#MAX_SEGMENT_PAYLOAD} payload bytes
     */
    public byte[] build() {
      if (lonDeg == null) {
        throw new IllegalStateException("gps(lonDeg, latDeg) is required");
      }
      byte[] exifSegment = app1(EXIF_PREAMBLE, tiff());
      byte[] xmpSegment = djiXmp.isEmpty() ? new byte[0] : app1(XMP_PREAMBLE, xmpPacket());
      byte[] encoded = encode(pixels());
      ByteArrayOutputStream out = new ByteArrayOutputStream(
          encoded.length + exifSegment.length + xmpSegment.length);
      out.write(encoded, 0, 2);
      out.writeBytes(exifSegment);
      out.writeBytes(xmpSegment);
      out.write(encoded, 2, encoded.length - 2);
      return out.toByteArray();
    }

    // ---- pixels ----

    private BufferedImage pixels() {
      BufferedImage image = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = image.createGraphics();
      try {
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, widthPx, heightPx);
        g.setColor(new Color(146, 146, 146));
        for (int x = GRID_PX; x < widthPx; x += GRID_PX) {
          g.drawLine(x, 0, x, heightPx - 1);
        }
        for (int y = GRID_PX; y < heightPx; y += GRID_PX) {
          g.drawLine(0, y, widthPx - 1, y);
        }
        for (double[] marker : markers) {
          drawMarker(g, (int) Math.round(marker[0]), (int) Math.round(marker[1]));
        }
      } finally {
        g.dispose();
      }
      return image;
    }

    private static void drawMarker(Graphics2D g, int x, int y) {
      int radius = 5;
      int arm = 12;
      g.setColor(Color.RED);
      g.fillOval(x - radius, y - radius, 2 * radius + 1, 2 * radius + 1);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(1));
      g.drawLine(x - arm, y, x + arm, y);
      g.drawLine(x, y - arm, x, y + arm);
    }

    private static byte[] encode(BufferedImage image) {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream stream = ImageIO.createImageOutputStream(bytes)) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(QUALITY);
        writer.setOutput(stream);
        writer.write(null, new IIOImage(image, null, null), param);
      } catch (IOException e) {
        throw new UncheckedIOException("ImageIO cannot encode the JPEG", e);
      } finally {
        writer.dispose();
      }
      return bytes.toByteArray();
    }

    // ---- EXIF ----

    private byte[] tiff() {
      Ifd ifd0 = ifd0();
      Ifd exif = exifIfd();
      Ifd gps = gpsIfd();
      // Pointers are inline LONGs, so placeholders give IFD0 its final size.
      if (!exif.isEmpty()) {
        ifd0.putLong(TAG_EXIF_IFD, 0);
      }
      ifd0.putLong(TAG_GPS_IFD, 0);
      int ifd0Offset = 8;
      int exifOffset = ifd0Offset + ifd0.size();
      int gpsOffset = exifOffset + (exif.isEmpty() ? 0 : exif.size());
      if (!exif.isEmpty()) {
        ifd0.putLong(TAG_EXIF_IFD, exifOffset);
      }
      ifd0.putLong(TAG_GPS_IFD, gpsOffset);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      try {
        out.writeBytes("MM");
        out.writeShort(42);
        out.writeInt(ifd0Offset);
        ifd0.writeTo(out, ifd0Offset);
        if (!exif.isEmpty()) {
          exif.writeTo(out, exifOffset);
        }
        gps.writeTo(out, gpsOffset);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    private Ifd ifd0() {
      Ifd ifd = new Ifd();
      if (make != null) {
        ifd.putAscii(TAG_MAKE, make);
      }
      if (model != null) {
        ifd.putAscii(TAG_MODEL, model);
      }
      if (orientation != null) {
        ifd.putShort(TAG_ORIENTATION, orientation);
      }
      return ifd;
    }

    private Ifd exifIfd() {
      Ifd ifd = new Ifd();
      if (dateTimeOriginal != null) {
        ifd.putAscii(TAG_DATE_TIME_ORIGINAL, dateTimeOriginal);
      }
      if (focalLengthMm != null) {
        ifd.putRationals(TAG_FOCAL_LENGTH, rational(focalLengthMm));
      }
      if (exifImageWidthPx != null) {
        ifd.putLong(TAG_EXIF_IMAGE_WIDTH, exifImageWidthPx);
        ifd.putLong(TAG_EXIF_IMAGE_HEIGHT, exifImageHeightPx);
      }
      if (focalPlaneXResolution != null) {
        ifd.putRationals(TAG_FOCAL_PLANE_X_RESOLUTION, rational(focalPlaneXResolution));
        ifd.putShort(TAG_FOCAL_PLANE_RESOLUTION_UNIT, focalPlaneResolutionUnit);
      }
      if (focalPlaneYResolution != null) {
        ifd.putRationals(TAG_FOCAL_PLANE_Y_RESOLUTION, rational(focalPlaneYResolution));
      }
      if (focalLength35mm != null) {
        ifd.putShort(TAG_FOCAL_LENGTH_35MM, focalLength35mm);
      }
      return ifd;
    }

    private Ifd gpsIfd() {
      Ifd ifd = new Ifd();
      ifd.putBytes(TAG_GPS_VERSION_ID, 2, 3, 0, 0);
      ifd.putAscii(TAG_GPS_LATITUDE_REF, latDeg < 0 ? "S" : "N");
      ifd.putRationals(TAG_GPS_LATITUDE, degreesMinutesSeconds(latDeg));
      ifd.putAscii(TAG_GPS_LONGITUDE_REF, lonDeg < 0 ? "W" : "E");
      ifd.putRationals(TAG_GPS_LONGITUDE, degreesMinutesSeconds(lonDeg));
      if (gpsAltitudeM != null) {
        ifd.putBytes(TAG_GPS_ALTITUDE_REF, gpsAltitudeM < 0 ? 1 : 0);
        ifd.putRationals(TAG_GPS_ALTITUDE, rational(Math.abs(gpsAltitudeM)));
      }
      if (gpsDateTimeUtc != null) {
        putGpsDateTime(ifd, gpsDateTimeUtc);
      }
      if (gpsImgDirectionDeg != null) {
        ifd.putAscii(TAG_GPS_IMG_DIRECTION_REF, "T");
        ifd.putRationals(TAG_GPS_IMG_DIRECTION, rational(gpsImgDirectionDeg));
      }
      if (gpsHPositioningErrorM != null) {
        ifd.putRationals(TAG_GPS_H_POSITIONING_ERROR, rational(gpsHPositioningErrorM));
      }
      return ifd;
    }

    private static void putGpsDateTime(Ifd ifd, Instant time) {
      LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
      long millis = utc.getSecond() * 1000L + utc.getNano() / 1_000_000;
      ifd.putRationals(TAG_GPS_TIME_STAMP,
          new long[] {utc.getHour(), 1}, new long[] {utc.getMinute(), 1}, new long[] {millis, 1000});
      ifd.putAscii(TAG_GPS_DATE_STAMP, String.format("%04d:%02d:%02d",
          utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth()));
    }

    // ---- XMP ----

    private byte[] xmpPacket() {
      StringBuilder xml = new StringBuilder();
      xml.append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
          .append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
          .append(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
          .append("  <rdf:Description rdf:about=\"\"\n")
          .append("    xmlns:drone-dji=\"").append(DJI_NAMESPACE).append('"');
      if (djiXmpElements) {
        xml.append(">\n");
        djiXmp.forEach((tag, value) -> xml.append("   <drone-dji:").append(tag).append('>')
            .append(escape(value)).append("</drone-dji:").append(tag).append(">\n"));
        xml.append("  </rdf:Description>\n");
      } else {
        djiXmp.forEach((tag, value) -> xml.append("\n    drone-dji:").append(tag).append("=\"")
            .append(escape(value)).append('"'));
        xml.append("/>\n");
      }
      xml.append(" </rdf:RDF>\n")
          .append("</x:xmpmeta>\n")
          .append("<?xpacket end=\"w\"?>");
      return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
          .replace("\"", "&quot;").replace("'", "&apos;");
    }
  }

  // ---- encoding helpers ----

  /** An APP1 segment: marker, length, preamble, body. */
  private static byte[] app1(byte[] preamble, byte[] body) {
    int payload = preamble.length + body.length;
    if (payload > MAX_SEGMENT_PAYLOAD) {
      throw new IllegalStateException("APP1 segment payload of " + payload
          + " bytes exceeds the JPEG limit of " + MAX_SEGMENT_PAYLOAD);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload + 4);
    out.write(0xFF);
    out.write(0xE1);
    out.write((payload + 2) >> 8);
    out.write((payload + 2) & 0xFF);
    out.writeBytes(preamble);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Whole degrees, whole minutes, seconds over 1,000,000 of |deg|. */
  private static long[][] degreesMinutesSeconds(double deg) {
    long microArcSec = Math.round(Math.abs(deg) * 3600 * MICRO);
    long degrees = microArcSec / (3600 * MICRO);
    long rest = microArcSec % (3600 * MICRO);
    long minutes = rest / (60 * MICRO);
    long secondsMicro = rest % (60 * MICRO);
    return new long[][] {{degrees, 1}, {minutes, 1}, {secondsMicro, MICRO}};
  }

  /** A non-negative value as numerator and the largest power-of-ten denominator up to 1e6. */
  private static long[] rational(double value) {
    long denominator = MICRO;
    while (denominator > 1 && Math.round(value * denominator) > MAX_UINT32) {
      denominator /= 10;
    }
    long numerator = Math.round(value * denominator);
    if (numerator > MAX_UINT32) {
      throw new IllegalArgumentException("too large for an unsigned RATIONAL: " + value);
    }
    return new long[] {numerator, denominator};
  }

  private static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite: " + value);
    }
    return value;
  }

  private static double unsigned(double value, String name) {
    if (!(finite(value, name) >= 0)) {
      throw new IllegalArgumentException(
          name + " must not be negative (EXIF RATIONAL is unsigned): " + value);
    }
    return value;
  }

  private static int unsignedShort(int value, String name) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(name + " must fit an unsigned SHORT: " + value);
    }
    return value;
  }

  /** One TIFF image file directory: entries sorted by tag, big-endian values. */
  private static final class Ifd {

    private record Entry(int type, int count, byte[] value) {
    }

    private final TreeMap<Integer, Entry> entries = new TreeMap<>();

    boolean isEmpty() {
      return entries.isEmpty();
    }

    void putAscii(int tag, String text) {
      byte[] chars = text.getBytes(StandardCharsets.UTF_8);
      byte[] value = new byte[chars.length + 1];
      System.arraycopy(chars, 0, value, 0, chars.length);
      entries.put(tag, new Entry(TYPE_ASCII, value.length, value));
    }

    void putBytes(int tag, int... values) {
      byte[] value = new byte[values.length];
      for (int i = 0; i < values.length; i++) {
        value[i] = (byte) values[i];
      }
      entries.put(tag, new Entry(TYPE_BYTE, value.length, value));
    }

    void putShort(int tag, int value) {
      entries.put(tag, new Entry(TYPE_SHORT, 1, new byte[] {(byte) (value >> 8), (byte) value}));
    }

    void putLong(int tag, long value) {
      entries.put(tag, new Entry(TYPE_LONG, 1, uint32(value)));
    }

    void putRationals(int tag, long[]... rationals) {
      byte[] value = new byte[8 * rationals.length];
      for (int i = 0; i < rationals.length; i++) {
        System.arraycopy(uint32(rationals[i][0]), 0, value, 8 * i, 4);
        System.arraycopy(uint32(rationals[i][1]), 0, value, 8 * i + 4, 4);
      }
      entries.put(tag, new Entry(TYPE_RATIONAL, rationals.length, value));
    }

    /** Bytes of the directory, its next-IFD link and its data area. */
    int size() {
      int size = 2 + 12 * entries.size() + 4;
      for (Entry entry : entries.values()) {
        size += dataLength(entry);
      }
      return size;
    }

    /** Writes at {@code offset} from the TIFF header, which must be where {@code out} stands. */
    void writeTo(DataOutputStream out, int offset) throws IOException {
      if (out.size() != offset) {
        throw new IllegalStateException("IFD offset " + offset + " but writing at " + out.size());
      }
      int dataOffset = offset + 2 + 12 * entries.size() + 4;
      out.writeShort(entries.size());
      for (Map.Entry<Integer, Entry> e : entries.entrySet()) {
        Entry entry = e.getValue();
        out.writeShort(e.getKey());
        out.writeShort(entry.type());
        out.writeInt(entry.count());
        if (entry.value().length <= 4) {
          out.write(entry.value());
          out.write(new byte[4 - entry.value().length]);
        } else {
          out.writeInt(dataOffset);
          dataOffset += dataLength(entry);
        }
      }
      out.writeInt(0);
      for (Entry entry : entries.values()) {
        if (entry.value().length > 4) {
          out.write(entry.value());
          out.write(new byte[dataLength(entry) - entry.value().length]);
        }
      }
    }

    private static int dataLength(Entry entry) {
      int length = entry.value().length;
      return length <= 4 ? 0 : length + (length & 1);
    }

    private static byte[] uint32(long value) {
      return new byte[] {
          (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }
  }
}
