/**
 * Privacy (issue #31): finds faces and number plates in a capture and blurs them irreversibly
 * before the image is written anywhere. {@link org.roadscan.detector.privacy.PrivacyModels} loads
 * and hash-checks the two OpenCV Zoo models in {@code models/privacy};
 * {@link org.roadscan.detector.privacy.FaceFinder} and
 * {@link org.roadscan.detector.privacy.PlateFinder} detect, and
 * {@link org.roadscan.detector.privacy.Anonymizer} blurs and re-encodes. Pixel coordinates
 * throughout: x to the right, y down, origin at the image's top-left corner.
 */
package org.roadscan.detector.privacy;
