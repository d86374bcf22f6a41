package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.testing.TestImages;

class ImageStoreTest {

  @TempDir
  Path root;

  @Test
  void storesBytesUnderTheirHashAndStoringTwiceIsHarmless() throws Exception {
    ImageStore store = new ImageStore(root);
    byte[] jpeg = TestImages.jpeg(1);

    String sha256 = store.put(jpeg);
    String again = store.put(jpeg);

    assertThat(again).isEqualTo(sha256).hasSize(64);
    Path file = root.resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
    assertThat(store.pathOf(sha256)).isEqualTo(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(jpeg);
    assertThat(store.read(sha256)).isEqualTo(jpeg);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }
}
