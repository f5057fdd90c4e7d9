package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.CreditKind;
import dev.pledge.server.billing.Credits;
import dev.pledge.server.images.TestImages;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where webhook events come from (issue 15): {@code credits.low} once per crossing of the
 * threshold, and {@code image.deleted} for every way an image goes — through the API, with its
 * project in the studio, emptied by retention — but never for an account that was erased. The
 * events are read from the delivery log, which is what the sender posts from.
 */
@WithRunningServer
class WebhookEventsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;
  @Autowired Credits credits;
  @Autowired CreditAlerts alerts;
  @Autowired ImageDeletions deletions;
  @Autowired RetentionEngine engine;

  String key(String account) {
    return keys.create(
            account,
            null,
            "events",
            EnumSet.of(ApiKeys.Scope.READ, ApiKeys.Scope.EDIT, ApiKeys.Scope.DELETE),
            null)
        .secret();
  }

  /** A webhook for {@code events} at an address nothing listens on: only the log is read. */
  static void hook(ApiClient api, String key, String events) throws Exception {
    HttpResponse<byte[]> made =
        api.postJson(
            key,
            "/webhooks",
            "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[" + events + "]}",
            null);
    assertThat(made.statusCode()).as(ApiClient.text(made)).isEqualTo(201);
  }

  List<JsonNode> events(String account, String event) {
    return jdbc
        .sql(
            "select payload from api_webhook_delivery where account_id = :a and event = :e"
                + " order by created_at")
        .param("a", account)
        .param("e", event)
        .query(String.class)
        .list()
        .stream()
        .map(
            p -> {
              try {
                return JSON.readTree(p);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  @Test
  @DisplayName(
      "credits.low goes once when the balance crosses below the threshold, again only after"
          + " it was back above")
  void creditsLowOncePerCrossing() throws Exception {
    ApiClient api = new ApiClient(port);
    String account = ApiClient.account(jdbc, "Cleo");
    String key = key(account);
    hook(api, key, "\"credits.low\"");
    long threshold = alerts.threshold(account);
    long balance = credits.balance(account);
    assertThat(balance).as("the free plan's first month").isGreaterThan(threshold);
    alerts.check(account);
    assertThat(events(account, "credits.low")).isEmpty();

    credits.charge(account, balance - threshold + 1, "test", "low-1");
    alerts.check(account);
    List<JsonNode> sent = events(account, "credits.low");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).get("data").get("balance").asLong()).isEqualTo(threshold - 1);
    assertThat(sent.get(0).get("data").get("threshold").asLong()).isEqualTo(threshold);

    credits.charge(account, 1, "test", "low-2");
    alerts.check(account);
    alerts.check(account);
    assertThat(events(account, "credits.low")).as("still low: no new crossing").hasSize(1);

    credits.grant(account, 10, CreditKind.PROMOTION, "test", "back-up");
    alerts.check(account);
    assertThat(events(account, "credits.low")).hasSize(1);
    credits.charge(account, 10, "test", "low-3");
    alerts.check(account);
    assertThat(events(account, "credits.low")).as("a second crossing").hasSize(2);
  }

  @Test
  @DisplayName("image.deleted for a deletion through the API, with a project and by retention")
  void imageDeletedFromEveryPath() throws Exception {
    ApiClient api = new ApiClient(port);
    String account = ApiClient.account(jdbc, "Dora");
    String key = key(account);
    hook(api, key, "\"image.deleted\"");
    String viaApi = upload(api, key, 20);
    assertThat(api.delete(key, "/images/" + viaApi).statusCode()).isEqualTo(204);
    String withProject = upload(api, key, 21);
    // What the studio's "delete project" does to the rows (ImageLibrary.deleteProject): the
    // project goes and its images with it.
    jdbc.sql(
            "delete from image_project where project_id = (select project_id from image"
                + " where image_id = :i)")
        .param("i", withProject)
        .update();
    assertThat(api.get(key, "/images/" + withProject).statusCode()).isEqualTo(404);
    String survivor = upload(api, key, 23);
    // Retention: the image's only version is past its period; the engine's sweep deletes it.
    jdbc.sql("update image_version set created_at = :old where image_id = :i")
        .param("old", Timestamp.from(Instant.now().minus(Duration.ofDays(800))))
        .param("i", survivor)
        .update();
    List<RetentionBinding> versions =
        engine.bindings().stream()
            .filter(b -> b.store().name().equals("studio.image-versions"))
            .toList();
    engine.sweep(versions, "test", Instant.now());
    assertThat(api.get(key, "/images/" + survivor).statusCode()).isEqualTo(404);

    deletions.announce();
    List<String> announced =
        events(account, "image.deleted").stream()
            .map(e -> e.get("data").get("image").asText())
            .toList();
    assertThat(announced).contains(viaApi, withProject, survivor).doesNotHaveDuplicates();
    deletions.announce();
    assertThat(events(account, "image.deleted")).as("once each").hasSize(announced.size());
    assertThat(events(account, "image.deleted").get(0).get("data").size())
        .as("the image's id, nothing more")
        .isEqualTo(1);
  }

  @Test
  @DisplayName("B-16 no webhook goes out for an erased account, though its images went with it")
  void nothingAfterErasure() throws Exception {
    ApiClient api = new ApiClient(port);
    String account = ApiClient.account(jdbc, "Edda");
    String key = key(account);
    hook(api, key, "\"image.deleted\",\"credits.low\"");
    upload(api, key, 24);
    upload(api, key, 25);

    engine.erase("image-studio", account, "test");
    assertThat(
            jdbc.sql("select count(*) from image where account_id = :a")
                .param("a", account)
                .query(Long.class)
                .single())
        .as("the images went with the account")
        .isZero();
    deletions.announce();
    alerts.check();
    assertThat(
            jdbc.sql("select count(*) from api_webhook_delivery where account_id = :a")
                .param("a", account)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("select count(*) from api_image_deleted where account_id = :a")
                .param("a", account)
                .query(Long.class)
                .single())
        .as("no trace of the erased account's images left for webhooks")
        .isZero();
  }

  static String upload(ApiClient api, String key, int size) throws Exception {
    HttpResponse<byte[]> up =
        api.upload(key, "x.png", TestImages.png(TestImages.picture(size, size)), null);
    assertThat(up.statusCode()).as(ApiClient.text(up)).isEqualTo(201);
    return JSON.readTree(up.body()).get("id").asText();
  }
}
