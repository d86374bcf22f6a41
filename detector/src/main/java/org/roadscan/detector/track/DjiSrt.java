package org.roadscan.detector.track;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.CaptureException.Reason;

/**
 * Reads the telemetry DJI drones write beside a video as SubRip subtitles ({@code .SRT}), one
 * subtitle per frame or per second. Each subtitle's start time (offset from the start of the
 * video) becomes a {@link TrackPoint}'s time, on {@link FrameTrack.Clock#VIDEO}.
 *
 * <p>Two forms are read (see the package documentation for examples):
 * <ul>
 *   <li>recent drones (Mini, Air, Mavic 3): bracketed {@code [key: value]} pairs, several
 *       pairs possibly in one bracket: {@code latitude}, {@code longitude} (also DJI's misspelt
 *       {@code longtitude}), {@code rel_alt} (height above take-off), {@code abs_alt}, {@code
 *       focal_len} (35 mm equivalent), {@code gb_pitch}, {@code gb_yaw}, {@code gb_roll}; other
 *       keys ({@code iso}, {@code dzoom_ratio}, {@code drone_speedx}...) are ignored;
 *   <li>older drones (Phantom 3/4, Mavic Pro): {@code GPS(lon,lat,alt)} with {@code BAROMETER:h}
 *       (height above take-off); {@code HOME(...)}, {@code ISO}, {@code Shutter}... ignored.
 * </ul>
 * An absolute date and time in the text ({@code 2023-04-07 11:25:41.123}, {@code
 * 2017.08.05 14:11:51}) is kept as the point's {@code takenAt}, read as UTC: DJI writes the
 * drone's local time without a zone, and RoadScan reads EXIF times without offset the same way.
 *
 * <p>Tolerated: a byte-order mark, CRLF or CR line ends, HTML tags ({@code <font>}), missing or
 * wrong subtitle numbers, empty blocks, blocks without a position or at 0,0 (no GPS fix yet),
 * which are skipped. Refused: a text without any SubRip time line, or without one usable position,
 * and values out of range (naming the line).
 *
 * <p>Stateless and thread-safe.
 */
public final class DjiSrt {

  /** The input field named in refusals. */
  public static final String FIELD = "telemetry";

