package org.roadscan.api.jobs;

import java.util.Locale;

/** Life of a job: queued → running → done | failed (running → queued again after a crash). */
public enum JobState {
  QUEUED, RUNNING, DONE, FAILED;

  /** The value in {@code jobs.state} and in the API. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
