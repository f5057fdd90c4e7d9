package dev.pledge.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retention engine over tables shaped like the image studio's (accounts, sessions, support
 * threads, images with a per-person period, payments, request logs), each in a schema of its own so
 * the shared database stays clean. The clock is the sweep's {@code now}, set by each test.
 */
@WithRunningServer
public class RetentionEngineTest {

  static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");

  @Autowired RetentionEngine engine;
  @Autowired PolicyCatalog catalog;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;
  @Autowired AuditTrail audit;

  String schema;
  ServedProperty site;

  @BeforeEach
  void schema() {
    schema = "retention_" + Long.toHexString(System.nanoTime());
    site = catalog.byId("reference-site").orElseThrow();
    jdbc.sql("create schema " + schema).update();
  }

  @AfterEach
  void dropSchema() {
    // Other tests dump the whole database: leave nothing behind.
    jdbc.sql("drop schema " + schema + " cascade").update();
  }

  public static DataCategory category(
      String id, RetentionPeriod period, Retention.Anchor anchor, Retention.ExpiryAction action) {
    return new DataCategory(
        id,
        id,
        id,
        DataCategory.Collected.YES,
        null,
        List.of(),
        List.of(),
        null,
        "test",
        false,
        true,
        new Retention(period, anchor, action, null, null, null));
  }

  public static RetentionPeriod fixed(String iso) {
    return RetentionPeriod.of(PolicyDuration.parse(iso));
  }

  /** Every text value of the schema's tables, for "nothing of this person is left" checks. */
  static final class DatabaseDumpText {
    static String of(JdbcClient jdbc, String schema) {
      StringBuilder out = new StringBuilder();
      for (String t :
          jdbc.sql("select table_name from information_schema.tables where table_schema = :s")
              .param("s", schema)
              .query(String.class)
              .list()) {
        jdbc.sql("select t::text from " + schema + "." + t + " t")
            .query(String.class)
            .list()
            .forEach(row -> out.append(row).append('\n'));
      }
      return out.toString();
    }
  }

  void table(String ddl) {
    jdbc.sql(ddl.replace("T.", schema + ".")).update();
  }

  long count(String table) {
    return jdbc.sql("select count(*) from " + schema + "." + table).query(Long.class).single();
  }

  void insertAt(String table, String column, Instant... at) {
    for (Instant t : at) {
      jdbc.sql("insert into " + schema + "." + table + " (" + column + ") values (:t)")
          .param("t", java.sql.Timestamp.from(t))
          .update();
    }
  }

  TableRetentionStore.Builder store(String table) {
    return TableRetentionStore.builder(jdbc, tx)
        .name("test." + table)
        .holds(site.id(), "test." + table);
  }

  RetentionBinding bind(DataCategory c, RetentionStore s) {
    return new RetentionBinding(site, c, s);
  }

  static Instant daysAgo(long d) {
    return NOW.minus(d, ChronoUnit.DAYS);
  }

