package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import dev.pledge.policy.DataCategory;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.shared.PropertyId;
import jakarta.mail.Address;
import jakarta.mail.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The requester's e-mails after the acknowledgement, the operators' reminders, the manual-step
 * checklist and erasure as a crash-safe job (issue 6).
 */
@WithRunningServer
class RequestNoticesTest {

  @Autowired RightsRequests requests;
  @Autowired RequestOutcomes outcomes;
  @Autowired RequestNotices notices;
  @Autowired RequestExports exports;
  @Autowired RequestErasures erasures;
  @Autowired RequestChecklist checklist;
  @Autowired RequestReminders reminders;
  @Autowired RetentionEngine retention;
  @Autowired PolicyCatalog catalog;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  GreenMail mail = TestMailServer.greenMail();
  String schema;
  final List<String> opened = new ArrayList<>();

  @BeforeEach
  void schema() {
    schema = "notices_" + Long.toHexString(System.nanoTime());
    jdbc.sql("create schema " + schema).update();
  }

  @AfterEach
  void dropSchema() {
    jdbc.sql("drop schema " + schema + " cascade").update();
    // Other tests expect no request past its deadline on the shared server.
    for (String reference : opened) {
      if (!requests.byReference(reference).orElseThrow().status().closed()) {
        requests.changeStatus(reference, RightsRequestStatus.REJECTED, "test over", "test");
      }
    }
  }

  static String address(String who) {
    return who + "-" + Long.toHexString(System.nanoTime()) + "@example.net";
  }

