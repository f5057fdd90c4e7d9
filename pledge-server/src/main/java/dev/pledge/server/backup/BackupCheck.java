package dev.pledge.server.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A backup is restored only whole and unaltered: its manifest's checksums, file by file. */
final class BackupCheck {

  private BackupCheck() {}

  static BackupManifest verified(Path backup) throws IOException {
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
      throw new Restores.Refused(file + " cannot be read as a backup manifest: " + e.getMessage());
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
            "the backup was altered: "
                + f.getKey()
                + " in "
                + backup
                + " does not match its checksum in the manifest");
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
}
