package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Data directories made by earlier Pledge versions — the library's defaults: {@code trust} for
 * every local connection, a superuser without a password, every table owned by it — are locked down
 * at their next start and keep working under the application role (issue 11).
 */
class EmbeddedDatabaseUpgradeTest {

  @TempDir Path data;

  @Test
  @DisplayName(
      "an earlier version's data directory is locked down at start; its data, migrations,"
          + " partitions and COPY work as pledge_app")
  void earlierDataDirectoryIsMigrated() throws Exception {
    try (EmbeddedPostgres earlier = EarlierEmbeddedDatabase.start(data)) {
      DataSource superuser = earlier.getPostgresDatabase();
      Flyway.configure().dataSource(superuser).locations("classpath:db/migration").load().migrate();
      JdbcClient jdbc = JdbcClient.create(superuser);
      jdbc.sql(
              "insert into policy_version (property_id, sha256, effective, source)"
                  + " values ('reference-site', 'abc', date '2025-01-01', 'policy')")
          .update();
      jdbc.sql(
              "create table analytics_event_reference_site partition of analytics_event"
                  + " for values in ('reference-site') partition by range (day)")
          .update();
      jdbc.sql(
              "create table analytics_event_reference_site_20250101 partition of"
                  + " analytics_event_reference_site for values from ('2025-01-01') to"
                  + " ('2025-01-02')")
          .update();
      assertThat(connectWithoutPassword(earlier, "postgres"))
          .as("the earlier version's open door")
          .isTrue();
    }
    assertThat(data.resolve(EmbeddedDatabasePasswords.FILE_NAME)).doesNotExist();

    try (Started started = start()) {
      assertThat(connectWithoutPassword(started.pg(), "postgres")).isFalse();
      assertThat(connectWithoutPassword(started.pg(), EmbeddedDatabasePasswords.APP_ROLE))
          .isFalse();
      Path hba = data.resolve("postgres/pg_hba.conf");
      assertThat(Files.readString(hba))
          .startsWith(EmbeddedDatabaseLockdown.HBA_HEADER)
          .doesNotContain("trust");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hba)))
          .isEqualTo("rw-------");

      JdbcClient app = JdbcClient.create(started.app());
      assertThat(app.sql("select current_user").query(String.class).single())
          .isEqualTo(EmbeddedDatabasePasswords.APP_ROLE);
      assertThat(
              Flyway.configure()
                  .dataSource(started.app())
                  .locations("classpath:db/migration")
                  .load()
                  .migrate()
                  .migrationsExecuted)
          .as("the history is readable and complete")
          .isZero();
      assertThat(app.sql("select sha256 from policy_version").query(String.class).list())
          .containsExactly("abc");
      assertThat(
              app.sql(
                      """
                      select c.relname from pg_class c
                      where c.relnamespace = 'public'::regnamespace
                        and c.relkind in ('r', 'p', 'v', 'm', 'S', 'i')
                        and c.relowner <> current_user::regrole
                      union all
                      select p.proname from pg_proc p
                      where p.pronamespace = 'public'::regnamespace
                        and p.proowner <> current_user::regrole
                      """)
                  .query(String.class)
                  .list())
          .as("objects of the schema the application role does not own")
          .isEmpty();

      // What the server does at run time: new day partitions, COPY of events, dropped days.
      app.sql(
              "create table analytics_event_reference_site_20250102 partition of"
                  + " analytics_event_reference_site for values from ('2025-01-02') to"
                  + " ('2025-01-03')")
          .update();
      try (Connection c = started.app().getConnection()) {
        long copied =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                    "COPY analytics_event (property_id, received_at, day, visitor_id, name, path,"
                        + " source, channel, browser, os, device) FROM STDIN",
                    new StringReader(
                        "reference-site\t2025-01-02 10:00:00+00\t2025-01-02\t1\tpageview\t/\t"
                            + "direct\tdirect\tFirefox\tLinux\tdesktop\n"));
        assertThat(copied).isEqualTo(1);
      }
      app.sql("drop table analytics_event_reference_site_20250101").update();
      assertThat(app.sql("select count(*) from analytics_event").query(Long.class).single())
          .isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a locked-down data directory starts again; a deleted password file is replaced")
  void restartsAndRenewsPasswords() throws Exception {
    EmbeddedDatabasePasswords first;
    try (Started started = start()) {
      first = started.passwords();
      JdbcClient.create(started.app()).sql("create table kept (n int)").update();
    }
    try (Started again = start()) {
      assertThat(again.passwords()).isEqualTo(first);
      assertThat(
              JdbcClient.create(again.app())
                  .sql("select count(*) from kept")
                  .query(Long.class)
                  .single())
          .isZero();
    }
    Files.delete(data.resolve(EmbeddedDatabasePasswords.FILE_NAME));
    try (Started renewed = start()) {
      assertThat(renewed.passwords().superuser()).isNotEqualTo(first.superuser());
      assertThat(renewed.passwords().app()).isNotEqualTo(first.app());
      assertThat(
              JdbcClient.create(renewed.app())
                  .sql("select count(*) from kept")
                  .query(Long.class)
                  .single())
          .isZero();
      assertThatThrownBy(
              () ->
                  renewed
                      .pg()
                      .getDatabase("postgres", "postgres", Map.of("password", first.superuser()))
                      .getConnection()
                      .close())
          .as("the old superuser password")
          .hasMessageContaining("password authentication failed");
    }
  }

  /** The embedded database as the server starts it on {@link #data}. */
  private Started start() throws Exception {
    PledgeSettings settings =
        new PledgeSettings(
            data, List.of(), new PledgeSettings.EmbeddedDatabase(false, 0), false, false);
    EmbeddedDatabaseConfiguration config = new EmbeddedDatabaseConfiguration();
    EmbeddedDatabasePasswords passwords = config.embeddedDatabasePasswords(settings);
    EmbeddedPostgres pg = config.embeddedPostgres(settings, passwords);
    return new Started(pg, (HikariDataSource) config.dataSource(pg, passwords), passwords);
  }

  private record Started(
      EmbeddedPostgres pg, HikariDataSource app, EmbeddedDatabasePasswords passwords)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      app.close();
      pg.close();
    }
  }

  private static boolean connectWithoutPassword(EmbeddedPostgres pg, String user) {
    try (Connection c = pg.getDatabase(user, "postgres", Map.of()).getConnection()) {
      return c.isValid(5);
    } catch (SQLException refused) {
      return false;
    }
  }
}
