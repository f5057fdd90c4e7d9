package dev.pledge.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.SubjectExporter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Consent receipts over HTTP as the banner makes them, Global Privacy Control on the server for
 * every header variant, {@code /.well-known/gpc.json}, and receipts in the access export and after
 * an erasure.
 */
@WithRunningServer
class ConsentReceiptsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired PolicyCatalog catalog;
  @Autowired ConsentReceipts receipts;
  @Autowired SubjectExporter exporter;
  @Autowired RetentionEngine engine;
  @Autowired AuditTrail audit;

  final HttpClient http = HttpClient.newHttpClient();

  String studio() {
    return "http://localhost:" + port + "/p/image-studio";
  }

  HttpResponse<String> post(String body, Map<String, List<String>> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(studio() + "/consent"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  Map<String, List<String>> sameOrigin() {
    return Map.of("Origin", List.of("http://localhost:" + port));
  }

  Map<String, Object> row(String receiptId) {
    return jdbc.sql("select * from consent_receipt where receipt_id = :id")
        .param("id", receiptId)
        .query()
        .singleRow();
  }

  static List<String> array(Object sqlArray) throws Exception {
    return List.of((String[]) ((java.sql.Array) sqlArray).getArray());
  }

  @Test
  @DisplayName(
      "B-30 a banner choice is stored as a receipt: categories, policy version, time, device")
  void bannerChoiceMakesReceipt() throws Exception {
    String device = UUID.randomUUID().toString();
    var response =
        post(
            "{\"consentId\":\""
                + device
                + "\",\"accepted\":[\"performance\"],\"source\":\"banner\"}",
            sameOrigin());
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().allValues("Set-Cookie")).as("no session for a choice").isEmpty();
    JsonNode answer = JSON.readTree(response.body());
    Map<String, Object> r = row(answer.get("receipt").asText());
    assertThat(array(r.get("granted"))).containsExactly("essential", "performance");
    assertThat(array(r.get("refused"))).containsExactly("preference", "security", "marketing");
    assertThat(r.get("source")).isEqualTo("banner");
    assertThat(r.get("gpc")).isEqualTo(false);
    assertThat(r.get("device_ref")).isEqualTo(device);
    assertThat(r.get("account_id")).isNull();
    var policy = catalog.byId("image-studio").orElseThrow();
    assertThat(r.get("policy_sha256")).isEqualTo(policy.sha256());
    assertThat(r.get("consent_revision")).isEqualTo(CookieInventory.of(policy.policy()).revision());
    assertThat(r.get("recorded_at")).isNotNull();
  }

  @Test
  @DisplayName("B-24 a choice sent with Sec-GPC: 1 never grants marketing, even when ticked")
  void gpcRefusesMarketingInAChoice() throws Exception {
    var response =
        post(
            "{\"accepted\":[\"performance\",\"preference\",\"security\",\"marketing\"],"
                + "\"source\":\"settings\"}",
            Map.of("Sec-Fetch-Site", List.of("same-origin"), "Sec-GPC", List.of("1")));
    assertThat(response.statusCode()).isEqualTo(201);
    Map<String, Object> r = row(JSON.readTree(response.body()).get("receipt").asText());
    assertThat(array(r.get("granted"))).doesNotContain("marketing");
    assertThat(array(r.get("refused"))).containsExactly("marketing");
    assertThat(r.get("gpc")).isEqualTo(true);
    assertThat(r.get("source")).isEqualTo("settings");
  }

  @Test
  @DisplayName("bad choices get a clear error naming the field; other sites cannot record one")
  void badChoices() throws Exception {
    long before = jdbc.sql("select count(*) from consent_receipt").query(Long.class).single();
    var foreign =
        post(
            "{\"accepted\":[],\"source\":\"banner\"}",
            Map.of("Origin", List.of("https://evil.example")));
    assertThat(foreign.statusCode()).isEqualTo(403);
    var crossSite =
        post(
            "{\"accepted\":[],\"source\":\"banner\"}",
            Map.of("Sec-Fetch-Site", List.of("cross-site")));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    var none = post("{\"accepted\":[],\"source\":\"banner\"}", Map.of());
    assertThat(none.statusCode()).isEqualTo(403);

    var unknown = post("{\"accepted\":[\"tracking\"],\"source\":\"banner\"}", sameOrigin());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body())
        .contains("accepted: unknown cookie category 'tracking'")
        .contains("essential")
        .doesNotContain("Exception");
    var source = post("{\"accepted\":[],\"source\":\"cookie-wall\"}", sameOrigin());
    assertThat(source.statusCode()).isEqualTo(400);
    assertThat(source.body()).contains("source:");
    var device =
        post("{\"consentId\":\"<script>\",\"accepted\":[],\"source\":\"banner\"}", sameOrigin());
    assertThat(device.statusCode()).isEqualTo(400);
    assertThat(device.body()).contains("consentId:");
    var empty = post("", sameOrigin());
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(jdbc.sql("select count(*) from consent_receipt").query(Long.class).single())
        .isEqualTo(before);
  }

  /** A studio page fetched by a browser that holds a consent id, with these Sec-GPC headers. */
  String visitWith(List<String> gpc) throws Exception {
    String device = UUID.randomUUID().toString();
    int revision =
        CookieInventory.of(catalog.byId("image-studio").orElseThrow().policy()).revision();
    String cookie =
        URLEncoder.encode(
            "{\"categories\":[\"essential\",\"performance\",\"marketing\"],\"revision\":"
                + revision
                + ",\"consentId\":\""
                + device
                + "\"}",
            StandardCharsets.UTF_8);
    for (int i = 0; i < 2; i++) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(studio() + "/"))
              .header("Cookie", ConsentCookie.NAME + "=" + cookie);
      gpc.forEach(v -> b.header("Sec-GPC", v));
      assertThat(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
    return device;
  }

  List<Map<String, Object>> receiptsOf(String device) {
    return jdbc.sql("select * from consent_receipt where device_ref = :d")
        .param("d", device)
        .query()
        .listOfRows();
  }

  @Test
  @DisplayName("B-24 Sec-GPC: 1 on a page is recorded once as a GPC receipt refusing marketing")
  void gpcHeaderRecordedOnce() throws Exception {
    String device = visitWith(List.of("1"));
    var rows = receiptsOf(device);
    assertThat(rows).as("two visits, one receipt").hasSize(1);
    assertThat(rows.get(0).get("source")).isEqualTo("gpc");
    assertThat(rows.get(0).get("gpc")).isEqualTo(true);
    assertThat(array(rows.get(0).get("granted")))
        .as("what was allowed stays allowed, except marketing")
        .containsExactly("essential", "performance");
    assertThat(array(rows.get(0).get("refused"))).contains("marketing");
  }

  @Test
  @DisplayName("B-24 repeated Sec-GPC headers count when any one is 1")
  void repeatedHeaders() throws Exception {
    assertThat(receiptsOf(visitWith(List.of("0", "1")))).hasSize(1);
  }

  @Test
  @DisplayName("B-24 Sec-GPC 0, true or empty is no signal: no receipt")
  void otherValuesAreNoSignal() throws Exception {
    assertThat(receiptsOf(visitWith(List.of("0")))).isEmpty();
    assertThat(receiptsOf(visitWith(List.of("true")))).isEmpty();
    assertThat(receiptsOf(visitWith(List.of("")))).isEmpty();
    assertThat(receiptsOf(visitWith(List.of()))).isEmpty();
  }

  @Test
  @DisplayName("B-24 /.well-known/gpc.json on the studio and the reference site, from the policy")
  void gpcJson() throws Exception {
    for (String property : List.of("image-studio", "reference-site")) {
      var response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:" + port + "/p/" + property + "/.well-known/gpc.json"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(property).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).get().asString().contains("json");
      assertThat(response.headers().allValues("Set-Cookie")).as(property).isEmpty();
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("gpc").asBoolean()).isTrue();
      var policy = catalog.byId(property).orElseThrow().policy();
      assertThat(body.get("lastUpdate").asText())
          .isEqualTo(GpcDeclaration.lastUpdate(policy).toString());
    }
    var root =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/.well-known/gpc.json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(root.statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("B-30 the banner's configuration is the policy's categories and cookies")
  void configFromPolicy() throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(studio() + "/consent/config"))
                .header("Sec-GPC", "1")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    JsonNode cfg = JSON.readTree(response.body());
    var policy = catalog.byId("image-studio").orElseThrow().policy();
    assertThat(cfg.get("revision").asInt()).isEqualTo(CookieInventory.of(policy).revision());
    assertThat(cfg.get("gpc").asBoolean()).isTrue();
    assertThat(cfg.get("cookie").get("path").asText()).isEqualTo("/p/image-studio");
    assertThat(cfg.get("categories").findValuesAsText("id"))
        .containsExactly("essential", "performance", "preference", "security", "marketing");
    assertThat(cfg.get("categories").get(0).get("required").asBoolean()).isTrue();
    assertThat(cfg.get("categories").get(0).get("cookies").findValuesAsText("name"))
        .containsExactly("JSESSIONID", "XSRF-TOKEN", "cc_cookie");
  }

  @Test
  @DisplayName(
      "B-30 receipts are in the access export, and an erasure keeps them only pseudonymised")
  void exportAndErasure() throws Exception {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Consenta", "en");
    String device = UUID.randomUUID().toString();
    receipts.record(a.id(), device, Set.of("performance"), ConsentReceipt.Source.BANNER, false);
    receipts.record(a.id(), device, Set.of(), ConsentReceipt.Source.SETTINGS, false);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var summary = exporter.export("image-studio", a.id(), out);
    assertThat(summary.lines())
        .filteredOn(l -> l.store().equals("consent.receipts"))
        .singleElement()
        .satisfies(l -> assertThat(l.items()).isEqualTo(2));

    var erasure = engine.erase("image-studio", a.id(), "test");
    assertThat(erasure)
        .filteredOn(l -> l.store().equals("consent.receipts"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.held()).isEqualTo(2);
              assertThat(l.remaining()).isZero();
              assertThat(l.holdReason()).contains("Proof of consent");
            });
    assertThat(
            jdbc.sql("select count(*) from consent_receipt where account_id = :a")
                .param("a", a.id())
                .query(Long.class)
                .single())
        .isZero();
    String pseudonym = "erased:" + audit.subjectReference(a.id());
    assertThat(
            jdbc.sql("select count(*) from consent_receipt where account_id = :p")
                .param("p", pseudonym)
                .query(Long.class)
                .single())
        .as("kept as proof, under the erasure's pseudonym")
        .isEqualTo(2);
  }
}