  @Test
  @DisplayName("collection anchor, delete: sessions older than 30 days go, newer stay")
  void collectionAnchorDeletes() {
    table(
        "create table T.sessions (id bigserial primary key, subject_id text, created_at timestamptz not null)");
    insertAt("sessions", "created_at", daysAgo(31), daysAgo(45), daysAgo(29), daysAgo(1));
    var c =
        category(
            "test.sessions",
            fixed("P30D"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    var b = bind(c, store("sessions").table(schema + ".sessions", "created_at").build());

    var plan = engine.plan(List.of(b), NOW).get(0);
    assertThat(plan.contents().items()).isEqualTo(4);
    assertThat(plan.contents().due()).isEqualTo(2);
    assertThat(plan.contents().oldest()).isEqualTo(daysAgo(45));
    assertThat(plan.contents().nextDue()).isEqualTo(daysAgo(29).plus(30, ChronoUnit.DAYS));

    SweepReport report = engine.sweep(List.of(b), "test", NOW);
    assertThat(report.ran()).isTrue();
    assertThat(report.expired()).isEqualTo(2);
    assertThat(count("sessions")).isEqualTo(2);
    assertThat(engine.sweep(List.of(b), "test", NOW).expired())
        .as("a second sweep finds nothing")
        .isZero();
  }

  @Test
  @DisplayName(
      "B-16 account-deletion anchor: active accounts stay, deleted ones go 90 days after deletion")
  void accountDeletionAnchor() {
    table(
        "create table T.accounts (id bigserial primary key, subject_id text, deleted_at timestamptz)");
    jdbc.sql("insert into " + schema + ".accounts (deleted_at) values (null), (null)").update();
    insertAt("accounts", "deleted_at", daysAgo(91), daysAgo(89));
    var c =
        category(
            "test.accounts",
            fixed("P90D"),
            Retention.Anchor.ACCOUNT_DELETION,
            Retention.ExpiryAction.DELETE);
    var b = bind(c, store("accounts").table(schema + ".accounts", "deleted_at").build());

    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).isEqualTo(1);
    assertThat(count("accounts")).isEqualTo(3);
    assertThat(
            jdbc.sql("select count(*) from " + schema + ".accounts where deleted_at is null")
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  @DisplayName(
      "A-19 last-message anchor: a thread goes 12 months after its last message, its messages with it")
  void lastMessageAnchor() {
    table(
        "create table T.threads (id bigserial primary key, subject_id text, last_message_at timestamptz not null)");
    table(
        "create table T.messages (id bigserial primary key, thread_id bigint not null references T.threads on delete cascade, body text)");
    Instant thirteenMonths = NOW.atZone(java.time.ZoneOffset.UTC).minusMonths(13).toInstant();
    Instant elevenMonths = NOW.atZone(java.time.ZoneOffset.UTC).minusMonths(11).toInstant();
    insertAt("threads", "last_message_at", thirteenMonths, elevenMonths);
    jdbc.sql(
            "insert into "
                + schema
                + ".messages (thread_id, body) select id, 'hello' from "
                + schema
                + ".threads, generate_series(1, 3)")
        .update();
    var c =
        category(
            "test.threads",
            fixed("P12M"),
            Retention.Anchor.LAST_MESSAGE,
            Retention.ExpiryAction.DELETE);
    var b =
        bind(
            c,
            store("threads")
                .table(schema + ".threads", "last_message_at")
                .alsoCovers(schema + ".messages")
                .build());

    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).isEqualTo(1);
    assertThat(count("threads")).isEqualTo(1);
    assertThat(count("messages")).isEqualTo(3);
    assertThat(b.store().tables()).contains(schema + ".threads", schema + ".messages");
  }

  @Test
  @DisplayName("B-17 last-activity anchor: history kept 3 years after the last activity")
  void lastActivityAnchor() {
    table(
        "create table T.history (id bigserial primary key, subject_id text, last_activity_at timestamptz not null)");
    Instant justOver = NOW.atZone(java.time.ZoneOffset.UTC).minusYears(3).minusDays(1).toInstant();
    Instant justUnder = NOW.atZone(java.time.ZoneOffset.UTC).minusYears(3).plusDays(1).toInstant();
    insertAt("history", "last_activity_at", justOver, justUnder);
    var c =
        category(
            "test.history",
            fixed("P3Y"),
            Retention.Anchor.LAST_ACTIVITY,
            Retention.ExpiryAction.DELETE);
    var b = bind(c, store("history").table(schema + ".history", "last_activity_at").build());

    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).isEqualTo(1);
    assertThat(count("history")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "B-18 a period chosen per person within 7 days..permanent: each row keeps its own, clamped to the range")
  void perSubjectPeriod() {
    table(
        "create table T.images (id bigserial primary key, subject_id text, created_at timestamptz not null, keep_for interval)");
    jdbc.sql(
            "insert into "
                + schema
                + ".images (created_at, keep_for) values"
                + " (:a, interval '7 days'), (:b, interval '30 days'), (:c, null), (:d, interval '1 day')")
        .param("a", java.sql.Timestamp.from(daysAgo(8))) // chose 7 days: due
        .param("b", java.sql.Timestamp.from(daysAgo(8))) // chose 30 days: kept
        .param("c", java.sql.Timestamp.from(daysAgo(4000))) // chose permanent: kept
        .param(
            "d", java.sql.Timestamp.from(daysAgo(5))) // 1 day is below the minimum: 7 days applies
        .update();
    var range =
        new RetentionPeriod(
            RetentionPeriod.Kind.RANGE,
            null,
            PolicyDuration.parse("P7D"),
            null,
            PolicyDuration.parse("P30D"),
            RetentionPeriod.ChosenBy.USER);
    var c =
        category("test.images", range, Retention.Anchor.COLLECTION, Retention.ExpiryAction.DELETE);
    var b =
        bind(
            c,
            store("images")
                .table(schema + ".images", "created_at")
                .periodPerRow("keep_for")
                .build());

    var plan = engine.plan(List.of(b), NOW).get(0);
    assertThat(plan.contents().due()).isEqualTo(1);
    assertThat(plan.contents().nextDue())
        .as("the 1-day choice clamped to 7 days")
        .isEqualTo(daysAgo(5).plus(7, ChronoUnit.DAYS));
    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).isEqualTo(1);
    assertThat(
            jdbc.sql(
                    "select count(*) from " + schema + ".images where keep_for = interval '7 days'")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(count("images")).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "a per-row period above a bounded range's maximum is clamped to it; no choice means the maximum")
  void perSubjectPeriodClampedToMaximum() {
    table(
        "create table T.edits (id bigserial primary key, created_at timestamptz not null, keep_for interval)");
    jdbc.sql(
            "insert into "
                + schema
                + ".edits (created_at, keep_for) values (:a, interval '10 years'), (:a, null), (:b, null)")
        .param("a", java.sql.Timestamp.from(daysAgo(400)))
        .param("b", java.sql.Timestamp.from(daysAgo(300)))
        .update();
    var range =
        new RetentionPeriod(
            RetentionPeriod.Kind.RANGE,
            null,
            PolicyDuration.parse("P7D"),
            PolicyDuration.parse("P1Y"),
            PolicyDuration.parse("P30D"),
            RetentionPeriod.ChosenBy.PLAN);
    var c =
        category("test.edits", range, Retention.Anchor.COLLECTION, Retention.ExpiryAction.DELETE);
    var b =
        bind(
            c,
            store("edits").table(schema + ".edits", "created_at").periodPerRow("keep_for").build());

    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).isEqualTo(2);
    assertThat(count("edits")).isEqualTo(1);
  }

  @Test
  @DisplayName("B-20 legal-hold-end anchor: records stay until their hold ends, then go")
  void legalHoldEndAnchor() {
    table(
        "create table T.payments (id bigserial primary key, subject_id text, hold_ends_at timestamptz not null)");
    insertAt("payments", "hold_ends_at", daysAgo(1), NOW.plus(365, ChronoUnit.DAYS));
    var c =
        category(
            "test.payments",
            fixed("P0D"),
            Retention.Anchor.LEGAL_HOLD_END,
            Retention.ExpiryAction.DELETE);
    var b = bind(c, store("payments").table(schema + ".payments", "hold_ends_at").build());

    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).isEqualTo(1);
    assertThat(count("payments")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "B-20 a legal hold keeps payment records past an erasure, unlinked from the person, until"
          + " the hold's seven years end; the account goes at once")
  void legalHoldOutlivesErasure() {
    table(
        "create table T.payments (id bigserial primary key, subject_id text, paid_at timestamptz not null, amount_cents int)");
    table(
        "create table T.accounts (id bigserial primary key, subject_id text, email text, deleted_at timestamptz)");
    jdbc.sql(
            "insert into "
                + schema
                + ".payments (subject_id, paid_at, amount_cents) values"
                + " ('person-1', :a, 900), ('person-1', :b, 900), ('person-2', :b, 500)")
        .param("a", java.sql.Timestamp.from(daysAgo(400)))
        .param("b", java.sql.Timestamp.from(daysAgo(30)))
        .update();
    jdbc.sql(
            "insert into "
                + schema
                + ".accounts (subject_id, email) values ('person-1', 'p1@example.net'), ('person-2', 'p2@example.net')")
        .update();
    var hold =
        new Retention.LegalHold(
            PolicyDuration.parse("P7Y"), "Tax law keeps payment records seven years.");
    var payments =
        new DataCategory(
            "test.payments",
            "p",
            "p",
            DataCategory.Collected.YES,
            null,
            List.of(),
            List.of(),
            null,
            "test",
            false,
            true,
            new Retention(
                fixed("P7Y"),
                Retention.Anchor.COLLECTION,
                Retention.ExpiryAction.DELETE,
                null,
                hold,
                null));
    var accounts =
        category(
            "test.accounts",
            fixed("P90D"),
            Retention.Anchor.ACCOUNT_DELETION,
            Retention.ExpiryAction.DELETE);
    var bindings =
        List.of(
            bind(
                payments,
                store("payments")
                    .table(schema + ".payments", "paid_at")
                    .subjectColumn("subject_id")
                    .build()),
            bind(
                accounts,
                store("accounts")
                    .table(schema + ".accounts", "deleted_at")
                    .subjectColumn("subject_id")
                    .build()));

    var receipt = engine.erase(bindings, "reference-site", "person-1", "test", NOW);

    assertThat(receipt)
        .extracting(
            l ->
                l.store()
                    + " erased="
                    + l.erased()
                    + " held="
                    + l.held()
                    + " remaining="
                    + l.remaining())
        .containsExactly(
            "test.payments erased=0 held=2 remaining=0",
            "test.accounts erased=1 held=0 remaining=0");
    assertThat(receipt.get(0).holdReason()).isEqualTo("Tax law keeps payment records seven years.");
    assertThat(count("payments")).as("payment records kept").isEqualTo(3);
    assertThat(
            jdbc.sql(
                    "select count(*) from " + schema + ".payments where subject_id like 'erased:%'")
                .query(Long.class)
                .single())
        .isEqualTo(2);
    assertThat(DatabaseDumpText.of(jdbc, schema))
        .doesNotContain("person-1")
        .doesNotContain("p1@example.net")
        .contains("person-2");
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_entry where action = 'subject.erased' and store in ('test.payments', 'test.accounts') and subject_ref is not null and details not like '%person-1%'")
                .query(Long.class)
                .single())
        .isGreaterThanOrEqualTo(2);

    // Seven years after the oldest payment, but not after the others: the held record goes on
    // its own schedule.
    Instant later = NOW.atZone(java.time.ZoneOffset.UTC).plusYears(7).minusDays(100).toInstant();
    assertThat(engine.sweep(bindings.subList(0, 1), "test", later).expired()).isEqualTo(1);
    assertThat(count("payments")).isEqualTo(2);
  }

