package org.roadscan.api.survey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;

/**
 * Expands a ZIP of a photo folder safely: its JPEG entries become temporary files (hashed while
 * written), every other entry is skipped with the reason. Refuses the whole archive, naming the
 * entry, when an entry's path could escape a folder ({@code ..}, an absolute or drive path) or is
 * a symbolic link (422 {@code unsafe-archive}), when it has more than {@link #MAX_ENTRIES}
 * entries or expands beyond the total limit (413 {@code archive-too-large}), or when data expands
 * more than {@link #MAX_RATIO} times (422 {@code unsafe-archive}: a zip bomb). Sizes are counted
 * while reading: the sizes in the headers are never trusted. A JPEG entry above the per-image
 * limit is refused alone (413 {@code image-too-large}).
 *
 * <p>Blocking: call on the I/O executor. Not thread-safe; one instance per archive.
 */
final class ZipExpansion {

  /** Most entries (files, folders, skipped ones) an archive may have. */
  static final int MAX_ENTRIES = 10_000;
  /** Largest expansion of data: JPEGs hardly compress, a zip bomb does by thousands. */
  static final double MAX_RATIO = 100;
  /** Bytes an entry may expand to before the ratio is judged (small text files compress well). */
  static final long RATIO_FLOOR_BYTES = 1024 * 1024;

  private static final int CHUNK_BYTES = 64 * 1024;

  /** A JPEG entry, written to {@code file}. */
  record Image(String entry, Path file, String sha256, long bytes) {
  }

  /** An entry left out: not a photo, or refused alone. */
  record Skipped(String entry, String reason, Problem problem) {
  }

  /** What an archive held. */
  record Result(List<Image> images, List<Skipped> skipped) {
  }

  private final Path workDir;
  private final long maxImageBytes;
  private final long maxTotalBytes;
  private final List<Path> written = new ArrayList<>();

  ZipExpansion(Path workDir, long maxImageBytes, long maxTotalBytes) {
    this.workDir = workDir;
    this.maxImageBytes = maxImageBytes;
    this.maxTotalBytes = maxTotalBytes;
  }

