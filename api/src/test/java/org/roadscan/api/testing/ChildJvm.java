package org.roadscan.api.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM on this test JVM's classpath, for tests that kill a process the way the OOM killer
 * does ({@link #kill}: SIGKILL on Linux, no shutdown hook runs). Its output goes to a log file
 * (read it when a test fails) or, with {@link #startPiped}, to the parent line by line.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final BufferedReader output;

  private ChildJvm(Process process, BufferedReader output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code mainClass} with system properties {@code properties}, output into {@code log}. */
  public static ChildJvm start(Class<?> mainClass, Map<String, String> properties, Path log,
      String... args) {
    return start(mainClass, List.of(), Map.of(), properties, log, args);
  }

  /**
   * Starts {@code mainClass} like {@link #start(Class, Map, Path, String...)}, with further JVM
   * options ({@code -Xmx}, {@code -XX:ActiveProcessorCount=1}) after the default ones and further
   * environment variables.
   */
  public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions,
      Map<String, String> environment, Map<String, String> properties, Path log, String... args) {
    ProcessBuilder builder = new ProcessBuilder(command(mainClass, jvmOptions, properties, args))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      return new ChildJvm(builder.start(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code mainClass}; its standard output is read with {@link #readLine}. */
  public static ChildJvm startPiped(Class<?> mainClass, String... args) {
    ProcessBuilder builder = new ProcessBuilder(command(mainClass, List.of(), Map.of(), args))
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      return new ChildJvm(process, new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> command(Class<?> mainClass, List<String> jvmOptions,
      Map<String, String> properties, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** The next line of standard output that starts with {@code prefix}, without it. Blocking. */
  public String readLine(String prefix) {
    try {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("child exited before printing " + prefix);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** CPU time the process has used so far (user + system), seconds; NaN where unknown. */
  public double cpuSeconds() {
    return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** SIGKILL, as the OOM killer sends it; returns once the process is gone. */
  public void kill() {
    process.destroyForcibly();
    waitFor(30);
  }

  /** The exit code once the process has ended (143 after SIGTERM, 137 after SIGKILL). */
  public int exitCode() {
    return process.exitValue();
  }

  /** SIGTERM (a graceful stop through the shutdown hook); SIGKILL after {@code timeoutS}. */
  public void stop(long timeoutS) {
    process.destroy();
    if (!waitFor(timeoutS)) {
      kill();
    }
  }

  private boolean waitFor(long timeoutS) {
    try {
      return process.waitFor(timeoutS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  /** A TCP port free right now, for a child service to listen on. */
  public static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
