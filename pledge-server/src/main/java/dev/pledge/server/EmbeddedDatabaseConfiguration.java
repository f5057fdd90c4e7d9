package dev.pledge.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs PostgreSQL in-process when no external database URL is configured, so a newcomer needs
 * nothing installed. The data directory survives restarts; tests use an ephemeral one. Durable (the
 * library's defaults turn fsync and synchronous commit off) and closed to other local users ({@link
 * EmbeddedDatabaseLockdown}); the server connects as {@value EmbeddedDatabasePasswords#APP_ROLE}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedDatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

  /**
   * Server settings for durability and access. The library starts postgres with {@code -F} (fsync
   * off) and {@code -c synchronous_commit=off}; its {@code -c} options come after {@code -F} on the
   * command line, and the last setting of an option wins, so these turn both back on.
   */
  static final Map<String, String> SERVER_SETTINGS =
      Map.of(
          "fsync", "on",
          "synchronous_commit", "on",
          "full_page_writes", "on",
          "listen_addresses", "127.0.0.1,::1",
          // No Unix socket: the library's binaries would put it in /tmp, open to every user.
          "unix_socket_directories", "",
          "password_encryption", "scram-sha-256");

  @Bean
  EmbeddedDatabasePasswords embeddedDatabasePasswords(PledgeSettings settings) throws IOException {
    return EmbeddedDatabasePasswords.loadOrCreate(settings.dataDir());
  }

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(PledgeSettings settings, EmbeddedDatabasePasswords passwords)
      throws IOException {
    PledgeSettings.EmbeddedDatabase config = settings.embeddedDatabase();
    Path dir =
        config.ephemeral()
            ? Files.createTempDirectory("pledge-pg-")
            : settings.dataDir().resolve("postgres").toAbsolutePath();
    Files.createDirectories(dir.getParent());
    EmbeddedDatabaseLockdown lockdown = new EmbeddedDatabaseLockdown(passwords);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(config.ephemeral())
            .setPgBinaryResolver(PostgresBinaries.INSTANCE)
            .setOverrideWorkingDirectory(PostgresBinaries.WORKING_DIRECTORY.toFile())
            // Runs after initdb, before the server starts.
            .setDataDirectoryCustomizer(lockdown::beforeStart)
            // The library checks readiness as the superuser.
            .setConnectConfig("password", passwords.superuser())
            // Keep the server's own chatter out of our logs: it can contain statement text.
            .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
            .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
            // The library gives up after 10 s; a busy or slow machine (a CI runner, a laptop
            // on battery) can take longer to run initdb and start, and failing then is worse.
            .setPGStartupWait(Duration.ofSeconds(60))
            // Stopped as a bean, after everything that uses it: the library's own JVM shutdown
            // hook would stop it at once, beside Spring's, while beans still write (a stopped
            // demo logged broken connections and took over 30 s to exit).
            .setRegisterShutdownHook(false)
            .setServerConfig("max_connections", "100")
            // Analytics ingest writes steadily: fewer, spread-out checkpoints keep commits from
            // stalling behind checkpoint I/O (the defaults checkpoint every few seconds under
            // load).
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("checkpoint_timeout", "15min")
            .setServerConfig("checkpoint_completion_target", "0.9");
    SERVER_SETTINGS.forEach(builder::setServerConfig);
    if (config.port() > 0) {
      builder.setPort(config.port());
    }
    EmbeddedPostgres pg;
    try {
      pg = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          new IOException(
              "Could not start the embedded PostgreSQL in "
                  + dir
                  + ". Is another Pledge using this data directory? Stop it, or pass another"
                  + " --data-dir, or point Pledge at an external database with"
                  + " PLEDGE_DATABASE_URL.",
              e));
    }
    try {
      lockdown.grantApplicationRole(pg.getPostgresDatabase());
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
    log.info(
        "Embedded PostgreSQL on port {} with data in {}; the server connects as {}, passwords in {}",
        pg.getPort(),
        dir,
        EmbeddedDatabasePasswords.APP_ROLE,
        settings.dataDir().resolve(EmbeddedDatabasePasswords.FILE_NAME));
    return pg;
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(EmbeddedPostgres pg, EmbeddedDatabasePasswords passwords) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
    hikari.setUsername(EmbeddedDatabasePasswords.APP_ROLE);
    hikari.setPassword(passwords.app());
    hikari.setPoolName("pledge");
    hikari.setMaximumPoolSize(16);
    return new HikariDataSource(hikari);
  }
}
