package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Requests a client gets wrong in the ways curl users do (found walking the API from outside): an
 * Accept the API cannot answer, a method a path does not take, a body of another type. Each gets
 * the problem that names what is wrong, not an "Internal error" or "No such route".
 */
@WithRunningServer
class ApiWrongRequestsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;

  String key() {
    String account = ApiClient.account(jdbc, "Wren");
    return keys.create(
            account,
            null,
            "test",
            EnumSet.of(ApiKeys.Scope.READ, ApiKeys.Scope.EDIT, ApiKeys.Scope.DELETE),
            null)
        .secret();
  }

  static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  @DisplayName("an Accept the API cannot answer is a 406 problem that says JSON, not a 500")
  void acceptCsv() throws Exception {
    ApiClient api = new ApiClient(port);
    HttpResponse<byte[]> r =
        ApiClient.send(
            key(),
            HttpRequest.newBuilder(URI.create(api.base + "/images")).header("Accept", "text/csv"));
    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("type").asText()).isEqualTo("urn:pledge:api:problem:not-acceptable");
    assertThat(json(r).get("detail").asText()).contains("Accept: application/json");
  }

  @Test
  @DisplayName("a method a path does not take is a 405 with Allow, not 'no such route'")
  void wrongMethod() throws Exception {
    ApiClient api = new ApiClient(port);
    String key = key();
    HttpResponse<byte[]> put =
        ApiClient.send(
            key,
            HttpRequest.newBuilder(URI.create(api.base + "/images"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json"));
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(json(put).get("type").asText()).endsWith(":method-not-allowed");
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");

    HttpResponse<byte[]> getEdits = api.get(key, "/edits");
    assertThat(getEdits.statusCode()).isEqualTo(405);
    assertThat(getEdits.headers().firstValue("Allow")).hasValue("POST");

    HttpResponse<byte[]> nowhere = api.get(key, "/nowhere");
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(json(nowhere).get("type").asText()).endsWith(":no-such-route");
  }

  @Test
  @DisplayName("an edit sent as text/plain is a 415 that names the Content-Type to send")
  void wrongBodyType() throws Exception {
    ApiClient api = new ApiClient(port);
    HttpResponse<byte[]> r =
        ApiClient.send(
            key(),
            HttpRequest.newBuilder(URI.create(api.base + "/edits"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"image\": \"x\"}")));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(json(r).get("type").asText()).endsWith(":unsupported-media-type");
    assertThat(json(r).get("detail").asText()).contains("application/json");
  }

  @Test
  @DisplayName(
      "an encoded ../ (or other refused path) under the API answers the API's problem+json 404,"
          + " by prefix and by host, with or without a key; other studio paths keep the page")
  void refusedPathsUnderTheApiAreProblems() throws Exception {
    String[][] requests = {
      {"localhost", "/p/image-studio/api/v1/%2e%2e%2fimages"},
      {"localhost", "/p/image-studio/api/v1/images/%2e%2e%2f%2e%2e%2fsign-in"},
      {"localhost", "/p/image-studio/api/v1/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc"},
      {"localhost", "/p/image-studio/api/v1/images%2fx"},
      {"localhost", "/p/image-studio/api/v1/images;x=1"},
      {"image-studio.localhost", "/api/v1/%2e%2e%2fimages"},
      {"image-studio.localhost", "/api/v1/%2e%2e/%2e%2e/%2e%2e/etc"},
    };
    for (String[] r : requests) {
      dev.pledge.server.LocalHttp.Response answer =
          dev.pledge.server.LocalHttp.get(port, r[0], r[1]);
      assertThat(answer.status()).as(r[0] + r[1]).isEqualTo(404);
      assertThat(answer.header("content-type"))
          .as(r[0] + r[1])
          .isEqualTo("application/problem+json");
      JsonNode problem = JSON.readTree(answer.body());
      assertThat(problem.get("type").asText())
          .as(r[0] + r[1])
          .isEqualTo("urn:pledge:api:problem:no-such-route");
      assertThat(problem.get("status").asInt()).isEqualTo(404);
    }
    dev.pledge.server.LocalHttp.Response page =
        dev.pledge.server.LocalHttp.get(port, "localhost", "/p/image-studio/%2e%2e%2fsign-in");
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.header("content-type")).startsWith("text/html");
  }
}
