package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.rights.ProcessingPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operators' side of restriction, objection and rectification (A-15, B-27, B-40): the request
 * page's Apply, Lift and correction forms, and the same through the JSON API.
 */
@WithRunningServer
class RequestProcessingConsoleTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired ProcessingRestrictions gate;

  private ConsoleClient operator;
  private String csrf;

  @BeforeEach
  void signIn() throws Exception {
    operator = ConsoleClient.signedIn(port, accounts, "processing-handler", "127.0.6.20");
    csrf = ConsoleClient.csrf(operator.get("/console/requests").body());
  }

  ConsoleClient.Response api(String method, String path, String json) throws Exception {
    return operator.send(
        method,
        path,
        json,
        json == null
            ? Map.of("X-CSRF-TOKEN", csrf)
            : Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
  }

  String created(String json) throws Exception {
    ConsoleClient.Response r = api("POST", "/console/api/requests", json);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).get("reference").asText();
  }

  ConsoleClient.Response post(String path, Map<String, String> form) throws Exception {
    Map<String, String> withToken = new HashMap<>(form);
    withToken.put("_csrf", csrf);
    return operator.post(path, withToken);
  }

  String page(String reference) throws Exception {
    return operator.get("/console/requests/" + reference).body();
  }

  @Test
  @DisplayName(
      "B-27 A-15 a restriction's Apply and Lift on the request page stop and restore processing,"
          + " with the reason kept; no CSRF token → 403")
  void consoleApplyAndLift() throws Exception {
    String account = "acct-" + System.nanoTime();
    String reference =
        created(
            "{\"property\": \"image-studio\", \"kind\": \"restriction\", \"subjectId\": \""
                + account
                + "\"}");
    assertThat(page(reference))
        .contains("data-section=\"processing\"")
        .contains("Cannot apply yet")
        .doesNotContain("data-action=\"apply-processing\"");
    post("/console/requests/" + reference + "/status", Map.of("status", "in-progress"));
    assertThat(page(reference)).contains("data-action=\"apply-processing\"");

    assertThat(
            operator
                .post("/console/requests/" + reference + "/processing/apply", Map.of())
                .status())
        .isEqualTo(403);
    assertThat(gate.permits("image-studio", account, ProcessingPurpose.EDITING)).isTrue();

    assertThat(post("/console/requests/" + reference + "/processing/apply", Map.of()).status())
        .isEqualTo(302);
    assertThat(gate.permits("image-studio", account, ProcessingPurpose.EDITING)).isFalse();
    String applied = page(reference);
    assertThat(applied)
        .contains("Stopped: all processing except storage and legal claims")
        .contains("data-active=\"true\"")
        .contains("data-action=\"lift-processing\"")
        .contains("data-action=\"complete-with-explanation\"")
        .contains("is restricted from")
        .contains("operator:processing-handler");

    // completed with the explanation: the requester's words are in the history
    String explanation =
        JSON.readTree(api("GET", "/console/api/requests/" + reference + "/processing", null).body())
            .get("explanation")
            .asText();
    assertThat(applied).contains(explanation);
    // the processors outside Pledge are told by hand first (the checklist blocks completion)
    for (var step :
        JSON.readTree(api("GET", "/console/api/requests/" + reference + "/steps", null).body())
            .get("steps")) {
      api(
          "POST",
          "/console/api/requests/" + reference + "/steps",
          "{\"id\": " + step.get("id").asLong() + ", \"evidence\": \"processor told\"}");
    }
    post(
        "/console/requests/" + reference + "/status",
        Map.of("status", "completed", "note", explanation));
    String completed = page(reference);
    assertThat(completed)
        .contains("data-field=\"status\">completed<")
        .contains("data-action=\"lift-processing\"")
        .doesNotContain("data-action=\"complete-with-explanation\"");

    // lifted later, once the dispute is resolved; a reason is required
    post("/console/requests/" + reference + "/processing/lift", Map.of("reason", ""));
    assertThat(page(reference)).contains("Lifting needs a reason");
    assertThat(gate.permits("image-studio", account, ProcessingPurpose.EDITING)).isFalse();
    post(
        "/console/requests/" + reference + "/processing/lift",
        Map.of("reason", "The accuracy dispute is resolved"));
    assertThat(gate.permits("image-studio", account, ProcessingPurpose.EDITING)).isTrue();
    assertThat(page(reference))
        .contains("Lifted: all processing")
        .contains("data-active=\"false\"")
        .contains("The accuracy dispute is resolved")
        .doesNotContain("data-action=\"apply-processing\"");
  }

  @Test
  @DisplayName(
      "B-40 A-15 the API applies an objection (twice harmlessly), reports it, lifts it; wrong kind"
          + " → 409, unknown request → 404")
  void apiObjection() throws Exception {
    String account = "acct-" + System.nanoTime();
    String reference =
        created(
            "{\"property\": \"image-studio\", \"kind\": \"objection\", \"purpose\":"
                + " \"model-training\", \"subjectId\": \""
                + account
                + "\"}");
    ConsoleClient.Response first =
        api("POST", "/console/api/requests/" + reference + "/processing", null);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(first.body());
    assertThat(body.get("alreadyInEffect").asBoolean()).isFalse();
    assertThat(body.get("stopped").get(0).get("stops").asText()).isEqualTo("model-training");
    assertThat(body.get("explanation").asText()).contains("use of feedback to improve models");
    assertThat(gate.permits("image-studio", account, ProcessingPurpose.MODEL_TRAINING)).isFalse();
    assertThat(gate.permits("image-studio", account, ProcessingPurpose.MARKETING)).isTrue();

    JsonNode again =
        JSON.readTree(
            api("POST", "/console/api/requests/" + reference + "/processing", null).body());
    assertThat(again.get("alreadyInEffect").asBoolean()).isTrue();
    assertThat(again.get("stopped").size()).isEqualTo(1);

    ConsoleClient.Response noReason =
        api("POST", "/console/api/requests/" + reference + "/processing/lift", "{}");
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(JSON.readTree(noReason.body()).get("errors").has("reason")).isTrue();
    ConsoleClient.Response lifted =
        api(
            "POST",
            "/console/api/requests/" + reference + "/processing/lift",
            "{\"reason\": \"objection withdrawn\"}");
    assertThat(lifted.status()).isEqualTo(200);
    assertThat(JSON.readTree(lifted.body()).get("stopped").get(0).get("active").asBoolean())
        .isFalse();
    assertThat(gate.permits("image-studio", account, ProcessingPurpose.MODEL_TRAINING)).isTrue();
    assertThat(
            api(
                    "POST",
                    "/console/api/requests/" + reference + "/processing/lift",
                    "{\"reason\": \"x\"}")
                .status())
        .isEqualTo(409);

    String access =
        created("{\"property\": \"image-studio\", \"kind\": \"access\", \"subjectId\": \"a\"}");
    ConsoleClient.Response wrong =
        api("POST", "/console/api/requests/" + access + "/processing", null);
    assertThat(wrong.status()).isEqualTo(409);
    assertThat(JSON.readTree(wrong.body()).get("errors").get("request").asText())
        .contains("only a restriction, an objection or an opt-out");
    assertThat(api("POST", "/console/api/requests/R-0000-0000/processing", null).status())
        .isEqualTo(404);
    assertThat(
            operator
                .send("POST", "/console/api/requests/" + reference + "/processing", null, Map.of())
                .status())
        .as("no CSRF token")
        .isEqualTo(403);
  }

  @Test
  @DisplayName(
      "A-15 a rectification corrects the requester address through the API and the page, without"
          + " the values in the history; bad field → 400, unverified → 409")
  void rectification() throws Exception {
    long n = System.nanoTime();
    String unverified =
        created(
            "{\"property\": \"reference-site\", \"kind\": \"rectification\", \"email\":"
                + " \"waiting-"
                + n
                + "@example.net\"}");
    ConsoleClient.Response refused =
        api(
            "POST",
            "/console/api/requests/" + unverified + "/rectification",
            "{\"store\": \"rights.requests\", \"field\": \"requester_address\", \"value\":"
                + " \"a@example.org\"}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(page(unverified)).contains("Cannot correct yet");

    // through the API: the person's inquiry and their rectification request, found by address
    String old = "reader-" + n + "@example.net";
    String fixed = "reader-" + n + "@example.org";
    String inquiry =
        created(
            "{\"property\": \"reference-site\", \"kind\": \"inquiry\", \"email\": \""
                + old
                + "\"}");
    String verified = rectificationFor(old);
    JsonNode fields =
        JSON.readTree(
            api("GET", "/console/api/requests/" + verified + "/rectification", null).body());
    assertThat(fields.get("fields").findValuesAsText("field")).contains("requester_address");
    assertThat(fields.has("notNow")).isFalse();

    ConsoleClient.Response badField =
        api(
            "POST",
            "/console/api/requests/" + verified + "/rectification",
            "{\"store\": \"rights.requests\", \"field\": \"status\", \"value\": \"done\"}");
    assertThat(badField.status()).isEqualTo(400);
    assertThat(JSON.readTree(badField.body()).get("errors").get("field").asText())
        .contains("requester_address");
    ConsoleClient.Response badValue =
        api(
            "POST",
            "/console/api/requests/" + verified + "/rectification",
            "{\"store\": \"rights.requests\", \"field\": \"requester_address\", \"value\":"
                + " \"x\"}");
    assertThat(badValue.status()).isEqualTo(400);
    assertThat(JSON.readTree(badValue.body()).get("errors").has("value")).isTrue();

    ConsoleClient.Response done =
        api(
            "POST",
            "/console/api/requests/" + verified + "/rectification",
            "{\"store\": \"rights.requests\", \"field\": \"requester_address\", \"value\": \""
                + fixed
                + "\"}");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(JSON.readTree(done.body()).get("items").asLong()).isEqualTo(1);
    assertThat(done.body()).doesNotContain(fixed);
    assertThat(page(inquiry)).contains(fixed).doesNotContain(old);

    // through the page, for another person
    String other = "other-" + n + "@example.net";
    String otherFixed = "other-" + n + "@example.org";
    String otherInquiry =
        created(
            "{\"property\": \"reference-site\", \"kind\": \"inquiry\", \"email\": \""
                + other
                + "\"}");
    String otherRequest = rectificationFor(other);
    assertThat(page(otherRequest))
        .contains("data-action=\"rectify\"")
        .contains("requester_address in rights.requests");
    post(
        "/console/requests/" + otherRequest + "/rectify",
        Map.of("target", "rights.requests|requester_address", "value", ""));
    assertThat(page(otherRequest)).contains("Give the corrected value");
    post(
        "/console/requests/" + otherRequest + "/rectify",
        Map.of("target", "rights.requests|requester_address", "value", otherFixed));
    String after = page(otherRequest);
    assertThat(after).contains("Corrected requester_address in rights.requests: 1 item changed");
    assertThat(after.substring(after.indexOf("history-title")))
        .contains("requester_address corrected in rights.requests")
        .doesNotContain(otherFixed)
        .doesNotContain(other);
    assertThat(page(otherInquiry)).contains(otherFixed);
    assertThat(page(inquiry)).as("the first person's record is untouched").contains(fixed);
  }

  /** A rectification for the person with this address, opened by an operator who checked them. */
  String rectificationFor(String address) throws Exception {
    String reference =
        created(
            "{\"property\": \"reference-site\", \"kind\": \"rectification\", \"subjectId\":"
                + " \""
                + address
                + "\"}");
    post("/console/requests/" + reference + "/status", Map.of("status", "in-progress"));
    return reference;
  }
}
