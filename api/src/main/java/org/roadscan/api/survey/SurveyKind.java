package org.roadscan.api.survey;

import java.util.Locale;

/** How a survey was captured: from a drone, or from a vehicle-mounted camera. */
public enum SurveyKind {
  DRONE, VEHICLE;

  /** The value in the API and in {@code surveys.kind}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a value, or null when it is none. */
  public static SurveyKind of(String value) {
    for (SurveyKind kind : values()) {
      if (kind.value().equals(value)) {
        return kind;
      }
    }
    return null;
  }
}
