package org.roadscan.api.feed;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.roadscan.api.capture.ImageAnonymiser;
import org.roadscan.api.problem.Problem;
import org.roadscan.api.problem.ProblemException;
import org.roadscan.api.problem.ProblemType;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.privacy.Anonymized;

/**
 * The live lane's scheduler: at most {@code workers} frames analysed at once, on the lane's own
 * executor ({@code roadscan-feed}) with the lane's own analyzer (its own predictors), so a frame
 * never waits behind a survey job. Frames wait in one small queue per stream ({@code
 * queuePerStream}); a frame arriving at a full queue drops that stream's <em>oldest</em> waiting
 * frame, whose caller gets 429 {@code frame-dropped}: for a fire crew the newest view matters, a
 * backlog of stale frames does not. Free workers take the streams in turn (round robin), so one
 * busy stream cannot starve another.
 *
 * <p>Thread-safe (its state is guarded by this object's lock). Results complete on the context
 * that submitted the frame that started the analysis, normally the verticle's event loop.
 */
public final class FeedLane {

  /** Streams whose counters are kept, most recently used; older ones are forgotten. */
  private static final int MAX_STREAMS = 1024;

  private record Waiting(FeedFrame frame, Promise<FeedResult> result, long queuedNanos) {
  }

  /** One stream's queue and how many of its frames were dropped. */
  private static final class Stream {
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    long dropped;
    /** When a worker last took a frame of this stream (a tick of the lane), 0 never. */
    long lastServed;
  }

  /** What a worker made of a frame: the blurred copy to store, then the analysis. */
  private record Done(Anonymized anonymized, long anonymisedMs, CaptureAnalysis analysis) {
  }

  private final WorkerExecutor executor;
  private final ImageAnonymiser anonymiser;
  private final int workers;
  private final int queuePerStream;
  private final Consumer<FeedFrame> onDropped;
  private final AtomicLong frameIds = new AtomicLong();
  /** In order of arrival; the turn goes to the waiting stream served longest ago. */
  private final LinkedHashMap<String, Stream> streams = new LinkedHashMap<>();
  private long ticks;
  private volatile CaptureAnalyzer analyzer;
  private int running;
  /** System.nanoTime() when the last analysis ended. */
  private long lastEndNanos = Long.MIN_VALUE / 2;

  /**
   * How long after its last frame the lane still counts as busy: longer than the gap between two
   * frames of a live feed (2 frames/s), so the survey does not take the cores back in between.
   */
  public static final long BUSY_HOLD_MS = 2000;

  /**
   * @param executor the lane's executor, with at least {@code workers} threads
   * @param anonymiser the lane's own anonymisers (at least {@code workers}): every frame is
   *     blurred on the worker that analyses it, inside the latency the crew sees (issue #31)
   * @param workers frames analysed at once (the analyzer's predictors)
   * @param queuePerStream frames of one stream that may wait
   * @param onDropped told of every dropped frame (after its caller was answered)
   */
  public FeedLane(WorkerExecutor executor, ImageAnonymiser anonymiser, int workers,
      int queuePerStream, Consumer<FeedFrame> onDropped) {
    if (workers < 1 || queuePerStream < 1) {
      throw new IllegalArgumentException("workers and queuePerStream must be >= 1");
    }
    this.executor = executor;
    this.anonymiser = anonymiser;
    this.workers = workers;
    this.queuePerStream = queuePerStream;
    this.onDropped = onDropped;
  }

  /** Starts serving with the lane's analyzer, once it is loaded. */
  public void ready(CaptureAnalyzer analyzer) {
    this.analyzer = analyzer;
    dispatch();
  }

  /** Whether an analyzer is loaded. */
  public boolean isReady() {
    return analyzer != null;
  }

