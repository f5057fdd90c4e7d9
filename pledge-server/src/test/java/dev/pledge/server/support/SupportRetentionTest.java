package dev.pledge.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.SubjectExporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Support data under the policy: tickets kept 5 years after their last message (B-21) at a clock
 * the test sets, feedback 5 years after it was given; the person's tickets with their threads,
 * feedback and marketing preferences in their access export and on their data dashboard with the
 * retention; erased with the account through the engine (B-27, B-28).
 */
@WithRunningServer
class SupportRetentionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RetentionEngine engine;
  @Autowired SubjectExporter exporter;
  @Autowired Tickets tickets;
  @Autowired StudioFeedback feedback;
  @Autowired MarketingPreferences marketing;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @AfterEach
  void clockBack() {
    TestClock.reset();
  }

  /** The support module's ticket and feedback stores (never another module's). */
  List<RetentionBinding> supportStores() {
    return engine.bindings().stream()
        .filter(b -> b.property().id().value().equals("image-studio"))
        .filter(b -> Set.of("support.tickets", "support.feedback").contains(b.store().name()))
        .toList();
  }

  static void sweep(List<RetentionBinding> bindings, Instant at) {
    for (RetentionBinding b : bindings) {
      RetentionRule rule = b.ruleAt(at);
      if (rule != null) {
        b.store().expire(rule, (items, detail) -> {});
      }
    }
  }

  long count(String sql, String id) {
    return jdbc.sql(sql).param("id", id).query(Long.class).single();
  }

  static Instant years(Instant from, int years) {
    return LocalDateTime.ofInstant(from, ZoneOffset.UTC).plusYears(years).toInstant(ZoneOffset.UTC);
  }

  @Test
  @DisplayName(
      "B-21 a ticket is kept 5 years after its last message, not its first, then goes with its"
          + " whole thread; feedback 5 years after it was given")
  void keptFiveYearsAfterTheLastMessage() throws Exception {
    String account;
    try (var kim = SupportPeople.verified(browser, port, "Kim Keep", "GB", 30, "en")) {
      account = SupportPeople.accountOf(jdbc, kim.email());
    }
    Ticket t = tickets.open(account, "Old question", "other", "First message", "studio");
    String entry = feedback.record(account, "general", null, 3, "fine");
    Instant first = t.lastMessageAt();

    TestClock.advance(Duration.ofDays(2 * 365));
    tickets.addFromPerson(t.id(), "Two years later: still there?", "studio");
    Instant last = tickets.byId(t.id()).orElseThrow().lastMessageAt();
    TestClock.reset();
    assertThat(last).isAfter(years(first, 1));
    assertThat(count("select count(*) from support_message where ticket_id = :id", t.id()))
        .isEqualTo(2);

    List<RetentionBinding> stores = supportStores();
    assertThat(stores).extracting(b -> b.store().name()).contains("support.tickets");

    sweep(stores, years(first, 5).plus(Duration.ofDays(1)));
    assertThat(count("select count(*) from support_ticket where ticket_id = :id", t.id()))
        .as("5 years after the first message, but not the last: kept")
        .isEqualTo(1);
    assertThat(count("select count(*) from support_feedback where feedback_id = :id", entry))
        .as("feedback: 5 years after it was given, gone")
        .isZero();

    sweep(stores, years(last, 5).minus(Duration.ofDays(1)));
    assertThat(count("select count(*) from support_ticket where ticket_id = :id", t.id()))
        .as("a day before 5 years after the last message: kept")
        .isEqualTo(1);

    sweep(stores, years(last, 5).plus(Duration.ofDays(1)));
    assertThat(count("select count(*) from support_ticket where ticket_id = :id", t.id()))
        .as("B-21 5 years after the last message: gone")
        .isZero();
    assertThat(count("select count(*) from support_message where ticket_id = :id", t.id()))
        .as("with its whole thread")
        .isZero();
  }

  @Test
  @DisplayName(
      "B-27 B-28 B-05 the export holds the tickets with their threads, the feedback and the"
          + " marketing preferences; the dashboard shows them with their retention; an erasure"
          + " leaves none")
  void exportedShownAndErasedWithTheAccount() throws Exception {
    try (var eva = SupportPeople.verified(browser, port, "Eva Export", "GB", 30, "en")) {
      String account = SupportPeople.accountOf(jdbc, eva.email());
      Ticket t =
          tickets.open(account, "Invoice address", "billing", "Please fix my address.", "studio");
      tickets.addFromSupport(t.id(), "op", "Done, see your next invoice.", TicketStatus.ANSWERED);
      feedback.record(account, "edit", "edit:77", 5, "Great rotation");
      marketing.choose(account, Set.of("tips"));

      ByteArrayOutputStream zip = new ByteArrayOutputStream();
      exporter.export("image-studio", account, zip);
      Map<String, JsonNode> files = new HashMap<>();
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
        for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
          if (e.getName().endsWith(".json")) {
            files.put(e.getName(), JSON.readTree(in.readAllBytes()));
          }
        }
      }
      JsonNode support = files.get("user.communications.support.json").get("items");
      assertThat(support).hasSize(1);
      assertThat(support.get(0).get("ticket").asText()).isEqualTo(t.id());
      assertThat(support.get(0).get("messages")).hasSize(2);
      assertThat(support.get(0).get("messages").get(1).get("text").asText())
          .isEqualTo("Done, see your next invoice.");
      JsonNode given = files.get("user.communications.feedback.json").get("items");
      assertThat(given.get(0).get("comment").asText()).isEqualTo("Great rotation");
      assertThat(given.get(0).get("subject_ref").asText()).isEqualTo("edit:77");
      String marketingItems = files.get("user.communications.marketing.json").toString();
      assertThat(marketingItems).contains("\"topic\":\"tips\"").contains("\"withheld\"");

      eva.open("/account/privacy");
      var supportRow = eva.page().locator("tr[data-category='user.communications.support']");
      assertThat(supportRow.locator(".items").textContent()).isEqualTo("1");
      assertThat(supportRow.textContent()).contains("Kept 5 years after the last message.");
      var feedbackRow = eva.page().locator("tr[data-category='user.communications.feedback']");
      assertThat(feedbackRow.locator(".items").textContent()).isEqualTo("1");
      var marketingRow = eva.page().locator("tr[data-category='user.communications.marketing']");
      assertThat(Integer.parseInt(marketingRow.locator(".items").textContent())).isPositive();
      assertThat(marketingRow.textContent()).contains("Kept while your account is active");

      List<ErasureLine> lines = engine.erase("image-studio", account, "test");
      assertThat(lines)
          .filteredOn(l -> l.store().startsWith("support.") && l.searched())
          .extracting(ErasureLine::store)
          .contains(
              "support.tickets",
              "support.feedback",
              "support.marketing-preferences",
              "support.marketing-confirmations");
      assertThat(lines)
          .filteredOn(l -> l.store().startsWith("support."))
          .allMatch(l -> l.remaining() == 0);
      assertThat(count("select count(*) from support_message where ticket_id = :id", t.id()))
          .isZero();
    }
  }
}
