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
    assertThat(new DirectoryImageBlobs(root).pathOf(sha256)).isEqualTo(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(jpeg);
    assertThat(store.read(sha256)).isEqualTo(jpeg);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aClaimNotKeptRemovesTheFileItCreated() throws Exception {
    ImageStore store = new ImageStore(root);
    ImageStore.Stored stored = store.claim(TestImages.jpeg(2));

    assertThat(stored.created()).isTrue();
    assertThat(new DirectoryImageBlobs(root).pathOf(stored.sha256())).exists();
    store.settle(stored, false);
    assertThat(new DirectoryImageBlobs(root).pathOf(stored.sha256())).doesNotExist();
  }

  @Test
  void aClaimNotKeptLeavesAFileItDidNotCreateOrThatAnotherRequestKept() throws Exception {
    ImageStore store = new ImageStore(root);
    byte[] existing = TestImages.jpeg(3);
    String sha256 = store.put(existing);
    ImageStore.Stored again = store.claim(existing);
    assertThat(again.created()).isFalse();
    store.settle(again, false);
    assertThat(new DirectoryImageBlobs(root).pathOf(sha256)).exists();

    // Two requests with the same bytes: the first, which wrote the file, fails; the second
    // queued its job meanwhile, so the file stays.
    byte[] shared = TestImages.jpeg(4);
    ImageStore.Stored failing = store.claim(shared);
    ImageStore.Stored succeeding = store.claim(shared);
    store.settle(succeeding, true);
    store.settle(failing, false);
    assertThat(new DirectoryImageBlobs(root).pathOf(failing.sha256())).exists();

    // ... and the other way round: the second is still pending when the first fails.
    byte[] pending = TestImages.jpeg(5);
    ImageStore.Stored first = store.claim(pending);
    ImageStore.Stored second = store.claim(pending);
    store.settle(first, false);
    assertThat(new DirectoryImageBlobs(root).pathOf(first.sha256())).exists();
    store.settle(second, true);
    assertThat(new DirectoryImageBlobs(root).pathOf(first.sha256())).exists();
  }
}
