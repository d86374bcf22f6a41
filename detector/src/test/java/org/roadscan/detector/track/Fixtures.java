package org.roadscan.detector.track;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helper: the files under {@code src/test/resources/track/}. */
final class Fixtures {
  private Fixtures() {
  }

  static InputStream stream(String name) {
    InputStream in = Fixtures.class.getResourceAsStream("/track/" + name);
    if (in == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    return in;
  }

  static String text(String name) {
    try (InputStream in = stream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
