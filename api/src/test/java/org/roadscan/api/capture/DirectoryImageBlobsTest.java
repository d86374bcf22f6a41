package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.ConfigException;
import org.roadscan.api.testing.TestImages;

/** The {@link ImageBlobsContract} of a directory, and where its files lie. */
class DirectoryImageBlobsTest extends ImageBlobsContract {

  private DirectoryImageBlobs blobs;

  @BeforeEach
  void createStore() {
    blobs = new DirectoryImageBlobs(temp.resolve("images"));
  }

  @Override
  ImageBlobs blobs() {
    return blobs;
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsRefusedNamingTheDataDir() throws Exception {
    Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
    DirectoryImageBlobs blocked = new DirectoryImageBlobs(file.resolve("images"));
    assertThatThrownBy(blocked::check).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(AppConfig.DATA_DIR + ":");
  }

  @Test
  void anImageIsAFileUnderItsHashWithNothingLeftBeside() throws Exception {
    byte[] jpeg = TestImages.jpeg(21);
    String sha256 = ImageStore.sha256(jpeg);
    blobs.putIfAbsent(sha256, jpeg);

    Path file = temp.resolve("images").resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
    assertThat(blobs.pathOf(sha256)).isEqualTo(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(jpeg);
    assertThat(blobs.location(sha256)).isEqualTo(file.toUri());
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }
}
