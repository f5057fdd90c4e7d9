package dev.pledge.server.images;

import dev.pledge.server.accounts.AccountDeleted;
import dev.pledge.server.accounts.StudioAccounts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Public links to images (B-28): private by default; a link is an unguessable token (256 bits, kept
 * only as its SHA-256, so the table cannot be turned back into links), switched on and off, with an
 * optional expiry; a new link replaces the old. Minors cannot share publicly (B-33), and a deleted
 * account's links stop at once.
 */
@Component
class ImageShares {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final StudioAccounts accounts;
  private final Clock clock;

  ImageShares(JdbcClient jdbc, StudioAccounts accounts, Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** An image's link settings (the token itself is never kept). */
  record Share(String imageId, boolean enabled, Instant expiresAt, Instant createdAt) {

    boolean live(Instant now) {
      return enabled && (expiresAt == null || expiresAt.isAfter(now));
    }
  }

  Optional<Share> of(String imageId) {
    return jdbc.sql("select * from image_share where image_id = :i")
        .param("i", imageId)
        .query(
            (rs, n) -> {
              Timestamp exp = rs.getTimestamp("expires_at");
              return new Share(
                  rs.getString("image_id"),
                  rs.getBoolean("enabled"),
                  exp == null ? null : exp.toInstant(),
                  rs.getTimestamp("created_at").toInstant());
            })
        .optional();
  }

  boolean minor(String accountId) {
    return accounts.minor(accountId);
  }

  /**
   * Switches the image's public link on with a new token (the old link stops working); the token,
   * to be shown once.
   *
   * @throws IllegalStateException for a minor's image
   */
  String enable(ImageRecords.Image image, Instant expiresAt) {
    if (accounts.minor(image.owner())) {
      throw new IllegalStateException("minors cannot share publicly");
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    jdbc.sql(
            """
            insert into image_share (image_id, account_id, token_hash, enabled, expires_at,
              created_at)
            values (:i, :a, :h, true, :exp, :at)
            on conflict (image_id) do update set token_hash = excluded.token_hash, enabled = true,
              expires_at = excluded.expires_at, created_at = excluded.created_at
            """)
        .param("i", image.id())
        .param("a", image.owner())
        .param("h", hash(token))
        .param(
            "exp", expiresAt == null ? null : Timestamp.from(expiresAt), java.sql.Types.TIMESTAMP)
        .param("at", Timestamp.from(clock.instant()))
        .update();
    return token;
  }

  void disable(String imageId) {
    jdbc.sql("update image_share set enabled = false where image_id = :i")
        .param("i", imageId)
        .update();
  }

  /** The image a live token opens, or empty (unknown, switched off, expired, or a minor's). */
  Optional<String> open(String token) {
    if (token == null || token.length() != 43 || !token.matches("[A-Za-z0-9_-]{43}")) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select image_id, account_id from image_share where token_hash = :h and enabled"
                + " and (expires_at is null or expires_at > :now)")
        .param("h", hash(token))
        .param("now", Timestamp.from(clock.instant()))
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
        .optional()
        .filter(r -> !accounts.minor(r[1]))
        .map(r -> r[0]);
  }

  /** A deleted account's links stop at once (B-16: processing stops with the deletion). */
  @EventListener
  void deleted(AccountDeleted event) {
    jdbc.sql("update image_share set enabled = false where account_id = :a")
        .param("a", event.accountId())
        .update();
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
