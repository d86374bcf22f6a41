package org.roadscan.api.survey;

import java.util.Locale;

/**
 * The state of a survey, derived, never stored: {@code receiving} while nothing has been accepted
 * yet; {@code processing} while a job of it is queued or running or a video is queued or
 * expanding; {@code done} otherwise (more media may still come and make it processing again).
 */
public enum SurveyState {
  RECEIVING, PROCESSING, DONE;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
