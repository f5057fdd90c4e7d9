package dev.pledge.server.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * The blob store's objects by their keys ({@code personal_blob.object_key}), for backups: read and
 * put back as they are, ciphertext, without any person's key. Only a backup of blobs kept in an
 * object store needs it; blobs on local disk are copied as files.
 */
public final class BlobObjects {

  /** An object key Pledge makes: an optional region, then a UUID (RegionalBlobBackend.key). */
  private static final Pattern KEY = Pattern.compile("([a-z]{2,16}/)?[0-9a-f-]{36}");

  private final BlobBackend backend;
  private final boolean objectStore;
  private final Path incoming;

  BlobObjects(BlobBackend backend, boolean objectStore, Path incoming) {
    this.backend = backend;
    this.objectStore = objectStore;
    this.incoming = incoming;
  }

  /** Whether blobs are kept in an S3-compatible object store rather than on local disk. */
  public boolean inObjectStore() {
    return objectStore;
  }

  /** Where the blobs lie, for people. */
  public String description() {
    return backend.description();
  }

  /** Whether {@code key} is an object key Pledge makes (and so a safe relative file name). */
  public static boolean isObjectKey(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /**
   * The stored bytes of {@code key}; {@link java.nio.file.NoSuchFileException} when the object is
   * gone (deleted since its row was read).
   */
  public InputStream open(String key) throws IOException {
    requireKey(key);
    return backend.open(key);
  }

  /** Stores a copy of {@code file} as the object {@code key}, replacing one already there. */
  public void put(String key, Path file) throws IOException {
    requireKey(key);
    Files.createDirectories(incoming);
    Path part = Files.createTempFile(incoming, "restore-", ".part");
    try {
      Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
      backend.put(key, part); // removes part
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private static void requireKey(String key) {
    if (!isObjectKey(key)) {
      throw new IllegalArgumentException("not a blob object key: " + key);
    }
  }
}
