package org.roadscan.api.capture;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.ConfigException;

/**
 * Images as files of a directory: {@code <root>/ab/abcdef….jpg}. A file is written to a temporary
 * name, forced to disk and moved into place atomically, so a reader (or a restart after a crash)
 * never sees a partial image. The directory may be a shared volume (a ReadWriteMany volume
 * mounted by every replica): atomic renames within one directory are all it relies on.
 *
 * <p>Blocking file I/O; thread-safe (the file system arbitrates concurrent writers).
 */
public final class DirectoryImageBlobs implements ImageBlobs {

  private final Path root;

  /** @param root the directory; created by {@link #check} or the first write */
  public DirectoryImageBlobs(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Where the image with this hash lives (whether or not it is stored). */
  public Path pathOf(String sha256) {
    ImageBlobs.requireKey(sha256);
    return root.resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
  }

  @Override
  public boolean putIfAbsent(String sha256, byte[] bytes) throws IOException {
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

  @Override
  public boolean contains(String sha256) {
    return Files.isRegularFile(pathOf(sha256));
  }

  @Override
  public byte[] read(String sha256) throws IOException {
    return Files.readAllBytes(pathOf(sha256));
  }

  @Override
  public void delete(String sha256) throws IOException {
    Files.deleteIfExists(pathOf(sha256));
  }

  @Override
  public URI location(String sha256) {
    return pathOf(sha256).toUri();
  }

  /**
   * Creates the directory.
   *
   * @throws ConfigException naming {@code ROADSCAN_DATA_DIR} when it cannot be created or written
   */
  @Override
  public void check() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new ConfigException(AppConfig.DATA_DIR, "cannot create the image directory " + root
          + ": " + e);
    }
    if (!Files.isWritable(root)) {
      throw new ConfigException(AppConfig.DATA_DIR, "the image directory " + root
          + " is not writable");
    }
  }

  @Override
  public String toString() {
    return "directory " + root;
  }
}
