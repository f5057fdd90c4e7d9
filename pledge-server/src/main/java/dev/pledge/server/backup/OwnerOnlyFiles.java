package dev.pledge.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A backup holds every person's data and the master key: its directories are created 0700 and its
 * files 0600 from the moment they exist, never widened afterwards.
 */
final class OwnerOnlyFiles {

  private OwnerOnlyFiles() {}

  static Path directory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    if (posix(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        directory(parent);
      }
      return Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return Files.createDirectories(dir);
  }

  /** A new file for writing, owner-only before the first byte is written. */
  static OutputStream create(Path file) throws IOException {
    directory(file.toAbsolutePath().getParent());
    if (posix(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      return Files.newOutputStream(file, StandardOpenOption.WRITE);
    }
    return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
  }

  /** Copies {@code from} to a new owner-only {@code to}; returns the copy's SHA-256 in hex. */
  static String copy(Path from, Path to) throws IOException {
    MessageDigest sha = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(from), sha);
        OutputStream out = create(to)) {
      in.transferTo(out);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static String sha256(Path file) throws IOException {
    MessageDigest sha = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
