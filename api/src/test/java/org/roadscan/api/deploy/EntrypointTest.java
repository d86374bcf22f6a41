package org.roadscan.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's entrypoint ({@code docker-entrypoint.sh}, issue #32) run as a plain command, as
 * no container engine runs here: the java command line it builds (heap from the container's
 * memory, offline DJL, options passed through) and, with the classes of this build in place of
 * the image's jar, the service's own start and sub-commands behind it.
 */
class EntrypointTest {

  private static final Path ENTRYPOINT = Path.of("..", "docker-entrypoint.sh");

  private record Run(int exitCode, String out, String err) {
  }

  @Test
  void theJavaCommandSizesTheHeapFromTheContainerAndPassesArgumentsThrough()
      throws Exception {
    Run run = run(Map.of("ROADSCAN_DRY_RUN", "1", "JAVA_MAX_RAM_PERCENTAGE", "62.5",
        "JAVA_OPTS", "-XX:ActiveProcessorCount=2 -Dexample=1"), "token", "list");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).isEqualTo("java -XX:MaxRAMPercentage=62.5"
        + " -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true -XX:ActiveProcessorCount=2"
        + " -Dexample=1 -cp /opt/roadscan/roadscan.jar org.roadscan.api.Main token list");
    assertThat(Files.isExecutable(ENTRYPOINT)).as("the image runs it directly").isTrue();
  }

  @Test
  void aHeapShareOutsideOneToNinetyFivePercentIsRefusedNamingTheVariable() throws Exception {
    for (String percentage : List.of("0", "99", "half", "-5", "1.2.3")) {
      Run run = run(Map.of("ROADSCAN_DRY_RUN", "1", "JAVA_MAX_RAM_PERCENTAGE", percentage));
      assertThat(run.exitCode()).as(percentage).isEqualTo(2);
      assertThat(run.err()).contains("JAVA_MAX_RAM_PERCENTAGE");
    }
  }

  @Test
  void theServiceStartsBehindItAndStopsOnABadSettingWithItsMessage() throws Exception {
    // the service's start path, stopped by configuration validation before it opens anything
    Run start = run(withThisBuild(Map.of("ROADSCAN_WORKERS", "-1")));
    assertThat(start.exitCode()).as(start.err()).isEqualTo(2);
    assertThat(start.err()).contains("roadscan: configuration error: ROADSCAN_WORKERS");
    // a sub-command through the same command line
    Run help = run(withThisBuild(Map.of()), "evaluate", "--help");
    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("usage: evaluate --images DIR --labels DIR");
  }

  @Test
  void libtorchsNnpackLineIsDroppedFromStandardErrorAndNothingElse(@TempDir Path dir)
      throws Exception {
    // a stand-in for java that writes what libtorch writes on every forward pass on this kind of
    // CPU, a line that matters, and exits with its own status
    Path java = dir.resolve("java");
    Files.writeString(java, "#!/bin/sh\n"
        + "echo '[W1205 19:14:29.566704010 NNPACK.cpp:57] Could not initialize NNPACK! Reason:"
        + " Unsupported hardware.' >&2\n"
        + "echo 'WARN a warning that means something' >&2\n"
        + "echo 'out line'\n"
        + "exit 3\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Map<String, String> env = Map.of("JAVA", java.toString(), "TMPDIR", dir.toString());

    Run filtered = runPiped(env);
    assertThat(filtered.exitCode()).as("java's own status").isEqualTo(3);
    assertThat(filtered.out()).isEqualTo("out line\n");
    assertThat(filtered.err()).isEqualTo("WARN a warning that means something\n");
    try (var left = Files.list(dir)) {
      assertThat(left.map(Path::getFileName).map(Path::toString)).as("the FIFO is removed")
          .containsExactly("java");
    }
    Run unfiltered = runPiped(Map.of("JAVA", java.toString(), "TMPDIR", dir.toString(),
        "ROADSCAN_STDERR_FILTER", "off"));
    assertThat(unfiltered.err()).contains("Could not initialize NNPACK")
        .contains("WARN a warning that means something");
  }

  /**
   * Runs the entrypoint reading its output through pipes: standard error ends only when every
   * process writing it (java and the filter) has closed it.
   */
  private static Run runPiped(Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", ENTRYPOINT.toString());
    builder.environment().keySet().removeIf(key -> key.startsWith("ROADSCAN_")
        || key.startsWith("JAVA_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the entrypoint did not exit");
    }
    return new Run(process.exitValue(), out, err.get(1, TimeUnit.MINUTES));
  }

  /** The entrypoint with this JVM and this build's class path in place of the image's jar. */
  private static Map<String, String> withThisBuild(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("JAVA", ProcessHandle.current().info().command().orElse("java"));
    all.put("ROADSCAN_CLASSPATH", System.getProperty("java.class.path"));
    all.put("JAVA_MAX_RAM_PERCENTAGE", "10");
    return all;
  }

  private static Run run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", ENTRYPOINT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(key -> key.startsWith("ROADSCAN_")
        || key.startsWith("JAVA_"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile("entrypoint", ".out");
    Path err = Files.createTempFile("entrypoint", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the entrypoint did not exit: " + command);
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
