package dev.pledge.server.devapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} on POSTs, as Stripe does it: the first answer to a key is kept (in
 * PostgreSQL, so any instance replays it) for 24 hours and replayed to a retry with the same
 * request; the same key with another request is refused, as is a retry while the first still runs.
 * A request that failed with an error is not kept, so it can be retried.
 */
@Component
class Idempotency {

  static final String HEADER = "Idempotency-Key";
  static final Duration KEPT = Duration.ofHours(24);

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final Clock clock;

  Idempotency(JdbcClient jdbc, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /** The fingerprint of a request: its method, path and the SHA-256 of what it sent. */
  static String fingerprint(String method, String path, byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((method + " " + path).getBytes(StandardCharsets.UTF_8));
      for (byte[] p : parts) {
        d.update((byte) 0);
        d.update(p == null ? new byte[0] : p);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  ResponseEntity<?> run(
      String account, String key, String fingerprint, Supplier<ResponseEntity<?>> action) {
    if (key == null) {
      return action.get();
    }
    if (key.isBlank() || key.length() > 255) {
      throw ApiProblem.badRequest(
          "invalid-idempotency-key",
          "Idempotency-Key must be 1 to 255 characters; a UUID is a good choice.");
    }
    Instant now = clock.instant();
    jdbc.sql(
            "delete from api_idempotency where account_id = :a and idem_key = :k"
                + " and created_at < :cutoff")
        .param("a", account)
        .param("k", key)
        .param("cutoff", Timestamp.from(now.minus(KEPT)))
        .update();
    int inserted =
        jdbc.sql(
                """
                insert into api_idempotency (account_id, idem_key, fingerprint, created_at)
                values (:a, :k, :f, :at) on conflict do nothing
                """)
            .param("a", account)
            .param("k", key)
            .param("f", fingerprint)
            .param("at", Timestamp.from(now))
            .update();
    if (inserted == 0) {
      return replay(account, key, fingerprint);
    }
    ResponseEntity<?> answer;
    try {
      answer = action.get();
    } catch (RuntimeException e) {
      forget(account, key);
      throw e;
    }
    byte[] body;
    try {
      body = answer.getBody() == null ? new byte[0] : json.writeValueAsBytes(answer.getBody());
    } catch (IOException e) {
      forget(account, key);
      throw new UncheckedIOException(e);
    }
    jdbc.sql(
            "update api_idempotency set status = :s, content_type = :t, body = :b"
                + " where account_id = :a and idem_key = :k")
        .param("s", answer.getStatusCode().value())
        .param("t", MediaType.APPLICATION_JSON_VALUE)
        .param("b", body)
        .param("a", account)
        .param("k", key)
        .update();
    return answer;
  }

  private ResponseEntity<?> replay(String account, String key, String fingerprint) {
    Map<String, Object> row =
        jdbc.sql(
                "select fingerprint, status, body from api_idempotency"
                    + " where account_id = :a and idem_key = :k")
            .param("a", account)
            .param("k", key)
            .query()
            .singleRow();
    if (!fingerprint.equals(row.get("fingerprint"))) {
      throw new ApiProblem(
          422,
          "idempotency-key-reused",
          "Idempotency-Key reused",
          "This Idempotency-Key was used for a different request in the last 24 hours. Use a new"
              + " key for a new request.");
    }
    if (row.get("status") == null) {
      throw new ApiProblem(
              409,
              "idempotency-in-progress",
              "Request in progress",
              "The first request with this Idempotency-Key is still running; retry shortly.")
          .retryAfter(1);
    }
    return ResponseEntity.status((Integer) row.get("status"))
        .header("Idempotent-Replayed", "true")
        .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
        .body((byte[]) row.get("body"));
  }

  private void forget(String account, String key) {
    jdbc.sql("delete from api_idempotency where account_id = :a and idem_key = :k")
        .param("a", account)
        .param("k", key)
        .update();
  }
}
