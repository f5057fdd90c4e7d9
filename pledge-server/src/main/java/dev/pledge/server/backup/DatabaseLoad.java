package dev.pledge.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a {@link DatabaseCopy} into a database: refuses one that holds rows unless forced, empties
 * the schema (Flyway clean), migrates it to the backup's version, makes the run-time partitions,
 * loads every table with COPY in the manifest's order (referenced tables first) and puts the
 * sequences back, in one transaction; then migrates on to this version of Pledge.
 */
final class DatabaseLoad {

  private final DataSource dataSource;

  DatabaseLoad(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void load(Path backup, BackupManifest manifest, boolean force) throws SQLException, IOException {
    boolean migrated;
    try (Connection c = dataSource.getConnection()) {
      migrated = hasTable(c, DatabaseCopy.FLYWAY_TABLE);
      if (migrated && !force) {
        List<String> holding = tablesWithRows(c);
        if (!holding.isEmpty()) {
          throw new Restores.Refused(
              "the database is not empty ("
                  + holding.size()
                  + " tables hold rows, "
                  + String.join(", ", holding.subList(0, Math.min(3, holding.size())))
                  + (holding.size() > 3 ? ", ..." : "")
                  + "): restore into an empty database, or pass --force to replace everything in"
                  + " it with the backup");
        }
      }
    }
    FluentConfiguration flyway =
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
    try {
      if (migrated) {
        flyway.cleanDisabled(false).load().clean();
      }
      flyway.cleanDisabled(true).target(manifest.flywayVersion()).load().migrate();
    } catch (FlywayException e) {
      throw new Restores.Refused(
          "cannot bring the database to the backup's schema version "
              + manifest.flywayVersion()
              + ": "
              + BackupCheck.firstLine(e.getMessage()));
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        rows(c, backup, manifest);
        c.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    // The backup may be older than this Pledge: its later migrations run on the restored rows.
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  private static void rows(Connection c, Path backup, BackupManifest manifest)
      throws SQLException, IOException {
    Path db = backup.resolve("database");
    try (Statement s = c.createStatement()) {
      for (String ddl :
          Files.readString(db.resolve("partitions.sql"), StandardCharsets.UTF_8).split(";\n")) {
        if (!ddl.isBlank()) {
          s.execute(ddl);
        }
      }
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    for (Map.Entry<String, Long> t : manifest.tables().entrySet()) {
      long loaded;
      try (InputStream in = Files.newInputStream(db.resolve(t.getKey() + ".copy"))) {
        loaded = copy.copyIn("copy " + DatabaseCopy.quoted(t.getKey()) + " from stdin", in);
      }
      if (loaded != t.getValue()) {
        throw new IllegalStateException(
            "table "
                + t.getKey()
                + ": loaded "
                + loaded
                + " rows, the manifest says "
                + t.getValue());
      }
    }
    try (PreparedStatement s =
        c.prepareStatement("select setval(format('%I', ?::text)::regclass, ?, true)")) {
      for (Map.Entry<String, Long> q : manifest.sequences().entrySet()) {
        if (q.getValue() != null) {
          s.setString(1, q.getKey());
          s.setLong(2, q.getValue());
          s.execute();
        }
      }
    }
  }

  private static boolean hasTable(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select count(*) from pg_class k join pg_namespace n on n.oid = k.relnamespace"
                + " where n.nspname = current_schema() and k.relname = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1) > 0;
      }
    }
  }

  private static List<String> tablesWithRows(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      for (String t : TableOrder.loadOrder(c)) {
        try (ResultSet r =
            s.executeQuery("select exists (select 1 from " + DatabaseCopy.quoted(t) + ")")) {
          r.next();
          if (r.getBoolean(1)) {
            out.add(t);
          }
        }
      }
    }
    return out;
  }
}
