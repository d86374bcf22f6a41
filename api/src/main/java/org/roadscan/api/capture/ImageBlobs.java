package org.roadscan.api.capture;

import java.io.IOException;
import java.net.URI;

/**
 * Where the bytes of the {@link ImageStore} live: a blob per image under its key, the lower-case
 * hex SHA-256 of its bytes. Two implementations: {@link DirectoryImageBlobs} (a directory, local
 * or a shared volume mounted by every replica) and {@link S3ImageBlobs} (an S3-compatible object
 * store: MinIO, Ceph, a city's object storage).
 *
 * <p>The only write is {@link #putIfAbsent} of bytes in memory: the {@link ImageStore} puts
 * nothing but the anonymised re-encoding of an image (issue #31), so there is no way to move an
 * upload's spooled file, an original, into a store.
 *
 * <p>Writes are idempotent: the same key always carries the same bytes, so storing them twice is
 * harmless and a reader never sees a partial image. The claim bookkeeping (which request created
 * an image and may remove it again) is the {@link ImageStore}'s, not this interface's.
 *
 * <p>Every method blocks on file or network I/O: call them on a worker executor, never on an
 * event loop. Implementations are thread-safe.
 */
public interface ImageBlobs {

  /**
   * Stores {@code bytes} under {@code sha256} unless an image is stored there already.
   *
   * @param sha256 the hex SHA-256 of {@code bytes}, lower case (not checked again here)
   * @return true when this call stored it, false when it was stored before
   */
  boolean putIfAbsent(String sha256, byte[] bytes) throws IOException;

  /** Whether an image is stored under {@code sha256}. */
  boolean contains(String sha256) throws IOException;

  /**
   * The stored bytes.
   *
   * @throws java.nio.file.NoSuchFileException when nothing is (or no longer is) stored there
   */
  byte[] read(String sha256) throws IOException;

  /** Removes the image under {@code sha256}; nothing happens when none is stored. */
  void delete(String sha256) throws IOException;

  /**
   * Where the image under {@code sha256} lives (whether or not it is stored): a {@code file:} URI
   * for a directory, {@code s3://bucket/key} for an object store. Named in retention's audit rows.
   */
  URI location(String sha256);

  /**
   * Checks at start that the store can be used (the directory created and writable, the bucket
   * reachable with the credentials given).
   *
   * @throws org.roadscan.api.config.ConfigException naming the configuration key at fault
   */
  void check();

  /** Throws unless {@code sha256} is 64 lower-case hex digits (a key, never a path). */
  static String requireKey(String sha256) {
    if (sha256 == null || sha256.length() != 64) {
      throw new IllegalArgumentException("not a hex SHA-256: " + sha256);
    }
    for (int i = 0; i < 64; i++) {
      char c = sha256.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        throw new IllegalArgumentException("not a hex SHA-256: " + sha256);
      }
    }
    return sha256;
  }

  /** The relative name of an image: {@code ab/abcdef….jpg}, in a directory and in a bucket. */
  static String relativeName(String sha256) {
    requireKey(sha256);
    return sha256.substring(0, 2) + "/" + sha256 + ".jpg";
  }
}
