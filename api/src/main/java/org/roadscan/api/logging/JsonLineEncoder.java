package org.roadscan.api.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log event and line ({@code ROADSCAN_LOG_FORMAT=json}): {@code time} (ISO
 * 8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code message} (arguments filled
 * in), the event's key-value pairs as fields of their own (e.g. a job's {@code jobId}), and
 * {@code error} with the stack trace when there is one. Flat, so Loki, Elasticsearch and jq read
 * it without a schema. Thread-safe (stateless).
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    JsonObject line = new JsonObject()
        .put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString())
        .put("level", event.getLevel().toString())
        .put("logger", event.getLoggerName())
        .put("thread", event.getThreadName())
        .put("message", event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        if (!line.containsKey(pair.key)) {
          Object value = pair.value;
          line.put(pair.key, value == null || value instanceof Number || value instanceof Boolean
              ? value : value.toString());
        }
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.put("error", ThrowableProxyUtil.asString(error));
    }
    // JSON escapes every newline inside a string: the event stays on one line
    return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
