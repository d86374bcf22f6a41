/**
 * The damage model: loading RoadNet through DJL, decoding its output tensor, class-aware
 * non-maximum suppression and the thread-safe, optionally tiled {@link
 * org.roadscan.detector.model.DamageDetector}.
 *
 * <p>Model contract (exported by {@code models/training/export.py}): input float32
 * {@code [1, 3, S, S]}, letterboxed RGB in 0..1; output {@code [1, A, 4 + C]}, per anchor the box
 * {@code x0, y0, x1, y1} in input pixels followed by C class probabilities (already sigmoid).
 * DJL types stay inside this package.
 */
package org.roadscan.detector.model;