  /**
   * Expands the archive; on any failure the files written so far are deleted.
   *
   * @param fileName the part's file name, quoted in problems
   * @throws ProblemException when the archive is unsafe or not a ZIP
   */
  Result expand(Path zip, String fileName) throws IOException {
    try {
      return read(zip, fileName);
    } catch (IOException | RuntimeException e) {
      for (Path file : written) {
        Files.deleteIfExists(file);
      }
      if (e instanceof IOException && !(e.getCause() instanceof ProblemException)) {
        throw new ProblemException(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, fileName
            + " is not a readable ZIP archive (" + e.getMessage() + ")", MediaPart.ZIP.value())
            .with("fileName", fileName));
      }
      throw e;
    }
  }

  private Result read(Path zip, String fileName) throws IOException {
    long archiveBytes = Files.size(zip);
    List<Image> images = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    try (ZipFile archive = ZipFile.builder().setPath(zip).get()) {
      List<ZipArchiveEntry> entries = new ArrayList<>();
      for (ZipArchiveEntry entry : Collections.list(archive.getEntries())) {
        entries.add(entry);
        if (entries.size() > MAX_ENTRIES) {
          throw refused(ProblemType.ARCHIVE_TOO_LARGE, fileName, entry.getName(), fileName
              + " has more than " + MAX_ENTRIES + " entries");
        }
        checkSafe(entry, fileName);
      }
      long totalBytes = 0;
      for (ZipArchiveEntry entry : entries) {
        String name = entry.getName();
        String reason = skipReason(entry);
        if (reason != null) {
          if (!entry.isDirectory()) {
            skipped.add(new Skipped(name, reason, null));
          }
          continue;
        }
        if (!archive.canReadEntryData(entry)) {
          skipped.add(new Skipped(name, "encrypted or compressed with an unsupported method",
              null));
          continue;
        }
        Path file = workDir.resolve("zip-" + UUID.randomUUID() + ".part");
        written.add(file);
        MessageDigest digest = sha256();
        long entryBytes = 0;
        boolean tooLarge = false;
        try (InputStream in = archive.getInputStream(entry);
            FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
          byte[] chunk = new byte[CHUNK_BYTES];
          int n;
          while ((n = in.read(chunk)) > 0) {
            entryBytes += n;
            totalBytes += n;
            if (entryBytes > RATIO_FLOOR_BYTES
                && entryBytes > MAX_RATIO * Math.max(1, entry.getCompressedSize())
                || totalBytes > RATIO_FLOOR_BYTES && totalBytes > MAX_RATIO * archiveBytes) {
              throw refused(ProblemType.UNSAFE_ARCHIVE, fileName, name, name + " in " + fileName
                  + " expands more than " + (int) MAX_RATIO + " times (a zip bomb?)");
            }
            if (totalBytes > maxTotalBytes) {
              throw refused(ProblemType.ARCHIVE_TOO_LARGE, fileName, name, fileName
                  + " expands to more than " + maxTotalBytes + " bytes");
            }
            if (entryBytes > maxImageBytes) {
              tooLarge = true;
              break;
            }
            digest.update(chunk, 0, n);
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
            while (buffer.hasRemaining()) {
              out.write(buffer);
            }
          }
          out.force(true);
        }
        if (tooLarge) {
          Files.delete(file);
          written.remove(file);
          skipped.add(new Skipped(name, "larger than the per-image limit", Problem.of(
              ProblemType.IMAGE_TOO_LARGE, name + " in " + fileName + " has more than "
                  + maxImageBytes + " bytes; the limit per image is " + maxImageBytes,
              MediaPart.ZIP.value()).with("entry", name).with("maxImageBytes", maxImageBytes)));
          continue;
        }
        images.add(new Image(name, file, HexFormat.of().formatHex(digest.digest()), entryBytes));
      }
    }
    return new Result(images, skipped);
  }

  /** Refuses an entry whose path could escape the folder, or a link. */
  private static void checkSafe(ZipArchiveEntry entry, String fileName) {
    String name = entry.getName();
    String path = name.replace('\\', '/');
    boolean escapes = path.startsWith("/") || path.matches("^[A-Za-z]:.*") || name.indexOf(0) >= 0
        || List.of(path.split("/")).contains("..");
    if (escapes) {
      throw refused(ProblemType.UNSAFE_ARCHIVE, fileName, name, "entry '" + name + "' of "
          + fileName + " has a path that leaves the archive's folder");
    }
    if (entry.isUnixSymlink()) {
      throw refused(ProblemType.UNSAFE_ARCHIVE, fileName, name, "entry '" + name + "' of "
          + fileName + " is a symbolic link");
    }
  }

  /** Why an entry is not a photo to analyse, or null for a JPEG. */
  private static String skipReason(ZipArchiveEntry entry) {
    if (entry.isDirectory()) {
      return "folder";
    }
    String path = entry.getName().replace('\\', '/');
    String base = path.substring(path.lastIndexOf('/') + 1);
    if (path.startsWith("__MACOSX/") || path.contains("/__MACOSX/")) {
      return "macOS metadata (__MACOSX)";
    }
    if (base.startsWith(".")) {
      return "hidden file";
    }
    String lower = base.toLowerCase(Locale.ROOT);
    if (!lower.endsWith(".jpg") && !lower.endsWith(".jpeg")) {
      return "not a JPEG photo (.jpg, .jpeg)";
    }
    return null;
  }

  private static ProblemException refused(ProblemType type, String fileName, String entry,
      String detail) {
    return new ProblemException(Problem.of(type, detail, MediaPart.ZIP.value())
        .with("fileName", fileName).with("entry", entry));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
