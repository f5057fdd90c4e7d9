package dev.pledge.server.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where the encrypted bytes of personal blobs lie: a local directory or an S3-compatible object
 * store. It only ever sees ciphertext and random object keys; whose a blob is lives in the
 * database.
 */
interface BlobBackend {

  /** Stores {@code file} (ciphertext) under {@code key} and removes {@code file}. */
  void put(String key, Path file) throws IOException;

  /** The bytes stored under {@code key}; {@link java.nio.file.NoSuchFileException} when none. */
  InputStream open(String key) throws IOException;

  /** Removes {@code key}; nothing happens when it is already gone. */
  void delete(String key) throws IOException;

  /** Where the blobs lie, for people: "directory /srv/pledge/blobs". */
  String description();
}
