package dev.pledge.server.shared;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Seals a session's attributes with a key derived from the session's own id. The id lives only in
 * the browser's cookie and the table keys rows by its SHA-256, so a copy of the table — a dump, a
 * backup, a replica — reads neither who is signed in beyond the copied columns nor what the session
 * holds: an address an operator searched for, a draft reply, a download link shown once. Only a
 * request carrying the cookie opens its own row.
 */
final class SessionSeal {

  /**
   * The first byte of a sealed value; Java serialisation starts with 0xAC, so the two never mix.
   */
  private static final byte SEALED = 0x01;

  private static final byte[] INFO =
      "pledge session attributes v1".getBytes(StandardCharsets.US_ASCII);

  private SessionSeal() {}

  /** {@code plain} sealed for the session {@code id}, bound to {@code table}. */
  static byte[] seal(String id, String table, byte[] plain) {
    try {
      byte[] sealed = aead(id).encrypt(plain, table.getBytes(StandardCharsets.US_ASCII));
      byte[] out = new byte[sealed.length + 1];
      out[0] = SEALED;
      System.arraycopy(sealed, 0, out, 1, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The session's attributes could not be sealed", e);
    }
  }

  /**
   * The plain bytes of {@code stored}, or null when they cannot be opened with this id. A value
   * written before sealing (plain Java serialisation) is returned as it is; its next write seals
   * it.
   */
  static byte[] open(String id, String table, byte[] stored) {
    if (stored == null || stored.length == 0) {
      return null;
    }
    if (stored[0] != SEALED) {
      return stored;
    }
    try {
      return aead(id)
          .decrypt(
              Arrays.copyOfRange(stored, 1, stored.length),
              table.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private static AesGcmJce aead(String id) throws GeneralSecurityException {
    byte[] key =
        Hkdf.computeHkdf(
            "HMACSHA256", id.getBytes(StandardCharsets.US_ASCII), new byte[0], INFO, 32);
    return new AesGcmJce(key);
  }
}
