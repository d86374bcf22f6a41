package org.roadscan.api.feed;

import java.time.Instant;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.privacy.Anonymized;

/**
 * The analysis of one feed frame, as the lane answers it. Immutable.
 *
 * @param frameId unique in this process, in order of analysis
 * @param frame the frame
 * @param analysis what the detector found and where the frame lies
 * @param analysedAt when the analysis ended
 * @param waitedMs milliseconds the frame waited for a feed worker
 * @param analysedMs milliseconds its anonymisation and analysis took together
 * @param dropped frames of the same stream dropped so far (oldest-first, for newer ones)
 * @param anonymized the frame with faces and plates blurred: the only form of it that is stored
 * @param anonymisedMs milliseconds of {@code analysedMs} the anonymisation took
 */
public record FeedResult(long frameId, FeedFrame frame, CaptureAnalysis analysis,
    Instant analysedAt, long waitedMs, long analysedMs, long dropped, Anonymized anonymized,
    long anonymisedMs) {
}
