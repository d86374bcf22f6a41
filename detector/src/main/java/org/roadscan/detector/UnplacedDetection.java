package org.roadscan.detector;

/**
 * A detection that could not be put on the ground, e.g. because its box reaches too close to the
 * horizon. Kept in the analysis so the user sees what was found and why it is not in the register.
 *
 * @param detection what the model found, in pixels
 * @param reason why it was not placed, for people
 */
public record UnplacedDetection(Detection detection, String reason) {
}
