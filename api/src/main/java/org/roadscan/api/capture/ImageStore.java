package org.roadscan.api.capture;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.privacy.Anonymized;

/**
 * Content-addressed, anonymised images in an {@link ImageBlobs} (a directory, possibly on a shared
 * volume, or an S3-compatible bucket): each stored under the hex SHA-256 of its bytes <em>as
 * uploaded</em>, and holding what the {@link ImageAnonymiser} made of them: faces and number
 * plates blurred, no EXIF or XMP (issue #31). This class is the one place that writes images, and
 * every write passes the anonymiser <em>before</em> {@link ImageBlobs#putIfAbsent}, so neither
 * store ever receives an original: the original bytes are hashed (a re-upload of the same photo
 * is found, as before) and never written. Storing the same bytes twice is harmless and a reader
 * never sees a partial image ({@link ImageBlobs}); an image already stored is not anonymised
 * again.
 *
 * <p>An upload stores its images before it queues their jobs, so a request whose jobs could not
 * be queued (the database is down) would leave images that no job references. It therefore
 * {@link #claim}s each image and {@link #settle}s the claim afterwards: an image the failed
 * request created is deleted unless another request of this process stored the same bytes
 * meanwhile (it may have queued a job for it). Only a crash between storing and queuing can leave
 * an unreferenced image; a later upload of the same photo reuses it.
 *
 * <p>All methods block on file or network I/O, and the claims of an original on the
 * anonymisation (CPU, seconds for a 12 MP photo): call them on a worker executor. Thread-safe.
 */
public final class ImageStore {

  private final ImageBlobs blobs;
  private final ImageAnonymiser anonymiser;
  /** Images claimed by requests not settled yet, by hash; guarded by itself. */
  private final Map<String, Claims> unsettled = new HashMap<>();

  /**
   * A stored image and whether this call wrote it.
   *
   * @param sha256 hex SHA-256 of the original bytes, the image's key
   * @param created whether this call wrote the image
   * @param privacy what the anonymiser blurred when this call wrote the image; null when the
   *     image was stored already (its record was written then)
   */
  public record Stored(String sha256, boolean created, ImagePrivacy privacy) {

    /** A claim that wrote nothing. */
    public Stored(String sha256, boolean created) {
      this(sha256, created, null);
    }
  }

  private static final class Claims {
    int pending;
    /** A request kept the image while another was pending: the image is referenced. */
    boolean kept;
  }

  /**
   * @param blobs where the (anonymised) bytes live
   * @param anonymiser what every image passes before it is written
   */
  public ImageStore(ImageBlobs blobs, ImageAnonymiser anonymiser) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.anonymiser = Objects.requireNonNull(anonymiser, "anonymiser");
  }

  /** The images of a directory ({@link DirectoryImageBlobs}). */
  public ImageStore(Path root, ImageAnonymiser anonymiser) {
    this(new DirectoryImageBlobs(root), anonymiser);
  }

  /** Where the bytes live. */
  public ImageBlobs blobs() {
    return blobs;
  }

  /**
   * Anonymises and stores {@code original} like {@link #put} for a request that must {@link
   * #settle} it; an image stored already is neither anonymised nor written again.
   *
   * @throws CaptureException when the anonymiser cannot decode the bytes
   */
  public Stored claim(byte[] original) throws IOException, CaptureException {
    String sha256 = sha256(original);
    pend(sha256);
    try {
      if (blobs.contains(sha256)) {
        return new Stored(sha256, false);
      }
      return stored(anonymiser.anonymise(original));
    } catch (IOException | CaptureException | RuntimeException e) {
      settle(new Stored(sha256, false), false);
      throw e;
    }
  }

  /**
   * Stores an image anonymised already (the fire brigade's lane blurs inside its own latency
   * budget, on its own threads), under the hash of its original, for a request that must {@link
   * #settle} it.
   */
  public Stored claim(Anonymized anonymized) throws IOException {
    String sha256 = anonymized.sourceSha256();
    pend(sha256);
    try {
      return stored(anonymized);
    } catch (IOException | RuntimeException e) {
      settle(new Stored(sha256, false), false);
      throw e;
    }
  }

  /**
   * Claims an image whose original bytes are in {@code hashedFile} (written and hashed while
   * streaming in, e.g. a survey upload part): its content is anonymised and the result stored
   * under {@code sha256}; the original file is deleted in every case, so it never becomes the
   * stored image. When the image is stored already, nothing is anonymised. Settle it like {@link
   * #claim(byte[])}. Blocking.
   *
   * @param sha256 the hex SHA-256 of the file's bytes, as computed while writing it
   * @throws CaptureException when the anonymiser cannot decode the file
   */
  public Stored claim(Path hashedFile, String sha256) throws IOException, CaptureException {
    ImageBlobs.requireKey(sha256);
    pend(sha256);
    try {
      if (blobs.contains(sha256)) {
        return new Stored(sha256, false);
      }
      Anonymized anonymized = anonymiser.anonymise(Files.readAllBytes(hashedFile));
      if (!anonymized.sourceSha256().equals(sha256)) {
        throw new IOException(hashedFile + " changed after it was hashed: SHA-256 "
            + anonymized.sourceSha256() + ", expected " + sha256);
      }
      return stored(anonymized);
    } catch (IOException | CaptureException | RuntimeException e) {
      settle(new Stored(sha256, false), false);
      throw e;
    } finally {
      Files.deleteIfExists(hashedFile);
    }
  }

  private void pend(String sha256) {
    synchronized (unsettled) {
      unsettled.computeIfAbsent(sha256, k -> new Claims()).pending++;
    }
  }

  /** Puts the blurred bytes under the original's hash; only anonymised bytes reach the blobs. */
  private Stored stored(Anonymized anonymized) throws IOException {
    boolean created = blobs.putIfAbsent(anonymized.sourceSha256(), anonymized.jpeg());
    return new Stored(anonymized.sourceSha256(), created,
        created ? ImagePrivacy.of(anonymized) : null);
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

  /**
   * Anonymises {@code original} and stores it under the original's hash, which it returns;
   * nothing is anonymised when the image is stored already. Blocking.
   *
   * @throws CaptureException when the anonymiser cannot decode the bytes
   */
  public String put(byte[] original) throws IOException, CaptureException {
    String sha256 = sha256(original);
    if (!blobs.contains(sha256)) {
      stored(anonymiser.anonymise(original));
    }
    return sha256;
  }

  /** Whether the image with this hash is stored. Blocking. */
  public boolean contains(String sha256) throws IOException {
    return blobs.contains(sha256);
  }

  /**
   * The stored (anonymised) bytes. Blocking.
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
