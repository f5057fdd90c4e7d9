package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequests;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console API refuses what it does not take, on every JSON address: an unknown field, a value
 * of the wrong type, an unknown query parameter — 400 naming each, in the documented errors shape,
 * and nothing done. Before, Jackson dropped unknown fields: {@code "requester"} for {@code "email"}
 * opened a request nobody could be told about.
 */
@WithRunningServer
class ConsoleApiStrictnessTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired RightsRequests requests;
  @Autowired JdbcClient jdbc;

  private ConsoleClient operator;
  private String csrf;

  @BeforeEach
  void signIn() throws Exception {
    operator = ConsoleClient.signedIn(port, accounts, "strict-" + System.nanoTime(), "127.0.7.10");
    csrf = ConsoleClient.csrf(operator.get("/console/requests").body());
  }

  private ConsoleClient.Response post(String path, String json) throws Exception {
    return operator.send(
        "POST", path, json, Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
  }

  private static JsonNode errors(ConsoleClient.Response r) throws Exception {
    assertThat(r.header("content-type")).startsWith("application/json");
    return JSON.readTree(r.body()).get("errors");
  }

  private long requestsCount() {
    return jdbc.sql("select count(*) from rights_request").query(Long.class).single();
  }

  private RightsRequest open(RightsRequestKind kind) {
    return requests.open(
        new NewRightsRequest(
            "reference-site",
            kind,
            kind == RightsRequestKind.OBJECTION
                ? dev.pledge.server.rights.ObjectionPurpose.ANALYTICS
                : null,
            RequestChannel.SUPPORT,
            null,
            null,
            "strict-subject-" + System.nanoTime(),
            null,
            false),
        "operator:strict");
  }

  @Test
  @DisplayName(
      "B-29 a request with \"requester\" instead of \"email\" is refused with 400 naming the field,"
          + " and no request is opened")
  void unknownFieldOpensNothing() throws Exception {
    long before = requestsCount();
    ConsoleClient.Response r =
        post(
            "/console/api/requests",
            "{\"property\": \"reference-site\", \"kind\": \"erasure\","
                + " \"requester\": \"someone@example.org\", \"urgnet\": true}");
    assertThat(r.status()).isEqualTo(400);
    JsonNode errors = errors(r);
    assertThat(errors.get("requester").asText())
        .startsWith("Unknown field")
        .contains("email")
        .doesNotContain("someone@example.org");
    assertThat(errors.get("urgnet").asText()).contains("urgent");
    assertThat(r.body()).doesNotContain("someone@example.org");
    assertThat(requestsCount()).as("nothing opened").isEqualTo(before);

    // The same body with the documented name is taken.
    ConsoleClient.Response ok =
        post(
            "/console/api/requests",
            "{\"property\": \"reference-site\", \"kind\": \"erasure\","
                + " \"email\": \"strict-"
                + System.nanoTime()
                + "@example.org\"}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(JSON.readTree(ok.body()).get("requester").asText()).contains("@example.org");
  }

  @Test
  @DisplayName(
      "wrong types are named field by field (not one generic 'not JSON'), and a name that is not a"
          + " name is counted, never echoed")
  @ExtendWith(OutputCaptureExtension.class)
  void wrongTypesAndStrangeNames(CapturedOutput log) throws Exception {
    long before = requestsCount();
    ConsoleClient.Response r =
        post(
            "/console/api/requests",
            "{\"property\": \"reference-site\", \"kind\": 7, \"urgent\": \"yes\","
                + " \"note\": [\"a\"], \"planted-7f3a@example.org\": 1}");
    assertThat(r.status()).isEqualTo(400);
    JsonNode errors = errors(r);
    assertThat(errors.get("kind").asText()).contains("string");
    assertThat(errors.get("urgent").asText()).contains("true or false");
    assertThat(errors.get("note").asText()).contains("string");
    assertThat(errors.get("body").asText()).startsWith("A field this address does not take");
    assertThat(r.body()).doesNotContain("planted");
    assertThat(log.getAll()).doesNotContain("planted");
    assertThat(requestsCount()).isEqualTo(before);

    ConsoleClient.Response array = post("/console/api/requests", "[1, 2]");
    assertThat(array.status()).isEqualTo(400);
    assertThat(errors(array).get("body").asText()).contains("one JSON object");
  }

  @Test
  @DisplayName(
      "every JSON address of the console API refuses unknown fields: steps, lift, rectification,"
          + " and the bodiless processing and erase")
  void everyJsonAddressIsStrict() throws Exception {
    RightsRequest restriction = open(RightsRequestKind.RESTRICTION);
    RightsRequest erasure = open(RightsRequestKind.ERASURE);
    String ref = restriction.reference();
    java.util.List<String[]> cases =
        java.util.List.of(
            new String[] {
              "/console/api/requests/" + ref + "/steps", "{\"titel\": \"Ask them\"}", "titel"
            },
            new String[] {
              "/console/api/requests/" + ref + "/processing/lift",
              "{\"reason\": \"resolved\", \"notify\": true}",
              "notify"
            },
            new String[] {
              "/console/api/requests/" + ref + "/rectification",
              "{\"store\": \"rights.requests\", \"field\": \"requester_address\","
                  + " \"value\": \"x\", \"old\": \"y\"}",
              "old"
            },
            new String[] {
              "/console/api/requests/" + ref + "/processing", "{\"stops\": \"all\"}", "stops"
            },
            new String[] {
              "/console/api/requests/" + erasure.reference() + "/erase",
              "{\"force\": true}",
              "force"
            });
    for (String[] c : cases) {
      ConsoleClient.Response r = post(c[0], c[1]);
      assertThat(r.status()).as(c[0] + " " + r.body()).isEqualTo(400);
      assertThat(errors(r).get(c[2]).asText()).as(c[0]).startsWith("Unknown field");
    }
    assertThat(requests.history(ref))
        .as("nothing was done to the request")
        .allSatisfy(e -> assertThat(e.event()).isIn("status", "note"));
    assertThat(
            jdbc.sql(
                    "select count(*) from rights_request_step s join rights_request r on"
                        + " r.id = s.request_id where r.reference = :r and s.source = 'operator'")
                .param("r", ref)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            operator
                .send(
                    "POST",
                    "/console/api/requests/" + erasure.reference() + "/erase",
                    "{}",
                    Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf))
                .status())
        .as("{} is no field at all: taken (then refused for the request's status)")
        .isEqualTo(409);
  }

  @Test
  @DisplayName("an unknown query parameter is refused with 400 naming it; known ones filter")
  void unknownQueryParameter() throws Exception {
    ConsoleClient.Response typo = operator.get("/console/api/requests?stauts=closed");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(errors(typo).get("stauts").asText()).contains("status");
    ConsoleClient.Response strange = operator.get("/console/api/requests?a%40b.org=1");
    assertThat(strange.status()).isEqualTo(400);
    assertThat(strange.body()).doesNotContain("a@b.org").doesNotContain("a%40b");
    ConsoleClient.Response none = operator.get("/console/api/requests/R-0000-0000/steps?x=1");
    assertThat(none.status()).isEqualTo(400);
    assertThat(errors(none).get("x").asText()).contains("no query parameters");

    RightsRequest r = open(RightsRequestKind.INQUIRY);
    ConsoleClient.Response list =
        operator.get("/console/api/requests?property=reference-site&kind=inquiry&channel=support");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(list.body());
    assertThat(body.get("requests").findValuesAsText("reference")).contains(r.reference());
    assertThat(body.get("requests").findValuesAsText("kind")).containsOnly("inquiry");
    assertThat(body.get("total").asLong()).isGreaterThanOrEqualTo(1);
    ConsoleClient.Response badDue = operator.get("/console/api/requests?due=soon");
    assertThat(badDue.status()).isEqualTo(400);
    assertThat(errors(badDue).get("due").asText()).contains("overdue");
  }

  @Test
  @DisplayName(
      "a missing CSRF token gets the documented errors shape on every POST address, a wrong"
          + " method the Allow header")
  void csrfInTheErrorsShape() throws Exception {
    RightsRequest r = open(RightsRequestKind.RESTRICTION);
    for (String path :
        java.util.List.of(
            "/console/api/requests",
            "/console/api/requests/" + r.reference() + "/steps",
            "/console/api/requests/" + r.reference() + "/processing",
            "/console/api/requests/" + r.reference() + "/processing/lift",
            "/console/api/requests/" + r.reference() + "/rectification",
            "/console/api/requests/" + r.reference() + "/erase")) {
      ConsoleClient.Response noToken =
          operator.send("POST", path, "{}", Map.of("Content-Type", "application/json"));
      assertThat(noToken.status()).as(path).isEqualTo(403);
      JsonNode errors = errors(noToken);
      assertThat(errors.size()).isEqualTo(1);
      assertThat(errors.get("X-CSRF-TOKEN").asText()).contains("X-CSRF-TOKEN header");
    }
  }
}
