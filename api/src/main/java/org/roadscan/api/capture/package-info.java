/**
 * Intake: the upload handler, the synchronous pre-check of each image through the detector's
 * facade ({@link org.roadscan.api.capture.CaptureValidator}), the content-addressed image store
 * and the stored capture context. Accepted captures become jobs in {@code jobs}.
 */
package org.roadscan.api.capture;
