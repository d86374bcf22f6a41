package org.roadscan.api.retention;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The excerpts ("crops") of observations kept after their capture's image was deleted by
 * retention: {@code <root>/<observationId>.jpg}, each the picture {@code GET
 * /v1/observations/{id}/image?view=box} showed, rendered at its largest size. Written to a
 * temporary name, forced to disk and moved into place atomically, so a reader (or a restart after
 * a crash) never sees a partial file; writing one again replaces it with the same picture.
 *
 * <p>All methods block on file I/O: call them on a worker executor. Thread-safe.
 */
public final class CropStore {

  private final Path root;

  public CropStore(Path root) {
    this.root = root;
  }

  /** Where the crop of this observation lives (whether or not it is stored). */
  public Path pathOf(long observationId) {
    if (observationId <= 0) {
      throw new IllegalArgumentException("not an observation id: " + observationId);
    }
    return root.resolve(observationId + ".jpg");
  }

  /** Stores (or replaces) the crop of an observation. Blocking. */
  public void put(long observationId, byte[] jpeg) throws IOException {
    Path target = pathOf(observationId);
    Files.createDirectories(root);
    Path temp = Files.createTempFile(root, observationId + "-", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(jpeg);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The stored crop, or empty. Blocking. */
  public Optional<byte[]> read(long observationId) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(pathOf(observationId)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Whether the crop of this observation is stored. Blocking. */
  public boolean contains(long observationId) {
    return Files.isRegularFile(pathOf(observationId));
  }
}
