package dev.pledge.server.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.TableRetentionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code pledge verify} finds a planted violation of each kind, and is silent on the running
 * server's own stores. Each test removes what it planted.
 */
@WithRunningServer
class ComplianceVerifierTest {

  static final String SITE = "reference-site";

  @Autowired ComplianceVerifier verifier;
  @Autowired RetentionEngine retention;
  @Autowired PolicyCatalog catalog;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;
  @Autowired PledgeSettings settings;

  Path plantedFile;

  @AfterEach
  void removePlanted() throws Exception {
    jdbc.sql("drop table if exists verify_planted_credentials, verify_planted_unregistered")
        .update();
    jdbc.sql("delete from analytics_event where path like '/planted/%'").update();
    if (plantedFile != null) {
      Files.deleteIfExists(plantedFile);
    }
  }

  List<Violation> violations(Violation.Kind kind, VerifyReport report) {
    return report.violations().stream().filter(v -> v.kind() == kind).toList();
  }

  @Test
  @DisplayName("silent on the running server's own stores once swept")
  void silentWhenClean() {
    retention.sweep("test");
    VerifyReport report = verifier.verify();
    assertThat(report.violations()).isEmpty();
    assertThat(report.clean()).isTrue();
    // Every collected category of both policies is enforced, the text of text edits with the
    // edits that hold it: verify notes nothing as not enforced.
    assertThat(report.notes()).noneMatch(n -> n.startsWith("not enforced"));
  }

  @Test
  @DisplayName("A-18 raw analytics older than 90 days are reported until a sweep removes them")
  void overdueData() {
    LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(120);
    plantEvent(old, "/planted/old-page");
    assertThat(violations(Violation.Kind.OVERDUE, verifier.verify()))
        .singleElement()
        .satisfies(v -> assertThat(v.where()).isEqualTo("analytics.raw-events"))
        .satisfies(
            v ->
                assertThat(v.message())
                    .startsWith(
                        "1 item of Page view analytics (anonymised) (user.behavior.page_views)"));
    retention.sweep("test");
    assertThat(violations(Violation.Kind.OVERDUE, verifier.verify())).isEmpty();
  }

  @Test
  @DisplayName("A-06 a raw IP address in the anonymised analytics is reported, without the address")
  void rawAddressInAnonymisedStore() {
    plantEvent(LocalDate.now(ZoneOffset.UTC), "/planted/198.51.100.23/visitor@example.org");
    List<Violation> found = violations(Violation.Kind.NOT_ANONYMISED, verifier.verify());
    assertThat(found)
        .extracting(Violation::message)
        .anyMatch(m -> m.contains("raw IPv4 address in table analytics_event"))
        .anyMatch(m -> m.contains("raw e-mail address in table analytics_event"))
        .noneMatch(m -> m.contains("198.51.100.23") || m.contains("visitor@example.org"));
  }

  @Test
  @DisplayName("A-02 a raw IP address in the access log is reported; masked ones are not")
  void rawAddressInAccessLog() throws Exception {
    Path dir = settings.dataDir().resolve("logs/access");
    Files.createDirectories(dir);
    plantedFile =
        dir.resolve("access." + LocalDate.now(ZoneOffset.UTC).minusDays(400) + ".log.planted");
    // A name the store does not read is ignored; the day file below is read.
    Files.writeString(plantedFile, "198.51.100.23 - - raw\n");
    assertThat(violations(Violation.Kind.NOT_ANONYMISED, verifier.verify())).isEmpty();
    Files.delete(plantedFile);
    plantedFile = dir.resolve("access." + LocalDate.now(ZoneOffset.UTC).minusDays(1) + ".log");
    boolean existed = Files.exists(plantedFile);
    String before = existed ? Files.readString(plantedFile) : null;
    Files.writeString(
        plantedFile,
        "198.51.100.0 - - [x] \"GET / HTTP/1.1\" 200 1\n2001:db8:85a3:: - - [x] \"GET / HTTP/1.1\" 200 1\n");
    assertThat(violations(Violation.Kind.NOT_ANONYMISED, verifier.verify())).isEmpty();
    Files.writeString(
        plantedFile,
        "198.51.100.23 - - [x] \"GET / HTTP/1.1\" 200 1\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(violations(Violation.Kind.NOT_ANONYMISED, verifier.verify()))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message())
                    .startsWith("1 item contains a raw IPv4 address in the access log"));
    if (existed) {
      Files.writeString(plantedFile, before);
      plantedFile = null;
    }
  }

