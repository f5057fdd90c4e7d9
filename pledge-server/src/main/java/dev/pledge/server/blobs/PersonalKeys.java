package dev.pledge.server.blobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * One encryption keyset per person and property, for crypto-shredding (issue 6): everything
 * personal kept outside plain tables (images, documents) is encrypted with it, so destroying it
 * makes every copy unreadable, including the copies in backups that erasure cannot reach.
 *
 * <p>The keyset is Tink streaming AEAD (AES256_GCM_HKDF_4KB), so files of any size are encrypted
 * and decrypted in 4 KB segments without holding them in memory. It is created on first use, kept
 * in {@code subject_keyset} wrapped by the {@link MasterKey} with its property and person as
 * associated data (a row copied onto another person does not unwrap), and the person appears only
 * as the audit trail's keyed hash. Unwrapped keysets are cached for a minute, at most 10,000;
 * {@link #destroy} evicts its own, so this instance never uses a destroyed key.
 */
@Service
public class PersonalKeys {

  static {
    try {
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink streaming AEAD is unavailable", e);
    }
  }

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final Path masterFile;
  private final Clock clock;
  private final Cache<Key, StreamingAead> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();
  private MasterKey master;

  PersonalKeys(JdbcClient jdbc, AuditTrail audit, PledgeSettings settings, Clock clock) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.masterFile = settings.dataDir().resolve("keys").resolve(MasterKey.FILE_NAME);
    this.clock = clock;
  }

  private record Key(String property, String subjectRef) {}

  /** The person's keyset, created now if they have none yet. */
  public StreamingAead forWriting(String property, String subjectId) {
    Key key = key(property, subjectId);
    StreamingAead cached = cache.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    Optional<StreamingAead> existing = load(key);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      KeysetHandle fresh =
          KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB);
      // Two writers racing for a new person both end up with the row that won.
      jdbc.sql(
              "insert into subject_keyset (property_id, subject_ref, wrapped_keyset, created_at)"
                  + " values (:p, :s, :k, :t) on conflict do nothing")
          .param("p", key.property())
          .param("s", key.subjectRef())
          .param("k", master().wrap(fresh, context(key)))
          .param("t", Timestamp.from(clock.instant()))
          .update();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not create a personal keyset", e);
    }
    return load(key).orElseThrow(() -> new IllegalStateException("personal keyset vanished"));
  }

  /** The person's keyset, or empty when they never had one or it was destroyed. */
  public Optional<StreamingAead> forReading(String property, String subjectId) {
    Key key = key(property, subjectId);
    StreamingAead cached = cache.getIfPresent(key);
    return cached != null ? Optional.of(cached) : load(key);
  }

  /** True while the person has a keyset. */
  public boolean exists(String property, String subjectId) {
    Key key = key(property, subjectId);
    return jdbc.sql(
                "select count(*) from subject_keyset where property_id = :p and subject_ref = :s")
            .param("p", key.property())
            .param("s", key.subjectRef())
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Destroys the person's keyset: every ciphertext made with it, wherever a copy lies, can no
   * longer be decrypted. Joins the caller's transaction, so the deletion commits with the caller's
   * audit entry. True when there was one.
   */
  public boolean destroy(String property, String subjectId) {
    Key key = key(property, subjectId);
    cache.invalidate(key);
    int n =
        jdbc.sql("delete from subject_keyset where property_id = :p and subject_ref = :s")
            .param("p", key.property())
            .param("s", key.subjectRef())
            .update();
    cache.invalidate(key);
    return n > 0;
  }

  /**
   * As {@link #destroy}, for a person known only by their subject reference: a restore re-applies
   * an erasure recorded in the erasure ledger, which names people by reference only.
   */
  public boolean destroyReference(String property, String subjectReference) {
    Key key = new Key(property, subjectReference);
    cache.invalidate(key);
    int n =
        jdbc.sql("delete from subject_keyset where property_id = :p and subject_ref = :s")
            .param("p", property)
            .param("s", subjectReference)
            .update();
    cache.invalidate(key);
    return n > 0;
  }

  private Optional<StreamingAead> load(Key key) {
    Optional<byte[]> wrapped =
        jdbc.sql(
                "select wrapped_keyset from subject_keyset"
                    + " where property_id = :p and subject_ref = :s")
            .param("p", key.property())
            .param("s", key.subjectRef())
            .query(byte[].class)
            .optional();
    if (wrapped.isEmpty()) {
      return Optional.empty();
    }
    try {
      StreamingAead aead =
          master()
              .unwrap(wrapped.get(), context(key))
              .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
      cache.put(key, aead);
      return Optional.of(aead);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "A personal keyset of property "
              + key.property()
              + " cannot be unwrapped with the master key: it was made with another master key or"
              + " altered. Restore the database and {data-dir}/keys/ from the same backup.",
          e);
    }
  }

  private Key key(String property, String subjectId) {
    if (property == null || property.isBlank()) {
      throw new IllegalArgumentException("a personal key needs a property id");
    }
    if (subjectId == null || subjectId.isBlank()) {
      throw new IllegalArgumentException("a personal key needs the person's subject id");
    }
    return new Key(property, audit.subjectReference(subjectId));
  }

  private static byte[] context(Key key) {
    return ("pledge personal keyset\n" + key.property() + "\n" + key.subjectRef())
        .getBytes(StandardCharsets.UTF_8);
  }

  synchronized MasterKey master() {
    if (master == null) {
      master = MasterKey.localFile(masterFile);
    }
    return master;
  }

  /** The keyed hash that stands for the person in {@code subject_keyset} and blob metadata. */
  String subjectReference(String subjectId) {
    return audit.subjectReference(subjectId);
  }
}
