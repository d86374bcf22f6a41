package org.roadscan.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.testing.ChildJvm;
import org.roadscan.api.testing.PostgresChildMain;

/**
 * The embedded server's durability settings and what happens when the JVM that runs it is killed
 * (issue #26): the server a killed JVM leaves is stopped by the watchdog, and, without one, by the
 * next start. No login without the generated password (issue #30), also for a cluster initialised
 * with zonky's {@code trust} before.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedPostgresServerTest {

  @Test
  void isDurableByDefaultAndNotWhenAskedTo(@TempDir Path dir) throws Exception {
    try (EmbeddedPostgresServer durable = EmbeddedPostgresServer.start(dir.resolve("durable"))) {
      assertThat(setting(durable, "fsync")).isEqualTo("on");
      assertThat(setting(durable, "synchronous_commit")).isEqualTo("on");
    }
    try (EmbeddedPostgresServer fast = EmbeddedPostgresServer.start(dir.resolve("fast"), false)) {
      assertThat(setting(fast, "fsync")).isEqualTo("off");
      assertThat(setting(fast, "synchronous_commit")).isEqualTo("off");
    }
  }

  @Test
  void aServerLeftByAKilledJvmIsStoppedAtTheNextStart(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("pg");
    long orphan;
    try (ChildJvm child = ChildJvm.startPiped(PostgresChildMain.class, "raw", data.toString())) {
      orphan = Long.parseLong(child.readLine("pid "));
      child.kill();
    }
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
        .as("the server outlived its JVM").contains(true);
    assertThat(new Postmaster(orphan, data).isRunning()).isTrue();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).isNotEqualTo(
          java.util.Optional.of(true));
      assertThat(server.pid()).isNotEqualTo(orphan);
      assertThat(setting(server, "fsync")).isEqualTo("on");
    }
  }

  @Test
  void theWatchdogStopsTheServerSoonAfterItsJvmIsKilled(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("pg");
    long postmaster;
    try (ChildJvm child = ChildJvm.startPiped(PostgresChildMain.class, "service",
        data.toString())) {
      postmaster = Long.parseLong(child.readLine("pid "));
      child.kill();
    }
    ProcessHandle.of(postmaster).ifPresent(process ->
        process.onExit().orTimeout(60, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).isNotEqualTo(
        java.util.Optional.of(true));
    // and the directory starts again at once
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      assertThat(setting(server, "fsync")).isEqualTo("on");
    }
  }

  @Test
  void aDirectoryInUseIsRefusedAndItsServerLeftAlone(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("pg");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(data))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
      assertThat(setting(server, "fsync")).isEqualTo("on");
    }
  }

  @Test
  void refusesALoginWithoutTheGeneratedPasswordAndKeepsItOwnerOnly(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("pg");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      assertRefusedWithout(server);
      assertThat(server.password()).hasSizeGreaterThanOrEqualTo(43);
      Path file = data.resolve(ClusterPassword.FILE);
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE);
      assertThat(Files.readString(file).strip()).isEqualTo(server.password());
      assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust")
          .contains("scram-sha-256");
      assertThat(setting(server, "listen_addresses")).isEqualTo("localhost");
    }
    // the next start keeps the password
    String first;
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data)) {
      assertRefusedWithout(again);
      assertThat(setting(again, "fsync")).isEqualTo("on");
      first = again.password();
    }
    // a removed password file is replaced by a new password
    Files.delete(data.resolve(ClusterPassword.FILE));
    try (EmbeddedPostgresServer renewed = EmbeddedPostgresServer.start(data)) {
      assertThat(renewed.password()).isNotEqualTo(first);
      assertRefusedWithout(renewed);
      assertThat(setting(renewed, "fsync")).isEqualTo("on");
    }
  }

  @Test
  void aClusterThatTrustedLocalLoginsIsGivenAPassword(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("pg");
    // a cluster as zonky initialises it, as the service did before issue #30
    try (EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(data.toFile())
        .setCleanDataDirectory(false).start();
        Connection conn = DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + trusting.getPort() + "/postgres", "postgres", "")) {
      assertThat(conn.isValid(5)).as("trust admits a login without password").isTrue();
    }
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      assertRefusedWithout(server);
      assertThat(setting(server, "fsync")).isEqualTo("on");
      assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
    }
  }

  @Test
  void theServerOfARunningServiceIsFoundWithItsPortAndPassword(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("pg");
    try (ChildJvm child = ChildJvm.startPiped(PostgresChildMain.class, "service",
        data.toString())) {
      child.readLine("pid ");
      var options = EmbeddedPostgresServer.ofRunning(data).orElseThrow();
      try (Connection conn = DriverManager.getConnection("jdbc:postgresql://localhost:"
          + options.getPort() + "/postgres", options.getUser(), options.getPassword())) {
        assertThat(conn.isValid(5)).isTrue();
      }
      child.kill();
    }
    assertThat(EmbeddedPostgresServer.ofRunning(data)).isEmpty();
  }

  private static void assertRefusedWithout(EmbeddedPostgresServer server) {
    for (String password : new String[] {"", "postgres"}) {
      assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"),
          "postgres", password).close())
          .as("login with password '" + password + "'")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
    }
  }

  private static String setting(EmbeddedPostgresServer server, String name) throws SQLException {
    try (Connection conn = DriverManager.getConnection(
            server.jdbcUrl("postgres"), "postgres", server.password());
        Statement statement = conn.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
