package dev.pledge.server.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The application's schema as one snapshot: every table's rows in PostgreSQL's COPY text format
 * ({@code database/<table>.copy}), the partitions made at run time ({@code
 * database/partitions.sql}, since Flyway does not create them), the sequences' positions and the
 * Flyway version, all read in one REPEATABLE READ, READ ONLY transaction. The embedded PostgreSQL
 * ships no pg_dump, and Debian's is older than the server, so the copy is made over JDBC.
 */
final class DatabaseCopy {

  static final String FLYWAY_TABLE = "flyway_schema_history";

  /**
   * What the snapshot held.
   *
   * @param snapshotAt the transaction's start: every change committed before it is in the copy
   * @param flywayVersion the schema's version, which a restore migrates to before loading rows
   * @param rows each table's row count, in the order a restore loads them
   * @param sequences each sequence's last value ({@code null}: never used)
   * @param files the files written, relative to the backup directory
   * @param objectKeys the blob store's objects the copied rows name ({@code personal_blob})
   */
  record Snapshot(
      Instant snapshotAt,
      String flywayVersion,
      Map<String, Long> rows,
      Map<String, Long> sequences,
      List<Path> files,
      List<String> objectKeys) {}

  private final DataSource dataSource;

  DatabaseCopy(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Snapshot writeTo(Path backup) throws SQLException, IOException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("set transaction isolation level repeatable read, read only");
        Snapshot snapshot = copy(c, backup);
        c.commit();
        return snapshot;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private Snapshot copy(Connection c, Path backup) throws SQLException, IOException {
    Instant at = single(c, "select now()").getTimestamp(1).toInstant();
    String version =
        single(
                c,
                "select version from "
                    + FLYWAY_TABLE
                    + " where success and version is not null"
                    + " order by installed_rank desc limit 1")
            .getString(1);
    List<Path> files = new ArrayList<>();
    Path db = backup.resolve("database");
    Path partitions = db.resolve("partitions.sql");
    try (OutputStream out = OwnerOnlyFiles.create(partitions)) {
      for (String ddl : partitionDdl(c)) {
        out.write((ddl + ";\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    files.add(backup.relativize(partitions));
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : TableOrder.loadOrder(c)) {
      Path file = db.resolve(table + ".copy");
      try (OutputStream out = OwnerOnlyFiles.create(file)) {
        rows.put(table, copy.copyOut("copy " + quoted(table) + " to stdout", out));
      }
      files.add(backup.relativize(file));
    }
    return new Snapshot(at, version, rows, sequences(c), files, objectKeys(c));
  }

  /**
   * {@code create table ... partition of ...} for every partition, parents first, so that a restore
   * can make them before it loads their rows.
   */
  static List<String> partitionDdl(Connection c) throws SQLException {
    List<String> ddl = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                """
                with recursive parts as (
                  select c.oid, c.relname, c.relkind, p.relname as parent, 1 as depth
                  from pg_class c
                  join pg_inherits i on i.inhrelid = c.oid
                  join pg_class p on p.oid = i.inhparent
                  join pg_namespace n on n.oid = c.relnamespace
                  where n.nspname = current_schema() and c.relispartition
                    and not p.relispartition
                  union all
                  select c.oid, c.relname, c.relkind, parts.relname, parts.depth + 1
                  from pg_class c
                  join pg_inherits i on i.inhrelid = c.oid
                  join parts on parts.oid = i.inhparent
                  where c.relispartition
                )
                select format('create table if not exists %I partition of %I %s%s',
                    parts.relname, parts.parent, pg_get_expr(c.relpartbound, c.oid),
                    case when parts.relkind = 'p'
                         then ' partition by ' || pg_get_partkeydef(c.oid) else '' end)
                from parts join pg_class c on c.oid = parts.oid
                order by parts.depth, parts.relname
                """);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        ddl.add(r.getString(1));
      }
    }
    return ddl;
  }

  private static List<String> objectKeys(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement("select object_key from personal_blob order by object_key");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  private static Map<String, Long> sequences(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "select sequencename, last_value from pg_sequences"
                    + " where schemaname = current_schema() order by sequencename");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.put(r.getString(1), (Long) r.getObject(2));
      }
    }
    return out;
  }

  private static ResultSet single(Connection c, String sql) throws SQLException {
    ResultSet r = c.createStatement().executeQuery(sql);
    if (!r.next()) {
      throw new IllegalStateException(
          "The database has no applied Flyway migration: it is not a Pledge database");
    }
    return r;
  }

  /** A table name as an SQL identifier; names come from the catalogue, never from input. */
  static String quoted(String table) {
    return "\"" + table.replace("\"", "\"\"") + "\"";
  }
}
