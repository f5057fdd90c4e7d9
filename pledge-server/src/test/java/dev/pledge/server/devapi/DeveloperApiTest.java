package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.CreditKind;
import dev.pledge.server.billing.Credits;
import dev.pledge.server.images.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The developer API end to end against the running server (issue 15): keys, every resource's
 * success and error paths, idempotency, problem details.
 */
@WithRunningServer
class DeveloperApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;
  @Autowired Credits credits;

  ApiClient api() {
    return new ApiClient(port);
  }

  String key(String account, ApiKeys.Scope... scopes) {
    return keys.create(account, null, "test", EnumSet.of(scopes[0], scopes), null).secret();
  }

  static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  @DisplayName("B-12 a key is shown once with its prefix and stored only as its SHA-256")
  void keysAreHashed() {
    String account = ApiClient.account(jdbc, "Hana");
    ApiKeys.Created created =
        keys.create(account, null, "ci", EnumSet.of(ApiKeys.Scope.READ), null);
    assertThat(created.secret()).startsWith("pst_live_").hasSizeGreaterThan(50);
    String stored =
        jdbc.sql("select encode(secret_hash, 'hex') from api_key where key_id = :k")
            .param("k", created.key().id())
            .query(String.class)
            .single();
    assertThat(stored).isEqualTo(HexFormat.of().formatHex(ApiKeys.hash(created.secret())));
    String everything =
        jdbc.sql("select string_agg(row_to_json(k)::text, ',') from api_key k")
            .query(String.class)
            .single();
    assertThat(everything).doesNotContain(created.secret().substring(9));
  }

  @Test
  @DisplayName(
      "B-12 missing, unknown, revoked and expired keys get 401 problems; a cookie is no key")
  void keysThatDoNotAuthenticate() throws Exception {
    ApiClient api = api();
    String account = ApiClient.account(jdbc, "Ida");
    HttpResponse<byte[]> none = api.get(null, "/images");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(none).get("type").asText()).isEqualTo("urn:pledge:api:problem:unauthenticated");
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();

    HttpResponse<byte[]> unknown = api.get("pst_live_nothing-like-a-key", "/images");
    assertThat(json(unknown).get("type").asText()).endsWith(":invalid-key");

    ApiKeys.Created revoked =
        keys.create(account, null, "old", EnumSet.of(ApiKeys.Scope.READ), null);
    assertThat(api.get(revoked.secret(), "/images").statusCode()).isEqualTo(200);
    assertThat(keys.revoke(account, revoked.key().id())).isTrue();
    HttpResponse<byte[]> r = api.get(revoked.secret(), "/images");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("type").asText()).endsWith(":key-revoked");

    ApiKeys.Created expired =
        keys.create(
            account, null, "brief", EnumSet.of(ApiKeys.Scope.READ), Instant.now().minusSeconds(1));
    HttpResponse<byte[]> e = api.get(expired.secret(), "/images");
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(json(e).get("type").asText()).endsWith(":key-expired");

    // A studio session cookie (even a made-up one) never authenticates the API.
    HttpResponse<byte[]> cookie =
        ApiClient.send(
            null,
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base + "/images"))
                .header("Cookie", "SESSION=abc; XSRF-TOKEN=x"));
    assertThat(cookie.statusCode()).isEqualTo(401);
    assertThat(cookie.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  @DisplayName("B-12 a key without the scope gets 403 insufficient-scope")
  void wrongScope() throws Exception {
    ApiClient api = api();
    String account = ApiClient.account(jdbc, "Jo");
    String readOnly = key(account, ApiKeys.Scope.READ);
    HttpResponse<byte[]> up =
        api.upload(readOnly, "a.png", TestImages.png(TestImages.picture(40, 30)), null);
    assertThat(up.statusCode()).isEqualTo(403);
    assertThat(json(up).get("type").asText()).endsWith(":insufficient-scope");
    assertThat(json(up).get("required_scope").asText()).isEqualTo("edit");
    HttpResponse<byte[]> del = api.delete(readOnly, "/images/" + UUID.randomUUID());
    assertThat(del.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("upload, list, get, content, edit (builtin rotate), job, versions, usage, delete")
  void walk() throws Exception {
    ApiClient api = api();
    String account = ApiClient.account(jdbc, "Kim");
    ApiClient.onPlan(jdbc, account, "pro"); // polling the job takes more than free's 30 a minute
    credits.grant(account, 20, CreditKind.PROMOTION, "test", "test-" + account);
    String key = key(account, ApiKeys.Scope.READ, ApiKeys.Scope.EDIT, ApiKeys.Scope.DELETE);

    HttpResponse<byte[]> up = api.upload(key, "holiday.jpg", TestImages.phoneJpeg(64, 48, 1), null);
    assertThat(up.statusCode()).as(ApiClient.text(up)).isEqualTo(201);
    assertThat(up.headers().firstValue("RateLimit")).isPresent();
    assertThat(up.headers().firstValue("RateLimit-Policy"))
        .hasValueSatisfying(v -> v.contains("q="));
    JsonNode image = json(up);
    String id = image.get("id").asText();
    assertThat(image.get("removed_metadata").has("gps")).isTrue();
    assertThat(up.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith(id));

    // Refused upload: not an image.
    HttpResponse<byte[]> bad = api.upload(key, "x.png", "not an image".getBytes(), null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("type").asText()).endsWith(":refused");
    // Words, not a message key: what was refused, where, and how to fix it; the key stays apart.
    assertThat(json(bad).get("detail").asText())
        .startsWith("The upload was refused (the multipart part 'file'): ")
        .contains("PNG, JPEG or WebP")
        .doesNotContain("images.upload");
    assertThat(json(bad).get("reason").asText()).startsWith("images.upload.");
    HttpResponse<byte[]> noFile = api.postJson(key, "/images", "{}", null);
    assertThat(noFile.statusCode()).isEqualTo(400);
    assertThat(json(noFile).get("detail").asText()).contains("multipart");

    HttpResponse<byte[]> list = api.get(key, "/images?limit=1");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json(list).get("data").get(0).get("id").asText()).isEqualTo(id);
    assertThat(api.get(key, "/images?limit=0").statusCode()).isEqualTo(400);
    assertThat(json(api.get(key, "/images?cursor=%25%25")).get("type").asText())
        .endsWith(":invalid-cursor");

    assertThat(api.get(key, "/images/" + id).statusCode()).isEqualTo(200);
    assertThat(api.get(key, "/images/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(api.get(key, "/images/not-an-id").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> content = api.get(key, "/images/" + id + "/content");
    assertThat(content.statusCode()).isEqualTo(200);
    BufferedImage before = ImageIO.read(new ByteArrayInputStream(content.body()));
    assertThat(before.getWidth()).isEqualTo(64);

    HttpResponse<byte[]> missing = api.postJson(key, "/edits", "{\"provider\":\"builtin\"}", null);
    assertThat(missing.statusCode()).isEqualTo(400);
    HttpResponse<byte[]> unknownOp =
        api.postJson(key, "/edits", "{\"image\":\"" + id + "\",\"operation\":\"levitate\"}", null);
    assertThat(unknownOp.statusCode()).isEqualTo(422);
    assertThat(json(unknownOp).get("detail").asText())
        .startsWith("The edit was refused (the JSON body): ")
        .contains("levitate")
        .doesNotContain("images.refused");
    assertThat(api.postJson(key, "/edits", "{not json", null).statusCode()).isEqualTo(400);

    HttpResponse<byte[]> edit =
        api.postJson(
            key,
            "/edits",
            "{\"image\": \""
                + id
                + "\", \"provider\": \"builtin\", \"operation\": \"rotate\","
                + " \"angle\": 90}",
            null);
    assertThat(edit.statusCode()).as(ApiClient.text(edit)).isEqualTo(202);
    String job = json(edit).get("job").asText();
    JsonNode state = null;
    for (int i = 0; i < 600; i++) {
      state = json(api.get(key, "/jobs/" + job));
      if (state.get("state").asText().matches("succeeded|failed")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(state.get("state").asText()).as(state.toString()).isEqualTo("succeeded");
    assertThat(state.get("result").get("image").asText()).isEqualTo(id);
    BufferedImage after =
        ImageIO.read(new ByteArrayInputStream(api.get(key, "/images/" + id + "/content").body()));
    assertThat(after.getWidth()).isEqualTo(48);
    assertThat(after.getHeight()).isEqualTo(64);
    assertThat(api.get(key, "/jobs/" + UUID.randomUUID()).statusCode()).isEqualTo(404);

    JsonNode versions = json(api.get(key, "/images/" + id + "/versions"));
    assertThat(versions.get("data")).hasSize(2);
    assertThat(versions.get("data").get(1).get("id").asText())
        .isEqualTo(state.get("result").get("version").asText());
    assertThat(versions.get("data").get(1).get("parent").asText())
        .isEqualTo(versions.get("data").get(0).get("id").asText());
    assertThat(versions.get("data").get(1).get("job").asText())
        .as("the job that made the edited version")
        .isEqualTo(job);
    assertThat(versions.get("data").get(0).get("job").isNull()).as("the upload: no job").isTrue();

    JsonNode usage = json(api.get(key, "/usage"));
    assertThat(usage.get("credits").asLong()).isEqualTo(19);
    assertThat(usage.get("keys").get(0).get("endpoints").toString())
        .contains("/api/v1/images/{imageId}");

    assertThat(api.delete(key, "/images/" + id).statusCode()).isEqualTo(204);
    assertThat(api.get(key, "/images/" + id).statusCode()).isEqualTo(404);
    assertThat(api.delete(key, "/images/" + id).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> nowhere = api.get(key, "/nowhere");
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(json(nowhere).get("type").asText()).endsWith(":no-such-route");
  }

  @Test
  @DisplayName("a refusal speaks the account's own language too, beside the English detail")
  void refusalInTheAccountsLanguage() throws Exception {
    String account = ApiClient.account(jdbc, "Mei");
    jdbc.sql(
            "insert into studio_preference (account_id, language, edit_mode, model, updated_at)"
                + " values (:a, 'zh-CN', 'appearance', 'builtin', now())")
        .param("a", account)
        .update();
    String key = key(account, ApiKeys.Scope.EDIT);
    HttpResponse<byte[]> bad = api().upload(key, "x.png", new byte[0], null);
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode problem = json(bad);
    assertThat(problem.get("detail").asText()).contains("The file is empty");
    assertThat(problem.get("localized").get("lang").asText()).isEqualTo("zh-CN");
    assertThat(problem.get("localized").get("detail").asText()).contains("文件是空的");
  }

  @Test
  @DisplayName("a retried POST with the same Idempotency-Key replays the first answer, once")
  void idempotentRetries() throws Exception {
    ApiClient api = api();
    String account = ApiClient.account(jdbc, "Lou");
    String key = key(account, ApiKeys.Scope.READ, ApiKeys.Scope.EDIT);
    byte[] png = TestImages.png(TestImages.picture(30, 20));
    String idem = UUID.randomUUID().toString();
    HttpResponse<byte[]> first = api.upload(key, "a.png", png, idem);
    HttpResponse<byte[]> again = api.upload(key, "a.png", png, idem);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(json(again)).isEqualTo(json(first));
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(json(api.get(key, "/images")).get("data")).hasSize(1);

    HttpResponse<byte[]> other =
        api.upload(key, "b.png", TestImages.png(TestImages.picture(31, 20)), idem);
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(json(other).get("type").asText()).endsWith(":idempotency-key-reused");
    assertThat(json(api.get(key, "/images")).get("data")).hasSize(1);
  }

  @Test
  @DisplayName(
      "B-07 a burst past the plan's requests a minute gets 429 with Retry-After and headers")
  void burst() throws Exception {
    ApiClient api = api();
    String account = ApiClient.account(jdbc, "Max");
    String key = key(account, ApiKeys.Scope.READ);
    int limit = json(api.get(key, "/usage")).get("requests_per_minute").asInt();
    HttpResponse<byte[]> limited = null;
    // Twice the limit and more: however the minute's windows fall, one of them overflows.
    for (int i = 0; i < 2 * limit + 5 && limited == null; i++) {
      HttpResponse<byte[]> r = api.get(key, "/images");
      assertThat(r.headers().firstValue("RateLimit-Policy"))
          .hasValue("\"per-minute\";q=" + limit + ";w=60");
      assertThat(r.headers().firstValue("RateLimit")).isPresent();
      if (r.statusCode() == 429) {
        limited = r;
      }
    }
    assertThat(limited).as("a 429 within the burst").isNotNull();
    long retry = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retry).isBetween(1L, 60L);
    assertThat(limited.headers().firstValue("RateLimit").orElseThrow()).contains("r=0");
    assertThat(json(limited).get("type").asText()).endsWith(":rate-limited");
    assertThat(
            jdbc.sql("select max(hits) from api_rate_window where bucket = :b")
                .param("b", "account:" + account)
                .query(Integer.class)
                .single())
        .as("counted in PostgreSQL")
        .isGreaterThan(limit);
  }

  @Test
  @DisplayName(
      "the OpenAPI 3.1 document describes every route and is valid; the reference page lists them")
  void openApi() throws Exception {
    ApiClient api = api();
    HttpResponse<byte[]> doc = api.get(null, "/openapi.json");
    assertThat(doc.statusCode()).as(ApiClient.text(doc)).isEqualTo(200);
    var parsed =
        new io.swagger.v3.parser.OpenAPIV3Parser().readContents(ApiClient.text(doc), null, null);
    assertThat(parsed.getMessages()).as("validation messages").isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
    assertThat(parsed.getOpenAPI().getPaths().keySet())
        .contains(
            "/api/v1/images",
            "/api/v1/images/{imageId}",
            "/api/v1/images/{imageId}/content",
            "/api/v1/images/{imageId}/versions",
            "/api/v1/edits",
            "/api/v1/jobs/{jobId}",
            "/api/v1/usage");
    HttpResponse<byte[]> page = api.get(null, "/reference");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(ApiClient.text(page)).contains("/api/v1/edits").contains("/api/v1/jobs/{jobId}");
    // No other host answers it: springdoc's own endpoint is closed.
    HttpResponse<byte[]> springdoc =
        ApiClient.send(
            null,
            java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/v3/api-docs")));
    assertThat(springdoc.statusCode()).isIn(401, 403, 404);
    // springdoc's endpoint now has the document's path: closed outside the studio's prefix too.
    HttpResponse<byte[]> bare =
        ApiClient.send(
            null,
            java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/v1/openapi.json")));
    assertThat(bare.statusCode()).isIn(401, 403, 404);
    assertThat(springdocPath).isEqualTo("/api/v1/openapi.json");
    assertThat(springdocEnabled)
        .as("set explicitly, so springdoc does not warn that /v3/api-docs is open by default")
        .isEqualTo("true");
  }

  @org.springframework.beans.factory.annotation.Value("${springdoc.api-docs.path}")
  String springdocPath;

  @org.springframework.beans.factory.annotation.Value("${springdoc.api-docs.enabled:}")
  String springdocEnabled;
}
