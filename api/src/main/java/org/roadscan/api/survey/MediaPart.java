package org.roadscan.api.survey;

import java.util.Locale;

/** The multipart parts {@code POST /v1/surveys/{id}/media} accepts. */
enum MediaPart {
  IMAGE, VIDEO, TELEMETRY, TRACK, ZIP;

  /** The part name in the form. */
  String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  static MediaPart of(String name) {
    for (MediaPart part : values()) {
      if (part.value().equals(name)) {
        return part;
      }
    }
    return null;
  }
}
