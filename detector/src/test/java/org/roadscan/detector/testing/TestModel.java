package org.roadscan.detector.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's model directory ({@code models/roadscan-damage} at the repository root) and
 * the test resources from the test's working directory, which Maven sets to {@code detector/} but
 * an IDE may set to the repository root.
 */
public final class TestModel {

  private TestModel() {
  }

  /** The model directory; fails with a clear message when it is missing. */
  public static Path modelDir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("models").resolve("roadscan-damage");
      if (Files.isRegularFile(candidate.resolve("roadscan-damage.pt"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("models/roadscan-damage/roadscan-damage.pt not found above "
        + here + "; export the model first (models/training/export.py)");
  }

  /** A test resource as a file path. */
  public static Path resource(String name) {
    var url = TestModel.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
