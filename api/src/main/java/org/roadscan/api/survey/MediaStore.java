package org.roadscan.api.survey;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Content-addressed survey media (videos, DJI telemetry, GPX tracks): {@code
 * <root>/ab/abcdef….<ext>} where {@code abcdef…} is the hex SHA-256 of the bytes. Files arrive
 * already hashed and forced to disk (streamed uploads) and are moved into place atomically, so a
 * reader never sees a partial file and storing the same bytes twice is harmless. Blocking:
 * call on a worker executor. Thread-safe.
 */
public final class MediaStore {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

  private final Path root;

  public MediaStore(Path root) {
    this.root = root;
  }

  /** The extension a video is stored under, from its upload's file name: mov or mp4. */
  public static String videoExtension(String fileName) {
    return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".mov") ? "mov" : "mp4";
  }

  /** Where the file with this hash and extension lives (whether or not it is stored). */
  public Path pathOf(String sha256, String extension) {
    if (!SHA256.matcher(sha256).matches() || !EXTENSION.matcher(extension).matches()) {
      throw new IllegalArgumentException("not a hex SHA-256 and extension: " + sha256 + "."
          + extension);
    }
    return root.resolve(sha256.substring(0, 2)).resolve(sha256 + "." + extension);
  }

  /**
   * Moves {@code hashedFile} (on this store's file system) into place, or deletes it when the same
   * bytes are stored already.
   *
   * @return the stored file
   */
  public Path adopt(Path hashedFile, String sha256, String extension) throws IOException {
    Path target = pathOf(sha256, extension);
    if (Files.exists(target)) {
      Files.deleteIfExists(hashedFile);
      return target;
    }
    Files.createDirectories(target.getParent());
    try {
      Files.move(hashedFile, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException raced) {
      Files.deleteIfExists(hashedFile);
    }
    return target;
  }
}
