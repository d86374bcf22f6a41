package org.roadscan.api.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema change, {@code V<version>__<description>.sql}, applied once in its own
 * transaction.
 *
 * @param version the number after {@code V}, strictly increasing
 * @param name the resource file name
 * @param sql the statements, run with the simple query protocol (several statements allowed)
 */
public record Migration(int version, String name, String sql) {

  private static final Pattern NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

  public Migration {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1: " + name);
    }
  }

  /** Builds a migration from its file name, e.g. {@code V2__jobs.sql}. */
  public static Migration of(String name, String sql) {
    Matcher matcher = NAME.matcher(name);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("migration name must look like V1__init.sql: " + name);
    }
    return new Migration(Integer.parseInt(matcher.group(1)), name, sql);
  }

  /** SHA-256 of the SQL text, recorded so an edited, already-applied migration is detected. */
  public String checksum() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(sql.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
