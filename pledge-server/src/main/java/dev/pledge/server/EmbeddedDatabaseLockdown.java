package dev.pledge.server;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.util.PasswordUtil;

/**
 * Closes the embedded PostgreSQL to everyone but Pledge. The library creates its clusters with
 * {@code trust} for every local connection and a superuser without a password; at every start,
 * before the server runs, this sets the superuser's password from {@link EmbeddedDatabasePasswords}
 * in single-user mode (no connection, so no moment with an open door) and rewrites pg_hba.conf to
 * password authentication over loopback only — which also migrates data directories of earlier
 * Pledge versions. Once the server runs, the application role is made to own the schema, without
 * superuser rights: no file access, no programs.
 */
final class EmbeddedDatabaseLockdown {

  static final String HBA_HEADER =
      "# pg_hba.conf of Pledge's embedded PostgreSQL, rewritten by Pledge at every start.";

  private final EmbeddedDatabasePasswords passwords;

  EmbeddedDatabaseLockdown(EmbeddedDatabasePasswords passwords) {
    this.passwords = passwords;
  }

  /** Before the server starts: the superuser's password, and pg_hba.conf. */
  void beforeStart(File dataDirectory) {
    Path pgData = dataDirectory.toPath();
    try {
      setSuperuserPassword(pgData);
      writeHba(pgData);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void setSuperuserPassword(Path pgData) throws IOException {
    // The verifier, not the password, goes to the server: nothing it could log reveals it.
    String verifier = PasswordUtil.encodeScramSha256(passwords.superuser().toCharArray());
    String sql =
        "ALTER ROLE " + EmbeddedDatabasePasswords.SUPERUSER + " PASSWORD '" + verifier + "';\n";
    List<String> command = PostgresBinaries.INSTANCE.command("postgres");
    command.addAll(
        List.of("--single", "-D", pgData.toString(), "-c", "exit_on_error=on", "postgres"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(sql.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      // Crash recovery of an unclean shutdown runs first, hence the generous limit.
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("postgres --single did not finish within 10 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while setting the database superuser's password", e);
    }
    if (process.exitValue() != 0) {
      // Only the error lines: a STATEMENT line would repeat the password verifier.
      String errors =
          output
              .lines()
              .filter(l -> l.contains("FATAL:") || l.contains("ERROR:"))
              .map(l -> l.substring(l.indexOf(l.contains("FATAL:") ? "FATAL:" : "ERROR:")))
              .collect(Collectors.joining("; "));
      throw new IOException(
          "could not set the database superuser's password (postgres --single exited with "
              + process.exitValue()
              + (errors.isEmpty() ? "" : ": " + errors)
              + ")");
    }
  }

  private static void writeHba(Path pgData) throws IOException {
    String hba =
        HBA_HEADER
            + "\n"
            + "# Password (SCRAM-SHA-256) authentication only, over loopback only; no Unix socket."
            + "\n# The passwords are in the data directory's "
            + EmbeddedDatabasePasswords.FILE_NAME
            + ". Edits here are lost at the next start.\n"
            + "# TYPE  DATABASE  USER  ADDRESS        METHOD\n"
            + "host    all       all   127.0.0.1/32   scram-sha-256\n"
            + "host    all       all   ::1/128        scram-sha-256\n";
    // Owner-only like the rest of the cluster's files (a temporary file is created so).
    Path temp = Files.createTempFile(pgData, "pg_hba.conf.", ".tmp");
    try {
      Files.writeString(temp, hba, StandardCharsets.UTF_8);
      Files.move(
          temp,
          pgData.resolve("pg_hba.conf"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Once the server runs, as the superuser: the application role exists with its password and no
   * special rights, may create schemas, and owns the public schema and everything in it — including
   * what earlier Pledge versions created as the superuser, so that it can migrate, and create and
   * drop partitions.
   */
  void grantApplicationRole(DataSource superuser) {
    String app = EmbeddedDatabasePasswords.APP_ROLE;
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + app
              + "') THEN CREATE ROLE "
              + app
              + "; END IF; END $$");
      s.execute(
          "ALTER ROLE "
              + app
              + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
      c.unwrap(PGConnection.class)
          .alterUserPassword(app, passwords.app().toCharArray(), "scram-sha-256");
      s.execute("ALTER SCHEMA public OWNER TO " + app);
      // An owner's ordinary DDL: a module may keep its stores in a schema of its own.
      s.execute("GRANT CREATE ON DATABASE postgres TO " + app);
      s.execute(
          """
          DO $$
          DECLARE
            r record;
          BEGIN
            FOR r IN
              SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                       WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
                     c.oid::regclass AS name
              FROM pg_class c
              WHERE c.relnamespace = 'public'::regnamespace
                AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                AND c.relowner <> '%1$s'::regrole
                -- the sequence of a serial or identity column follows its table
                AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype IN ('a', 'i')))
            LOOP
              EXECUTE format('ALTER %%s %%s OWNER TO %1$s', r.kind, r.name);
            END LOOP;
            FOR r IN
              SELECT p.oid::regprocedure AS name FROM pg_proc p
              WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> '%1$s'::regrole
            LOOP
              EXECUTE format('ALTER ROUTINE %%s OWNER TO %1$s', r.name);
            END LOOP;
          END $$
          """
              .formatted(app));
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not set up the database role " + app + ": " + e.getMessage(), e);
    }
  }
}
