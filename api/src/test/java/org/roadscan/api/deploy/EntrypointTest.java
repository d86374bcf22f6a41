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
