package dev.pledge.server.backup;

import dev.pledge.server.keys.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/** A backup is restored only whole and unaltered: its manifest's checksums, file by file. */
final class BackupCheck {

  private BackupCheck() {}

  static BackupManifest verified(Path backup) throws IOException {
    if (!Files.isDirectory(backup)) {
      throw new Restores.Refused(
          backup.toAbsolutePath()
              + (Files.exists(backup) ? " is not a directory" : " does not exist")
              + ": give the directory 'pledge backup --to' wrote");
    }
    Path file = backup.resolve(BackupManifest.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new Restores.Refused(
          "no "
              + BackupManifest.FILE_NAME
              + " in "
              + backup
              + ": not a Pledge backup, or one that did not finish (the manifest is written"
              + " last). Give the directory 'pledge backup --to' wrote");
    }
    BackupManifest manifest;
    try {
      manifest = Backups.manifest(backup);
    } catch (IOException e) {
      throw new Restores.Refused(
          file
              + " cannot be read as a backup manifest ("
              + firstLine(e.getMessage())
              + "): it is damaged or truncated; use another backup");
    }
    if (manifest.format() != BackupManifest.FORMAT
        || manifest.createdAt() == null
        || manifest.flywayVersion() == null
        || manifest.files() == null
        || manifest.tables() == null) {
      throw new Restores.Refused(
          file
              + " is not a manifest this version of Pledge reads (format "
              + manifest.format()
              + ", expected "
              + BackupManifest.FORMAT
              + ")");
    }
    Path root = backup.toAbsolutePath().normalize();
    for (Map.Entry<String, String> f : manifest.files().entrySet()) {
      Path p = root.resolve(f.getKey()).normalize();
      if (!p.startsWith(root)) {
        throw new Restores.Refused(file + " names a file outside the backup: " + f.getKey());
      }
      if (!Files.isRegularFile(p)) {
        throw new Restores.Refused(
            "the backup is incomplete: " + f.getKey() + " is missing from " + backup);
      }
      if (!OwnerOnlyFiles.sha256(p).equals(f.getValue())) {
        throw new Restores.Refused(
            "the backup was altered or truncated: "
                + f.getKey()
                + " in "
                + backup
                + " does not match its checksum in the manifest; use another backup");
      }
    }
    for (String table : manifest.tables().keySet()) {
      if (!manifest.files().containsKey("database/" + table + ".copy")) {
        throw new Restores.Refused(
            file + " lists table " + table + " without its file database/" + table + ".copy");
      }
    }
    return manifest;
  }

  /**
   * Refuses a backup whose schema version this Pledge has no migration for: one made by a newer
   * Pledge (its rows may not fit this schema), or not by Pledge at all. Checked before anything is
   * changed.
   */
  static void knownSchema(BackupManifest manifest, DataSource dataSource) {
    MigrationVersion wanted;
    try {
      wanted = MigrationVersion.fromVersion(manifest.flywayVersion());
    } catch (RuntimeException e) {
      throw new Restores.Refused(
          "the backup's schema version '" + manifest.flywayVersion() + "' is not a version");
    }
    MigrationVersion latest = null;
    boolean known = false;
    for (MigrationInfo m :
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .info()
            .all()) {
      if (m.getVersion() == null || !m.getState().isResolved()) {
        continue;
      }
      known |= m.getVersion().equals(wanted);
      if (latest == null || m.getVersion().compareTo(latest) > 0) {
        latest = m.getVersion();
      }
    }
    if (known) {
      return;
    }
    if (latest != null && wanted.compareTo(latest) > 0) {
      throw new Restores.Refused(
          "the backup was made by a newer Pledge (schema version "
              + wanted
              + ", this one knows up to "
              + latest
              + "): restore it with that version of Pledge or a later one");
    }
    throw new Restores.Refused(
        "the backup's schema version "
            + wanted
            + " is not one this Pledge has a migration for: it was not made by Pledge");
  }

  /**
   * Refuses a backup of another installation: its master key is not the one in {@code dataDir}.
   * This installation's erasure ledger names people by keyed hashes made with its own keys; under
   * the backup's keys none of them would be found, and the people erased here would come back.
   * Without a master key here (a new machine), the backup's keys become this installation's.
   */
  static void sameInstallation(BackupManifest manifest, Path dataDir) throws IOException {
    Path live = dataDir.resolve("keys").resolve(MasterKey.FILE_NAME);
    if (!Files.isRegularFile(live)) {
      return;
    }
    String backups = manifest.files().get("keys/" + MasterKey.FILE_NAME);
    if (backups == null || !backups.equals(OwnerOnlyFiles.sha256(live))) {
      throw new Restores.Refused(
          "the backup is of another installation: its master key (keys/"
              + MasterKey.FILE_NAME
              + ") is not the one in "
              + live
              + ", and this installation's erasures could not be applied to it; restore a"
              + " backup of this installation, or restore into a data directory without a master"
              + " key (a new installation)");
    }
  }

  static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("").strip();
  }
}
