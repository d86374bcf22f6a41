package org.roadscan.detector.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EvaluationProgressTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private long now = 1_000;

  private EvaluationProgress progress(int total) {
    return new EvaluationProgress(new PrintStream(err, true, StandardCharsets.UTF_8), total,
        () -> now, TimeUnit.SECONDS.toNanos(10));
  }

  private String lines() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsAtMostOneLinePerIntervalWithRateAndTimeLeft() {
    EvaluationProgress p = progress(1000);
    now += TimeUnit.SECONDS.toNanos(4);
    p.imagesDone(20);
    assertThat(lines()).isEmpty();
    now += TimeUnit.SECONDS.toNanos(6);
    p.imagesDone(50); // 10 s in: 5 images/s, 950 left
    assertThat(lines()).isEqualTo(
        "evaluate: 50 of 1000 images (5 %), 5.0 images/s, about 3 min 10 s left\n");
    now += TimeUnit.SECONDS.toNanos(9);
    p.imagesDone(95);
    assertThat(lines().lines()).hasSize(1);
    now += TimeUnit.SECONDS.toNanos(1);
    p.imagesDone(100);
    assertThat(lines().lines()).hasSize(2).last().asString()
        .isEqualTo("evaluate: 100 of 1000 images (10 %), 5.0 images/s, about 3 min 0 s left");
  }

  @Test
  void theLastImageAndShortRunsPrintNothing() {
    EvaluationProgress p = progress(3);
    now += TimeUnit.SECONDS.toNanos(1);
    p.imagesDone(1);
    now += TimeUnit.SECONDS.toNanos(30);
    p.imagesDone(3);
    assertThat(lines()).isEmpty();
  }

  @Test
  void durationsReadLikeAClock() {
    assertThat(EvaluationProgress.duration(42)).isEqualTo("42 s");
    assertThat(EvaluationProgress.duration(200)).isEqualTo("3 min 20 s");
    assertThat(EvaluationProgress.duration(3900)).isEqualTo("1 h 5 min");
  }
}
