package org.roadscan.api.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.roadscan.api.gis.TimeInterval;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * The {@code datetime} query parameter shared by OGC API – Features and the repair list, in the
 * form of OGC 17-069r4 §7.15.4: an RFC 3339 date-time with offset ({@code
 * 2026-10-14T09:12:03Z}) or a date ({@code 2026-10-14}, the whole UTC day), or an interval {@code
 * start/end} whose open end is {@code ..} or empty ({@code 2026-10-01/..}). Each route says what
 * it compares with the interval. Anything else (also {@code ../..} and a start after the end) is a
 * 400 problem naming {@code datetime}.
 */
public final class DatetimeParameter {

  private DatetimeParameter() {
  }

  /** The interval, ends included; null when {@code text} is null. */
  public static TimeInterval parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      int slash = text.indexOf('/');
      if (slash < 0) {
        return new TimeInterval(start(text), end(text));
      }
      String startText = text.substring(0, slash);
      String endText = text.substring(slash + 1);
      Instant start = open(startText) ? null : start(startText);
      Instant end = open(endText) ? null : end(endText);
      if (start == null && end == null) {
        throw new IllegalArgumentException("both ends are open");
      }
      return new TimeInterval(start, end);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new ProblemException(ProblemType.INVALID_PARAMETER,
          "datetime must be an RFC 3339 instant or date, or an interval start/end with .. for an "
              + "open end (e.g. ../2026-10-20T00:00:00Z), was " + text, "datetime");
    }
  }

  private static boolean open(String end) {
    return end.isEmpty() || end.equals("..");
  }

  /** The first instant of a date-time, or of a date (UTC). */
  private static Instant start(String text) {
    return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
        : OffsetDateTime.parse(text).toInstant();
  }

  /** The last instant of a date-time, or of a date (UTC). */
  private static Instant end(String text) {
    return text.length() == 10
        ? LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
        : OffsetDateTime.parse(text).toInstant();
  }
}
