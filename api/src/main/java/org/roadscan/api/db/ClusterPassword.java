package org.roadscan.api.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.roadscan.api.auth.SecretFile;

/**
 * The embedded cluster's superuser password and the client authentication that requires it
 * (issue #30: zonky initialises clusters with {@code trust}, which let any local process log in
 * as superuser without a password).
 *
 * <p>The password is 256 random bits, base64url (safe in a {@code postgresql://} URL), kept in
 * {@value #FILE} inside the cluster directory, readable by the owner only (0600), so that the
 * {@code token} command can connect to the server of a running service on the same data
 * directory. {@code pg_hba.conf} is rewritten at every start: SCRAM-SHA-256 for every login,
 * on loopback and the Unix socket only; no {@code trust} line survives.
 *
 * <p>Blocking file I/O; call from a worker thread. Stateless.
 */
final class ClusterPassword {

  /** The password file, in the cluster directory. */
  static final String FILE = "roadscan.password";
  static final String HBA_FILE = "pg_hba.conf";

  private static final String HBA = """
      # Written by RoadScan at every start of the embedded server (issue #30): SCRAM-SHA-256
      # password logins only, over the Unix socket and loopback; no login without a password.
      # The superuser's password is in roadscan.password beside this file (mode 0600).
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      local   all       all                 scram-sha-256
      host    all       all   127.0.0.1/32  scram-sha-256
      host    all       all   ::1/128       scram-sha-256
      """;

  private static final SecureRandom RANDOM = new SecureRandom();

  private ClusterPassword() {
  }

  /** The stored password of the cluster in {@code clusterDir}, if it has one. */
  static Optional<String> read(Path clusterDir) {
    Path file = clusterDir.resolve(FILE);
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A new password: 32 random bytes, base64url without padding (43 characters). */
  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Stores the cluster's password in {@code clusterDir} (0600). */
  static void store(Path clusterDir, String password) {
    SecretFile.write(clusterDir.resolve(FILE), password);
  }

  /**
   * Whether the cluster's {@code pg_hba.conf} still admits a login without a password ({@code
   * trust}: a cluster initialised by zonky's defaults, before issue #30).
   */
  static boolean admitsTrust(Path clusterDir) {
    Path hba = clusterDir.resolve(HBA_FILE);
    try {
      List<String> lines = Files.readAllLines(hba, StandardCharsets.UTF_8);
      return lines.stream().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .anyMatch(line -> line.matches(".*\\strust(\\s.*)?"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + hba, e);
    }
  }

  /**
   * Rules for the one start that sets the superuser's password of a cluster that has none on
   * file (initialised with zonky's {@code trust}, or its password file was removed): the
   * superuser over loopback without a password, nothing else. Whoever can write the cluster's
   * files could edit these rules anyway.
   */
  static void writeRecoveryHba(Path clusterDir) {
    Path hba = clusterDir.resolve(HBA_FILE);
    try {
      Files.writeString(hba, """
          # Written by RoadScan for one start that sets the superuser's password; replaced at the
          # next start by password logins only.
          host    all       postgres   127.0.0.1/32  trust
          host    all       postgres   ::1/128       trust
          """, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + hba, e);
    }
  }

  /** Replaces the cluster's {@code pg_hba.conf} with SCRAM-only, local-only rules. */
  static void writeHba(Path clusterDir) {
    Path hba = clusterDir.resolve(HBA_FILE);
    try {
      Files.writeString(hba, HBA, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + hba, e);
    }
  }
}