  private static final Pattern TIME_LINE = Pattern.compile(
      "^\\s*(\\d{1,2}):(\\d{2}):(\\d{2})[,.](\\d{1,3})\\s*-->\\s*\\d{1,2}:\\d{2}:\\d{2}[,.]\\d{1,3}");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  /** A {@code key: number} pair inside brackets; several may share one bracket. */
  private static final Pattern PAIR = Pattern.compile(
      "([A-Za-z_]+)\\s*:\\s*([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)");
  private static final Pattern BRACKET = Pattern.compile("\\[([^\\]]*)\\]");
  private static final Pattern GPS = Pattern.compile(
      "GPS\\s*\\(\\s*([-+]?[\\d.]+)\\s*,\\s*([-+]?[\\d.]+)\\s*(?:,\\s*([-+]?[\\d.]+)[A-Za-z]*\\s*)?\\)");
  private static final Pattern BAROMETER = Pattern.compile("BAROMETER\\s*:\\s*([-+]?[\\d.]+)");
  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4})[-./](\\d{2})[-./](\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,3}))?");

  private DjiSrt() {
  }

  /**
   * Parses an SRT file's text.
   *
   * @param text the file's content
   * @return the track, on {@link FrameTrack.Clock#VIDEO}
   * @throws CaptureException ({@code telemetry}) INVALID_METADATA when the text has no SubRip time
   *     line or a value is out of range (naming the line); MISSING_METADATA when no subtitle
   *     carries a usable position
   */
  public static FrameTrack parse(String text) throws CaptureException {
    String[] lines = text.replace("\uFEFF", "").split("\r\n|\r|\n", -1);
    List<TrackPoint> points = new ArrayList<>();
    int blocks = 0;
    int i = 0;
    while (i < lines.length) {
      Matcher time = TIME_LINE.matcher(lines[i]);
      if (!time.find()) {
        i++;
        continue;
      }
      blocks++;
      int timeLine = i + 1;
      long startMs = ((Long.parseLong(time.group(1)) * 60 + Long.parseLong(time.group(2))) * 60
          + Long.parseLong(time.group(3))) * 1000 + millis(time.group(4));
      StringBuilder body = new StringBuilder();
      i++;
      while (i < lines.length && !TIME_LINE.matcher(lines[i]).find()) {
        body.append(lines[i]).append('\n');
        i++;
      }
      TrackPoint point = point(startMs, TAG.matcher(body).replaceAll(" "), timeLine);
      if (point != null) {
        points.add(point);
      }
    }
    if (blocks == 0) {
      throw new CaptureException(Reason.INVALID_METADATA, FIELD,
          "not a SubRip (.SRT) file: no line like '00:00:00,000 --> 00:00:00,033'");
    }
    if (points.isEmpty()) {
      throw new CaptureException(Reason.MISSING_METADATA, FIELD, "none of the " + blocks
          + " subtitles has a GPS position (latitude/longitude or GPS(lon,lat,alt)) other than"
          + " 0,0");
    }
    return new FrameTrack(points, FrameTrack.Clock.VIDEO);
  }

  /** One subtitle's point, or null when it has no usable position. */
  private static TrackPoint point(long startMs, String body, int line) throws CaptureException {
    Map<String, Double> values = new HashMap<>();
    Matcher bracket = BRACKET.matcher(body);
    while (bracket.find()) {
      Matcher pair = PAIR.matcher(bracket.group(1));
      while (pair.find()) {
        values.putIfAbsent(pair.group(1).toLowerCase(Locale.ROOT), Double.valueOf(pair.group(2)));
      }
    }
    Double latDeg = values.get("latitude");
    Double lonDeg = values.containsKey("longitude") ? values.get("longitude")
        : values.get("longtitude");
    Double relativeM = values.get("rel_alt");
    Double absoluteM = values.get("abs_alt");
    Matcher gps = GPS.matcher(body);
    if (latDeg == null && lonDeg == null && gps.find()) {
      lonDeg = Double.valueOf(gps.group(1));
      latDeg = Double.valueOf(gps.group(2));
      absoluteM = gps.group(3) == null ? null : Double.valueOf(gps.group(3));
    }
    Matcher barometer = BAROMETER.matcher(body);
    if (relativeM == null && barometer.find()) {
      relativeM = Double.valueOf(barometer.group(1));
    }
    if (latDeg == null || lonDeg == null || latDeg == 0 && lonDeg == 0) {
      return null;
    }
    require(latDeg, -90, 90, "latitude", line);
    require(lonDeg, -180, 180, "longitude", line);
    require(relativeM, -2000, 10000, "rel_alt", line);
    require(absoluteM, -1000, 20000, "abs_alt", line);
    Double pitchDeg = values.get("gb_pitch");
    require(pitchDeg, -180, 180, "gb_pitch", line);
    Double yawDeg = values.get("gb_yaw");
    require(yawDeg, -360, 360, "gb_yaw", line);
    Double rollDeg = values.get("gb_roll");
    require(rollDeg, -180, 180, "gb_roll", line);
    Double focal35Mm = values.get("focal_len");
    if (focal35Mm != null && focal35Mm <= 0) {
      focal35Mm = null;
    }
    require(focal35Mm, 1, 2000, "focal_len", line);
    return new TrackPoint(startMs, takenAt(body), lonDeg, latDeg, relativeM, absoluteM, pitchDeg,
        yawDeg, rollDeg, focal35Mm);
  }

  private static Instant takenAt(String body) {
    Matcher m = DATE_TIME.matcher(body);
    if (!m.find()) {
      return null;
    }
    try {
      return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)), (int) millis(m.group(7)) * 1_000_000)
          .toInstant(java.time.ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** Milliseconds from a fraction's digits: "5" is 500 ms, "05" 50 ms. */
  private static long millis(String digits) {
    if (digits == null) {
      return 0;
    }
    return Long.parseLong((digits + "00").substring(0, 3));
  }

  private static void require(Double value, double min, double max, String key, int line)
      throws CaptureException {
    if (value != null && !(value >= min && value <= max)) {
      throw new CaptureException(Reason.INVALID_METADATA, FIELD, String.format(Locale.ROOT,
          "SRT subtitle at line %d: %s %s is out of range (%s..%s)", line, key, value,
          fmt(min), fmt(max)));
    }
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