  RightsRequest open(RightsRequestKind kind, String address, String subject) {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                kind,
                null,
                RequestChannel.API,
                null,
                address,
                subject,
                "gdpr",
                false),
            "test");
    opened.add(r.reference());
    return r;
  }

  /** Opens a request and confirms its address through the link, as the requester would. */
  RightsRequest verified(RightsRequestKind kind, String address, String subject) {
    RightsRequest r = open(kind, address, subject);
    return Confirmations.confirm(requests, "reference-site", r.reference()).orElseThrow();
  }

  List<Message> to(String address) throws Exception {
    List<Message> out = new ArrayList<>();
    for (Message m : mail.getReceivedMessages()) {
      Address[] rcpt = m.getAllRecipients();
      if (rcpt != null && Arrays.stream(rcpt).anyMatch(a -> a.toString().equals(address))) {
        out.add(m);
      }
    }
    return out;
  }

  List<Message> withSubject(String address, String part) throws Exception {
    List<Message> out = new ArrayList<>();
    for (Message m : to(address)) {
      if (m.getSubject().contains(part)) {
        out.add(m);
      }
    }
    return out;
  }

  static String body(Message m) throws Exception {
    return m.getContent().toString();
  }

  @Test
  @DisplayName(
      "B-38 an extension e-mails the confirmed requester the new due date and the reason; a"
          + " rejection its reason; an unconfirmed address gets nothing")
  void extensionAndRejection() throws Exception {
    String me = address("extended");
    String other = address("other");
    RightsRequest r = verified(RightsRequestKind.ACCESS, me, null);
    open(RightsRequestKind.ACCESS, other, null);

    RightsRequest extended =
        outcomes.extend(r.reference(), "We must search two years of archived logs", "operator:t");
    notices.sendPending();

    List<Message> ext = withSubject(me, "more time");
    assertThat(ext).hasSize(1);
    assertThat(ext.get(0).getSubject()).contains(r.reference());
    String text = body(ext.get(0));
    assertThat(text)
        .contains("We must search two years of archived logs")
        .contains(String.valueOf(extended.dueAt().atZone(requests.zone()).getYear()))
        .contains(r.reference())
        .doesNotContain(other)
        .doesNotContain("<")
        .doesNotContain("http");

    outcomes.changeStatus(
        r.reference(),
        RightsRequestStatus.REJECTED,
        "We hold no data under this address",
        "operator:t");
    notices.sendPending();
    List<Message> rejected = withSubject(me, "not carried out");
    assertThat(rejected).hasSize(1);
    assertThat(body(rejected.get(0))).contains("We hold no data under this address");

    // Not confirmed: an operator's decisions are not mailed to an address nobody proved.
    RightsRequest unconfirmed = open(RightsRequestKind.INQUIRY, address("unconfirmed"), null);
    outcomes.changeStatus(unconfirmed.reference(), RightsRequestStatus.COMPLETED, null, "t");
    notices.sendPending();
    assertThat(to(unconfirmed.requesterAddress())).isEmpty();
  }

  @Test
  @DisplayName(
      "A-15 B-27 the export's single-use link is e-mailed to the requester; the token is not kept"
          + " once sent")
  void exportLink() throws Exception {
    String me = address("export");
    RightsRequest r = verified(RightsRequestKind.ACCESS, me, null);
    RequestExports.PreparedExport prepared = exports.prepare(r.reference(), "operator:t");
    notices.sendPending();

    List<Message> sent = withSubject(me, "your data is ready");
    assertThat(sent).hasSize(1);
    assertThat(body(sent.get(0))).contains(prepared.link()).contains("works once");
    assertThat(
            jdbc.sql("select count(*) from rights_notice where body like :t")
                .param("t", "%" + prepared.link().replaceFirst(".*#t=", "") + "%")
                .query(Long.class)
                .single())
        .as("the token is not kept in the outbox once sent")
        .isZero();
    assertThat(requests.history(r.reference()).stream().map(RightsRequestEvent::note))
        .anyMatch(n -> n != null && n.contains("link e-mailed to the requester"));
  }

  @Test
  @DisplayName("B-38 with the mail server down a notice stays queued and is sent later")
  void smtpDown() throws Exception {
    String me = address("outage");
    RightsRequest r = verified(RightsRequestKind.ACCESS, me, null);
    outcomes.extend(r.reference(), "An outage test", "operator:t");

    JavaMailSenderImpl down =
        new JavaMailSenderImpl() {
          @Override
          public void send(SimpleMailMessage... messages) {
            throw new MailSendException("connection refused");
          }
        };
    notices.sendPending(down);
    assertThat(withSubject(me, "more time")).isEmpty();
    var row =
        jdbc.sql(
                """
                select n.attempts, n.last_error, n.sent_at is null as pending,
                  n.next_attempt_at > now() as later
                from rights_notice n join rights_request r on r.id = n.request_id
                where r.reference = :r and n.kind = 'extension'
                """)
            .param("r", r.reference())
            .query()
            .singleRow();
    assertThat(row.get("attempts")).isEqualTo(1);
    assertThat(row.get("last_error")).isEqualTo("MailSendException");
    assertThat(row.get("pending")).isEqualTo(true);
    assertThat(row.get("later")).as("retried after a pause, not in a loop").isEqualTo(true);

    // The pause has passed: the next run of the job sends it.
    jdbc.sql(
            "update rights_notice set next_attempt_at = now() where request_id ="
                + " (select id from rights_request where reference = :r)")
        .param("r", r.reference())
        .update();
    notices.sendPending();
    assertThat(withSubject(me, "more time")).hasSize(1);
    notices.sendPending();
    assertThat(withSubject(me, "more time")).as("sent once").hasSize(1);
  }

  @Test
  @DisplayName(
      "B-38 reminders list open requests due soon and overdue, once per day each, with no"
          + " requester address")
  void reminders() throws Exception {
    Instant now = Instant.now();
    String late = open(RightsRequestKind.INQUIRY, address("late"), null).reference();
    String soon = open(RightsRequestKind.ERASURE, address("soon"), "subject-soon").reference();
    String later = open(RightsRequestKind.INQUIRY, address("later"), null).reference();
    String closed = open(RightsRequestKind.INQUIRY, address("closed"), null).reference();
    setDue(late, now.minus(Duration.ofDays(1)));
    setDue(soon, now.plus(Duration.ofDays(2)));
    setDue(later, now.plus(Duration.ofDays(20)));
    setDue(closed, now.minus(Duration.ofDays(1)));
    requests.changeStatus(closed, RightsRequestStatus.REJECTED, "spam", "t");

    assertThat(reminders.remind(now)).isGreaterThanOrEqualTo(2);
    notices.sendPending();
    List<Message> reminder = reminding(late);
    assertThat(reminder).hasSize(1);
    String text = body(reminder.get(0));
    assertThat(text)
        .contains("OVERDUE   " + late)
        .contains("due soon  " + soon)
        .doesNotContain(later)
        .doesNotContain(closed)
        .doesNotContain("@example.net")
        .doesNotContain("subject-soon");

    assertThat(reminders.remind(now)).as("once per day").isZero();
    notices.sendPending();
    assertThat(reminding(late)).as("one reminder e-mail").hasSize(1);

    assertThat(reminders.remind(now.plus(Duration.ofDays(1))))
        .as("again the next day")
        .isGreaterThanOrEqualTo(2);
  }

  /** The operators' reminders that list {@code reference}. */
  List<Message> reminding(String reference) throws Exception {
    List<Message> out = new ArrayList<>();
    for (Message m : withSubject("operators@pledge.test", "Privacy requests:")) {
      if (body(m).contains(reference)) {
        out.add(m);
      }
    }
    return out;
  }

  void setDue(String reference, Instant due) {
    jdbc.sql("update rights_request set due_at = :d where reference = :r")
        .param("d", java.sql.Timestamp.from(due))
        .param("r", reference)
        .update();
  }

  @Test
  @DisplayName(
      "B-29 an erasure gets a manual step per processor of the policy; an inquiry gets none")
  void stepsFromProcessors() {
    ServedProperty studio = catalog.byId("image-studio").orElseThrow();
    RightsRequest erasure =
        requests.open(
            new NewRightsRequest(
                "image-studio",
                RightsRequestKind.ERASURE,
                null,
                RequestChannel.API,
                null,
                null,
                "studio-" + System.nanoTime(),
                null,
                false),
            "test");
    List<String> titles =
        checklist.steps(erasure.reference()).stream().map(RequestStep::title).toList();
    assertThat(studio.policy().processors()).isNotEmpty();
    for (var processor : studio.policy().processors()) {
      assertThat(titles)
          .anyMatch(
              t ->
                  t.startsWith("Ask " + processor.name() + " (" + processor.role() + ") to erase"));
    }
    assertThat(checklist.steps(erasure.reference())).as("generated once").hasSameSizeAs(titles);
    assertThat(checklist.steps(erasure.reference())).allMatch(s -> s.source().equals("policy"));

    RightsRequest inquiry =
        requests.open(
            new NewRightsRequest(
                "image-studio",
                RightsRequestKind.INQUIRY,
                null,
                RequestChannel.API,
                null,
                null,
                null,
                null,
                false),
            "test");
    assertThat(checklist.steps(inquiry.reference())).isEmpty();
    opened.addAll(List.of(erasure.reference(), inquiry.reference()));
  }

  @Test
  @DisplayName("B-29 a request cannot be completed while a manual step is open; evidence closes it")
  void checklistBlocksCompletion() {
    RightsRequest r = verified(RightsRequestKind.ACCESS, address("steps"), null);
    assertThatThrownBy(() -> checklist.add(r.reference(), "  ", "operator:t"))
        .hasMessageContaining("needs a title");
    RequestStep step =
        checklist.add(
            r.reference(), "Delete the newsletter subscription at the list provider", "operator:a");
    assertThatThrownBy(
            () -> outcomes.changeStatus(r.reference(), RightsRequestStatus.COMPLETED, null, "t"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 manual step of request")
        .hasMessageContaining("evidence");
    assertThatThrownBy(() -> checklist.done(r.reference(), step.id(), "", "operator:b"))
        .hasMessageContaining("ticket #123");

    RequestStep done =
        checklist.done(r.reference(), step.id(), "ticket #123 at the list provider", "operator:b");
    assertThat(done.doneBy()).isEqualTo("operator:b");
    assertThat(done.evidence()).isEqualTo("ticket #123 at the list provider");
    assertThat(done.doneAt()).isNotNull();
    assertThatThrownBy(() -> checklist.done(r.reference(), step.id(), "again", "operator:b"))
        .hasMessageContaining("already");

    assertThat(
            outcomes.changeStatus(r.reference(), RightsRequestStatus.COMPLETED, null, "t").status())
        .isEqualTo(RightsRequestStatus.COMPLETED);
  }

  @Test
  @DisplayName(
      "A-21 B-27 an erasure job that dies mid-way completes when run again; running it twice is"
          + " harmless; the receipt accounts for every store in words and is e-mailed once")
  void erasureJob() throws Exception {
    String me = address("erase");
    String subject = "account-" + Long.toHexString(System.nanoTime());
    jdbc.sql(
            "create table "
                + schema
                + ".accounts (id bigserial primary key, subject_id text,"
                + " created_at timestamptz not null default now())")
        .update();
    // Two rows found by the account, one by the address the request came from: an erasure
    // reaches the person under both.
    jdbc.sql(
            "insert into "
                + schema
                + ".accounts (subject_id) values (:s), (:s), (:me), ('someone-else')")
        .param("s", subject)
        .param("me", me)
        .update();
    ServedProperty site = catalog.byId("reference-site").orElseThrow();
    DataCategory accounts =
        new DataCategory(
            "test.accounts",
            "Test accounts",
            "accounts",
            DataCategory.Collected.YES,
            null,
            List.of(),
            List.of(),
            null,
            "test",
            false,
            true,
            new Retention(
                RetentionPeriod.of(PolicyDuration.parse("P1Y")),
                Retention.Anchor.COLLECTION,
                Retention.ExpiryAction.DELETE,
                null,
                null,
                null));
    FailsOnce store =
        new FailsOnce(
            TableRetentionStore.builder(jdbc, tx)
                .name("test.accounts")
                .holds(site.id(), "test.accounts")
                .table(schema + ".accounts", "created_at")
                .subjectColumn("subject_id")
                .build());
    List<RetentionBinding> bindings = new ArrayList<>(retention.bindings());
    bindings.add(new RetentionBinding(site, accounts, store));

    RightsRequest r = verified(RightsRequestKind.ERASURE, me, subject);
    assertThat(erasures.claim(r.reference(), "operator:t")).isTrue();
    assertThat(erasures.claim(r.reference(), "operator:t")).as("scheduling twice").isFalse();
    assertThat(erasures.state(r.reference())).isEqualTo(RequestErasures.State.RUNNING);
    assertThat(requests.byReference(r.reference()).orElseThrow().status())
        .isEqualTo(RightsRequestStatus.IN_PROGRESS);
    assertThatThrownBy(
            () -> outcomes.changeStatus(r.reference(), RightsRequestStatus.COMPLETED, null, "t"))
        .hasMessageContaining("still running");

    // The first run dies inside a store: nothing is recorded as done.
    assertThatThrownBy(() -> erasures.run(r.reference(), bindings))
        .isInstanceOf(IllegalStateException.class);
    assertThat(erasures.state(r.reference())).isEqualTo(RequestErasures.State.RUNNING);
    assertThat(erasures.receipt(r.reference())).isEmpty();

    // Run again (as db-scheduler does after a failure or a dead instance): it completes.
    erasures.run(r.reference(), bindings);
    assertThat(erasures.state(r.reference())).isEqualTo(RequestErasures.State.DONE);
    var lines = erasures.receipt(r.reference()).orElseThrow();
    var test = lines.stream().filter(l -> l.store().equals("test.accounts")).findFirst().get();
    assertThat(test.erased() + test.remaining()).isEqualTo(3);
    assertThat(test.remaining()).isZero();
    assertThat(jdbc.sql("select count(*) from " + schema + ".accounts").query(Long.class).single())
        .as("only the requester's rows")
        .isEqualTo(1);
    // Stores that cannot look a person up are said in words, not skipped.
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l.nothingToErase())
                    .isEqualTo(
                        "holds nothing that identifies anyone (anonymised when collected);"
                            + " nothing to erase"))
        .anySatisfy(l -> assertThat(l.nothingToErase()).startsWith("kept as the record"));

    // Running it twice more is harmless: one receipt in the history, one receipt e-mail.
    erasures.run(r.reference(), bindings);
    erasures.run(r.reference(), bindings);
    assertThat(
            requests.history(r.reference()).stream()
                .filter(e -> e.event().equals("erasure") && e.note().startsWith("erasure receipt"))
                .count())
        .isEqualTo(1);

    // A manual step (a system outside Pledge) keeps the request open until an operator records
    // the evidence.
    RightsRequest now = requests.byReference(r.reference()).orElseThrow();
    List<RequestStep> open =
        checklist.steps(r.reference()).stream().filter(s -> !s.done()).toList();
    if (now.status() == RightsRequestStatus.IN_PROGRESS) {
      assertThat(open).isNotEmpty();
      for (RequestStep s : open) {
        checklist.done(r.reference(), s.id(), "searched and deleted by hand", "operator:t");
      }
      outcomes.changeStatus(r.reference(), RightsRequestStatus.COMPLETED, null, "operator:t");
    }
    erasures.run(r.reference(), bindings);
    notices.sendPending();
    notices.sendPending();

    List<Message> receipt = withSubject(me, "erasure receipt");
    assertThat(receipt).hasSize(1);
    String text = body(receipt.get(0));
    assertThat(text)
        .contains("Test accounts: 3 items erased; nothing of yours is left there.")
        .contains(
            "Records of your privacy requests (Email correspondence): kept as the record of your"
                + " request and of this erasure; deleted when its retention ends")
        .contains("holds nothing that identifies anyone (anonymised when collected)")
        .doesNotContain("nothing linked to you remains")
        .doesNotContain("user.")
        .doesNotContain(subject)
        .doesNotContain(me)
        .doesNotContain("someone-else");
    assertThat(withSubject(me, "is complete")).as("one completion e-mail").hasSize(1);
  }

  /** A store whose first erasure dies half-way, as a crashed JVM would leave it. */
  static final class FailsOnce implements RetentionStore, SubjectErasure {
    private final TableRetentionStore table;
    private final AtomicInteger calls = new AtomicInteger();

    FailsOnce(TableRetentionStore table) {
      this.table = table;
    }

    @Override
    public String name() {
      return table.name();
    }

    @Override
    public PropertyId property() {
      return table.property();
    }

    @Override
    public String category() {
      return table.category();
    }

    @Override
    public String description() {
      return table.description();
    }

    @Override
    public StoreContents inspect(RetentionRule rule) {
      return table.inspect(rule);
    }

    @Override
    public void expire(RetentionRule rule, ExpiryJournal journal) {
      table.expire(rule, journal);
    }

    @Override
    public long count(String subjectId) {
      return table.count(subjectId);
    }

    @Override
    public ErasureResult erase(
        String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal) {
      if (calls.getAndIncrement() == 0) {
        throw new IllegalStateException("the JVM died here");
      }
      return table.erase(subjectId, pseudonym, rule, journal);
    }
  }
}
