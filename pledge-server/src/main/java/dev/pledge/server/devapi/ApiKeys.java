package dev.pledge.server.devapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * API keys (B-12): {@value #PREFIX} and 32 random bytes (base64url), shown once; only the SHA-256
 * of the whole key is stored — a key has 256 bits of entropy, so a plain hash is enough (a slow
 * password hash would only slow every request). The prefix makes a leaked key recognisable in logs
 * and to secret scanners.
 */
@Component
class ApiKeys {

  static final String PREFIX = "pst_live_";

  private static final SecureRandom RANDOM = new SecureRandom();

  enum Scope {
    READ,
    EDIT,
    DELETE;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<Scope> of(String s) {
      return Arrays.stream(values()).filter(v -> v.key().equals(s)).findFirst();
    }
  }

  /** A key as stored (never the secret). */
  record ApiKey(
      String id,
      String account,
      String teamId,
      String name,
      String prefix,
      Set<Scope> scopes,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt) {

    public boolean usableAt(Instant now) {
      return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public String scopeList() {
      return scopes.stream().map(Scope::key).collect(Collectors.joining(", "));
    }
  }

  /** A key just made: the secret, shown this once, and what is stored. */
  record Created(String secret, ApiKey key) {}

  /** Why a presented key does not authenticate. */
  enum Rejection {
    UNKNOWN,
    REVOKED,
    EXPIRED
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  ApiKeys(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Created create(String account, String teamId, String name, Set<Scope> scopes, Instant expiresAt) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    String shown = secret.substring(0, PREFIX.length() + 6);
    Set<Scope> s = scopes.isEmpty() ? EnumSet.of(Scope.READ) : EnumSet.copyOf(scopes);
    jdbc.sql(
            """
            insert into api_key (key_id, account_id, team_id, name, prefix, secret_hash, scopes,
              created_at, expires_at)
            values (:id, :a, :t, :n, :p, :h, :s, :at, :exp)
            """)
        .param("id", id)
        .param("a", account)
        .param("t", teamId)
        .param("n", name)
        .param("p", shown)
        .param("h", hash(secret))
        .param("s", s.stream().map(Scope::key).collect(Collectors.joining(",")))
        .param("at", Timestamp.from(now))
        .param("exp", expiresAt == null ? null : Timestamp.from(expiresAt))
        .update();
    return new Created(
        secret, new ApiKey(id, account, teamId, name, shown, s, now, expiresAt, null, null));
  }

  /** The key a bearer token names, if it is one, with why it cannot be used when it cannot. */
  record Lookup(Optional<ApiKey> key, Optional<Rejection> rejection) {}

  Lookup authenticate(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
      return new Lookup(Optional.empty(), Optional.of(Rejection.UNKNOWN));
    }
    Optional<ApiKey> key =
        jdbc.sql("select * from api_key where secret_hash = :h")
            .param("h", hash(token))
            .query(ApiKeys::key)
            .optional();
    if (key.isEmpty()) {
      return new Lookup(key, Optional.of(Rejection.UNKNOWN));
    }
    Instant now = clock.instant();
    if (key.get().revokedAt() != null) {
      return new Lookup(key, Optional.of(Rejection.REVOKED));
    }
    if (!key.get().usableAt(now)) {
      return new Lookup(key, Optional.of(Rejection.EXPIRED));
    }
    // Last use to the minute: one write a minute per key, not one per request.
    jdbc.sql(
            "update api_key set last_used_at = :now where key_id = :id and (last_used_at is null"
                + " or last_used_at < :cutoff)")
        .param("now", Timestamp.from(now))
        .param("cutoff", Timestamp.from(now.minusSeconds(60)))
        .param("id", key.get().id())
        .update();
    return new Lookup(key, Optional.empty());
  }

  List<ApiKey> of(String account) {
    return jdbc.sql("select * from api_key where account_id = :a order by created_at desc")
        .param("a", account)
        .query(ApiKeys::key)
        .list();
  }

  Optional<ApiKey> byId(String account, String keyId) {
    return jdbc.sql("select * from api_key where account_id = :a and key_id = :k")
        .param("a", account)
        .param("k", keyId)
        .query(ApiKeys::key)
        .optional();
  }

  boolean revoke(String account, String keyId) {
    return jdbc.sql(
                "update api_key set revoked_at = :now where account_id = :a and key_id = :k"
                    + " and revoked_at is null")
            .param("now", Timestamp.from(clock.instant()))
            .param("a", account)
            .param("k", keyId)
            .update()
        > 0;
  }

  static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiKey key(ResultSet rs, int i) throws SQLException {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String s : rs.getString("scopes").split(",")) {
      Scope.of(s).ifPresent(scopes::add);
    }
    return new ApiKey(
        rs.getString("key_id"),
        rs.getString("account_id"),
        rs.getString("team_id"),
        rs.getString("name"),
        rs.getString("prefix"),
        scopes,
        rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("expires_at")),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
