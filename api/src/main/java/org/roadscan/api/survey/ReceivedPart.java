package org.roadscan.api.survey;

import java.nio.file.Path;

/**
 * An upload part streamed to a temporary file in the upload directory.
 *
 * @param file the temporary file; moved into a store or deleted by the intake
 * @param sha256 hex SHA-256 of its bytes, computed while it streamed in
 * @param head its first bytes ({@link HashingFileStream#HEAD_BYTES} at most)
 */
record ReceivedPart(MediaPart part, String fileName, Path file, String sha256, long bytes,
    byte[] head) {
}
