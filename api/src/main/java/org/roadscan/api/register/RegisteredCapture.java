package org.roadscan.api.register;

import java.util.List;

/**
 * The outcome of registering one analysed capture.
 *
 * @param captureId the capture row
 * @param duplicate true when a capture with the same SHA-256 was already registered; nothing was
 *     added, so re-uploading a photo never counts its damages twice
 * @param observations one entry per observation added, in the analysis's order
 * @param flaggedDamageIds damages this capture covered without seeing them, now flagged as
 *     possibly repaired (empty without a coverage)
 */
public record RegisteredCapture(long captureId, boolean duplicate,
    List<RegisteredObservation> observations, List<Long> flaggedDamageIds) {
  public RegisteredCapture {
    observations = List.copyOf(observations);
    flaggedDamageIds = List.copyOf(flaggedDamageIds);
  }
}
