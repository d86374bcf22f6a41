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
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content-addressed image files: {@code <root>/ab/abcdef….jpg} where {@code abcdef…} is the hex
 * SHA-256 of the bytes. A file is written to a temporary name, forced to disk and moved into place
 * atomically, so a reader (or a restart after a crash) never sees a partial image, and storing the
 * same bytes twice is harmless.
 *
 * <p>All methods block on file I/O: call them on a worker executor. Thread-safe.
 */
public final class ImageStore {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path root;

  public ImageStore(Path root) {
    this.root = root;
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
    Path target = pathOf(sha256);
    if (Files.exists(target)) {
      return sha256;
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
    return sha256;
  }

  /** The stored bytes. Blocking. */
  public byte[] read(String sha256) throws IOException {
    return Files.readAllBytes(pathOf(sha256));
  }
}
