package org.roadscan.api.feed;

import java.time.Instant;
import org.roadscan.detector.CaptureAnalysis;

/**
 * The analysis of one feed frame, as the lane answers it. Immutable.
 *
 * @param frameId unique in this process, in order of analysis
 * @param frame the frame
 * @param analysis what the detector found and where the frame lies
 * @param analysedAt when the analysis ended
 * @param waitedMs milliseconds the frame waited for a feed worker
 * @param analysedMs milliseconds its analysis took
 * @param dropped frames of the same stream dropped so far (oldest-first, for newer ones)
 */
public record FeedResult(long frameId, FeedFrame frame, CaptureAnalysis analysis,
    Instant analysedAt, long waitedMs, long analysedMs, long dropped) {
}
