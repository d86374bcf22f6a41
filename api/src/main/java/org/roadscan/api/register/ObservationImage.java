package org.roadscan.api.register;

import org.roadscan.detector.PixelBox;

/**
 * Where an observation can be seen: its capture's image file and its box in it.
 *
 * @param observationId the observation
 * @param captureSha256 hex SHA-256 of the capture's JPEG, its name in the image store
 * @param box the detection box, px of the full-size capture as displayed (x right, y down)
 */
public record ObservationImage(long observationId, String captureSha256, PixelBox box) {
}
