package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.testing.FakeAnonymiser;
import org.roadscan.api.testing.TestImages;

/**
 * What every {@link ImageBlobs} promises, run against each implementation (a directory, an S3
 * bucket on a real S3 server) by its subclass, with real JPEG bytes.
 */
abstract class ImageBlobsContract {

  @TempDir
  Path temp;

  /** The store under test, empty. */
  abstract ImageBlobs blobs();

  @Test
  void storesBytesUnderTheirHashOnceAndReadsThemBack() throws Exception {
    byte[] jpeg = TestImages.jpeg(11);
    String sha256 = ImageStore.sha256(jpeg);
    assertThat(blobs().contains(sha256)).isFalse();

    assertThat(blobs().putIfAbsent(sha256, jpeg)).as("created").isTrue();
    assertThat(blobs().putIfAbsent(sha256, jpeg)).as("stored before").isFalse();

    assertThat(blobs().contains(sha256)).isTrue();
    assertThat(blobs().read(sha256)).isEqualTo(jpeg);
    assertThat(blobs().location(sha256).toString()).endsWith(
        sha256.substring(0, 2) + "/" + sha256 + ".jpg");
  }

  @Test
  void anImageNotStoredIsNoSuchFile() {
    String sha256 = "0".repeat(64);
    assertThatThrownBy(() -> blobs().read(sha256)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void deleteRemovesAndDeletingNothingIsHarmless() throws Exception {
    byte[] jpeg = TestImages.jpeg(12);
    String sha256 = ImageStore.sha256(jpeg);
    blobs().putIfAbsent(sha256, jpeg);

    blobs().delete(sha256);
    blobs().delete(sha256);

    assertThat(blobs().contains(sha256)).isFalse();
    assertThatThrownBy(() -> blobs().read(sha256)).isInstanceOf(NoSuchFileException.class);
    assertThat(blobs().putIfAbsent(sha256, jpeg)).as("stored again after deletion").isTrue();
  }

  @Test
  void keysAreHashesNeverPaths() {
    for (String bad : List.of("../../etc/passwd", "A".repeat(64), "ab", "0".repeat(63) + "/")) {
      assertThatThrownBy(() -> blobs().putIfAbsent(bad, new byte[] {1}))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> blobs().read(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void concurrentWritersOfTheSameBytesLeaveOneIntactImage() throws Exception {
    byte[] jpeg = TestImages.jpeg(14);
    String sha256 = ImageStore.sha256(jpeg);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Boolean>> writes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        writes.add(pool.submit(() -> blobs().putIfAbsent(sha256, jpeg)));
      }
      int created = 0;
      for (Future<Boolean> write : writes) {
        created += write.get() ? 1 : 0;
      }
      assertThat(created).isGreaterThanOrEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(blobs().read(sha256)).isEqualTo(jpeg);
  }

  @Test
  void aClaimNotKeptRemovesTheImageItCreatedAndOneKeptStays() throws Exception {
    ImageStore store = new ImageStore(blobs(), FakeAnonymiser.MARKING);
    ImageStore.Stored dropped = store.claim(TestImages.jpeg(15));
    assertThat(dropped.created()).isTrue();
    store.settle(dropped, false);
    assertThat(blobs().contains(dropped.sha256())).isFalse();

    ImageStore.Stored kept = store.claim(TestImages.jpeg(16));
    store.settle(kept, true);
    assertThat(store.contains(kept.sha256())).isTrue();
    assertThat(store.claim(TestImages.jpeg(16)).created()).as("a re-upload").isFalse();
  }

  @Test
  void theStoreIsUsable() throws Exception {
    blobs().check();
  }
}
