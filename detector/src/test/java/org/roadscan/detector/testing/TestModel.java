package org.roadscan.detector.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

  /**
   * A copy of the model directory in {@code dir} (module, synset and self-check) with its own
   * {@code serving.properties}, for tests of serving settings; the shipped file stays untouched.
   *
   * @return {@code dir}
   */
  public static Path copyWithServing(Path dir, String servingProperties) throws IOException {
    Path model = modelDir();
    Files.createDirectories(dir);
    for (String name : new String[] {"roadscan-damage.pt", "synset.txt", "selfcheck.txt"}) {
      Files.copy(model.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(dir.resolve("serving.properties"), servingProperties);
    return dir;
  }

  /** A photo of {@code sample-images/} at the repository root, found like the model directory. */
  public static Path sampleImage(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("sample-images").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("sample-images/" + name + " not found above "
        + Path.of("").toAbsolutePath());
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
