package dev.pledge.server.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keys of a counter shared between instances (a client's address, a user name) as they are stored:
 * SHA-256 of one salt, the counter's name and the key. The salt is made by the first instance that
 * needs it and kept in a one-row table ({@code id, salt}), so every instance hashes a key alike and
 * the stored rows name no one.
 */
public final class SaltedKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final String saltTable;
  private volatile byte[] salt;

  /** {@code saltTable} is a constant of the caller's module, never outside input. */
  public SaltedKeys(JdbcClient jdbc, String saltTable) {
    this.jdbc = jdbc;
    this.saltTable = saltTable;
  }

  /** The stored form of {@code key} in the counter {@code name}. */
  public String hash(String name, String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt());
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(String.valueOf(key).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private byte[] salt() {
    byte[] s = salt;
    if (s == null) {
      byte[] fresh = new byte[16];
      RANDOM.nextBytes(fresh);
      // Two instances may race here: the first insert wins and both read the winner.
      jdbc.sql("insert into " + saltTable + " (id, salt) values (1, :s) on conflict do nothing")
          .param("s", fresh)
          .update();
      s = jdbc.sql("select salt from " + saltTable + " where id = 1").query(byte[].class).single();
      salt = s;
    }
    return s;
  }
}
