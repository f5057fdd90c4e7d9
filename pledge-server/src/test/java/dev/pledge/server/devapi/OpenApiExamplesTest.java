package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.CreditKind;
import dev.pledge.server.billing.Credits;
import dev.pledge.server.images.TestImages;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The OpenAPI document's examples, run against the live server as they are written: every request
 * body example and every parameter example is sent ({imageId}-style placeholders filled with ids of
 * this test's own resources), and must answer with a status the document lists for the operation
 * and, where the document gives the answer's schema, only fields that schema declares. Every GET
 * route is then read the same way with those ids, so no route answers other than documented.
 */
@WithRunningServer
class OpenApiExamplesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  /**
   * The test has no internet: the webhook example's public URL is replaced by a local one (the test
   * server allows loopback), the only change made to an example.
   */
  static final String EXAMPLE_HOOK = "https://hooks.example.com/pledge";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;
  @Autowired Credits credits;

  record Call(String method, String path, JsonNode operation) {}

  @Test
  @DisplayName(
      "every example in the OpenAPI document runs against the server and answers as"
          + " documented")
  void examplesRun() throws Exception {
    ApiClient api = new ApiClient(port);
    String account = ApiClient.account(jdbc, "Otto");
    ApiClient.onPlan(jdbc, account, "pro");
    credits.grant(account, 20, CreditKind.PROMOTION, "test", "examples-" + account);
    String key =
        keys.create(
                account,
                null,
                "examples",
                EnumSet.of(ApiKeys.Scope.READ, ApiKeys.Scope.EDIT, ApiKeys.Scope.DELETE),
                null)
            .secret();
    JsonNode doc = JSON.readTree(api.get(null, "/openapi.json").body());
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put(
        "imageId",
        JSON.readTree(
                api.upload(key, "e.png", TestImages.png(TestImages.picture(24, 16)), null).body())
            .get("id")
            .asText());

    List<Call> calls = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields();
      while (ops.hasNext()) {
        Map.Entry<String, JsonNode> op = ops.next();
        calls.add(new Call(op.getKey().toUpperCase(Locale.ROOT), p.getKey(), op.getValue()));
      }
    }

    int examples = 0;
    for (Call c : calls) {
      for (Map.Entry<String, String> body : bodyExamples(c.operation()).entrySet()) {
        String json = fill(body.getValue(), ids).replace(EXAMPLE_HOOK, "http://127.0.0.1:9/h");
        HttpResponse<byte[]> r =
            api.postJson(key, fill(c.path(), ids).substring("/api/v1".length()), json, null);
        String what = c.method() + " " + c.path() + " example " + body.getKey();
        assertDocumented(doc, c, r, what);
        JsonNode answer = JSON.readTree(r.body());
        // What the examples made is what later routes are read with.
        if (answer.has("job")) {
          ids.put("jobId", answer.get("job").asText());
        }
        if (c.path().equals("/api/v1/webhooks") && answer.has("id")) {
          ids.put("webhookId", answer.get("id").asText());
        }
        examples++;
      }
    }
    assertThat(examples).as("request examples in the document").isGreaterThanOrEqualTo(2);
    assertThat(ids).containsKeys("jobId", "webhookId");

    int reads = 0;
    for (Call c : calls) {
      if (!c.method().equals("GET") || !ids.keySet().containsAll(placeholders(c.path()))) {
        continue;
      }
      StringBuilder query = new StringBuilder();
      for (JsonNode param : c.operation().path("parameters")) {
        if (param.path("in").asText().equals("query") && param.has("example")) {
          query.append(query.isEmpty() ? "?" : "&");
          query
              .append(param.get("name").asText())
              .append('=')
              .append(param.get("example").asText());
        }
      }
      String path = fill(c.path(), ids).substring("/api/v1".length()) + query;
      HttpResponse<byte[]> r = api.get(key, path);
      assertDocumented(doc, c, r, "GET " + c.path() + query);
      reads++;
    }
    // images, image, content, versions, jobs, usage, webhooks, deliveries
    assertThat(reads).as("GET routes read").isGreaterThanOrEqualTo(8);
  }

  /** The answer's status is one the operation lists; its JSON fields are the schema's. */
  static void assertDocumented(JsonNode doc, Call c, HttpResponse<byte[]> r, String what)
      throws Exception {
    JsonNode responses = c.operation().path("responses");
    String status = Integer.toString(r.statusCode());
    assertThat(responses.has(status))
        .as(
            what
                + " answered "
                + status
                + " "
                + ApiClient.text(r)
                + "; documented: "
                + responses.fieldNames().next())
        .isTrue();
    JsonNode schema = null;
    Iterator<JsonNode> contents = responses.path(status).path("content").elements();
    if (contents.hasNext()) {
      schema = resolve(doc, contents.next().path("schema"));
    }
    if (schema != null && schema.has("properties") && r.body().length > 0) {
      JsonNode answer = JSON.readTree(r.body());
      List<String> fields = new ArrayList<>();
      answer.fieldNames().forEachRemaining(fields::add);
      List<String> declared = new ArrayList<>();
      schema.path("properties").fieldNames().forEachRemaining(declared::add);
      assertThat(declared).as(what + ": the answer's fields are documented").containsAll(fields);
    }
  }

  static JsonNode resolve(JsonNode doc, JsonNode schema) {
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().replaceFirst("^#/components/schemas/", "");
      return doc.path("components").path("schemas").path(name);
    }
    return schema;
  }

  static Map<String, String> bodyExamples(JsonNode operation) {
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<JsonNode> contents = operation.path("requestBody").path("content").elements();
    while (contents.hasNext()) {
      JsonNode content = contents.next();
      Iterator<Map.Entry<String, JsonNode>> named = content.path("examples").fields();
      while (named.hasNext()) {
        Map.Entry<String, JsonNode> e = named.next();
        JsonNode v = e.getValue().path("value");
        out.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
      }
      if (content.has("example")) {
        JsonNode v = content.get("example");
        out.put("example", v.isTextual() ? v.asText() : v.toString());
      }
    }
    return out;
  }

  static List<String> placeholders(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String fill(String s, Map<String, String> ids) {
    String out = s;
    for (Map.Entry<String, String> e : ids.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }
}