  /**
   * Queues a frame for analysis.
   *
   * @return the analysis; failed with a {@link ProblemException} 429 {@code frame-dropped} when a
   *     newer frame of the stream pushed it out, 503 when the lane has no analyzer yet, or the
   *     detector's refusal ({@link org.roadscan.detector.CaptureException})
   */
  public Future<FeedResult> submit(FeedFrame frame) {
    if (analyzer == null) {
      return Future.failedFuture(new ProblemException(Problem.of(ProblemType.UNAVAILABLE,
          "the feed's model is still loading (or the feed is off: ROADSCAN_FEED_WORKERS=0)",
          null).with("retryAfterS", 5)));
    }
    Promise<FeedResult> result = Promise.promise();
    Waiting pushedOut = null;
    long droppedSoFar;
    synchronized (this) {
      Stream stream = streams.get(frame.stream());
      if (stream == null) {
        stream = new Stream();
        streams.put(frame.stream(), stream);
        forgetIdleStreams();
      }
      if (stream.waiting.size() >= queuePerStream) {
        pushedOut = stream.waiting.poll();
        stream.dropped++;
      }
      droppedSoFar = stream.dropped;
      stream.waiting.add(new Waiting(frame, result, System.nanoTime()));
    }
    if (pushedOut != null) {
      pushedOut.result().tryFail(new ProblemException(Problem.of(ProblemType.FRAME_DROPPED,
          "a newer frame of stream " + frame.stream() + " arrived while this one waited; the"
              + " lane keeps " + queuePerStream + " waiting frame(s) per stream and drops the"
              + " oldest", null).with("dropped", droppedSoFar)));
      onDropped.accept(pushedOut.frame());
    }
    dispatch();
    return result.future();
  }

  /**
   * Whether the lane is active: a frame is running or waiting, or one ended within {@link
   * #BUSY_HOLD_MS}. The survey workers yield cores while it is ({@code JobWorkers.yieldTo}).
   */
  public synchronized boolean busy() {
    return running > 0 || waiting() > 0
        || System.nanoTime() - lastEndNanos < BUSY_HOLD_MS * 1_000_000;
  }

  /** Frames of {@code stream} dropped so far. */
  public synchronized long dropped(String stream) {
    Stream s = streams.get(stream);
    return s == null ? 0 : s.dropped;
  }

  /** Frames waiting in all streams (for tests and health). */
  public synchronized int waiting() {
    return streams.values().stream().mapToInt(s -> s.waiting.size()).sum();
  }

  private void forgetIdleStreams() {
    Iterator<Map.Entry<String, Stream>> it = streams.entrySet().iterator();
    while (streams.size() > MAX_STREAMS && it.hasNext()) {
      if (it.next().getValue().waiting.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Starts analyses while workers are free and frames wait, taking the streams in turn. */
  private void dispatch() {
    while (true) {
      Waiting next;
      long droppedSoFar;
      synchronized (this) {
        if (analyzer == null || running >= workers) {
          return;
        }
        // round robin: the waiting stream whose frame a worker took longest ago (or never)
        Stream turn = null;
        for (Stream s : streams.values()) {
          if (!s.waiting.isEmpty() && (turn == null || s.lastServed < turn.lastServed)) {
            turn = s;
          }
        }
        if (turn == null) {
          return;
        }
        next = turn.waiting.poll();
        droppedSoFar = turn.dropped;
        turn.lastServed = ++ticks;
        running++;
      }
      run(next, droppedSoFar);
    }
  }

  private void run(Waiting waiting, long droppedSoFar) {
    long startNanos = System.nanoTime();
    long waitedMs = (startNanos - waiting.queuedNanos()) / 1_000_000;
    CaptureAnalyzer using = analyzer;
    executor.executeBlocking(() -> {
          long anonymiseStart = System.nanoTime();
          // blurred before the analysis: a frame is never answered without its stored copy's
          // anonymisation done (the registrar stores this copy, never the frame as sent)
          Anonymized anonymized = anonymiser.anonymise(waiting.frame().jpeg());
          long anonymisedMs = (System.nanoTime() - anonymiseStart) / 1_000_000;
          return new Done(anonymized, anonymisedMs,
              using.analyze(waiting.frame().jpeg(), waiting.frame().context()));
        }, false)
        .onComplete(done -> {
          synchronized (this) {
            running--;
            lastEndNanos = System.nanoTime();
          }
          if (done.succeeded()) {
            Done result = done.result();
            waiting.result().tryComplete(new FeedResult(frameIds.incrementAndGet(),
                waiting.frame(), result.analysis(), Instant.now(), waitedMs,
                (System.nanoTime() - startNanos) / 1_000_000, droppedSoFar,
                result.anonymized(), result.anonymisedMs()));
          } else {
            waiting.result().tryFail(done.cause());
          }
          dispatch();
        });
  }
}
