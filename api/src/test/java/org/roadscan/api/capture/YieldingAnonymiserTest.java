package org.roadscan.api.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.roadscan.detector.privacy.Anonymized;

/**
 * {@link YieldingAnonymiser} with recording fakes (the real blur's equality on one thread is
 * {@code AnonymizerTest}'s): the usual path while the lane is quiet, the one-thread path and at
 * most its turns at once while it is busy.
 */
class YieldingAnonymiserTest {

  /** Counts its calls and the most that ran at once; each takes {@code ms}. */
  private static final class Recording implements ImageAnonymiser {
    final String name;
    final long ms;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    Recording(String name, long ms) {
      this.name = name;
      this.ms = ms;
    }

    @Override
    public Anonymized anonymise(byte[] original) {
      calls.incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      return new Anonymized(name.getBytes(StandardCharsets.US_ASCII), 0, 0, name,
          ImageStore.sha256(original));
    }
  }

  @Test
  void aQuietLaneLeavesTheUsualBlurUnlimited() throws Exception {
    Recording usual = new Recording("usual", 100);
    Recording oneThread = new Recording("one-thread", 0);
    YieldingAnonymiser yielding = new YieldingAnonymiser(usual, oneThread, () -> false, 1);
    runAtOnce(yielding, 4);
    assertThat(usual.calls.get()).isEqualTo(4);
    assertThat(usual.mostAtOnce.get()).isGreaterThan(1);
    assertThat(oneThread.calls.get()).isZero();
  }

  @Test
  void aBusyLaneGetsTheOneThreadBlurAtMostItsTurnsAtOnce() throws Exception {
    Recording usual = new Recording("usual", 0);
    Recording oneThread = new Recording("one-thread", 50);
    YieldingAnonymiser yielding = new YieldingAnonymiser(usual, oneThread, () -> true, 1);
    List<Anonymized> done = runAtOnce(yielding, 4);
    assertThat(done).allSatisfy(a -> assertThat(a.detectorVersion()).isEqualTo("one-thread"));
    assertThat(oneThread.calls.get()).isEqualTo(4);
    assertThat(oneThread.mostAtOnce.get()).isEqualTo(1);
    assertThat(usual.calls.get()).isZero();
  }

  @Test
  void theLaneIsAskedAtEachCall() throws Exception {
    AtomicBoolean busy = new AtomicBoolean(true);
    Recording usual = new Recording("usual", 0);
    Recording oneThread = new Recording("one-thread", 0);
    YieldingAnonymiser yielding = new YieldingAnonymiser(usual, oneThread, busy::get, 2);
    assertThat(yielding.anonymise(new byte[] {1}).detectorVersion()).isEqualTo("one-thread");
    busy.set(false);
    assertThat(yielding.anonymise(new byte[] {2}).detectorVersion()).isEqualTo("usual");
  }

  private static List<Anonymized> runAtOnce(ImageAnonymiser anonymiser, int calls)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(calls);
    try {
      List<Future<Anonymized>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        byte[] image = {(byte) i};
        futures.add(threads.submit(() -> anonymiser.anonymise(image)));
      }
      List<Anonymized> out = new ArrayList<>();
      for (Future<Anonymized> f : futures) {
        out.add(f.get(10, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      threads.shutdownNow();
    }
  }
}
