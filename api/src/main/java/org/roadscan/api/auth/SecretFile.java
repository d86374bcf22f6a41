package org.roadscan.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file holding one secret (the first admin token, the embedded database's password), readable
 * and writable by its owner only (0600) from the moment it exists: written to a temporary file
 * created with those permissions, then moved into place. Blocking; stateless.
 */
public final class SecretFile {

  private SecretFile() {
  }

  /** Writes {@code secret} and a newline to {@code file}, replacing it, mode 0600. */
  public static void write(Path file, String secret) {
    try {
      Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temporary, secret + "\n", StandardCharsets.US_ASCII);
        try {
          Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
