package org.roadscan.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * GDAL's {@code ogrinfo}, the reader QGIS builds on, for tests of what the service serves to GIS
 * clients. CI installs gdal-bin ({@code .ci/run}) and sets {@code CI}: there a missing ogrinfo
 * fails the test; elsewhere the GDAL check is skipped.
 */
public final class Ogrinfo {

  private Ogrinfo() {
  }

  /** Skips the calling test where ogrinfo is missing, fails it where CI is set. */
  public static void requireInstalled() {
    boolean installed = onPath("ogrinfo");
    if (!installed && System.getenv("CI") != null) {
      throw new AssertionError("ogrinfo not on PATH but CI is set: install gdal-bin");
    }
    Assumptions.assumeTrue(installed,
        "ogrinfo (gdal-bin) is not installed; the GDAL check runs on CI, where it is");
  }

  /** Whether ogrinfo can run here. */
  public static boolean installed() {
    return onPath("ogrinfo");
  }

  /**
   * Runs ogrinfo (blocking: call on a worker thread) and returns stdout and stderr. Its HTTP
   * requests carry the tests' admin token ({@code GDAL_HTTP_HEADERS}, GDAL 3.6 and later), as a
   * QGIS connection with an API header would.
   */
  public static String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("ogrinfo");
    command.addAll(List.of("--config", "GDAL_HTTP_HEADERS",
        "Authorization: " + TestService.ADMIN_AUTHORIZATION));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("ogrinfo did not finish in 60 s");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("ogrinfo exit status; output:%n%s", text).isZero();
    return text;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, program).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
