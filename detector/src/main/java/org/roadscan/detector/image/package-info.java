/**
 * Image decoding and geometry before the model: JPEG decoding to OpenCV matrices, the letterbox
 * that fits an image into the model's square input, and the tile grid used for large drone frames;
 * and after it, the pictures that show a person a detection box ({@link
 * org.roadscan.detector.image.BoxExcerpt}).
 *
 * <p>Pixel coordinates everywhere are (x right, y down) with the origin at the top-left corner of
 * the top-left pixel. OpenCV matrices hold native memory (a 20 MP BGR frame is 60 MB): whoever
 * receives a {@link org.opencv.core.Mat} from a method here owns it and must {@code release()} it.
 */
package org.roadscan.detector.image;
