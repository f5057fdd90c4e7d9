package dev.pledge.server.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.pledge.server.EmbeddedDatabasePasswords;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A database of its own on the tests' embedded PostgreSQL, migrated, with an {@link AuditTrail} on
 * it: for tests that tamper with the trail, which must not touch the one other tests share. The
 * connection is the superuser's, like an attacker who has taken the database over.
 */
public final class AuditTestDatabase implements AutoCloseable {

  /** The superuser, for the CLI's --database-user. */
  public static final String USER = "postgres";

  private final JdbcClient admin;
  private final String password;
  private final String name;
  private final String url;
  private final HikariDataSource dataSource;
  private final AuditTrail trail;

  /**
   * @param context the shared test server (to reach its embedded PostgreSQL as the superuser)
   * @param keys where this database's audit keys live
   * @param checkpointEvery sign a checkpoint with every this many entries
   */
  public AuditTestDatabase(ApplicationContext context, Path keys, int checkpointEvery) {
    EmbeddedPostgres pg = context.getBean(EmbeddedPostgres.class);
    this.password = context.getBean(EmbeddedDatabasePasswords.class).superuser();
    this.admin = JdbcClient.create(pg.getPostgresDatabase());
    this.name = "audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin.sql("create database " + name).update();
    this.url = "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name;
    this.dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(url);
    dataSource.setUsername(USER);
    dataSource.setPassword(password);
    dataSource.setMaximumPoolSize(8);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    this.trail =
        new AuditTrail(
            dataSource,
            new DataSourceTransactionManager(dataSource),
            new AuditKeys(keys),
            new AuditSettings(checkpointEvery, java.time.Duration.ofHours(1)),
            Clock.systemUTC());
  }

  public AuditTrail trail() {
    return trail;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** The superuser's password, for the CLI's --database-password. */
  public String password() {
    return password;
  }

  /** The JDBC URL, for the CLI's --database-url. */
  public String url() {
    return url;
  }

  /** Appends {@code n} entries, as a retention sweep would. */
  public void appendEntries(int n) {
    for (int i = 1; i <= n; i++) {
      trail.append(
          AuditRecord.of("system:retention", "retention.expired")
              .property("reference-site")
              .category("user.device.access_logs")
              .store("access_log")
              .count(i)
              .detail("run", i));
    }
  }

  /** Runs SQL as the superuser with the append-only triggers off, as an attacker would. */
  public void tamper(String... statements) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    jdbc.sql("alter table audit_entry disable trigger audit_entry_append_only").update();
    jdbc.sql("alter table audit_checkpoint disable trigger audit_checkpoint_append_only").update();
    jdbc.sql("alter table audit_signing_key disable trigger audit_signing_key_append_only")
        .update();
    for (String sql : statements) {
      jdbc.sql(sql).update();
    }
  }

  @Override
  public void close() {
    dataSource.close();
    admin.sql("drop database if exists " + name + " with (force)").update();
  }
}
