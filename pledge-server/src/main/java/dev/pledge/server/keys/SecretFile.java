package dev.pledge.server.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Key files under {@code {data-dir}/keys/}: the directory is owner-only (0700), each file too
 * (0600) from the moment it exists, a reader never sees half a file, and a file once written is
 * never replaced — two processes creating the same key at once end up sharing the first one's.
 */
final class SecretFile {

  private SecretFile() {}

  static Optional<String> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code content} to {@code file} unless it exists; returns what the file holds afterwards
   * (this content, or the one another process wrote first).
   */
  static String createOnce(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    Path temp =
        posix
            ? Files.createTempFile(
                dir,
                ".key",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".key", ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try {
        // A hard link appears whole and fails if the name is taken: no overwrite, no half file.
        Files.createLink(file, temp);
      } catch (UnsupportedOperationException e) {
        Files.move(temp, file);
      }
      return content;
    } catch (FileAlreadyExistsException raced) {
      return Files.readString(file, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
