package org.roadscan.api.register;

import java.time.Duration;
import java.util.List;

/**
 * How a damage's observed area changed over time, from its first to its last observation by
 * capture time. The areas are single observations, not maxima, so a partial later view can show
 * a shrink; read the rate as a trend, not a measurement.
 *
 * @param firstAreaM2 area of the earliest observation, square metres
 * @param lastAreaM2 area of the latest observation, square metres
 * @param areaChangeM2 {@code lastAreaM2 - firstAreaM2}
 * @param areaChangePerMonthM2 the change divided by the time between the two in months of
 *     {@value #MONTH_DAYS} days (a mean Gregorian month); null with one observation or when the
 *     two are less than one day apart (a rate over hours says nothing)
 */
public record Growth(double firstAreaM2, double lastAreaM2, double areaChangeM2,
    Double areaChangePerMonthM2) {

  /** Days in a mean Gregorian month: 365.2425 / 12. */
  public static final double MONTH_DAYS = 365.2425 / 12;

  /**
   * @param observations at least one, ordered by capture time (ties by id)
   */
  public static Growth of(List<DamageObservation> observations) {
    if (observations.isEmpty()) {
      throw new IllegalArgumentException("a damage has at least one observation");
    }
    DamageObservation first = observations.get(0);
    DamageObservation last = observations.get(observations.size() - 1);
    double changeM2 = last.areaM2() - first.areaM2();
    Duration between = Duration.between(first.seenAt(), last.seenAt());
    Double perMonthM2 = null;
    if (observations.size() > 1 && between.compareTo(Duration.ofDays(1)) >= 0) {
      double months = between.toMillis() / (MONTH_DAYS * 24 * 3600 * 1000);
      perMonthM2 = changeM2 / months;
    }
    return new Growth(first.areaM2(), last.areaM2(), changeM2, perMonthM2);
  }
}
