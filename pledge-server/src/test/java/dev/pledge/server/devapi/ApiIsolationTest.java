package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.CreditKind;
import dev.pledge.server.billing.Credits;
import dev.pledge.server.images.TestImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tenant isolation of the API (B-14): every route of the OpenAPI document that takes an id — read
 * from the document, so a route added later is tried too — is called with another account's ids by
 * a key with every scope. Each answers 404, and nothing of the other account changes. Routes with
 * an id in the body (an edit) are tried with the other account's image too.
 */
@WithRunningServer
class ApiIsolationTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;
  @Autowired Credits credits;

  @Test
  @DisplayName("B-14 every API route refuses another account's ids with 404, changing nothing")
  void everyRouteRefusesForeignIds() throws Exception {
    ApiClient api = new ApiClient(port);
    String victim = ApiClient.account(jdbc, "Vic");
    ApiClient.onPlan(jdbc, victim, "pro");
    credits.grant(victim, 10, CreditKind.PROMOTION, "test", "iso-" + victim);
    String vKey = keys.create(victim, null, "v", EnumSet.allOf(ApiKeys.Scope.class), null).secret();
    String attacker = ApiClient.account(jdbc, "Mal");
    ApiClient.onPlan(jdbc, attacker, "pro");
    credits.grant(attacker, 10, CreditKind.PROMOTION, "test", "iso-" + attacker);
    String mKey =
        keys.create(attacker, null, "m", EnumSet.allOf(ApiKeys.Scope.class), null).secret();

    String image =
        JSON.readTree(
                api.upload(vKey, "v.png", TestImages.png(TestImages.picture(30, 20)), null).body())
            .get("id")
            .asText();
    String job =
        JSON.readTree(
                api.postJson(
                        vKey,
                        "/edits",
                        "{\"image\":\"" + image + "\",\"operation\":\"rotate\",\"angle\":90}",
                        null)
                    .body())
            .get("job")
            .asText();
    JsonNode hook =
        JSON.readTree(
            api.postJson(
                    vKey,
                    "/webhooks",
                    "{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"image.deleted\"]}",
                    null)
                .body());
    String webhook = hook.get("id").asText();
    jdbc.sql(
            "insert into api_webhook_delivery (delivery_id, webhook_id, account_id, event,"
                + " payload, state, created_at) values ('msg_iso', :w, :a, 'image.deleted', '{}',"
                + " 'failed', now())")
        .param("w", webhook)
        .param("a", victim)
        .update();
    // The victim's edit finishes first: its new version must not pass for the attacker's doing.
    for (int i = 0;
        i < 240
            && !JSON.readTree(api.get(vKey, "/jobs/" + job).body())
                .path("state")
                .asText()
                .matches("succeeded|failed");
        i++) {
      Thread.sleep(250);
    }
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("imageId", image);
    ids.put("jobId", job);
    ids.put("webhookId", webhook);
    ids.put("deliveryId", "msg_iso");
    String before = snapshot(victim);

    JsonNode doc = JSON.readTree(api.get(null, "/openapi.json").body());
    List<String> tried = new ArrayList<>();
    List<String> answered = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      Iterator<String> methods = p.getValue().fieldNames();
      while (methods.hasNext()) {
        String method = methods.next().toUpperCase();
        String path = p.getKey();
        boolean takesId = path.contains("{");
        boolean bodyId = method.equals("POST") && path.equals("/api/v1/edits");
        if (!takesId && !bodyId) {
          continue;
        }
        for (var id : ids.entrySet()) {
          path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        assertThat(path).as("every path variable has a victim's id").doesNotContain("{");
        String body =
            bodyId ? "{\"image\":\"" + image + "\",\"operation\":\"rotate\",\"angle\":90}" : "";
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(api.base + path.substring("/api/v1".length())))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<byte[]> r = ApiClient.send(mKey, b);
        tried.add(method + " " + p.getKey());
        if (r.statusCode() != 404) {
          answered.add(method + " " + p.getKey() + " → " + r.statusCode());
        }
      }
    }
    assertThat(tried).as("routes that take ids").hasSizeGreaterThanOrEqualTo(9);
    assertThat(answered).as("routes that did not answer 404").isEmpty();
    assertThat(snapshot(victim)).as("nothing of the victim changed").isEqualTo(before);
    // And the attacker's list shows none of it.
    assertThat(ApiClient.text(api.get(mKey, "/images"))).doesNotContain(image);
  }

  String snapshot(String account) {
    return jdbc.sql(
            """
            select (select string_agg(image_id, ',' order by image_id) from image
                      where account_id = :a)
              || '|' || (select count(*) from image_version where account_id = :a)
              || '|' || (select count(*) from image_job where account_id = :a)
              || '|' || (select string_agg(webhook_id, ',') from api_webhook where account_id = :a)
              || '|' || (select string_agg(state || attempts, ',') from api_webhook_delivery
                         where account_id = :a)
            """)
        .param("a", account)
        .query(String.class)
        .single();
  }
}