  @Test
  @DisplayName("a table no store covers and no module declares is reported")
  void unregisteredTable() {
    jdbc.sql("create table verify_planted_unregistered (subject_id text, email text)").update();
    assertThat(violations(Violation.Kind.UNREGISTERED_TABLE, verifier.verify()))
        .extracting(Violation::where)
        .containsExactly("verify_planted_unregistered");
  }

  @Test
  @DisplayName("data held for a category the policy says is not collected is reported")
  void notCollectedButHeld() {
    jdbc.sql("create table verify_planted_credentials (created_at timestamptz not null, hash text)")
        .update();
    jdbc.sql("insert into verify_planted_credentials values (now(), 'x')").update();
    ServedProperty site = catalog.byId(SITE).orElseThrow();
    var credentials =
        site.policy().categories().stream()
            .filter(c -> c.id().equals("user.authorization.credentials"))
            .findFirst()
            .orElseThrow();
    // The category is not collected, so it has no retention rule to bind a store with: give the
    // planted store the page-view rule, as a misconfigured module might.
    var rule =
        site.policy().categories().stream()
            .filter(c -> c.retention() != null)
            .findFirst()
            .orElseThrow();
    var category =
        new dev.pledge.policy.DataCategory(
            credentials.id(),
            credentials.title(),
            credentials.description(),
            credentials.collected(),
            null,
            List.of(),
            List.of(),
            null,
            "",
            false,
            true,
            rule.retention());
    var store =
        TableRetentionStore.builder(jdbc, tx)
            .name("planted.credentials")
            .holds(site.id(), credentials.id())
            .table("verify_planted_credentials", "created_at")
            .build();
    VerifyReport report =
        verifier.verify(List.of(new RetentionBinding(site, category, store)), List.of());
    assertThat(violations(Violation.Kind.NOT_COLLECTED, report))
        .singleElement()
        .satisfies(v -> assertThat(v.where()).isEqualTo("planted.credentials"));
    assertThat(violations(Violation.Kind.UNREGISTERED_TABLE, report)).isEmpty();
  }

  @Test
  @DisplayName(
      "a module's compliance check (rights requests past their deadline) is part of verify")
  void moduleChecks() {
    ComplianceCheck overdueRequest =
        now ->
            List.of(
                new Violation(
                    Violation.Kind.REQUEST_OVERDUE, SITE, "request R-1", "due yesterday"));
    assertThat(
            violations(
                Violation.Kind.REQUEST_OVERDUE,
                verifier.verify(List.of(), List.of(overdueRequest))))
        .hasSize(1);
  }

  void plantEvent(LocalDate day, String path) {
    partitionFor(day);
    jdbc.sql(
            """
            insert into analytics_event (property_id, received_at, day, visitor_id, name, path,
              source, channel, browser, os, device)
            values (:p, :at, :day, 1, 'pageview', :path, 'Direct / None', 'direct', 'Firefox',
              'Linux', 'desktop')
            """)
        .param("p", SITE)
        .param("at", day.atStartOfDay().plusHours(1).atOffset(ZoneOffset.UTC))
        .param("day", day)
        .param("path", path)
        .update();
    jdbc.sql("insert into analytics_dirty values (:p, :day) on conflict do nothing")
        .param("p", SITE)
        .param("day", day)
        .update();
  }

  /** Creates the day's partition the way the analytics module names it. */
  void partitionFor(LocalDate day) {
    String parent = "analytics_event_" + SITE.replace('-', '_');
    String child = parent + "_" + day.toString().replace("-", "");
    jdbc.sql(
            "create table if not exists "
                + child
                + " partition of "
                + parent
                + " for values from ('"
                + day
                + "') to ('"
                + day.plusDays(1)
                + "')")
        .update();
  }
}
