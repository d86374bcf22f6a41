package org.roadscan.api.capture;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Content-addressed images: each stored under the hex SHA-256 of its bytes in an {@link
 * ImageBlobs} (a directory, possibly on a shared volume, or an S3-compatible bucket), so storing
 * the same bytes twice is harmless and a reader never sees a partial image.
 *
 * <p>An upload stores its images before it queues their jobs, so a request whose jobs could not
 * be queued (the database is down) would leave images that no job references. It therefore
 * {@link #claim}s each image and {@link #settle}s the claim afterwards: an image the failed
 * request created is deleted unless another request of this process stored the same bytes
 * meanwhile (it may have queued a job for it). Only a crash between storing and queuing can leave
 * an unreferenced image; a later upload of the same photo reuses it.
 *
 * <p>All methods block on file or network I/O: call them on a worker executor. Thread-safe.
 */
public final class ImageStore {

  private final ImageBlobs blobs;
  /** Images claimed by requests not settled yet, by hash; guarded by itself. */
  private final Map<String, Claims> unsettled = new HashMap<>();

  /** A stored image and whether this call wrote it. */
  public record Stored(String sha256, boolean created) {
  }

  private static final class Claims {
    int pending;
    /** A request kept the image while another was pending: the image is referenced. */
    boolean kept;
  }

  public ImageStore(ImageBlobs blobs) {
    this.blobs = blobs;
  }

  /** The images of a directory ({@link DirectoryImageBlobs}). */
  public ImageStore(Path root) {
    this(new DirectoryImageBlobs(root));
  }

  /** Where the bytes live. */
  public ImageBlobs blobs() {
    return blobs;
  }

  /** Stores {@code bytes} like {@link #put} for a request that must {@link #settle} it. */
  public Stored claim(byte[] bytes) throws IOException {
    String sha256 = sha256(bytes);
    pend(sha256);
    try {
      return new Stored(sha256, blobs.putIfAbsent(sha256, bytes));
    } catch (IOException | RuntimeException e) {
      settle(new Stored(sha256, false), false);
      throw e;
    }
  }

  /**
   * Claims an image whose bytes are already in {@code hashedFile} (written, forced to disk and
   * hashed while streaming in, e.g. a survey upload part): the file is moved into the store
   * ({@link ImageBlobs#moveIfAbsent}) instead of being read into memory; when the image is stored
   * already, {@code hashedFile} is deleted. Settle it like {@link #claim(byte[])}. Blocking.
   *
   * @param sha256 the hex SHA-256 of the file's bytes, as computed while writing it
   */
  public Stored claim(Path hashedFile, String sha256) throws IOException {
    ImageBlobs.requireKey(sha256);
    pend(sha256);
    try {
      return new Stored(sha256, blobs.moveIfAbsent(sha256, hashedFile));
    } catch (IOException | RuntimeException e) {
      settle(new Stored(sha256, false), false);
      throw e;
    }
  }

  private void pend(String sha256) {
    synchronized (unsettled) {
      unsettled.computeIfAbsent(sha256, k -> new Claims()).pending++;
    }
  }

  /**
   * Ends a claim: {@code kept} when a committed job references the image; otherwise the image is
   * deleted if this claim created it and no other request of this process has it claimed or kept
   * it meanwhile. Blocking.
   */
  public void settle(Stored stored, boolean kept) throws IOException {
    synchronized (unsettled) {
      Claims claims = unsettled.get(stored.sha256());
      if (claims == null) {
        return;
      }
      claims.pending--;
      claims.kept |= kept;
      boolean delete = !kept && stored.created() && claims.pending == 0 && !claims.kept;
      if (claims.pending == 0) {
        unsettled.remove(stored.sha256());
      }
      if (delete) {
        // Under the lock: a claim of the same bytes waits, then finds no image and writes it.
        blobs.delete(stored.sha256());
      }
    }
  }

  /** Hex SHA-256 of {@code bytes}, lower case. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where the image with this hash lives (whether or not it is stored), for audit rows. */
  public URI location(String sha256) {
    return blobs.location(sha256);
  }

  /** Stores {@code bytes} under their hash and returns it. Blocking. */
  public String put(byte[] bytes) throws IOException {
    String sha256 = sha256(bytes);
    blobs.putIfAbsent(sha256, bytes);
    return sha256;
  }

  /** Whether the image with this hash is stored. Blocking. */
  public boolean contains(String sha256) throws IOException {
    return blobs.contains(sha256);
  }

  /**
   * The stored bytes. Blocking.
   *
   * @throws java.nio.file.NoSuchFileException when the image is not (or no longer) stored
   */
  public byte[] read(String sha256) throws IOException {
    return blobs.read(sha256);
  }

  /** Removes the image with this hash (retention); nothing happens when it is gone. Blocking. */
  public void delete(String sha256) throws IOException {
    blobs.delete(sha256);
  }
}
