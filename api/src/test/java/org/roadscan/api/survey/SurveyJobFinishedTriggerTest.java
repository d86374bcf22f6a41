package org.roadscan.api.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roadscan.api.db.PgMigrations;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;

/**
 * The survey event trigger (migrations V11, V12) under two transactions at once, as two worker
 * processes on one database finish jobs of one survey: both jobs' captures observed the same new
 * damage, and it must be announced by one {@code damage-found}, with one {@code survey-done}.
 * The interleaving is forced: the first transaction holds the survey row as its trigger's event
 * inserts do, the second finishes its job and waits for a lock, then the first finishes its own.
 * With V11 (the damage-found check before the survey lock) the two deadlocked here, or, without
 * the deadlock, both wrote damage-found; V12 takes the lock first.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SurveyJobFinishedTriggerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void twoTransactionsFinishingJobsThatSawOneNewDamageWriteOneDamageFound() throws Exception {
    String url = SharedPostgres.newDatabaseUrl();
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    Await.result(PgMigrations.fromClasspath().apply(pool));
    URI uri = URI.create(url);
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();

    String password = SharedPostgres.password();
    try (Connection setup = DriverManager.getConnection(jdbc, "postgres", password);
        Connection first = DriverManager.getConnection(jdbc, "postgres", password);
        Connection second = DriverManager.getConnection(jdbc, "postgres", password)) {
      long survey = id(setup, "INSERT INTO surveys (name, kind, profile) VALUES ('race',"
          + " 'drone', '{}') RETURNING id");
      long damage = id(setup, "INSERT INTO damages (class, lon, lat, uncertainty_m, weight_sum,"
          + " first_seen, last_seen, area_m2, priority_score, priority_parts) VALUES ('D40',"
          + " 7.0989, 51.5036, 1, 1, now(), now(), 0.5, 50, '{}') RETURNING id");
      UUID jobA = runningJobObserving(setup, survey, damage, "a");
      UUID jobB = runningJobObserving(setup, survey, damage, "b");

      first.setAutoCommit(false);
      second.setAutoCommit(false);
      // The first transaction stands where its trigger has written its events (their foreign
      // key holds the survey row FOR KEY SHARE) but not yet locked the survey row.
      id(first, "SELECT id FROM surveys WHERE id = " + survey + " FOR KEY SHARE");
      int secondPid = backendPid(second);
      CompletableFuture<Void> secondDone = CompletableFuture.runAsync(() -> {
        try {
          markDone(second, jobB);
          second.commit();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      awaitWaitingForLock(setup, secondPid);
      markDone(first, jobA);
      first.commit();
      secondDone.get(30, TimeUnit.SECONDS);

      assertThat(count(setup, survey, "damage-found")).as("damage-found events").isEqualTo(1);
      assertThat(count(setup, survey, "frame-processed")).isEqualTo(2);
      assertThat(count(setup, survey, "survey-done")).isEqualTo(1);
    }
  }

  private static UUID runningJobObserving(Connection conn, long survey, long damage, String name)
      throws SQLException {
    String sha = name.repeat(64);
    long capture = id(conn, "INSERT INTO captures (sha256, lon, lat, metadata) VALUES ('" + sha
        + "', 7.0989, 51.5036, '{}') RETURNING id");
    id(conn, "INSERT INTO observations (capture_id, damage_id, class, confidence, box_x0_px,"
        + " box_y0_px, box_x1_px, box_y1_px, lon, lat, uncertainty_m, area_m2, projection)"
        + " VALUES (" + capture + ", " + damage + ", 'D40', 0.9, 0, 0, 10, 10, 7.0989, 51.5036,"
        + " 1, 0.5, 'NADIR') RETURNING id");
    UUID job = UUID.randomUUID();
    try (PreparedStatement insert = conn.prepareStatement("INSERT INTO jobs (id, state,"
        + " image_sha256, file_name, capture_id, survey_id) VALUES (?, 'running', ?, ?, ?, ?)")) {
      insert.setObject(1, job);
      insert.setString(2, sha);
      insert.setString(3, name + ".jpg");
      insert.setLong(4, capture);
      insert.setLong(5, survey);
      insert.executeUpdate();
    }
    return job;
  }

  private static void markDone(Connection conn, UUID job) throws SQLException {
    try (PreparedStatement update = conn.prepareStatement(
        "UPDATE jobs SET state = 'done' WHERE id = ?")) {
      update.setObject(1, job);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  /** Returns once the backend waits for a lock (bounded by the test's timeout). */
  private static void awaitWaitingForLock(Connection conn, int pid) throws Exception {
    try (PreparedStatement query = conn.prepareStatement(
        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?")) {
      query.setInt(1, pid);
      while (true) {
        try (ResultSet rows = query.executeQuery()) {
          if (rows.next() && "Lock".equals(rows.getString(1))) {
            return;
          }
        }
        Thread.onSpinWait();
      }
    }
  }

  private static int backendPid(Connection conn) throws SQLException {
    try (Statement statement = conn.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static long count(Connection conn, long survey, String kind) throws SQLException {
    try (PreparedStatement query = conn.prepareStatement(
        "SELECT count(*) FROM survey_events WHERE survey_id = ? AND kind = ?")) {
      query.setLong(1, survey);
      query.setString(2, kind);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static long id(Connection conn, String sql) throws SQLException {
    try (Statement statement = conn.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
