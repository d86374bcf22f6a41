package org.roadscan.api.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.roadscan.api.db.EmbeddedPostgresServer;
import org.roadscan.api.db.Postmaster;

/**
 * Runs an embedded PostgreSQL in a child JVM for {@code EmbeddedPostgresServerTest}, prints
 * {@code pid <postmaster pid>} and waits until it is killed. {@code raw DIR}: zonky alone, as the
 * service ran it before issue #26 (no watchdog), so killing this JVM leaves an orphan server;
 * {@code service DIR}: {@link EmbeddedPostgresServer}, watchdog included.
 */
public final class PostgresChildMain {

  private PostgresChildMain() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    long pid;
    if ("raw".equals(args[0])) {
      EmbeddedPostgres.builder().setDataDirectory(dir.toFile()).setCleanDataDirectory(false)
          .start();
      pid = Postmaster.recorded(dir).orElseThrow().pid();
    } else {
      pid = EmbeddedPostgresServer.start(dir).pid();
    }
    System.out.println("pid " + pid);
    System.out.flush();
    // Until killed: the parent never writes, so this read blocks.
    System.in.read();
  }
}
