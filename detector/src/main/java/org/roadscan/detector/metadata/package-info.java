/**
 * Reading what a capture's file says about where and how it was taken: EXIF GPS, camera and time
 * tags, and DJI {@code drone-dji:} XMP pose tags, into an immutable {@link
 * org.roadscan.detector.metadata.CaptureMetadata}. Nothing here projects or interprets the pose;
 * that is {@code org.roadscan.detector.geo}.
 */
package org.roadscan.detector.metadata;
