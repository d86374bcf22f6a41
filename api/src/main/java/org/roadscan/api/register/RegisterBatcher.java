package org.roadscan.api.register;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers captures in batches (group commit): one transaction at a time registers everything
 * submitted since the previous one began, up to {@value #MAX_BATCH} captures, with {@link
 * PgDamageRegister#registerAll}. A capture submitted while the register is idle goes alone and at
 * once, so batching never delays a lone capture; under load (many workers, a bulk import) the
 * per-transaction and per-statement costs are shared by the batch, which is what lets the register
 * keep up with thousands of observations a second ({@code bench/README.md}).
 *
 * <p>Each submission brings the work that must commit with its capture (a job's {@code done}
 * mark); it runs in the batch's transaction after the registration. If a batch fails, each of its
 * captures is retried in a transaction of its own, so one bad capture fails alone.
 *
 * <p>Thread-safe; results complete on the pool's context.
 */
public final class RegisterBatcher {

  /** Most captures registered in one transaction. */
  public static final int MAX_BATCH = 32;

  private static final Logger LOG = LoggerFactory.getLogger(RegisterBatcher.class);

  /** Work that commits together with a registered capture. */
  public interface AlsoInTransaction
      extends BiFunction<SqlConnection, RegisteredCapture, Future<Void>> {
  }

  private record Pending(PgDamageRegister.Registration registration, AlsoInTransaction also,
      Promise<RegisteredCapture> result) {
  }

  private final Pool pool;
  private final PgDamageRegister register;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private boolean flushing;

  public RegisterBatcher(Pool pool, PgDamageRegister register) {
    this.pool = pool;
    this.register = register;
  }

  /**
   * Registers the capture in the next batch; {@code also} runs in the same transaction.
   *
   * @return completes when the batch's transaction committed (or failed)
   */
  public Future<RegisteredCapture> submit(String sha256,
      org.roadscan.detector.CaptureAnalysis analysis, AlsoInTransaction also) {
    Promise<RegisteredCapture> result = Promise.promise();
    synchronized (this) {
      pending.add(new Pending(new PgDamageRegister.Registration(sha256, analysis), also,
          result));
    }
    flush();
    return result.future();
  }

  private void flush() {
    List<Pending> batch = new ArrayList<>();
    synchronized (this) {
      if (flushing || pending.isEmpty()) {
        return;
      }
      flushing = true;
      while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
        batch.add(pending.poll());
      }
    }
    registerTogether(batch)
        .recover(err -> {
          if (batch.size() == 1) {
            batch.get(0).result().tryFail(err);
            return Future.succeededFuture();
          }
          LOG.warn("registering a batch of {} captures failed; registering each alone",
              batch.size(), err);
          Future<Void> chain = Future.succeededFuture();
          for (Pending p : batch) {
            chain = chain.compose(v -> registerTogether(List.of(p))
                .recover(alone -> {
                  p.result().tryFail(alone);
                  return Future.succeededFuture();
                }));
          }
          return chain;
        })
        .onComplete(done -> {
          synchronized (this) {
            flushing = false;
          }
          flush();
        });
  }

  /** One transaction for the batch; completes every promise when it commits. */
  private Future<Void> registerTogether(List<Pending> batch) {
    return pool.withTransaction(tx -> register.registerAll(tx,
            batch.stream().map(Pending::registration).toList())
        .compose(results -> {
          List<Future<Void>> also = new ArrayList<>(batch.size());
          for (int i = 0; i < batch.size(); i++) {
            also.add(batch.get(i).also().apply(tx, results.get(i)));
          }
          return Future.all(also).map(results);
        }))
        .map(results -> {
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().tryComplete(results.get(i));
          }
          return null;
        });
  }
}
