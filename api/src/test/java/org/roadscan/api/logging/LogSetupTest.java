package org.roadscan.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.roadscan.api.config.OpsConfig;

/** Issue #32: libraries quiet, the service at its level, JSON lines that parse. */
class LogSetupTest {

  @Test
  void librariesLogWarningsOnlyAndTheServiceLogsAtItsLevel() {
    LoggerContext context = new LoggerContext();
    LogSetup.apply(context, OpsConfig.LogFormat.TEXT, "info");

    // zonky's initdb and server output, Vert.x deployment notes, DJL banners
    for (String library : new String[] {"io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
        "io.vertx.core.impl.DeploymentManager", "ai.djl.pytorch.engine.PtEngine"}) {
      assertThat(context.getLogger(library).isInfoEnabled()).as(library).isFalse();
      assertThat(context.getLogger(library).isWarnEnabled()).as(library).isTrue();
    }
    assertThat(context.getLogger("org.roadscan.api.jobs.JobWorkers").isInfoEnabled()).isTrue();
    assertThat(context.getLogger("org.roadscan.api.jobs.JobWorkers").isDebugEnabled()).isFalse();

    LogSetup.apply(context, OpsConfig.LogFormat.TEXT, "warn");
    assertThat(context.getLogger("org.roadscan.api.jobs.JobWorkers").isInfoEnabled()).isFalse();
  }

  @Test
  void aJsonLineCarriesTheEventItsKeyValuesAndItsStackTraceOnOneLine() {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("org.roadscan.api.jobs.JobWorkers");
    UUID job = UUID.randomUUID();
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
        "job {} failed", new IllegalStateException("disk\nfull"), new Object[] {job});
    event.addKeyValuePair(new org.slf4j.event.KeyValuePair("jobId", job));
    event.addKeyValuePair(new org.slf4j.event.KeyValuePair("analysedMs", 1234L));
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("level")).isEqualTo("WARN");
    assertThat(json.getString("logger")).isEqualTo("org.roadscan.api.jobs.JobWorkers");
    assertThat(json.getString("message")).isEqualTo("job " + job + " failed");
    assertThat(json.getString("jobId")).isEqualTo(job.toString());
    assertThat(json.getLong("analysedMs")).isEqualTo(1234L);
    assertThat(json.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(json.getString("error")).contains("IllegalStateException: disk\nfull")
        .contains("at org.roadscan.api.logging.LogSetupTest");
  }
}
