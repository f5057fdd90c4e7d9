package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditEntry;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.console.ConsoleClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit trail tells the whole story of each request (issue 12): requests walked through the
 * real endpoints — the privacy center's form, the confirmation link from the e-mail, the privacy
 * mailbox, the console's pages and API, the download link — and then the trail read back, entry by
 * entry, for each reference. No entry holds the requester's address or an operator's free text.
 */
@WithRunningServer
class RequestAuditTrailTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern TOKEN = Pattern.compile("#t=([0-9a-f]{64})");

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired AuditTrail trail;
  @Autowired RightsRequests requests;
  @Autowired RightsMailIntake intake;
  @Autowired RequestErasures erasures;
  @Autowired JdbcClient jdbc;

  String operatorName;
  ConsoleClient operator;
  String csrf;
  ConsoleClient visitor;

  @BeforeEach
  void signIn() throws Exception {
    operatorName = "audit-walker-" + Long.toHexString(System.nanoTime());
    operator = ConsoleClient.signedIn(port, context, operatorName, "127.0.12.1");
    csrf = ConsoleClient.csrf(operator.get("/console/requests").body());
    visitor = ConsoleClient.anonymous(port, "127.0.12.2");
  }

  static String address(String name) {
    return name + "-" + Long.toHexString(System.nanoTime()) + "@example.net";
  }

  /** A public form's POST as a browser on this origin sends it. */
  ConsoleClient.Response publicPost(String path, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8)
                        + "="
                        + java.net.URLEncoder.encode(
                            e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
            .reduce((a, b) -> a + "&" + b)
            .orElse("");
    return visitor.send(
        "POST",
        "/p/reference-site" + path,
        body,
        Map.of(
            "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin"));
  }

  ConsoleClient.Response console(String path, Map<String, String> form) throws Exception {
    Map<String, String> withToken = new HashMap<>(form);
    withToken.put("_csrf", csrf);
    ConsoleClient.Response r = operator.post(path, withToken);
    assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(302);
    // Followed as a browser does: the page shows (and spends) what the action left for it.
    return operator.get(java.net.URI.create(r.location()).getPath());
  }

  JsonNode api(String path, String json) throws Exception {
    ConsoleClient.Response r =
        operator.send(
            "POST", path, json, Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
    assertThat(r.status()).as(path + ": " + r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  /** Confirms a request with the link of its acknowledgement, as the requester does. */
  void confirm(String email) throws Exception {
    Matcher token = TOKEN.matcher(TestMailServer.awaitTextTo(email));
    assertThat(token.find()).as("a confirmation link to " + email).isTrue();
    ConsoleClient.Response r =
        publicPost("/privacy/requests/verify", Map.of("token", token.group(1)));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("confirmed");
  }

  String referenceOf(String email) {
    return jdbc.sql("select reference from rights_request where requester_address = :a")
        .param("a", email)
        .query(String.class)
        .single();
  }

  List<String> actions(String reference) {
    return trail.ofRequest(reference).stream().map(AuditEntry::action).toList();
  }

  Map<String, Object> details(AuditEntry e) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> d = JSON.readValue(e.details(), Map.class);
    return d;
  }

  AuditEntry only(String reference, String action) {
    return trail.ofRequest(reference).stream()
        .filter(e -> e.action().equals(action))
        .findFirst()
        .orElseThrow();
  }

  /** Nothing of the trail holds these: addresses, free text, a name typed at the sign-in. */
  void nowhereInTheTrail(String... words) {
    String all =
        String.join(
            "\n",
            jdbc.sql("select concat_ws(' ', actor, action, property_id, details) from audit_entry")
                .query(String.class)
                .list());
    for (String w : words) {
      assertThat(all).as("the audit trail").doesNotContain(w);
    }
  }

  @Test
  @DisplayName(
      "A-15 B-27 an access request through the form: received (form), verified, extended (its"
          + " ground), export prepared and downloaded, completed — in that order, nothing personal")
  void accessThroughTheForm() throws Exception {
    String email = address("walker");
    ConsoleClient.Response sent =
        publicPost("/privacy/requests", Map.of("kind", "access", "email", email, "law", "gdpr"));
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    String reference = referenceOf(email);
    confirm(email);

    String reason = "Your correspondence spans several mailboxes of Dr. Example's team";
    console(
        "/console/requests/" + reference + "/extend",
        Map.of("reason", reason, "ground", "complexity"));
    String page = console("/console/requests/" + reference + "/export", Map.of()).body();
    Matcher link = TOKEN.matcher(page);
    assertThat(link.find()).as("the export link on the page").isTrue();
    ConsoleClient.Response download =
        publicPost("/privacy/requests/export", Map.of("token", link.group(1)));
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("content-type")).startsWith("application/zip");
    console(
        "/console/requests/" + reference + "/status",
        Map.of("status", "completed", "note", "Your copy was downloaded."));

    assertThat(actions(reference))
        .containsExactly(
            "request.received",
            "request.verified",
            "request.extended",
            "export.prepared",
            "export.downloaded",
            "request.completed");
    assertThat(details(only(reference, "request.received")))
        .containsEntry("channel", "form")
        .containsEntry("kind", "access")
        .containsEntry("law", "gdpr");
    assertThat(only(reference, "request.received").actor()).isEqualTo("requester:form");
    assertThat(details(only(reference, "request.verified"))).containsEntry("by", "link");
    assertThat(details(only(reference, "request.extended")))
        .containsEntry("ground", "complexity")
        .containsKey("due");
    assertThat(only(reference, "request.extended").actor()).isEqualTo("operator:" + operatorName);
    AuditEntry prepared = only(reference, "export.prepared");
    AuditEntry downloaded = only(reference, "export.downloaded");
    assertThat(downloaded.itemCount()).isEqualTo(prepared.itemCount()).isPositive();
    assertThat(downloaded.actor()).isEqualTo("requester");
    nowhereInTheTrail(email, "Dr. Example", "Your copy was downloaded");
  }

  @Test
  @DisplayName(
      "A-21 A-15 an erasure by e-mail: received (email), verified, erasure started, in progress,"
          + " the mailbox's erasure under the person's keyed hash, erasure finished, completed")
  void erasureByEmail() throws Exception {
    String email = address("eraser");
    GreenMailUtil.sendTextEmail(
        TestMailServer.MAILBOX,
        email,
        "Re: Privacy deletion request",
        "Please delete my data.",
        TestMailServer.greenMail().getSmtp().getServerSetup());
    assertThat(intake.poll()).isPositive();
    String reference = referenceOf(email);
    confirm(email);

    console("/console/requests/" + reference + "/erase", Map.of());
    for (int i = 0; i < 600 && erasures.state(reference) != RequestErasures.State.DONE; i++) {
      Thread.sleep(100);
    }
    assertThat(erasures.state(reference)).isEqualTo(RequestErasures.State.DONE);

    assertThat(actions(reference))
        .containsExactly(
            "request.received",
            "request.verified",
            "erasure.started",
            "request.in-progress",
            "erasure.finished",
            "request.completed");
    assertThat(details(only(reference, "request.received")))
        .containsEntry("channel", "email")
        .containsEntry("kind", "erasure")
        .containsEntry("channel_id", "deletion-email");
    AuditEntry finished = only(reference, "erasure.finished");
    assertThat(details(finished)).containsEntry("remaining", 0).containsEntry("complete", true);
    assertThat(finished.itemCount()).isPositive();
    // The steps in the stores name the person only by the keyed hash.
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_entry where action = 'subject.erased'"
                        + " and store = 'mailbox.correspondence' and subject_ref = :ref")
                .param("ref", trail.subjectReference(email))
                .query(Long.class)
                .single())
        .isPositive();
    nowhereInTheTrail(email);
  }

  @Test
  @DisplayName(
      "A-15 an objection through the API: received (api), processing restricted, restriction"
          + " lifted, completed; a rejection records its ground, not the operator's words")
  void objectionAndRejection() throws Exception {
    String email = address("objector");
    String reference =
        api(
                "/console/api/requests",
                "{\"property\": \"reference-site\", \"kind\": \"objection\", \"purpose\":"
                    + " \"analytics\", \"email\": \""
                    + email
                    + "\"}")
            .get("reference")
            .asText();
    console("/console/requests/" + reference + "/processing/apply", Map.of());
    String why = "The objector, Ms Example, withdrew it by phone";
    console("/console/requests/" + reference + "/processing/lift", Map.of("reason", why));
    console(
        "/console/requests/" + reference + "/status",
        Map.of("status", "completed", "note", "Done."));
    assertThat(actions(reference))
        .containsExactly(
            "request.received",
            "processing.restricted",
            "processing.restriction-lifted",
            "request.completed");
    assertThat(details(only(reference, "request.received")))
        .containsEntry("channel", "api")
        .containsEntry("purpose", "analytics");

    String other = address("asker");
    String rejected =
        api(
                "/console/api/requests",
                "{\"property\": \"reference-site\", \"kind\": \"inquiry\", \"email\": \""
                    + other
                    + "\"}")
            .get("reference")
            .asText();
    String note = "We cannot tell Mr Example's messages apart from his brother's";
    console(
        "/console/requests/" + rejected + "/status",
        Map.of("status", "rejected", "note", note, "ground", "identity-not-confirmed"));
    assertThat(actions(rejected)).containsExactly("request.received", "request.rejected");
    assertThat(details(only(rejected, "request.rejected")))
        .containsEntry("ground", "identity-not-confirmed");
    nowhereInTheTrail(email, other, why, note, "Ms Example", "Mr Example");
  }

  @Test
  @DisplayName(
      "operators: sign-in, failed sign-ins (the name only when it is an operator's), password"
          + " change and sign-out are audited; the settings a server started with are recorded")
  void operators() throws Exception {
    List<String> before = operatorActions();
    assertThat(before).containsExactly("operator.signed-in");

    ConsoleClient stranger = ConsoleClient.anonymous(port, "127.0.12.3");
    stranger.login(operatorName, "not the password at all");
    String typed = "someone-" + Long.toHexString(System.nanoTime()) + "@example.org";
    stranger.login(typed, "whatever it was");
    List<Map<String, Object>> failed =
        jdbc
            .sql(
                "select details from audit_entry where action = 'operator.sign-in-failed'"
                    + " order by seq desc limit 2")
            .query(String.class)
            .list()
            .stream()
            .map(
                d -> {
                  try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = JSON.readValue(d, Map.class);
                    return m;
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    assertThat(failed.get(0)).containsEntry("why", "unknown-account").doesNotContainKey("operator");
    assertThat(failed.get(1))
        .containsEntry("why", "wrong-password")
        .containsEntry("operator", operatorName);

    String replacement = "a new and longer passphrase 42";
    ConsoleClient.Response changed =
        operator.post(
            "/console/account",
            Map.of(
                "current",
                ConsoleClient.password(),
                "password",
                replacement,
                "confirmation",
                replacement,
                "_csrf",
                ConsoleClient.csrf(operator.get("/console/account").body())));
    assertThat(changed.status()).as(changed.body()).isEqualTo(302);
    operator.post(
        "/console/logout",
        Map.of("_csrf", ConsoleClient.csrf(operator.get("/console/account").body())));
    assertThat(operatorActions())
        .containsExactly("operator.signed-in", "operator.password-changed", "operator.signed-out");
    nowhereInTheTrail(typed, "not the password at all", replacement);

    AuditEntry settings = trail.latest("settings.changed").orElseThrow();
    assertThat(details(settings))
        .containsKey("pledge.retention.sweep-interval")
        .containsEntry("pledge.rights.operator-address", "set");
    assertThat(details(settings).get("pledge.mail.imap.host")).isNotEqualTo("default");
    nowhereInTheTrail("operators@pledge.test");
  }

  List<String> operatorActions() {
    return jdbc.sql("select action from audit_entry where actor = :a order by seq")
        .param("a", "operator:" + operatorName)
        .query(String.class)
        .list();
  }
}