  @Test
  @DisplayName("B-22 anonymise action: named fields nulled or masked, rows kept, done once")
  void anonymiseAction() {
    table(
        "create table T.requests (id bigserial primary key, at timestamptz not null, ip text, agent text, path text)");
    jdbc.sql(
            "insert into "
                + schema
                + ".requests (at, ip, agent, path) values (:old, '198.51.100.7', 'Firefox', '/a'), (:new, '203.0.113.9', 'Safari', '/b')")
        .param("old", java.sql.Timestamp.from(daysAgo(100)))
        .param("new", java.sql.Timestamp.from(daysAgo(10)))
        .update();
    var c =
        category(
            "test.requests",
            fixed("P90D"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.ANONYMISE);
    var b =
        bind(
            c,
            store("requests")
                .table(schema + ".requests", "at")
                .anonymiseToNull("ip")
                .anonymiseTo("agent", "anonymised")
                .build());

    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).isEqualTo(1);
    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).as("already anonymised").isZero();
    assertThat(
            jdbc.sql(
                    "select coalesce(ip, '-') || ' ' || agent || ' ' || path from "
                        + schema
                        + ".requests order by id")
                .query(String.class)
                .list())
        .containsExactly("- anonymised /a", "203.0.113.9 Safari /b");
  }

  @Test
  @DisplayName("permanent: nothing is ever due")
  void permanentNeverExpires() {
    table("create table T.aggregates (id bigserial primary key, day timestamptz not null)");
    insertAt("aggregates", "day", daysAgo(5000));
    var c =
        category(
            "test.aggregates",
            RetentionPeriod.permanent(),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    var b = bind(c, store("aggregates").table(schema + ".aggregates", "day").build());
    assertThat(engine.plan(List.of(b), NOW).get(0).contents().nextDue()).isNull();
    assertThat(engine.sweep(List.of(b), "test", NOW).expired()).isZero();
    assertThat(count("aggregates")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "many rows go in short batches; a crash between batches leaves committed batches done, and the next sweep finishes exactly the rest")
  void crashMidSweepResumes() {
    table("create table T.events (id bigserial primary key, at timestamptz not null)");
    table("create index on T.events (at)");
    jdbc.sql("insert into " + schema + ".events (at) select :t from generate_series(1, 2500)")
        .param("t", java.sql.Timestamp.from(daysAgo(40)))
        .update();
    insertAt("events", "at", daysAgo(2));
    var c =
        category(
            "test.events",
            fixed("P30D"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    TableRetentionStore real =
        store("events").table(schema + ".events", "at").batchSize(1000).build();
    AtomicInteger steps = new AtomicInteger();
    RetentionStore crashing =
        new RetentionStore() {
          public String name() {
            return real.name();
          }

          public dev.pledge.server.shared.PropertyId property() {
            return real.property();
          }

          public String category() {
            return real.category();
          }

          public String description() {
            return real.description();
          }

          public StoreContents inspect(RetentionRule rule) {
            return real.inspect(rule);
          }

          public void expire(RetentionRule rule, ExpiryJournal journal) {
            real.expire(
                rule,
                (items, detail) -> {
                  journal.expired(items, detail);
                  if (steps.incrementAndGet() == 2) {
                    throw new IllegalStateException(
                        "power cut"); // inside the second batch's transaction
                  }
                });
          }
        };
    SweepReport first = engine.sweep(List.of(bind(c, crashing)), "test", NOW);
    assertThat(first.failed()).isTrue();
    assertThat(count("events"))
        .as("the first batch committed, the second rolled back")
        .isEqualTo(1501);

    SweepReport second = engine.sweep(List.of(bind(c, real)), "test", NOW);
    assertThat(second.expired()).isEqualTo(1500);
    assertThat(count("events")).isEqualTo(1);
    assertThat(
            jdbc.sql(
                    "select sum(item_count) from audit_entry where store = :s and action = 'retention.expired'")
                .param("s", real.name())
                .query(Long.class)
                .single())
        .as("the audit trail records each committed batch once: 1000 + 1000 + 500")
        .isEqualTo(2500);
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  @DisplayName(
      "two sweeps at once (two instances, or an instance and the CLI) expire each row once")
  void concurrentSweepsDoNotOverlap() throws Exception {
    table("create table T.visits (id bigserial primary key, at timestamptz not null)");
    jdbc.sql("insert into " + schema + ".visits (at) select :t from generate_series(1, 5000)")
        .param("t", java.sql.Timestamp.from(daysAgo(40)))
        .update();
    var c =
        category(
            "test.visits",
            fixed("P30D"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    TableRetentionStore store =
        store("visits")
            .name("test.visits." + schema)
            .table(schema + ".visits", "at")
            .batchSize(500)
            .build();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> engine.sweep(List.of(bind(c, store)), "instance-a", NOW));
      var b = pool.submit(() -> engine.sweep(List.of(bind(c, store)), "instance-b", NOW));
      SweepReport first = a.get();
      SweepReport second = b.get();
      assertThat(first.ran()).isTrue();
      assertThat(second.ran()).isTrue();
      assertThat(first.expired() + second.expired()).isEqualTo(5000);
      assertThat(java.util.stream.Stream.of(first, second).filter(r -> r.expired() == 0))
          .as("the sweep that waited found nothing left")
          .hasSize(1);
    } finally {
      pool.shutdown();
    }
    assertThat(
            jdbc.sql("select sum(item_count) from audit_entry where store = :s")
                .param("s", store.name())
                .query(Long.class)
                .single())
        .isEqualTo(5000);
  }

  @Test
  @DisplayName("table and column names must be plain identifiers")
  void namesAreChecked() {
    assertThatThrownBy(() -> store("x").table("x; drop table y", "at").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain SQL table name");
    assertThatThrownBy(() -> store("x").table("x", "at desc").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain SQL identifier");
  }

  @Test
  @DisplayName(
      "the stores are bound, the studio's accounts' included; every collected category of both"
          + " policies is enforced: a fresh server has no gap to warn about")
  void bindingsAndGaps() {
    assertThat(engine.bindings())
        .extracting(b -> b.property().id().value() + " " + b.store().name())
        .contains(
            "reference-site analytics.raw-events",
            "reference-site accesslog.day-files",
            "reference-site rights.requests",
            "image-studio studio.accounts",
            "image-studio studio.sessions",
            "image-studio studio.edits");
    // the text of text edits lives in the edits' rows (image_job.parameters) and goes with them
    assertThat(engine.gaps()).isEmpty();
  }

  @Test
  @DisplayName(
      "a category kept inside another's rows counts as enforced only when their rule deletes them"
          + " no later than its own; otherwise the gap names the store and why")
  void categoryCarriedInAnotherStore() {
    var studio = catalog.byId("image-studio").orElseThrow().id();
    String history = "user.content.editing_history";
    RetentionStore carriesText =
        TableRetentionStore.builder(jdbc, tx)
            .name("test.edits")
            .holds(studio, history)
            .alsoHolds("user.content.image_text")
            .table("image_job", "created_at")
            .build();
    RetentionStore carriesImages =
        TableRetentionStore.builder(jdbc, tx)
            .name("test.edits-with-images")
            .holds(studio, history)
            .alsoHolds("user.content.source_images", "user.content.not_declared")
            .table("image_job", "created_at")
            .build();

    List<String> gaps =
        engine.gaps(List.of(carriesText, carriesImages)).stream()
            .map(RetentionGap::toString)
            .toList();

    // same three years as the history: enforced with it
    assertThat(gaps).noneMatch(g -> g.contains("user.content.image_text"));
    // source images: a period chosen per plan, up to permanent — not assumed to be covered
    assertThat(gaps)
        .contains(
            "image-studio: user.content.source_images: held in test.edits-with-images, whose rule"
                + " for user.content.editing_history can keep it longer than its own: its"
                + " retention is not enforced")
        .contains(
            "image-studio: test.edits-with-images: store holds user.content.not_declared, which"
                + " the policy does not declare");
    assertThat(carriesText.description()).endsWith("with user.content.image_text in its rows");
  }

  @Test
  @DisplayName(
      "a carrying rule covers a carried one only with the same anchor, deletion, no hold"
          + " and a fixed period no longer")
  void keptNoLongerRule() {
    Retention threeYears = rule(fixed("P3Y"), Retention.Anchor.COLLECTION, null);
    assertThat(RetentionEngine.keptNoLonger(threeYears, threeYears)).isTrue();
    assertThat(
            RetentionEngine.keptNoLonger(
                rule(fixed("P1Y"), Retention.Anchor.COLLECTION, null), threeYears))
        .isTrue();
    assertThat(
            RetentionEngine.keptNoLonger(
                threeYears, rule(fixed("P1Y"), Retention.Anchor.COLLECTION, null)))
        .isFalse();
    assertThat(
            RetentionEngine.keptNoLonger(
                threeYears, rule(fixed("P3Y"), Retention.Anchor.LAST_ACTIVITY, null)))
        .isFalse();
    assertThat(
            RetentionEngine.keptNoLonger(
                threeYears, rule(RetentionPeriod.permanent(), Retention.Anchor.COLLECTION, null)))
        .isTrue();
    assertThat(
            RetentionEngine.keptNoLonger(
                new Retention(
                    fixed("P1Y"),
                    Retention.Anchor.COLLECTION,
                    Retention.ExpiryAction.ANONYMISE,
                    null,
                    null,
                    null),
                threeYears))
        .isFalse();
    assertThat(
            RetentionEngine.keptNoLonger(
                rule(
                    fixed("P1Y"),
                    Retention.Anchor.COLLECTION,
                    new Retention.LegalHold(PolicyDuration.parse("P7Y"), "tax")),
                threeYears))
        .isFalse();
  }

  static Retention rule(RetentionPeriod period, Retention.Anchor anchor, Retention.LegalHold hold) {
    return new Retention(period, anchor, Retention.ExpiryAction.DELETE, null, hold, null);
  }
}
