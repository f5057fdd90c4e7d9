package dev.pledge.server.blobs;

import java.io.IOException;

/**
 * A personal blob whose bytes cannot be given back: altered or truncated ciphertext, a missing
 * object, or keys destroyed by an erasure. The message says which, never whose.
 */
public class UnreadableBlobException extends IOException {

  UnreadableBlobException(String message) {
    super(message);
  }

  UnreadableBlobException(String message, Throwable cause) {
    super(message, cause);
  }
}
