package dev.pledge.server.devapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A plain HTTP client of the API for tests, and studio accounts made for them. */
final class ApiClient {

  /**
   * HTTP/1.1, as curl and the API's documented clients speak it: the JDK's default HTTP/2 upgrade
   * on plain http left a connection whose upload had been refused early (a 401 before the body was
   * read) hanging the next request for ever. The timeout turns any such hang into a failure.
   */
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

  final String base;

  ApiClient(int port) {
    this.base = "http://localhost:" + port + "/p/image-studio/api/v1";
  }

  /** A verified studio account (rows as sign-up writes them), its id. */
  static String account(JdbcClient jdbc, String name) {
    String id = UUID.randomUUID().toString();
    String tag = Long.toString(System.nanoTime(), 36);
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql(
            """
            insert into studio_account (account_id, property_id, username, email, name, country,
              region, birth_date, email_verified_at, created_at)
            values (:id, 'image-studio', :u, :e, :n, 'GB', 'eu', :b, :now, :now)
            """)
        .param("id", id)
        .param("u", name.toLowerCase() + tag)
        .param("e", name.toLowerCase() + "-" + tag + "@example.org")
        .param("n", name)
        .param("b", java.sql.Date.valueOf(LocalDate.of(1990, 1, 1)))
        .param("now", now)
        .update();
    jdbc.sql(
            "insert into studio_subscription (account_id, status, status_since)"
                + " values (:id, 'active', :now)")
        .param("id", id)
        .param("now", now)
        .update();
    return id;
  }

  /** Puts the account on a plan (as a completed checkout leaves it). */
  static void onPlan(JdbcClient jdbc, String account, String plan) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql(
            """
            insert into billing_subscription (account_id, plan_id, status, period_start,
              period_end, updated_at)
            values (:a, :p, 'active', :now, :end, :now)
            """)
        .param("a", account)
        .param("p", plan)
        .param("now", now)
        .param("end", Timestamp.from(Instant.now().plus(java.time.Duration.ofDays(30))))
        .update();
  }

  HttpResponse<byte[]> get(String key, String path) throws IOException, InterruptedException {
    return send(key, HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  HttpResponse<byte[]> delete(String key, String path) throws IOException, InterruptedException {
    return send(key, HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  HttpResponse<byte[]> postJson(String key, String path, String json, String idem)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (idem != null) {
      b.header("Idempotency-Key", idem);
    }
    return send(key, b);
  }

  HttpResponse<byte[]> upload(String key, String fileName, byte[] file, String idem)
      throws IOException, InterruptedException {
    String boundary = "pledge" + UUID.randomUUID();
    List<byte[]> parts = new ArrayList<>();
    parts.add(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    parts.add(file);
    parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/images"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArrays(parts));
    if (idem != null) {
      b.header("Idempotency-Key", idem);
    }
    return send(key, b);
  }

  static HttpResponse<byte[]> send(String key, HttpRequest.Builder b)
      throws IOException, InterruptedException {
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.timeout(ANSWER_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
