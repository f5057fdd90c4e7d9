package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The shared test server's embedded PostgreSQL, configured as for real use (issue 11): durable, and
 * closed to everyone without the passwords in the data directory; the server itself holds no
 * superuser rights.
 */
@WithRunningServer
class EmbeddedDatabaseTest {

  @Autowired JdbcClient jdbc;
  @Autowired EmbeddedPostgres pg;
  @Autowired PledgeSettings settings;
  @Autowired DatabaseDurabilityCheck durabilityCheck;

  @Test
  @DisplayName("the server's database runs with fsync, synchronous_commit and full_page_writes on")
  void durable() {
    for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
      assertThat(jdbc.sql("show " + setting).query(String.class).single())
          .as(setting + ", as the server's own connections see it")
          .isEqualTo("on");
    }
    assertThat(
            jdbc.sql("select source from pg_settings where name = 'fsync'")
                .query(String.class)
                .single())
        .as("set on the command line, where the library's -F was")
        .isEqualTo("command line");
    assertThat(durabilityCheck.settingsOff()).isEmpty();
  }

  @Test
  @DisplayName("the server connects as pledge_app: no superuser, no file or program access")
  void applicationRoleHasNoSpecialRights() {
    assertThat(jdbc.sql("select current_user").query(String.class).single())
        .isEqualTo(EmbeddedDatabasePasswords.APP_ROLE);
    assertThat(
            jdbc.sql(
                    "select rolsuper or rolcreaterole or rolcreatedb or rolreplication"
                        + " or rolbypassrls from pg_roles where rolname = current_user")
                .query(Boolean.class)
                .single())
        .isFalse();
    for (String role :
        new String[] {
          "pg_read_server_files", "pg_write_server_files", "pg_execute_server_program"
        }) {
      assertThat(
              jdbc.sql("select pg_has_role(current_user, :role, 'member')")
                  .param("role", role)
                  .query(Boolean.class)
                  .single())
          .as("member of " + role)
          .isFalse();
    }
    Path masterKey = settings.dataDir().resolve("keys/master.json").toAbsolutePath();
    assertThatThrownBy(
            () ->
                jdbc.sql("select pg_read_file(:file)")
                    .param("file", masterKey.toString())
                    .query(String.class)
                    .single())
        .rootCause()
        .hasMessageContaining("permission denied for function pg_read_file");
    assertThatThrownBy(() -> jdbc.sql("copy (select 1) to program 'id'").update())
        .rootCause()
        .hasMessageContaining("permission denied to COPY to or from an external program");
    assertThat(
            jdbc.sql(
                    "select count(*) from pg_class where relnamespace = 'public'::regnamespace"
                        + " and relkind in ('r', 'p') and relowner <> current_user::regrole")
                .query(Long.class)
                .single())
        .as("tables of the schema it does not own")
        .isZero();
  }

  @Test
  @DisplayName("a connection without the password is refused, as postgres and as pledge_app")
  void passwordRequired() {
    for (String user : new String[] {"postgres", EmbeddedDatabasePasswords.APP_ROLE}) {
      assertThatThrownBy(() -> connect(user, Map.of()).close())
          .as(user + " without a password")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("no password was provided");
      assertThatThrownBy(() -> connect(user, Map.of("password", "guess")).close())
          .as(user + " with a wrong password")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
    }
  }

  @Test
  @DisplayName("pg_hba.conf trusts nobody; the server listens on loopback only, with no socket")
  void noTrustLoopbackOnly() throws Exception {
    JdbcClient superuser = JdbcClient.create(pg.getPostgresDatabase());
    assertThat(
            superuser
                .sql("select distinct auth_method from pg_hba_file_rules")
                .query(String.class)
                .list())
        .containsExactly("scram-sha-256");
    assertThat(
            superuser.sql("select distinct type from pg_hba_file_rules").query(String.class).list())
        .as("no 'local' (Unix socket) rule")
        .containsExactly("host");
    assertThat(superuser.sql("show listen_addresses").query(String.class).single())
        .isEqualTo("127.0.0.1,::1");
    assertThat(superuser.sql("show unix_socket_directories").query(String.class).single())
        .isEmpty();
    assertThat(superuser.sql("show password_encryption").query(String.class).single())
        .isEqualTo("scram-sha-256");
  }

  @Test
  @DisplayName("the database passwords are kept in the data directory, readable by the owner only")
  void passwordFileOwnerOnly() throws Exception {
    Path file = settings.dataDir().resolve(EmbeddedDatabasePasswords.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    EmbeddedDatabasePasswords passwords = EmbeddedDatabasePasswords.read(settings.dataDir()).get();
    try (Connection c = connect("postgres", Map.of("password", passwords.superuser()))) {
      assertThat(c.isValid(5)).isTrue();
    }
    try (Connection c =
        connect(EmbeddedDatabasePasswords.APP_ROLE, Map.of("password", passwords.app()))) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  private Connection connect(String user, Map<String, String> properties) throws SQLException {
    return pg.getDatabase(user, "postgres", properties).getConnection();
  }
}
