package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The operators' side of rights requests: the JSON API and the queue with its actions. */
@WithRunningServer
class RequestsConsoleTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired JdbcClient jdbc;
  @Autowired PledgeSettings settings;
  @Autowired dev.pledge.server.rights.RequestExports requestExports;

  private ConsoleClient operator;
  private String csrf;

  @BeforeEach
  void signIn() throws Exception {
    operator = ConsoleClient.signedIn(port, accounts, "request-handler", "127.0.6.10");
    csrf = ConsoleClient.csrf(operator.get("/console/requests").body());
  }

  ConsoleClient.Response api(String json, String token) throws Exception {
    Map<String, String> headers =
        token == null
            ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", token);
    return operator.send("POST", "/console/api/requests", json, headers);
  }

  JsonNode created(String json) throws Exception {
    ConsoleClient.Response r = api(json, csrf);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  ConsoleClient.Response post(String path, Map<String, String> form) throws Exception {
    Map<String, String> withToken = new java.util.HashMap<>(form);
    withToken.put("_csrf", csrf);
    return operator.post(path, withToken);
  }

  @Test
  @DisplayName("B-26 B-29 the API records a disclosure to an authority and lists the queue")
  void apiCreateAndList() throws Exception {
    JsonNode r =
        created(
            """
            {"property": "reference-site", "kind": "authority-disclosure", "channel": "legal",
             "note": "Access logs of 2026-11-01 disclosed to the police, court order 12/2026"}
            """);
    String reference = r.get("reference").asText();
    assertThat(r.get("status").asText()).isEqualTo("received");
    assertThat(r.get("channel").asText()).isEqualTo("legal");

    ConsoleClient.Response list = operator.get("/console/api/requests?status=received");
    assertThat(list.status()).isEqualTo(200);
    assertThat(JSON.readTree(list.body()).get("requests").findValuesAsText("reference"))
        .contains(reference);
    assertThat(operator.get("/console/requests/" + reference).body())
        .contains("court order 12/2026")
        .contains("operator:request-handler");
  }

  @Test
  @DisplayName("B-29 invalid API input gets 400 with an errors object; no CSRF token gets 403")
  void apiErrors() throws Exception {
    ConsoleClient.Response bad =
        api("{\"property\": \"nowhere\", \"kind\": \"sell\", \"email\": \"x\"}", csrf);
    assertThat(bad.status()).isEqualTo(400);
    JsonNode errors = JSON.readTree(bad.body()).get("errors");
    assertThat(errors.has("property")).isTrue();
    assertThat(errors.get("kind").asText()).contains("authority-disclosure");
    assertThat(errors.has("email")).isTrue();

    JsonNode noNote =
        JSON.readTree(
                api("{\"property\": \"reference-site\", \"kind\": \"authority-disclosure\"}", csrf)
                    .body())
            .get("errors");
    assertThat(noNote.get("note").asText()).contains("legal basis");

    JsonNode objection =
        JSON.readTree(
                api("{\"property\": \"reference-site\", \"kind\": \"objection\"}", csrf).body())
            .get("errors");
    assertThat(objection.has("purpose")).isTrue();

    ConsoleClient.Response badStatus = operator.get("/console/api/requests?status=lost");
    assertThat(badStatus.status()).isEqualTo(400);
    assertThat(badStatus.body()).contains("\"errors\"").contains("in-progress");

    ConsoleClient.Response noToken =
        api("{\"property\": \"reference-site\", \"kind\": \"inquiry\"}", null);
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(JSON.readTree(noToken.body()).get("errors").get("X-CSRF-TOKEN").asText())
        .contains("X-CSRF-TOKEN header");
    ConsoleClient.Response wrongToken =
        api("{\"property\": \"reference-site\", \"kind\": \"inquiry\"}", "not-the-token");
    assertThat(wrongToken.status()).isEqualTo(403);
    assertThat(wrongToken.body()).startsWith("{\"errors\":{\"X-CSRF-TOKEN\":");
    ConsoleClient anonymous = new ConsoleClient(port, "127.0.6.11", "localhost");
    ConsoleClient.Response noSession = anonymous.get("/console/api/requests");
    assertThat(noSession.status()).isEqualTo(401);
    assertThat(noSession.header("content-type")).startsWith("application/json");
    assertThat(JSON.readTree(noSession.body()).get("errors").get("session").asText())
        .contains("Sign in first");
  }

  @Test
  @DisplayName(
      "the API refuses what it cannot read in the errors shape — not JSON 400, wrong type 415,"
          + " too large 413, wrong method 405, unknown address 404 — and never echoes or logs it")
  @ExtendWith(OutputCaptureExtension.class)
  void apiRefusalsAreErrorObjects(CapturedOutput log) throws Exception {
    String secret = "planted-secret-7f3a@example.org";
    ConsoleClient.Response notJson =
        api("{\"property\": \"reference-site\", \"kind\": " + secret + "}", csrf);
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).get("errors").get("body").asText())
        .contains("could not be read as JSON");
    ConsoleClient.Response law =
        api(
            "{\"property\": \"reference-site\", \"kind\": \"inquiry\", \"law\": \""
                + secret
                + "\"}",
            csrf);
    assertThat(law.status()).isEqualTo(400);
    assertThat(JSON.readTree(law.body()).get("errors").get("law").asText()).contains("gdpr");

    ConsoleClient.Response form =
        operator.send(
            "POST",
            "/console/api/requests",
            "kind=" + secret,
            Map.of("Content-Type", "application/x-www-form-urlencoded", "X-CSRF-TOKEN", csrf));
    assertThat(form.status()).isEqualTo(415);
    assertThat(JSON.readTree(form.body()).get("errors").has("Content-Type")).isTrue();

    String huge =
        "{\"property\": \"reference-site\", \"kind\": \"inquiry\", \"note\": \""
            + "x".repeat(ConsoleApiBodyLimit.MAX_BYTES)
            + "\"}";
    ConsoleClient.Response tooLarge = api(huge, csrf);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(JSON.readTree(tooLarge.body()).get("errors").get("body").asText())
        .contains("64 KiB");
    ConsoleClient.Response chunked =
        operator.send(
            "POST",
            "/console/api/requests",
            null,
            Map.of(
                "Content-Type", "application/json",
                "X-CSRF-TOKEN", csrf,
                "Transfer-Encoding", "chunked"),
            chunks(huge));
    assertThat(chunked.status()).as("a chunked body is cut off at the limit too").isEqualTo(413);

    ConsoleClient.Response method =
        operator.send("DELETE", "/console/api/requests", null, Map.of("X-CSRF-TOKEN", csrf));
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.header("allow")).contains("GET").contains("POST");
    assertThat(JSON.readTree(method.body()).get("errors").has("method")).isTrue();
    // Not the address: Pledge's own access log records paths (ComplianceVerifierTest reads it).
    ConsoleClient.Response nowhere = operator.get("/console/api/planted-path");
    assertThat(nowhere.status()).isEqualTo(404);
    assertThat(JSON.readTree(nowhere.body()).get("errors").has("path")).isTrue();

    for (ConsoleClient.Response r : List.of(notJson, law, form, tooLarge, method, nowhere)) {
      assertThat(r.header("content-type")).startsWith("application/json");
      assertThat(r.body()).doesNotContain(secret).doesNotContain("planted");
    }
    assertThat(log.getAll()).as("the log").doesNotContain("planted");
  }

  /** A body sent in chunked transfer coding, 8 KiB a chunk. */
  private static byte[] chunks(String body) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i += 8192) {
      int n = Math.min(8192, bytes.length - i);
      out.writeBytes(
          (Integer.toHexString(n) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(bytes, i, n);
      out.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Addresses the privacy center's form refuses; the API used to take each of them. */
  static final java.util.List<String> REFUSED_ADDRESSES =
      java.util.List.of(
          "<someone@example.org>",
          "someone@example.org,",
          "Someone <someone@example.org>",
          "someone@example..org",
          "some one@example.org",
          "someone@localhost");

  @Test
  @DisplayName(
      "B-29 the API refuses every address the public form refuses (one check for both), and"
          + " both take a plain one")
  void apiAndFormShareTheAddressCheck() throws Exception {
    ConsoleClient visitor = new ConsoleClient(port, "127.0.6.40", "localhost");
    for (String address : REFUSED_ADDRESSES) {
      ConsoleClient.Response api =
          api(
              JSON.writeValueAsString(
                  Map.of("property", "reference-site", "kind", "inquiry", "email", address)),
              csrf);
      assertThat(api.status()).as(address).isEqualTo(400);
      assertThat(JSON.readTree(api.body()).get("errors").get("email").asText())
          .as(address)
          .contains("name@example.org")
          .doesNotContain(address);
      ConsoleClient.Response form =
          visitor.post(
              "/p/reference-site/privacy/requests",
              Map.of("kind", "access", "email", address, "details", ""));
      assertThat(form.status()).as(address).isEqualTo(400);
      assertThat(form.body()).as(address).contains("is not an address we can write to");
    }
    assertThat(
            api(
                    "{\"property\": \"reference-site\", \"kind\": \"inquiry\","
                        + " \"email\": \"plain.address@example.org\"}",
                    csrf)
                .status())
        .isEqualTo(201);
  }

  @Test
  @DisplayName("B-38 an acknowledgement that failed for good shows as failed on the request's page")
  void failedMailShowsOnTheRequestPage() throws Exception {
    String reference =
        created(
                """
                {"property": "reference-site", "kind": "inquiry", "email": "gone@example.org"}
                """)
            .get("reference")
            .asText();
    // What the mail job records when the receiving server answers 550 (RequestMailFailureTest).
    jdbc.sql(
            """
            update rights_request set acknowledged_at = null, ack_attempts = 1,
              ack_error = 'smtp-550', ack_failed_at = now()
            where reference = :r
            """)
        .param("r", reference)
        .update();
    String page = operator.get("/console/requests/" + reference).body();
    assertThat(page)
        .contains("E-mails to the requester")
        .contains("data-mail=\"acknowledgement\" data-state=\"failed\"")
        .contains("failed — not tried again")
        .contains("refused for good by the mail server (SMTP 550)");
  }

  @Test
  @DisplayName(
      "B-38 B-32 the queue marks overdue and due-soon requests; extend and complete work; no CSRF"
          + " token → 403")
  void queue() throws Exception {
    String late =
        created("{\"property\": \"reference-site\", \"kind\": \"inquiry\"}")
            .get("reference")
            .asText();
    String soon =
        created("{\"property\": \"reference-site\", \"kind\": \"access\", \"law\": \"gdpr\"}")
            .get("reference")
            .asText();
    jdbc.sql("update rights_request set due_at = now() - interval '1 day' where reference = :r")
        .param("r", late)
        .update();
    jdbc.sql("update rights_request set due_at = now() + interval '2 days' where reference = :r")
        .param("r", soon)
        .update();

    String page = operator.get("/console/requests").body();
    assertThat(page)
        .contains("class=\"overdue\" data-reference=\"" + late + "\"")
        .contains("class=\"due-soon\" data-reference=\"" + soon + "\"")
        .containsPattern("requests? (is|are) past (its|their) deadline");

    // Extend: refused without the token, then done with a reason that is kept.
    assertThat(
            operator
                .post("/console/requests/" + soon + "/extend", Map.of("reason", "complex"))
                .status())
        .isEqualTo(403);
    assertThat(post("/console/requests/" + soon + "/extend", Map.of("reason", "")).status())
        .isEqualTo(302);
    assertThat(operator.get("/console/requests/" + soon).body()).contains("needs a reason");
    post("/console/requests/" + soon + "/extend", Map.of("reason", "Logs of <b>many</b> months"));
    String detail = operator.get("/console/requests/" + soon).body();
    assertThat(detail)
        .contains("Deadline extended")
        .contains("Logs of &lt;b&gt;many&lt;/b&gt; months")
        .doesNotContain("<b>many</b>");

    // Complete: in progress, then completed; a rejection needs a reason.
    post("/console/requests/" + late + "/status", Map.of("status", "rejected", "note", ""));
    assertThat(operator.get("/console/requests/" + late).body()).contains("needs a reason");
    post("/console/requests/" + late + "/status", Map.of("status", "in-progress"));
    post(
        "/console/requests/" + late + "/status", Map.of("status", "completed", "note", "Answered"));
    String done = operator.get("/console/requests/" + late).body();
    assertThat(done).contains("data-status=\"completed\">Completed<").contains("Answered");
    assertThat(operator.get("/console/requests").body()).doesNotContain(late);
  }

  @Test
  @DisplayName(
      "A-15 B-27 'Erase now' on a verified erasure runs as a job; the page shows it running, then"
          + " the receipt, which is kept in the history")
  void eraseNow() throws Exception {
    String reference =
        created(
                "{\"property\": \"reference-site\", \"kind\": \"erasure\", \"subjectId\":"
                    + " \"visitor-"
                    + System.nanoTime()
                    + "@example.net\"}")
            .get("reference")
            .asText();
    assertThat(operator.get("/console/requests/" + reference).body()).doesNotContain("Erase now");
    post("/console/requests/" + reference + "/status", Map.of("status", "in-progress"));
    assertThat(operator.get("/console/requests/" + reference).body()).contains("Erase now");

    ConsoleClient.Response erased = post("/console/requests/" + reference + "/erase", Map.of());
    assertThat(erased.status()).isEqualTo(302);
    String path = erased.location().replaceFirst("^https?://[^/]+", "");
    String page = operator.get(path).body();
    assertThat(page).containsAnyOf("Erasure started", "data-field=\"erasure\"");
    // A second click while it runs schedules nothing more.
    post("/console/requests/" + reference + "/erase", Map.of());

    // db-scheduler picks the job up within its polling interval.
    for (int i = 0; i < 240 && page.contains("data-field=\"erasure\""); i++) {
      Thread.sleep(500);
      page = operator.get(path).body();
    }
    assertThat(page).doesNotContain("data-field=\"erasure\"");
    assertThat(page).contains("Erasure receipt").contains("Remaining").contains("erasure receipt:");
    assertThat(page).contains("anonymised when collected");
    assertThat(page).contains("operator:request-handler");
    JsonNode state =
        JSON.readTree(operator.get("/console/api/requests/" + reference + "/erase").body());
    assertThat(state.get("erasure").asText()).isEqualTo("done");
    assertThat(state.get("receipt").findValuesAsText("store")).contains("rights.requests");
    assertThat(
            jdbc.sql(
                    "select count(*) from rights_request_event e join rights_request r on"
                        + " r.id = e.request_id where r.reference = :r and e.note like"
                        + " 'erasure receipt:%'")
                .param("r", reference)
                .query(Long.class)
                .single())
        .as("one receipt for two clicks")
        .isEqualTo(1);
  }

  @Test
  @DisplayName("A-21 the erase API refuses a request that is not a verified erasure (409)")
  void eraseApiRefuses() throws Exception {
    String reference =
        created("{\"property\": \"reference-site\", \"kind\": \"inquiry\"}")
            .get("reference")
            .asText();
    ConsoleClient.Response r =
        operator.send(
            "POST",
            "/console/api/requests/" + reference + "/erase",
            "",
            Map.of("X-CSRF-TOKEN", csrf));
    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(r.body()).contains("verified erasure");
    assertThat(operator.get("/console/api/requests/" + reference + "/erase").status())
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "B-29 manual steps: added on the page or by the API, completion refused while one is open,"
          + " done with evidence and the operator's name")
  void manualSteps() throws Exception {
    String reference =
        created(
                "{\"property\": \"reference-site\", \"kind\": \"access\", \"subjectId\":"
                    + " \"visitor-"
                    + System.nanoTime()
                    + "\"}")
            .get("reference")
            .asText();
    post(
        "/console/requests/" + reference + "/steps",
        Map.of("title", "Export the visitor's tickets from the help desk"));
    String page = operator.get("/console/requests/" + reference).body();
    assertThat(page).contains("data-section=\"steps\"").contains("from the help desk");

    post("/console/requests/" + reference + "/status", Map.of("status", "in-progress"));
    operator.get("/console/requests/" + reference); // spends the flash message
    post("/console/requests/" + reference + "/status", Map.of("status", "completed"));
    page = operator.get("/console/requests/" + reference).body();
    assertThat(page)
        .contains("1 manual step of request")
        .contains("data-status=\"in-progress\">In progress<");

    Map<String, String> json = Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf);
    String api = "/console/api/requests/" + reference + "/steps";
    ConsoleClient.Response blank = operator.send("POST", api, "{\"title\": \" \"}", json);
    assertThat(blank.status()).isEqualTo(400);
    assertThat(JSON.readTree(blank.body()).get("errors").get("title").asText())
        .contains("needs a title");
    assertThat(
            operator
                .send("POST", api, "{\"title\": \"x\"}", Map.of("Content-Type", "application/json"))
                .status())
        .isEqualTo(403);
    ConsoleClient.Response added =
        operator.send("POST", api, "{\"title\": \"Ask the CDN for its logs\"}", json);
    assertThat(added.status()).as(added.body()).isEqualTo(201);

    JsonNode steps = JSON.readTree(operator.get(api).body()).get("steps");
    assertThat(steps.findValuesAsText("title"))
        .containsExactly(
            "Export the visitor's tickets from the help desk", "Ask the CDN for its logs");
    long first = steps.get(0).get("id").asLong();
    long second = steps.get(1).get("id").asLong();
    post(
        "/console/requests/" + reference + "/steps/" + first + "/done",
        Map.of("evidence", "help-desk ticket #123"));
    ConsoleClient.Response done =
        operator.send("POST", api, "{\"id\": " + second + ", \"evidence\": \"CDN case 77\"}", json);
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(JSON.readTree(done.body()).get("doneBy").asText())
        .isEqualTo("operator:request-handler");

    post("/console/requests/" + reference + "/status", Map.of("status", "completed"));
    page = operator.get("/console/requests/" + reference).body();
    assertThat(page)
        .contains("data-status=\"completed\">Completed<")
        .contains("help-desk ticket #123")
        .contains("manual step done: Ask the CDN for its logs");
  }

  @Test
  @DisplayName(
      "A-15 B-27 'Prepare export' on a verified access request writes an owner-only ZIP, records"
          + " it and gives a download link that works once; no CSRF token → 403")
  void prepareExport() throws Exception {
    String reference =
        created(
                "{\"property\": \"reference-site\", \"kind\": \"access\", \"subjectId\":"
                    + " \"visitor-"
                    + System.nanoTime()
                    + "@example.net\"}")
            .get("reference")
            .asText();
    assertThat(operator.get("/console/requests/" + reference).body())
        .doesNotContain("Prepare export");
    post("/console/requests/" + reference + "/status", Map.of("status", "in-progress"));
    assertThat(operator.get("/console/requests/" + reference).body()).contains("Prepare export");

    Set<Path> before = exportFiles();
    assertThat(operator.post("/console/requests/" + reference + "/export", Map.of()).status())
        .isEqualTo(403);
    assertThat(exportFiles()).isEqualTo(before);

    ConsoleClient.Response prepared = post("/console/requests/" + reference + "/export", Map.of());
    assertThat(prepared.status()).isEqualTo(302);
    String page = operator.get(prepared.location().replaceFirst("^https?://[^/]+", "")).body();
    assertThat(page).contains("Export prepared").contains("export prepared:");
    assertThat(page).contains("operator:request-handler");
    Set<Path> added = new java.util.HashSet<>(exportFiles());
    added.removeAll(before);
    assertThat(added).hasSize(1);
    Path zip = added.iterator().next();
    assertThat(Files.getPosixFilePermissions(zip))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    Matcher m = Pattern.compile("/privacy/requests/export#t=([0-9a-f]{64})").matcher(page);
    assertThat(m.find()).as(page).isTrue();
    String token = m.group(1);
    assertThat(operator.get("/console/requests/" + reference).body()).doesNotContain(token);

    HttpClient http = HttpClient.newHttpClient();
    URI link = URI.create("http://localhost:" + port + "/p/reference-site/privacy/requests/export");
    // Opening the link (as a mail scanner would, twice) offers a button and spends nothing. The
    // token stays in the fragment, which is not sent; a link of the older ?token= shape only fills
    // the form.
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> offer =
          http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(offer.statusCode()).isEqualTo(200);
      assertThat(offer.body()).contains("data-outcome=\"export-offer\"").doesNotContain(token);
      HttpResponse<String> legacy =
          http.send(
              HttpRequest.newBuilder(URI.create(link + "?token=" + token)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(legacy.body()).contains("data-outcome=\"export-offer\"").contains(token);
    }
    assertThat(Files.exists(zip)).isTrue();
    HttpResponse<String> crossSite =
        http.send(download(token, "cross-site").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(Files.exists(zip)).as("a cross-site POST spends nothing").isTrue();

    HttpResponse<byte[]> first =
        http.send(download(token).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/zip"));
    assertThat(first.headers().allValues("set-cookie")).isEmpty();
    Map<String, com.fasterxml.jackson.databind.JsonNode> entries = new java.util.LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(first.body()))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (e.getName().endsWith(".json")) {
          entries.put(e.getName(), JSON.readTree(in.readAllBytes()));
        } else {
          entries.put(e.getName(), JSON.nullNode());
        }
      }
    }
    assertThat(entries).containsKey("manifest.json").containsKey("index.html");
    // The requester's own request records are part of what the site holds about them.
    var requests = entries.get("user.contact.correspondence.json");
    assertThat(requests).as(entries.keySet().toString()).isNotNull();
    assertThat(requests.toString()).contains(reference).contains("\"history\":[");
    assertThat(requests.get("items").size()).as("only this person's requests").isEqualTo(1);
    assertThat(Files.exists(zip)).isFalse();

    HttpResponse<String> second =
        http.send(download(token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(second.statusCode()).isEqualTo(200);
    // A used link says when it was used (issue 12): only whoever holds the link learns it.
    assertThat(second.body())
        .contains("This download link is not valid")
        .contains("This link was used on ");
    HttpResponse<String> unknown =
        http.send(download(token + "x").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.body())
        .contains("This download link is not valid")
        .contains("It may have been used already")
        .doesNotContain("This link was used on");

    // An expired link gets the same page; its unused file is deleted by the cleanup job.
    Set<Path> beforeSecond = exportFiles();
    post("/console/requests/" + reference + "/export", Map.of());
    Set<Path> secondFile = new java.util.HashSet<>(exportFiles());
    secondFile.removeAll(beforeSecond);
    assertThat(secondFile).hasSize(1);
    Matcher m2 =
        Pattern.compile("/privacy/requests/export#t=([0-9a-f]{64})")
            .matcher(operator.get("/console/requests/" + reference).body());
    assertThat(m2.find()).isTrue();
    jdbc.sql(
            "update rights_request_export set expires_at = now() - interval '1 second'"
                + " where request_id = (select id from rights_request where reference = :r)")
        .param("r", reference)
        .update();
    HttpResponse<String> expired =
        http.send(download(m2.group(1)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(expired.body())
        .contains("This download link is not valid")
        .contains("This link expired on ");
    assertThat(Files.exists(secondFile.iterator().next())).isTrue();
    assertThat(requestExports.deleteExpiredFiles()).isGreaterThanOrEqualTo(1);
    assertThat(Files.exists(secondFile.iterator().next()))
        .as("a copy of the data does not outlive its expired link")
        .isFalse();
    assertThat(requestExports.deleteExpiredFiles())
        .as("each expired export is handled once")
        .isZero();
  }

  /** The download button's POST, as the requester's browser sends it from the offer page. */
  HttpRequest.Builder download(String token) {
    return download(token, "same-origin");
  }

  HttpRequest.Builder download(String token, String fetchSite) {
    return HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/p/reference-site/privacy/requests/export"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Sec-Fetch-Site", fetchSite)
        .POST(HttpRequest.BodyPublishers.ofString("token=" + token));
  }

  /** The stored objects of the exports waiting for their download (local blob stores). */
  Set<Path> exportFiles() {
    Path blobs = settings.dataDir().resolve("blobs").toAbsolutePath();
    return jdbc
        .sql("select object_key from personal_blob where category = 'rights.exports'")
        .query(String.class)
        .list()
        .stream()
        .map(
            k -> {
              int slash = k.indexOf('/');
              Path store =
                  slash < 0 ? blobs : blobs.resolve("regions").resolve(k.substring(0, slash));
              String key = k.substring(slash + 1);
              return store.resolve(key.substring(0, 2)).resolve(key);
            })
        .collect(java.util.stream.Collectors.toSet());
  }
}
