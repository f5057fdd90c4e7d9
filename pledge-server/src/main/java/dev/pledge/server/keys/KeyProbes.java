package dev.pledge.server.keys;

import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Proof that an instance holds the keys its database was written with. Several instances share one
 * database, but each reads its keys from its own {@code {data-dir}/keys/}; an instance started with
 * other keys (a fresh data directory, a copy taken before a key existed) would otherwise run: it
 * would hash people to other references, so find none of their keysets and make second ones that an
 * erasure on another instance never destroys, and write ciphertext no other instance can open. The
 * first instance stores a probe made with each key ({@code key_probe}); every start checks its keys
 * against it, and refuses to start when they do not match.
 */
public final class KeyProbes {

  /** A value made with a key, and the test that another key cannot pass. */
  public interface Probe {
    byte[] make() throws GeneralSecurityException;

    /** True when {@code stored} was made with this instance's key. */
    boolean matches(byte[] stored);
  }

  private KeyProbes() {}

  /**
   * Stores {@code probe}'s value under {@code name} when the database has none yet, else checks it.
   *
   * @param file the key file the probe stands for, named in the error
   * @throws IllegalStateException when this instance's key is not the database's
   */
  public static void check(JdbcClient jdbc, String name, String file, Probe probe) {
    byte[] mine;
    try {
      mine = probe.make();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The key " + file + " cannot be used", e);
    }
    // Two first instances starting at once: one probe wins, the other instance fails below.
    jdbc.sql(
            "insert into key_probe (name, probe, created_at) values (:n, :p, :t)"
                + " on conflict (name) do nothing")
        .param("n", name)
        .param("p", mine)
        .param("t", Timestamp.from(Instant.now()))
        .update();
    byte[] stored =
        jdbc.sql("select probe from key_probe where name = :n")
            .param("n", name)
            .query(byte[].class)
            .single();
    if (!probe.matches(stored)) {
      throw new IllegalStateException(
          "The key "
              + file
              + " is not the one this database's data was written with (another instance made"
              + " it, or the file was replaced). Every instance on one database must hold the same"
              + " keys. Stop this instance, copy the keys directory ({data-dir}/keys/) of an"
              + " instance that runs over this one's, or restore it from the backup the database"
              + " came from, and start it again (README, \"Production layout\").");
    }
  }
}
