package org.roadscan.detector;

import java.util.List;
import org.roadscan.detector.metadata.CaptureMetadata;

/** The result of analysing one capture: its metadata and the georeferenced observations. */
public record CaptureAnalysis(CaptureMetadata metadata, List<Observation> observations) {
  public CaptureAnalysis {
    observations = List.copyOf(observations);
  }
}
