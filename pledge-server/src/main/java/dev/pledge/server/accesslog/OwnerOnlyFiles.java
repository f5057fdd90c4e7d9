package dev.pledge.server.accesslog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The access log's directory is owner-only (0700) and each day file too (0600): a log line holds
 * what a visitor asked for, which no other local user may read. On a file system without
 * POSIX permissions the files are created as the system does.
 */
final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  /** Creates {@code dir} owner-only, or makes an existing one owner-only. */
  static void directory(Path dir) {
    try {
      if (!posix(dir)) {
        Files.createDirectories(dir);
        return;
      }
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
      }
      Files.setPosixFilePermissions(dir, DIRECTORY);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make the access-log directory " + dir, e);
    }
  }

  /** Creates {@code file} empty and owner-only, or makes an existing one owner-only. */
  static void file(Path file) {
    if (!posix(file)) {
      return;
    }
    try {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      } catch (FileAlreadyExistsException exists) {
        Files.setPosixFilePermissions(file, FILE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not make the access-log file " + file + " owner-only", e);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
