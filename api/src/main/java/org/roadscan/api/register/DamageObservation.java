package org.roadscan.api.register;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.roadscan.detector.PixelBox;

/**
 * One observation of a damage, with the time of its capture, for the damage's history.
 *
 * @param id observation id
 * @param captureId the capture it was seen in
 * @param seenAt the capture's time (EXIF time, else when it was received)
 * @param className class the model gave it (may be milder than the damage's)
 * @param confidence model score 0..1
 * @param areaM2 footprint area, square metres (0 when not projected)
 * @param lengthM extent along the footprint's longer axis, metres (0 when not measured)
 * @param uncertaintyM 1-sigma position uncertainty, metres
 * @param projection how it was placed ({@code NADIR}, {@code OBLIQUE}, {@code VEHICLE},
 *     {@code CAMERA_POSITION})
 * @param box the detection box, px of the full-size capture as displayed (x right, y down)
 * @param privacy the capture's anonymisation record ({@code faces}, {@code plates}, {@code
 *     detector}, {@code anonymisedAt}), or null for an image stored before it was kept
 */
public record DamageObservation(long id, long captureId, Instant seenAt, String className,
    double confidence, double areaM2, double lengthM, double uncertaintyM, String projection,
    PixelBox box, JsonObject privacy) {

  /** An observation whose image has no anonymisation record. */
  public DamageObservation(long id, long captureId, Instant seenAt, String className,
      double confidence, double areaM2, double lengthM, double uncertaintyM, String projection,
      PixelBox box) {
    this(id, captureId, seenAt, className, confidence, areaM2, lengthM, uncertaintyM, projection,
        box, null);
  }
}
