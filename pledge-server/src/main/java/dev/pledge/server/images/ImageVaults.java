package dev.pledge.server.images;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Private vaults (B-11): projects whose images the browser encrypts before upload, with AES-256-GCM
 * under a key it derives from a passphrase (PBKDF2-SHA-256). The server keeps the random salt, the
 * iteration count and a key-check value — none of which lets it read an image — and refuses every
 * way in or out that would need the plaintext: plain uploads, server-side edits, text detection and
 * public links.
 */
@Component
class ImageVaults {

  /** OWASP's 2023 floor for PBKDF2-HMAC-SHA-256; the browser refuses a vault that asks for less. */
  static final int ITERATIONS = 600_000;

  static final int SALT_BYTES = 16;

  /**
   * What the browser sends and the server stores per object: a format byte, the 96-bit IV, then the
   * AES-GCM ciphertext with its 128-bit tag (see static/studio-assets/vault.js).
   */
  static final byte FORMAT = 1;

  static final int IV_BYTES = 12;
  static final int TAG_BYTES = 16;
  static final int OVERHEAD = 1 + IV_BYTES + TAG_BYTES;

  /** The known block the key check encrypts (vault.js's CHECK_TEXT, UTF-8, 25 bytes). */
  static final int CHECK_PLAIN_BYTES = "pledge-vault key check v1".length();

  /** The content type of a sealed object: the server cannot say more about it. */
  static final String SEALED_TYPE = "application/octet-stream";

  private final JdbcClient jdbc;
  private final SecureRandom random = new SecureRandom();

  ImageVaults(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A vault's parameters; {@code keyCheck} is null until the owner has chosen a passphrase. */
  record Vault(String projectId, byte[] salt, int iterations, String keyCheck) {

    public String saltBase64() {
      return Base64.getEncoder().encodeToString(salt);
    }
  }

  void create(String projectId, Instant now) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    jdbc.sql(
            "insert into image_vault (project_id, salt, iterations, created_at)"
                + " values (:p, :s, :i, :at)")
        .param("p", projectId)
        .param("s", salt)
        .param("i", ITERATIONS)
        .param("at", Timestamp.from(now))
        .update();
  }

  Optional<Vault> of(String projectId) {
    return jdbc.sql("select * from image_vault where project_id = :p")
        .param("p", projectId)
        .query(
            (rs, i) ->
                new Vault(
                    rs.getString("project_id"),
                    rs.getBytes("salt"),
                    rs.getInt("iterations"),
                    rs.getString("key_check")))
        .optional();
  }

  boolean isVault(String projectId) {
    return jdbc.sql("select count(*) from image_vault where project_id = :p")
            .param("p", projectId)
            .query(Long.class)
            .single()
        > 0;
  }

  boolean holds(ImageRecords.Image image) {
    return isVault(image.projectId());
  }

  /** Sets the key check once; false when one was already set (the passphrase is not changed). */
  boolean setKeyCheck(String projectId, String keyCheck) {
    return jdbc.sql(
                "update image_vault set key_check = :c where project_id = :p and key_check is null")
            .param("c", keyCheck)
            .param("p", projectId)
            .update()
        == 1;
  }

  /** Whether {@code bytes} has the shape of a sealed object: format byte, IV, at least a tag. */
  static boolean sealedShape(byte[] bytes, int minPlain) {
    return bytes.length >= OVERHEAD + minPlain && bytes[0] == FORMAT;
  }

  /** The key check decoded when it is well formed (base64 of a sealed known block), else empty. */
  static Optional<byte[]> keyCheck(String base64) {
    if (base64 == null || base64.length() > 200) {
      return Optional.empty();
    }
    try {
      byte[] b = Base64.getDecoder().decode(base64.strip());
      return b.length == OVERHEAD + CHECK_PLAIN_BYTES && b[0] == FORMAT
          ? Optional.of(b)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
