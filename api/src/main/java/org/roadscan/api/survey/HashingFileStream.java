package org.roadscan.api.survey;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Writes a streamed upload part to an {@link AsyncFile} while hashing it (SHA-256, updated per
 * chunk) and counting its bytes; a write that would take the part past {@code maxBytes} fails
 * instead, so a {@code pipeTo} into this stream stops the part without buffering it. {@link
 * #end()} forces the file to disk and closes it. Backpressure is the file's. Confined to the
 * event loop of the request.
 */
final class HashingFileStream implements WriteStream<Buffer> {

  /** Leading bytes kept to recognise the format (MP4 {@code ftyp}, JPEG SOI). */
  static final int HEAD_BYTES = 16;

  /** The write that would have crossed the limit. */
  static final class LimitExceeded extends RuntimeException {
    LimitExceeded() {
      super("part over its size limit", null, false, false);
    }
  }

  private final AsyncFile file;
  private final MessageDigest digest;
  private final long maxBytes;
  private final byte[] head = new byte[HEAD_BYTES];
  private long bytes;
  private boolean overLimit;
  private Future<Void> ended;

  HashingFileStream(AsyncFile file, long maxBytes) {
    this.file = file;
    this.maxBytes = maxBytes;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (overLimit || bytes + data.length() > maxBytes) {
      overLimit = true;
      return Future.failedFuture(new LimitExceeded());
    }
    byte[] chunk = data.getBytes();
    if (bytes < HEAD_BYTES) {
      System.arraycopy(chunk, 0, head, (int) bytes, (int) Math.min(chunk.length,
          HEAD_BYTES - bytes));
    }
    bytes += chunk.length;
    digest.update(chunk);
    return file.write(data);
  }

  @Override
  public Future<Void> end() {
    if (ended == null) {
      ended = file.flush().eventually(file::close);
    }
    return ended;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    file.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
    return this;
  }

  boolean overLimit() {
    return overLimit;
  }

  long bytes() {
    return bytes;
  }

  /** The leading bytes written (fewer when the part was shorter). */
  byte[] head() {
    return Arrays.copyOf(head, (int) Math.min(bytes, HEAD_BYTES));
  }

  /** Hex SHA-256 of everything written; call once, after {@link #end()}. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
