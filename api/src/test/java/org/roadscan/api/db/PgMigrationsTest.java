package org.roadscan.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.SharedPostgres;

class PgMigrationsTest {

  private Vertx vertx;
  private String dbUrl;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    dbUrl = SharedPostgres.newDatabaseUrl();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private Pool pool() {
    return PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(dbUrl)).using(vertx).build();
  }

  @Test
  void applyingTwiceAppliesEachMigrationOnce() {
    PgMigrations migrations = PgMigrations.fromClasspath();
    Pool pool = pool();

    List<Integer> first = Await.result(migrations.apply(pool));
    List<Integer> second = Await.result(migrations.apply(pool));

    assertThat(first).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
        18, 19);
    assertThat(second).isEmpty();
    List<Integer> recorded = new ArrayList<>();
    for (Row row : Await.result(pool.query(
        "SELECT version FROM schema_migrations ORDER BY version").execute())) {
      recorded.add(row.getInteger("version"));
    }
    assertThat(recorded).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
        18, 19);
    Row tables = Await.result(pool.query("SELECT count(*) AS n FROM information_schema.tables "
        + "WHERE table_name IN ('captures','observations','damages','damage_events','jobs')")
        .execute()).iterator().next();
    assertThat(tables.getLong("n")).isEqualTo(5);
  }

  @Test
  void twoInstancesStartingAtOnceDoNotRace() {
    PgMigrations migrations = PgMigrations.fromClasspath();
    Pool a = pool();
    Pool b = pool();

    List<Integer> fromA = new ArrayList<>();
    List<Integer> fromB = new ArrayList<>();
    Await.result(Future.all(migrations.apply(a).onSuccess(fromA::addAll),
        migrations.apply(b).onSuccess(fromB::addAll)));

    List<Integer> all = new ArrayList<>(fromA);
    all.addAll(fromB);
    assertThat(all).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 17, 18, 19);
  }

  @Test
  void aMigrationEditedAfterItWasAppliedFailsTheStart() {
    Pool pool = pool();
    Await.result(PgMigrations.fromClasspath().apply(pool));
    Migration original = PgMigrations.fromClasspath().migrations().get(0);
    PgMigrations edited = new PgMigrations(List.of(
        Migration.of(original.name(), original.sql() + "\n-- edited")));

    Throwable failure = Await.failure(edited.apply(pool));

    assertThat(failure).hasMessageContaining(original.name()).hasMessageContaining("changed");
  }
}
