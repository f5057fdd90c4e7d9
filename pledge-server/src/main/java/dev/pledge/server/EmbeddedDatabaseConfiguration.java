package dev.pledge.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs PostgreSQL in-process when no external database URL is configured, so a newcomer needs
 * nothing installed. The data directory survives restarts; tests use an ephemeral one.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedDatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(PledgeSettings settings) throws IOException {
    PledgeSettings.EmbeddedDatabase config = settings.embeddedDatabase();
    Path dir =
        config.ephemeral()
            ? Files.createTempDirectory("pledge-pg-")
            : settings.dataDir().resolve("postgres").toAbsolutePath();
    Files.createDirectories(dir.getParent());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(config.ephemeral())
            // Keep the server's own chatter out of our logs: it can contain statement text.
            .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
            .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
            .setServerConfig("max_connections", "100")
            // Analytics ingest writes steadily: fewer, spread-out checkpoints keep commits from
            // stalling behind checkpoint I/O (the defaults checkpoint every few seconds under
            // load).
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("checkpoint_timeout", "15min")
            .setServerConfig("checkpoint_completion_target", "0.9");
    if (config.port() > 0) {
      builder.setPort(config.port());
    }
    try {
      EmbeddedPostgres pg = builder.start();
      log.info("Embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
      return pg;
    } catch (IOException | IllegalStateException e) {
      throw new UncheckedIOException(
          new IOException(
              "Could not start the embedded PostgreSQL in "
                  + dir
                  + ". Is another Pledge using this data directory? Stop it, or pass another"
                  + " --data-dir, or point Pledge at an external database with"
                  + " PLEDGE_DATABASE_URL.",
              e));
    }
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(EmbeddedPostgres pg) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
    hikari.setUsername("postgres");
    hikari.setPoolName("pledge");
    hikari.setMaximumPoolSize(16);
    return new HikariDataSource(hikari);
  }
}
