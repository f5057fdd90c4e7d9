package dev.pledge.server.accounts;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.google.common.io.BaseEncoding;
import com.google.crypto.tink.StreamingAead;
import dev.pledge.server.blobs.PersonalKeys;
import dev.pledge.server.studio.Studio;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second factors behind a password (B-12): a TOTP authenticator (RFC 6238 through java-otp: six
 * digits, 30-second steps, one step of drift either way, each step accepted once) and ten
 * single-use recovery codes. The TOTP secret is encrypted with the person's own key (the engine's
 * {@link PersonalKeys}), so it is unreadable without the master key and gone with the person's
 * keyset; recovery codes are shown once and kept only as SHA-256 hashes (60 random bits each,
 * salted with the account id).
 */
@Component
class SecondFactors {

  static final int RECOVERY_CODES = 10;
  private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final PersonalKeys keys;
  private final Studio studio;
  private final Clock clock;

  SecondFactors(
      JdbcClient jdbc, TransactionTemplate tx, PersonalKeys keys, Studio studio, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.keys = keys;
    this.studio = studio;
    this.clock = clock;
  }

  /** Whether the account has an authenticator: then sign-in asks for a code. */
  boolean enrolled(String accountId) {
    return jdbc.sql(
            "select totp_enrolled_at is not null from studio_credential where account_id = :id")
        .param("id", accountId)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  Optional<Instant> enrolledAt(String accountId) {
    return jdbc.sql("select totp_enrolled_at from studio_credential where account_id = :id")
        .param("id", accountId)
        .query((rs, i) -> rs.getTimestamp(1))
        .optional()
        .filter(t -> t != null)
        .map(Timestamp::toInstant);
  }

  /** A new secret for an authenticator, 160 bits as RFC 4226 recommends. */
  static byte[] newSecret() {
    byte[] secret = new byte[20];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /** The secret as authenticator apps take it typed in: base32 in groups of four. */
  static String manualKey(byte[] secret) {
    return BaseEncoding.base32().omitPadding().withSeparator(" ", 4).encode(secret);
  }

  /** The {@code otpauth://} URI an authenticator app reads from the QR code. */
  String otpauthUri(byte[] secret, String accountLabel) {
    String issuer = studio.property().name();
    return "otpauth://totp/"
        + enc(issuer)
        + ":"
        + enc(accountLabel)
        + "?secret="
        + BaseEncoding.base32().omitPadding().encode(secret)
        + "&issuer="
        + enc(issuer)
        + "&algorithm=SHA1&digits=6&period=30";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Enrols {@code secret} if {@code code} is its current code; returns the recovery codes, shown
   * once, or empty when the code is wrong.
   */
  Optional<List<String>> enrol(String accountId, byte[] secret, String code) {
    Instant now = clock.instant();
    Optional<Long> step = matchingStep(secret, code, now, Long.MIN_VALUE);
    if (step.isEmpty()) {
      return Optional.empty();
    }
    byte[] encrypted = encrypt(accountId, secret);
    return Optional.of(
        tx.execute(
            t -> {
              jdbc.sql(
                      """
                      update studio_credential set totp_secret = :secret, totp_enrolled_at = :now,
                        totp_last_step = :step
                      where account_id = :id
                      """)
                  .param("secret", encrypted)
                  .param("now", Timestamp.from(now))
                  .param("step", step.get())
                  .param("id", accountId)
                  .update();
              return newRecoveryCodes(accountId, now);
            }));
  }

  /** Removes the authenticator and the recovery codes. */
  void disable(String accountId) {
    tx.executeWithoutResult(
        t -> {
          jdbc.sql(
                  """
                  update studio_credential set totp_secret = null, totp_enrolled_at = null,
                    totp_last_step = null
                  where account_id = :id
                  """)
              .param("id", accountId)
              .update();
          jdbc.sql("delete from studio_recovery_code where account_id = :id")
              .param("id", accountId)
              .update();
        });
  }

  /** Replaces the recovery codes; returns the new ones, shown once. */
  List<String> regenerateRecoveryCodes(String accountId) {
    return tx.execute(t -> newRecoveryCodes(accountId, clock.instant()));
  }

  long recoveryCodesLeft(String accountId) {
    return jdbc.sql(
            "select count(*) from studio_recovery_code where account_id = :id and used_at is null")
        .param("id", accountId)
        .query(Long.class)
        .single();
  }

  /** What a code turned out to be. */
  enum Verdict {
    RIGHT,
    WRONG,
    /**
     * The authenticator's code of a time step already used (at enrolment, or a sign-in a moment
     * ago): right, but refused so that an overheard code cannot be replayed. The person should wait
     * for the next one.
     */
    ALREADY_USED;

    boolean right() {
      return this == RIGHT;
    }
  }

  /**
   * Checks a code from the authenticator (each time step works once) or an unused recovery code
   * (which is used up).
   */
  Verdict verify(String accountId, String code) {
    if (code == null) {
      return Verdict.WRONG;
    }
    String c = code.replaceAll("[\\s-]", "");
    if (c.matches("[0-9]{6}")) {
      return verifyTotp(accountId, c);
    }
    if (c.length() == 12) {
      return useRecoveryCode(accountId, c) ? Verdict.RIGHT : Verdict.WRONG;
    }
    return Verdict.WRONG;
  }

  private Verdict verifyTotp(String accountId, String code) {
    return tx.execute(
        t -> {
          record Row(byte[] secret, Long lastStep) {}
          Optional<Row> row =
              jdbc.sql(
                      """
                          select totp_secret, totp_last_step from studio_credential
                          where account_id = :id and totp_secret is not null for update
                          """)
                  .param("id", accountId)
                  .query(
                      (rs, i) ->
                          new Row(
                              rs.getBytes("totp_secret"),
                              rs.getObject("totp_last_step", Long.class)))
                  .optional();
          if (row.isEmpty()) {
            return Verdict.WRONG;
          }
          byte[] secret = decrypt(accountId, row.get().secret());
          long last = row.get().lastStep() == null ? Long.MIN_VALUE : row.get().lastStep();
          Instant now = clock.instant();
          Optional<Long> step = matchingStep(secret, code, now, last);
          if (step.isEmpty()) {
            return matchingStep(secret, code, now, Long.MIN_VALUE).isPresent()
                ? Verdict.ALREADY_USED
                : Verdict.WRONG;
          }
          jdbc.sql("update studio_credential set totp_last_step = :s where account_id = :id")
              .param("s", step.get())
              .param("id", accountId)
              .update();
          return Verdict.RIGHT;
        });
  }

  private boolean useRecoveryCode(String accountId, String code) {
    return jdbc.sql(
                """
                update studio_recovery_code set used_at = :now
                where account_id = :id and code_hash = :hash and used_at is null
                """)
            .param("now", Timestamp.from(clock.instant()))
            .param("id", accountId)
            .param("hash", recoveryHash(accountId, code))
            .update()
        == 1;
  }

  /** The time step (after {@code after}) whose code is {@code code}, within one step of now. */
  private Optional<Long> matchingStep(byte[] secret, String code, Instant now, long after) {
    if (code == null) {
      return Optional.empty();
    }
    String c = code.replaceAll("\\s", "");
    if (!c.matches("[0-9]{6}")) {
      return Optional.empty();
    }
    int wanted = Integer.parseInt(c);
    long stepSeconds = totp.getTimeStep().toSeconds();
    long current = Math.floorDiv(now.getEpochSecond(), stepSeconds);
    SecretKeySpec key = new SecretKeySpec(secret, totp.getAlgorithm());
    for (long step = current - 1; step <= current + 1; step++) {
      if (step <= after) {
        continue;
      }
      try {
        int expected = totp.generateOneTimePassword(key, Instant.ofEpochSecond(step * stepSeconds));
        if (MessageDigest.isEqual(
            Integer.toString(expected).getBytes(StandardCharsets.US_ASCII),
            Integer.toString(wanted).getBytes(StandardCharsets.US_ASCII))) {
          return Optional.of(step);
        }
      } catch (InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    }
    return Optional.empty();
  }

  private List<String> newRecoveryCodes(String accountId, Instant now) {
    jdbc.sql("delete from studio_recovery_code where account_id = :id")
        .param("id", accountId)
        .update();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < RECOVERY_CODES; i++) {
      StringBuilder code = new StringBuilder();
      for (int j = 0; j < 12; j++) {
        code.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
      }
      String c = code.toString();
      jdbc.sql(
              "insert into studio_recovery_code (account_id, code_hash, created_at)"
                  + " values (:id, :hash, :now) on conflict do nothing")
          .param("id", accountId)
          .param("hash", recoveryHash(accountId, c))
          .param("now", Timestamp.from(now))
          .update();
      codes.add(c.substring(0, 4) + "-" + c.substring(4, 8) + "-" + c.substring(8));
    }
    return codes;
  }

  private static byte[] recoveryHash(String accountId, String code) {
    String normal =
        code.toUpperCase(Locale.ROOT)
            .replace('O', '0')
            .replace('I', '1')
            .replace('L', '1')
            .replaceAll("[^0-9A-Z]", "");
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest((accountId + ":" + normal).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] associatedData(String accountId) {
    return ("studio totp secret\n" + accountId).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] encrypt(String accountId, byte[] secret) {
    StreamingAead aead = keys.forWriting(studio.id(), accountId);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = aead.newEncryptingStream(out, associatedData(accountId))) {
      enc.write(secret);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt a second-factor secret", e);
    }
    return out.toByteArray();
  }

  private byte[] decrypt(String accountId, byte[] ciphertext) {
    StreamingAead aead =
        keys.forReading(studio.id(), accountId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the account's key is gone: its second-factor secret cannot be read"));
    try (InputStream in =
        aead.newDecryptingStream(new ByteArrayInputStream(ciphertext), associatedData(accountId))) {
      return in.readAllBytes();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not decrypt a second-factor secret", e);
    }
  }
}
