package org.roadscan.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PgOutageTest {

  @Test
  void connectionFailuresAndTimeoutsAreOutages() {
    assertThat(PgOutage.isOutage(new ConnectException("Connection refused"))).isTrue();
    assertThat(PgOutage.isOutage(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(PgOutage.isOutage(new TimeoutException())).isTrue();
    assertThat(PgOutage.isOutage(new IllegalStateException("wrapped",
        new ConnectException("Connection refused")))).isTrue();
    assertThat(PgOutage.isOutage(new VertxException("Timeout waiting for connection", true)))
        .isTrue();
    assertThat(PgOutage.isOutage(new PgException("terminating connection due to administrator "
        + "command", "FATAL", "57P01", null))).isTrue();
    assertThat(PgOutage.isOutage(new PgException("canceling statement due to statement timeout",
        "ERROR", "57014", null))).isTrue();
  }

  @Test
  void bugsAndBadDataAreNot() {
    assertThat(PgOutage.isOutage(new PgException("duplicate key", "ERROR", "23505", null)))
        .isFalse();
    assertThat(PgOutage.isOutage(new IllegalArgumentException("bad"))).isFalse();
    assertThat(PgOutage.isOutage(null)).isFalse();
  }
}
