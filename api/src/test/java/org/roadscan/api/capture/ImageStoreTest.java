package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.testing.FakeAnonymiser;
import org.roadscan.api.testing.TestImages;

class ImageStoreTest {

  @TempDir
  Path root;

  @Test
  void storesTheAnonymisedBytesUnderTheOriginalsHashAndStoringTwiceIsHarmless()
      throws Exception {
    ImageStore store = new ImageStore(root, FakeAnonymiser.MARKING);
    byte[] jpeg = TestImages.jpeg(1);

    String sha256 = store.put(jpeg);
    String again = store.put(jpeg);

    assertThat(again).isEqualTo(sha256).isEqualTo(ImageStore.sha256(jpeg)).hasSize(64);
    Path file = root.resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
    assertThat(new DirectoryImageBlobs(root).pathOf(sha256)).isEqualTo(file);
    // the file holds what the anonymiser made, never the upload
    assertThat(Files.readAllBytes(file)).isEqualTo(FakeAnonymiser.marked(sha256));
    assertThat(store.read(sha256)).isEqualTo(FakeAnonymiser.marked(sha256));
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aClaimReportsWhatWasBlurredOnlyWhenItWroteTheFile() throws Exception {
    ImageStore store = new ImageStore(root, FakeAnonymiser.MARKING);
    byte[] jpeg = TestImages.jpeg(6);

    ImageStore.Stored first = store.claim(jpeg);
    ImageStore.Stored second = store.claim(jpeg);

    assertThat(first.privacy()).isEqualTo(new ImagePrivacy(first.sha256(), 1, 0, "fake"));
    assertThat(second.created()).isFalse();
    assertThat(second.privacy()).isNull();
    store.settle(first, true);
    store.settle(second, true);
  }

  @Test
  void aStreamedUploadIsAnonymisedFromItsFileWhichIsDeletedAndNeverMovedIntoTheStore()
      throws Exception {
    ImageStore store = new ImageStore(root.resolve("images"), FakeAnonymiser.MARKING);
    byte[] jpeg = TestImages.jpeg(7);
    Path spooled = Files.write(root.resolve("upload.part"), jpeg);
    String sha256 = ImageStore.sha256(jpeg);

    ImageStore.Stored stored = store.claim(spooled, sha256);

    assertThat(stored.created()).isTrue();
    assertThat(spooled).doesNotExist();
    assertThat(store.read(sha256)).isEqualTo(FakeAnonymiser.marked(sha256));

    Path again = Files.write(root.resolve("again.part"), jpeg);
    assertThat(store.claim(again, sha256).created()).isFalse();
    assertThat(again).doesNotExist();
  }

  @Test
  void aFileChangedAfterItWasHashedIsRefusedAndNothingIsStored() throws Exception {
    ImageStore store = new ImageStore(root.resolve("images"), FakeAnonymiser.MARKING);
    Path spooled = Files.write(root.resolve("upload.part"), TestImages.jpeg(8));
    String wrongSha256 = ImageStore.sha256(TestImages.jpeg(9));

    assertThatThrownBy(() -> store.claim(spooled, wrongSha256))
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("changed after");
    assertThat(store.contains(wrongSha256)).isFalse();
    assertThat(spooled).doesNotExist();
  }

  @Test
  void aClaimNotKeptRemovesTheFileItCreated() throws Exception {
    ImageStore store = new ImageStore(root, FakeAnonymiser.MARKING);
    ImageStore.Stored stored = store.claim(TestImages.jpeg(2));

    assertThat(stored.created()).isTrue();
    assertThat(new DirectoryImageBlobs(root).pathOf(stored.sha256())).exists();
    store.settle(stored, false);
    assertThat(new DirectoryImageBlobs(root).pathOf(stored.sha256())).doesNotExist();
  }

  @Test
  void aClaimNotKeptLeavesAFileItDidNotCreateOrThatAnotherRequestKept() throws Exception {
    ImageStore store = new ImageStore(root, FakeAnonymiser.MARKING);
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
