package dev.pledge.server.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts a backup's keys and blobs back into the data directory, each file whole (written beside its
 * place, then renamed over it). The live erasure ledger is never touched: a backup holds none.
 */
final class BackupFiles {

  private BackupFiles() {}

  static void restore(Path backup, Path dataDir) throws IOException {
    for (String part : List.of("keys", "blobs")) {
      Path from = backup.resolve(part);
      if (!Files.isDirectory(from)) {
        continue;
      }
      Path to = dataDir.resolve(part);
      List<Path> files = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(from)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
      for (Path f : files) {
        if (f.getFileName().toString().equals(Backups.LEDGER)) {
          continue;
        }
        Path target = to.resolve(from.relativize(f).toString());
        OwnerOnlyFiles.directory(target.toAbsolutePath().getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".restore.tmp");
        Files.deleteIfExists(temp);
        OwnerOnlyFiles.copy(f, temp);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }
}
