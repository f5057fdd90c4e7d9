package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.images.TestImages;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhooks: registered with a secret shown once, deliveries signed per Standard Webhooks (checked
 * here by the specification's algorithm, written independently of the server's), retried after a
 * failure, logged, and replayed.
 */
@WithRunningServer
class WebhooksTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;

  record Received(Map<String, String> headers, String body) {}

  /**
   * The Standard Webhooks verification, from the specification: the secret's bytes are the base64
   * after "whsec_"; the signed content is "{id}.{timestamp}.{body}"; the header holds
   * space-separated "v1,{base64 HMAC-SHA256}".
   */
  static boolean verify(String secret, Map<String, String> headers, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.split("_", 2)[1]), "HmacSHA256"));
    String content =
        headers.get("webhook-id") + "." + headers.get("webhook-timestamp") + "." + body;
    String expected =
        Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    for (String sig : headers.get("webhook-signature").split(" ")) {
      String[] parts = sig.split(",", 2);
      if (parts[0].equals("v1")
          && java.security.MessageDigest.isEqual(
              parts[1].getBytes(StandardCharsets.US_ASCII),
              expected.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  @Test
  @DisplayName("a signed webhook per Standard Webhooks, retried after a 500, logged and replayed")
  void signedRetriedReplayed() throws Exception {
    List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          Map<String, String> h = new java.util.HashMap<>();
          for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            h.put(name, ex.getRequestHeaders().getFirst(name));
          }
          received.add(
              new Received(
                  h, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          // The first attempt fails: the delivery must be tried again.
          ex.sendResponseHeaders(calls.incrementAndGet() == 1 ? 500 : 204, -1);
          ex.close();
        });
    receiver.start();
    try {
      ApiClient api = new ApiClient(port);
      String account = ApiClient.account(jdbc, "Nia");
      String key =
          keys.create(
                  account,
                  null,
                  "hooks",
                  EnumSet.of(ApiKeys.Scope.READ, ApiKeys.Scope.EDIT, ApiKeys.Scope.DELETE),
                  null)
              .secret();
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      HttpResponse<byte[]> bad =
          api.postJson(
              key,
              "/webhooks",
              "{\"url\":\"http://example.org/x\",\"events\":[\"image.deleted\"]}",
              null);
      assertThat(bad.statusCode()).isEqualTo(400);
      // A cloud's metadata service: inside the server's network, refused (request forgery).
      HttpResponse<byte[]> inside =
          api.postJson(
              key,
              "/webhooks",
              "{\"url\":\"https://169.254.169.254/latest\",\"events\":[\"image.deleted\"]}",
              null);
      assertThat(inside.statusCode()).isEqualTo(400);
      assertThat(ApiClient.text(inside)).contains("private or reserved network");
      HttpResponse<byte[]> made =
          api.postJson(
              key, "/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"image.deleted\"]}", null);
      assertThat(made.statusCode()).as(ApiClient.text(made)).isEqualTo(201);
      JsonNode hook = JSON.readTree(made.body());
      String secret = hook.get("secret").asText();
      assertThat(secret).startsWith("whsec_");
      String hookId = hook.get("id").asText();
      // Shown once: the list has no secret, and the database has no plain secret either.
      assertThat(ApiClient.text(api.get(key, "/webhooks"))).contains(hookId).doesNotContain(secret);
      assertThat(
              jdbc.sql("select encode(secret, 'escape') from api_webhook where webhook_id = :w")
                  .param("w", hookId)
                  .query(String.class)
                  .single())
          .doesNotContain(secret.substring(6));

      String image =
          JSON.readTree(
                  api.upload(key, "a.png", TestImages.png(TestImages.picture(20, 20)), null).body())
              .get("id")
              .asText();
      assertThat(api.delete(key, "/images/" + image).statusCode()).isEqualTo(204);

      await(() -> received.size() >= 2);
      Received first = received.get(0);
      Received second = received.get(1);
      assertThat(first.headers().get("webhook-id")).startsWith("msg_");
      assertThat(second.headers().get("webhook-id")).isEqualTo(first.headers().get("webhook-id"));
      assertThat(verify(secret, second.headers(), second.body())).isTrue();
      assertThat(verify(WebhookSecrets.fresh(), second.headers(), second.body())).isFalse();
      assertThat(verify(secret, second.headers(), second.body().replace("image", "imagE")))
          .isFalse();
      JsonNode event = JSON.readTree(second.body());
      assertThat(event.get("type").asText()).isEqualTo("image.deleted");
      assertThat(event.get("data").get("image").asText()).isEqualTo(image);

      JsonNode log =
          JSON.readTree(api.get(key, "/webhooks/" + hookId + "/deliveries").body()).get("data");
      await(
          () ->
              JSON.readTree(api.get(key, "/webhooks/" + hookId + "/deliveries").body())
                  .get("data")
                  .get(0)
                  .get("state")
                  .asText()
                  .equals("delivered"));
      String delivery = log.get(0).get("id").asText();
      HttpResponse<byte[]> replay =
          api.postJson(
              key, "/webhooks/" + hookId + "/deliveries/" + delivery + "/replay", "", null);
      assertThat(replay.statusCode()).isEqualTo(202);
      await(() -> received.size() >= 3);
      assertThat(received.get(2).headers().get("webhook-id")).isEqualTo(delivery);
      assertThat(verify(secret, received.get(2).headers(), received.get(2).body())).isTrue();
      assertThat(api.delete(key, "/webhooks/" + hookId).statusCode()).isEqualTo(204);
      assertThat(api.get(key, "/webhooks/" + hookId + "/deliveries").statusCode()).isEqualTo(404);
    } finally {
      receiver.stop(0);
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  /** Waits for the scheduler (db-scheduler runs on real time: 1 s polls, 2 s first back-off). */
  static void await(Check check) throws Exception {
    for (int i = 0; i < 300; i++) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(check.ok()).as("within 30 s").isTrue();
  }
}
