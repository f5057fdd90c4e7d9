package dev.pledge.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.TestClock;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.console.ConsoleClient;
import dev.pledge.server.incidents.IncidentPeople.Person;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A simulated breach from opening to closing on the movable clock (issue 17): the affected people
 * counted from the data map, the operators' escalations at the policy's deadlines, the notices
 * delivered only once the operator approves them, every step in the audit trail, and closing only
 * with remediation and lessons.
 */
@WithRunningServer
class BreachDrillTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String OPERATORS = "operators@pledge.test";
  static final String REGULATOR = "breaches@authority.test";
  static final String COMPANY = "user.account.company";

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;
  @Autowired AffectedPeople affected;
  @Autowired IncidentEscalations escalations;
  @Autowired Incidents incidents;

  @AfterEach
  void resetClock() {
    TestClock.reset();
  }

  private Affected now() {
    return affected.count(
        incidents.property("image-studio").policy(), "image-studio", List.of(), List.of(COMPANY));
  }

  private static long region(JsonNode incident, String region) {
    return incident.path("affected").path("byRegion").path(region).asLong(0);
  }

  private List<String> auditActions(String id) {
    return jdbc.sql(
            "select action from audit_entry where details::jsonb->>'incident' = :id order by seq")
        .param("id", id)
        .query(String.class)
        .list();
  }

  @Test
  @DisplayName(
      "B-35 B-36 a breach drill: people counted by region and law, escalations at the deadlines,"
          + " notices sent only after approval, every step audited, closed with its lessons")
  void drill() throws Exception {
    Affected before = now();
    Person ana = IncidentPeople.withCompany(jdbc, "Ana", "DE", "gdpr", "eu");
    Person bo = IncidentPeople.withCompany(jdbc, "Bo", "FR", "gdpr", "eu");
    Person cy = IncidentPeople.withCompany(jdbc, "Cy", "US-CA", "ccpa", "us");
    TestMailServer.greenMail().purgeEmailFromAllMailboxes();

    String operatorName = "drill-" + System.nanoTime();
    ConsoleClient operator = ConsoleClient.signedIn(port, context, operatorName, "127.0.17.1");
    String csrf =
        ConsoleClient.csrf(operator.get("/console/incidents/new?property=image-studio").body());
    Instant discovered =
        TestClock.get().instant().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    ConsoleClient.Response opened =
        operator.send(
            "POST",
            "/console/api/incidents",
            JSON.writeValueAsString(
                Map.of(
                    "property", "image-studio",
                    "title", "Company profiles exposed",
                    "whatHappened", "A misconfigured export left company profiles readable.",
                    "discoveredAt", discovered.toString(),
                    "categories", List.of(COMPANY))),
            Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    JsonNode incident = JSON.readTree(opened.body());
    String id = incident.path("id").asText();
    assertThat(opened.location()).isEqualTo("/console/incidents/" + id);

    // Affected people: the three new company profiles on top of what was there, by region and law.
    assertThat(incident.path("affected").path("people").asLong()).isEqualTo(before.people() + 3);
    assertThat(region(incident, "eu")).isEqualTo(before.byRegion().getOrDefault("eu", 0L) + 2);
    assertThat(region(incident, "us")).isEqualTo(before.byRegion().getOrDefault("us", 0L) + 1);
    String gdpr = "General Data Protection Regulation (GDPR)";
    assertThat(incident.path("affected").path("byLaw").path(gdpr).asLong())
        .isEqualTo(before.byLaw().getOrDefault(gdpr, 0L) + 2);
    assertThat(incident.path("affected").path("storesReached").toString())
        .isEqualTo("[\"studio.companies\"]");

    // The clocks from the policy: 24 h to contain, 72 h to the regulator; people only at high risk.
    JsonNode clocks = incident.path("clocks");
    assertThat(clocks).hasSize(2);
    assertThat(clocks.get(0).path("clock").asText()).isEqualTo("contain");
    assertThat(Instant.parse(clocks.get(0).path("dueAt").asText()))
        .isEqualTo(discovered.plus(Duration.ofHours(24)));
    assertThat(Instant.parse(clocks.get(1).path("dueAt").asText()))
        .isEqualTo(discovered.plus(Duration.ofHours(72)));

    // The page shows counts, never the people's addresses.
    String page = operator.get("/console/incidents/" + id).body();
    assertThat(page).contains("Contain and assess").contains("due in 22 h");
    assertThat(page).doesNotContain(ana.email()).doesNotContain(bo.email());

    // Hour 1: nothing to escalate.
    escalations.escalate();
    assertThat(IncidentPeople.mailAbout(OPERATORS, id)).isEmpty();

    // Hour 19: a quarter of the 24 hours is left — one warning, and only one.
    TestClock.advance(Duration.ofHours(18));
    escalations.escalate();
    escalations.escalate();
    IncidentPeople.awaitMail(OPERATORS, "Due soon: Contain and assess — " + id);
    assertThat(IncidentPeople.mailAbout(OPERATORS, id)).hasSize(1);

    // Hour 25: overdue.
    TestClock.advance(Duration.ofHours(6));
    escalations.escalate();
    IncidentPeople.awaitMail(OPERATORS, "OVERDUE: Contain and assess — " + id);
    assertThat(IncidentPeople.mailAbout(OPERATORS, "Notify the regulator — " + id)).isEmpty();

    // Contained and assessed as high risk: the people's clock starts, at once. A day passed on the
    // test clock, which the console's sessions idle out by too: the operator signs in again.
    operator.login(operatorName, ConsoleClient.password());
    page = operator.get("/console/incidents/" + id).body();
    String csrfPage = ConsoleClient.csrf(page);
    ConsoleClient.Response contained =
        operator.post(
            "/console/incidents/" + id + "/contain",
            Map.of(
                "assessment", "Export bucket closed; 3 profiles read by an unknown address.",
                "highRisk", "true",
                "_csrf", csrfPage));
    assertThat(contained.status()).isEqualTo(302);
    escalations.escalate();
    IncidentPeople.awaitMail(OPERATORS, "OVERDUE: Notify the affected people — " + id);

    // Hour 55: the regulator's warning (72 h, a quarter left).
    TestClock.advance(Duration.ofHours(30));
    escalations.escalate();
    IncidentPeople.awaitMail(OPERATORS, "Due soon: Notify the regulator — " + id);

    // Nobody outside has heard anything yet: drafts are not sent.
    assertThat(IncidentPeople.mailTo(ana.email())).isEmpty();
    assertThat(IncidentPeople.mailTo(REGULATOR)).isEmpty();
    operator.login(operatorName, ConsoleClient.password());
    page = operator.get("/console/incidents/" + id).body();
    csrfPage = ConsoleClient.csrf(page);
    assertThat(page).contains("Approximate number of people concerned");

    // Closing before the people are told is refused.
    ConsoleClient.Response early =
        operator.post(
            "/console/incidents/" + id + "/close",
            Map.of("remediation", "Fixed.", "lessons", "Check exports.", "_csrf", csrfPage));
    assertThat(early.status()).isEqualTo(400);
    assertThat(early.body()).contains("notify them before closing");

    // The operator approves the regulator's notice (edited) and the people's notice.
    ConsoleClient.Response toRegulator =
        operator.post(
            "/console/incidents/" + id + "/regulator",
            Map.of(
                "regulatorAddress", REGULATOR,
                "body",
                    "Reviewed by the DPO.\n"
                        + IncidentDrafts.regulator(
                            incidents.require(id), incidents.policyOf(incidents.require(id))),
                "_csrf", csrfPage));
    assertThat(toRegulator.status()).isEqualTo(302);
    IncidentPeople.Mail regulatorMail = IncidentPeople.awaitMail(REGULATOR, id);
    assertThat(regulatorMail.body()).contains("Reviewed by the DPO.").contains("Company profiles");
    assertThat(regulatorMail.body()).doesNotContain(ana.email());

    ConsoleClient.Response toPeople =
        operator.post(
            "/console/incidents/" + id + "/people",
            Map.of(
                "body",
                IncidentDrafts.people(
                    incidents.require(id), incidents.policyOf(incidents.require(id))),
                "_csrf",
                csrfPage));
    assertThat(toPeople.status()).isEqualTo(302);
    for (Person p : List.of(ana, bo, cy)) {
      assertThat(IncidentPeople.awaitMail(p.email(), id).body())
          .contains("A misconfigured export left company profiles readable.");
    }
    assertThat(
            jdbc.sql("select count(*) from incident_person where incident_id = :id")
                .param("id", id)
                .query(Long.class)
                .single())
        .isEqualTo(before.people() + 3);

    // Closing needs remediation and lessons.
    ConsoleClient.Response noLessons =
        operator.post(
            "/console/incidents/" + id + "/close",
            Map.of("remediation", "Bucket policy fixed.", "lessons", " ", "_csrf", csrfPage));
    assertThat(noLessons.status()).isEqualTo(400);
    assertThat(noLessons.body()).contains("lessons");
    ConsoleClient.Response closed =
        operator.post(
            "/console/incidents/" + id + "/close",
            Map.of(
                "remediation", "Bucket policy fixed; exports now private by default.",
                "lessons", "Every export gets an access review.",
                "_csrf", csrfPage));
    assertThat(closed.status()).isEqualTo(302);
    assertThat(incidents.require(id).closed()).isTrue();

    // Every step is in the audit trail, without a person's address.
    assertThat(auditActions(id))
        .containsSubsequence(
            "incident.opened",
            "incident.escalated",
            "incident.contained",
            "incident.regulator-notified",
            "incident.people-notified",
            "incident.closed");
    String trail =
        String.join(
            "\n",
            jdbc.sql(
                    "select details::text from audit_entry where details::jsonb->>'incident' = :id")
                .param("id", id)
                .query(String.class)
                .list());
    assertThat(trail).doesNotContain(ana.email()).doesNotContain(ana.id());
  }

  @Test
  @DisplayName("B-35 opening an incident with bad input is refused by field, nothing stored")
  void badInput() throws Exception {
    ConsoleClient operator =
        ConsoleClient.signedIn(port, context, "drill-bad-" + System.nanoTime(), "127.0.17.2");
    String csrf =
        ConsoleClient.csrf(operator.get("/console/incidents/new?property=image-studio").body());
    long before = jdbc.sql("select count(*) from incident").query(Long.class).single();
    ConsoleClient.Response r =
        operator.send(
            "POST",
            "/console/api/incidents",
            "{\"property\":\"image-studio\",\"title\":\"x\",\"whatHappened\":\"y\","
                + "\"discoveredAt\":\"yesterday\",\"categories\":[\"user.nope\"],\"severity\":1}",
            Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
    assertThat(r.status()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("errors").path("severity").asText())
        .startsWith("Unknown field");
    r =
        operator.send(
            "POST",
            "/console/api/incidents",
            "{\"property\":\"image-studio\",\"title\":\"x\",\"whatHappened\":\"y\","
                + "\"discoveredAt\":\"2026-01-01T00:00:00Z\",\"categories\":[\"user.nope\"]}",
            Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
    assertThat(r.status()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("errors").path("categories").asText())
        .contains("'user.nope' is not a data category");
    assertThat(r.body()).doesNotContain("Exception");
    assertThat(jdbc.sql("select count(*) from incident").query(Long.class).single())
        .isEqualTo(before);
  }
}
