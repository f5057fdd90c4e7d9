package dev.pledge.server.accesslog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret behind {@code --hash}. The file holds the key as hexadecimal text (64 digits for the
 * 32 random bytes written when the file is missing), or at least 32 raw bytes. Replacing the file
 * rotates the key: pseudonyms made before cannot be linked to those made after.
 */
public final class HashKeyFile {
  private static final int GENERATED_BYTES = 32;

  private HashKeyFile() {}

  /** The key in {@code file}, and whether it was just created. */
  public record Key(byte[] bytes, boolean created) {}

  /**
   * Reads the key, creating the file with a fresh random key (readable by its owner only) when it
   * does not exist.
   *
   * @throws IOException when the file cannot be read or written
   * @throws IllegalArgumentException when it holds too little to be a key
   */
  public static Key loadOrCreate(Path file) throws IOException {
    if (Files.notExists(file)) {
      byte[] key = new byte[GENERATED_BYTES];
      new SecureRandom().nextBytes(key);
      try {
        create(file, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        return new Key(key, true);
      } catch (FileAlreadyExistsException raced) {
        // Another process created it first: use theirs, so both hash alike.
      }
    }
    return new Key(read(file), false);
  }

  private static void create(Path file, byte[] content) throws IOException {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    } else {
      Files.write(file, content, StandardOpenOption.CREATE_NEW);
    }
  }

  private static byte[] read(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    String text = new String(raw, StandardCharsets.ISO_8859_1).strip();
    if (text.length() >= 2 * GENERATED_BYTES && text.length() % 2 == 0 && isHex(text)) {
      return HexFormat.of().parseHex(text);
    }
    if (raw.length >= GENERATED_BYTES && !isHex(text)) {
      return raw;
    }
    throw new IllegalArgumentException(
        file
            + " does not hold a usable key: it needs 64 or more hexadecimal digits (or 32 raw bytes);"
            + " delete it to have a new random key created, or write one with"
            + " 'openssl rand -hex 32 > "
            + file
            + "'");
  }

  private static boolean isHex(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
