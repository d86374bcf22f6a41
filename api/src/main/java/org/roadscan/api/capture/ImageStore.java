package org.roadscan.api.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Content-addressed image files: {@code <root>/ab/abcdef….jpg} where {@code abcdef…} is the hex
 * SHA-256 of the bytes. A file is written to a temporary name, forced to disk and moved into place
 * atomically, so a reader (or a restart after a crash) never sees a partial image, and storing the
 * same bytes twice is harmless.
 *
 * <p>An upload stores its images before it queues their jobs, so a request whose jobs could not
 * be queued (the database is down) would leave files that no job references. It therefore
 * {@link #claim}s each image and {@link #settle}s the claim afterwards: a file the failed request
 * created is deleted unless another request of this process stored the same bytes meanwhile (it
 * may have queued a job for it). Only a crash between storing and queuing can leave an
 * unreferenced file; a later upload of the same photo reuses it.
 *
 * <p>All methods block on file I/O: call them on a worker executor. Thread-safe.
 */
public final class ImageStore {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path root;
  /** Images claimed by requests not settled yet, by hash; guarded by itself. */
  private final Map<String, Claims> unsettled = new HashMap<>();

  /** A stored image and whether this call wrote the file. */
  public record Stored(String sha256, boolean created) {
  }

  private static final class Claims {
    int pending;
    /** A request kept the image while another was pending: the file is referenced. */
    boolean kept;
  }

  public ImageStore(Path root) {
    this.root = root;
  }

  /** Stores {@code bytes} like {@link #put} for a request that must {@link #settle} it. */
  public Stored claim(byte[] bytes) throws IOException {
    String sha256 = sha256(bytes);
    synchronized (unsettled) {
      unsettled.computeIfAbsent(sha256, k -> new Claims()).pending++;
    }
    try {
      return new Stored(sha256, write(sha256, bytes));
    } catch (IOException | RuntimeException e) {
      settle(new Stored(sha256, false), false);
      throw e;
    }
  }

  /**
   * Claims an image whose bytes are already in {@code hashedFile} (written, forced to disk and
   * hashed while streaming in, e.g. a survey upload part): the file is moved into place atomically
   * instead of being copied; when the image is stored already, {@code hashedFile} is deleted. The
   * file must be on the store's file system (the upload directory is). Settle it like {@link
   * #claim(byte[])}. Blocking.
   *
   * @param sha256 the hex SHA-256 of the file's bytes, as computed while writing it
   */
  public Stored claim(Path hashedFile, String sha256) throws IOException {
    Path target = pathOf(sha256);
    synchronized (unsettled) {
      unsettled.computeIfAbsent(sha256, k -> new Claims()).pending++;
    }
    try {
      if (Files.exists(target)) {
        Files.deleteIfExists(hashedFile);
        return new Stored(sha256, false);
      }
      Files.createDirectories(target.getParent());
      try {
        Files.move(hashedFile, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(hashedFile);
        return new Stored(sha256, false);
      }
      return new Stored(sha256, true);
    } catch (IOException | RuntimeException e) {
      settle(new Stored(sha256, false), false);
      throw e;
    }
  }

  /**
   * Ends a claim: {@code kept} when a committed job references the image; otherwise the file is
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
        // Under the lock: a claim of the same bytes waits, then finds no file and writes it.
        Files.deleteIfExists(pathOf(stored.sha256()));
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

  /** Where the image with this hash lives (whether or not it is stored). */
  public Path pathOf(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a hex SHA-256: " + sha256);
    }
    return root.resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
  }

  /** Stores {@code bytes} under their hash and returns it. Blocking. */
  public String put(byte[] bytes) throws IOException {
    String sha256 = sha256(bytes);
    write(sha256, bytes);
    return sha256;
  }

  /** Writes the file unless it exists; true when this call put it in place. */
  private boolean write(String sha256, byte[] bytes) throws IOException {
    Path target = pathOf(sha256);
    if (Files.exists(target)) {
      return false;
    }
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), sha256, ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        // Another upload of the same bytes won the race; its file is identical.
        if (!Files.exists(target)) {
          throw raced;
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return true;
  }

  /** Whether the image with this hash is stored. Blocking. */
  public boolean contains(String sha256) {
    return Files.isRegularFile(pathOf(sha256));
  }

  /**
   * The stored bytes. Blocking.
   *
   * @throws java.nio.file.NoSuchFileException when the image is not (or no longer) stored
   */
  public byte[] read(String sha256) throws IOException {
    return Files.readAllBytes(pathOf(sha256));
  }
}
