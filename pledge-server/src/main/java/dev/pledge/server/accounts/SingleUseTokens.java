package dev.pledge.server.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The single-use links of the studio's e-mails (address verification, password reset, a parent's
 * page, a new address). A token is 256 random bits (hex), sent only in the e-mail and placed after
 * {@code #} in the link, so it never reaches a server's or proxy's access log; the table keeps its
 * SHA-256. Using it is one atomic update, so a token works once, for its purpose, before it expires
 * — and a used, expired or unknown token all look the same to the page.
 */
@Component
class SingleUseTokens {

  /** What a token is for, and how long it lasts. */
  enum Purpose {
    VERIFY_EMAIL("verify-email", Duration.ofHours(48)),
    RESET_PASSWORD("reset-password", Duration.ofHours(1)),
    PARENT("parent", Duration.ofDays(7)),
    CHANGE_EMAIL("change-email", Duration.ofHours(48));

    final String key;
    final Duration ttl;

    Purpose(String key, Duration ttl) {
      this.key = key;
      this.ttl = ttl;
    }
  }

  /** A token that was just used: whose it was, and its detail (a new address). */
  record Used(String accountId, String detail) {
    @Override
    public String toString() {
      return "Used[" + accountId + "]";
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final Clock clock;

  SingleUseTokens(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * A new token for {@code accountId}, in the caller's transaction. Earlier unused tokens of the
   * same purpose stop working: only the latest e-mail's link counts.
   */
  String issue(String accountId, Purpose purpose, String detail) {
    String token = newToken();
    Instant now = clock.instant();
    jdbc.sql("delete from studio_token where account_id = :a and purpose = :p and used_at is null")
        .param("a", accountId)
        .param("p", purpose.key)
        .update();
    jdbc.sql(
            """
            insert into studio_token (token_hash, account_id, purpose, detail, created_at,
              expires_at)
            values (:hash, :account, :purpose, :detail, :now, :expires)
            """)
        .param("hash", hash(token))
        .param("account", accountId)
        .param("purpose", purpose.key)
        .param("detail", detail)
        .param("now", Timestamp.from(now))
        .param("expires", Timestamp.from(now.plus(purpose.ttl)))
        .update();
    return token;
  }

  /**
   * 256 random bits as hex: a link's secret. Hex, like the engine's rights links, because every
   * scrubber of logs and analytics recognises a long hex run as a token.
   */
  String newToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return java.util.HexFormat.of().formatHex(raw);
  }

  /**
   * Uses {@code token} for {@code purpose}: its account, or empty when used, expired or unknown.
   */
  Optional<Used> use(String token, Purpose purpose) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            with old as (
              select token_hash, detail from studio_token
              where token_hash = :hash and purpose = :purpose and used_at is null
                and expires_at > :now
              for update)
            update studio_token t set used_at = :now, detail = null from old
            where t.token_hash = old.token_hash
            returning t.account_id, old.detail
            """)
        .param("now", Timestamp.from(clock.instant()))
        .param("hash", hash(token.strip()))
        .param("purpose", purpose.key)
        .query((rs, i) -> new Used(rs.getString("account_id"), rs.getString("detail")))
        .optional();
  }

  /** Whether {@code token} would work for {@code purpose} now, without using it. */
  Optional<String> peek(String token, Purpose purpose) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            select account_id from studio_token
            where token_hash = :hash and purpose = :purpose and used_at is null
              and expires_at > :now
            """)
        .param("now", Timestamp.from(clock.instant()))
        .param("hash", hash(token.strip()))
        .param("purpose", purpose.key)
        .query(String.class)
        .optional();
  }

  /** Forgets tokens a day after they were used or expired; returns how many. */
  int tidy() {
    Instant before = clock.instant().minus(Duration.ofDays(1));
    return jdbc.sql(
            "delete from studio_token where (used_at is not null and used_at < :before)"
                + " or expires_at < :before")
        .param("before", Timestamp.from(before))
        .update();
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
