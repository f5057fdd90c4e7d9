package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The privacy mailbox over real IMAP and SMTP (GreenMail): e-mailed deletion requests and
 * other privacy requests become tracked requests, acknowledged by e-mail; editorial mail stays mail
 * (A-09).
 */
@WithRunningServer
@ExtendWith(OutputCaptureExtension.class)
class RightsMailIntakeTest {

  static final Pattern REFERENCE = Pattern.compile("R-[0-9A-Z]{4}-[0-9A-Z]{4}");
  static final Pattern LINK =
      Pattern.compile("https://\\S+/privacy/requests/verify#t=([0-9a-f]{64})");

  @Autowired RightsMailIntake intake;
  @Autowired RightsRequests requests;
  @Autowired JdbcClient jdbc;
  @Autowired dev.pledge.server.retention.RetentionEngine engine;

  GreenMail mail = TestMailServer.greenMail();
  int sequence;

  // Emptied after each test too: the mailbox is shared by the test JVM, and a message left in it
  // would become a request at another test's next poll (with its old date, an overdue one).
  @BeforeEach
  @AfterEach
  void emptyMailboxes() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  String sender(String name) {
    return name + "-" + System.nanoTime() + "@example.net";
  }

  void send(String from, String subject) {
    GreenMailUtil.sendTextEmail(
        TestMailServer.MAILBOX,
        from,
        subject,
        "Please act on my data.",
        mail.getSmtp().getServerSetup());
  }

  List<RightsRequest> requestsFrom(String address) {
    return jdbc
        .sql("select reference from rights_request where requester_address = :a")
        .param("a", address)
        .query(String.class)
        .list()
        .stream()
        .map(r -> requests.byReference(r).orElseThrow())
        .toList();
  }

  List<MimeMessage> receivedBy(String address) throws Exception {
    return Arrays.stream(mail.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  @Test
  @DisplayName(
      "A-21 A-15 'Privacy deletion request' opens an erasure request, acknowledged with a single-use"
          + " verification link")
  void deletionRequest(CapturedOutput output) throws Exception {
    String from = sender("alice");
    send(from, "Privacy deletion request");
    assertThat(intake.poll()).isEqualTo(1);

    RightsRequest r = requestsFrom(from).get(0);
    assertThat(r.kind()).isEqualTo(RightsRequestKind.ERASURE);
    assertThat(r.channel()).isEqualTo(RequestChannel.EMAIL);
    assertThat(r.channelId()).isEqualTo("deletion-email");
    assertThat(r.status()).isEqualTo(RightsRequestStatus.AWAITING_VERIFICATION);
    assertThat(r.reference()).matches(REFERENCE);
    // within 30 days — the policy's P30D or one month, whichever is stricter.
    assertThat(r.dueAt()).isBeforeOrEqualTo(r.receivedAt().plus(30, ChronoUnit.DAYS));
    assertThat(r.acknowledgedAt()).isNotNull();

    List<MimeMessage> ack = receivedBy(from);
    assertThat(ack).hasSize(1);
    assertThat(ack.get(0).getSubject()).isEqualTo("Your privacy request " + r.reference());
    assertThat(((InternetAddress) ack.get(0).getFrom()[0]).getAddress())
        .isEqualTo(TestMailServer.MAILBOX);
    String body = GreenMailUtil.getBody(ack.get(0));
    assertThat(body).contains(r.reference()).contains("We will answer by");
    Matcher link = LINK.matcher(body.replace("=\r\n", "").replace("=3D", "="));
    assertThat(link.find()).as("verification link in %s", body).isTrue();
    String token = link.group(1);

    // The token is stored only as a hash, works once, and verifies the request.
    assertThat(dev.pledge.server.DatabaseDump.allRows(jdbc)).doesNotContain(token);
    assertThat(requests.verify("reference-site", token))
        .get()
        .extracting(RightsRequest::status)
        .isEqualTo(RightsRequestStatus.VERIFIED);
    assertThat(requests.verify("reference-site", token)).isEmpty();
    assertThat(requests.history(r.reference()))
        .extracting(RightsRequestEvent::status)
        .containsExactly(RightsRequestStatus.AWAITING_VERIFICATION, RightsRequestStatus.VERIFIED);

    // Nothing personal in the intake's log lines.
    assertThat(output.getAll()).contains(r.reference()).doesNotContain(from);
  }

  @Test
  @DisplayName("A-21 the subject is matched regardless of case, Re:/Fwd: prefixes and spaces")
  void subjectVariations() throws Exception {
    List<String> subjects =
        List.of(
            "PRIVACY DELETION REQUEST",
            "Re: Privacy deletion request",
            "Fwd: RE:  privacy   deletion request.",
            "  Privacy\tdeletion request  ");
    for (String subject : subjects) {
      String from = sender("bob");
      send(from, subject);
      intake.poll();
      assertThat(requestsFrom(from))
          .as(subject)
          .singleElement()
          .extracting(RightsRequest::kind)
          .isEqualTo(RightsRequestKind.ERASURE);
    }
    assertThat(RightsMailIntake.normalizeSubject("Re: Privacy deletion request please"))
        .isNotEqualTo(RightsMailIntake.normalizeSubject("Privacy deletion request"));
  }

  @Test
  @DisplayName(
      "A-09 A-19 editorial mail stays mail: no request, no reply, left unread in the mailbox, whose"
          + " store keeps it as correspondence")
  void editorialMailStaysMail(CapturedOutput output) throws Exception {
    String from = sender("carol");
    List<String> subjects =
        List.of(
            "A question about your analytics",
            "Typo on your privacy page",
            "Correction: wrong date in the changelog");
    for (String subject : subjects) {
      send(from, subject);
    }
    assertThat(intake.poll()).as("each message is looked at once").isEqualTo(3);
    assertThat(intake.poll()).isZero();

    assertThat(requestsFrom(from)).as("no request for editorial mail").isEmpty();
    assertThat(receivedBy(from)).as("no \"Your privacy request\" reply").isEmpty();
    try (Folder inbox = inbox()) {
      List<Message> theirs = new java.util.ArrayList<>();
      for (Message m : inbox.getMessages()) {
        if (((InternetAddress) m.getFrom()[0]).getAddress().equals(from)) {
          theirs.add(m);
        }
      }
      assertThat(theirs).hasSize(3);
      for (Message m : theirs) {
        assertThat(m.isSet(Flags.Flag.SEEN)).as("left unread: " + m.getSubject()).isFalse();
      }
    }
    // the mailbox's retention store holds them (and deletes them 12 months after the last
    // message of their thread, CorrespondenceMailboxTest).
    var mailbox =
        engine.bindings().stream()
            .filter(b -> b.store().name().equals("mailbox.correspondence"))
            .findFirst()
            .orElseThrow();
    assertThat(((dev.pledge.server.retention.SubjectErasure) mailbox.store()).count(from))
        .isEqualTo(3);
    assertThat(mailbox.category().retention().period().fixed().text()).isEqualTo("P12M");
    assertThat(output.getAll()).contains("correspondence").doesNotContain(from);
  }

  @Test
  @DisplayName(
      "A-15 A-16 A-21 a privacy request by its subject opens that kind of request; one the policy"
          + " does not grant is a general inquiry")
  void privacyRequestsByTheirSubject() throws Exception {
    record Case(String subject, RightsRequestKind kind, ObjectionPurpose purpose) {}
    List<Case> cases =
        List.of(
            new Case("AW: Privacy deletion request", RightsRequestKind.ERASURE, null),
            new Case("Please delete my data", RightsRequestKind.ERASURE, null),
            new Case("GDPR access request", RightsRequestKind.ACCESS, null),
            new Case("Privacy correction request", RightsRequestKind.RECTIFICATION, null),
            new Case("Privacy objection", RightsRequestKind.OBJECTION, ObjectionPurpose.ANALYTICS),
            new Case(
                "Do not sell my personal information", RightsRequestKind.OPT_OUT_OF_SALE, null),
            new Case("Privacy request", RightsRequestKind.INQUIRY, null),
            // the reference site grants no portability: still a privacy matter, answered as one
            new Case("Data portability request", RightsRequestKind.INQUIRY, null));
    for (Case c : cases) {
      String from = sender("privacy");
      send(from, c.subject());
      intake.poll();
      RightsRequest r = requestsFrom(from).stream().findFirst().orElse(null);
      assertThat(r).as(c.subject()).isNotNull();
      assertThat(r.kind()).as(c.subject()).isEqualTo(c.kind());
      assertThat(r.purpose()).as(c.subject()).isEqualTo(c.purpose());
      assertThat(r.channel()).isEqualTo(RequestChannel.EMAIL);
      assertThat(TestMailServer.awaitTextTo(from)).contains(r.reference());
    }
  }

  @Test
  @DisplayName(
      "B-39 any message to an address that is only a privacy contact is a tracked general inquiry"
          + " due in 5 business days")
  void inquiryToAPrivacyAddress() throws Exception {
    String from = sender("carol");
    Session session = Session.getInstance(new Properties());
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    // The studio's privacy address serves privacy matters only (the reference site's is shared
    // with the editors); the test mailbox receives it as a mailbox behind both would.
    m.setRecipients(Message.RecipientType.TO, "privacy@studio.example.com");
    m.setSubject("A question about your analytics");
    m.setText("What do you keep?");
    m.saveChanges();
    deliver(m);
    intake.poll();
    RightsRequest r = requestsFrom(from).get(0);
    assertThat(r.property()).isEqualTo("image-studio");
    assertThat(r.kind()).isEqualTo(RightsRequestKind.INQUIRY);
    assertThat(r.status()).isEqualTo(RightsRequestStatus.RECEIVED);
    assertThat(r.channelId()).isEqualTo("privacy-email");
    assertThat(r.dueBasis()).isEqualTo("the policy's time for general inquiries: 5 business days");
    assertThat(r.dueAt())
        .isEqualTo(
            RequestDeadlines.add(
                r.receivedAt(),
                dev.pledge.policy.PolicyDuration.parse("P5D"),
                true,
                requests.zone()));
    String ack = TestMailServer.awaitTextTo(from);
    assertThat(ack)
        .contains(r.reference())
        .doesNotContain("/verify#t=")
        .doesNotContain("asks for a code")
        .as("every acknowledgement leads to the request's status page")
        .contains("/privacy/requests/status#t=");
  }

  @Test
  @DisplayName("A-21 a message is processed once, even when it is unread again")
  void exactlyOnce() throws Exception {
    String from = sender("dave");
    send(from, "Privacy deletion request");
    assertThat(intake.poll()).isEqualTo(1);
    assertThat(intake.poll()).isZero();
    // As if marking it \Seen had failed: the Message-ID is remembered.
    try (Folder inbox = inbox()) {
      for (Message m : inbox.getMessages()) {
        m.setFlag(Flags.Flag.SEEN, false);
      }
    }
    assertThat(intake.poll()).isZero();
    assertThat(requestsFrom(from)).hasSize(1);
    assertThat(receivedBy(from)).hasSize(1);
  }

  @Test
  @DisplayName(
      "malformed mail (no From, an undecodable subject) is skipped; the next one is handled")
  void malformed(CapturedOutput output) throws Exception {
    Session session = Session.getInstance(new Properties());
    MimeMessage noFrom = new MimeMessage(session);
    noFrom.setRecipients(Message.RecipientType.TO, TestMailServer.MAILBOX);
    noFrom.setSubject("Privacy deletion request");
    noFrom.setText("x".repeat(2_000_000));
    noFrom.saveChanges();
    noFrom.removeHeader("From");
    deliver(noFrom);

    MimeMessage weird = new MimeMessage(session);
    weird.setHeader("From", "not an address <<@@>>");
    weird.setRecipients(Message.RecipientType.TO, TestMailServer.MAILBOX);
    weird.setHeader("Subject", "=?x-unknown-charset?B?////?= =?utf-8?Q?broken=ZZ?=");
    weird.setText("body", "utf-8");
    weird.saveChanges();
    deliver(weird);

    String from = sender("erin");
    send(from, "Privacy deletion request");
    assertThat(intake.poll()).isEqualTo(3);
    assertThat(requestsFrom(from)).hasSize(1);
    assertThat(output.getAll()).contains("skipped: no usable sender address");
    assertThat(output.getAll()).doesNotContain(from);
  }

  @Test
  @DisplayName(
      "A-21 A-09 a requester's reply to the acknowledgement opens no new request: it is noted on"
          + " their request and left unread in the mailbox")
  void replyToAcknowledgement() throws Exception {
    String from = sender("gina");
    send(from, "Privacy deletion request");
    assertThat(intake.poll()).isEqualTo(1);
    RightsRequest r = requestsFrom(from).get(0);
    String subject = receivedBy(from).get(0).getSubject();
    assertThat(subject).contains(r.reference());

    send(from, "Re: " + subject);
    assertThat(intake.poll()).isEqualTo(1);
    assertThat(requestsFrom(from)).as("no second request").hasSize(1);
    assertThat(receivedBy(from)).as("no second acknowledgement").hasSize(1);
    assertThat(requests.history(r.reference()))
        .anySatisfy(
            e -> {
              assertThat(e.event()).isEqualTo("requester-mail");
              assertThat(e.actor()).isEqualTo(RightsMailIntake.ACTOR);
            });
    try (Folder inbox = inbox()) {
      assertThat(
              Arrays.stream(inbox.getMessages())
                  .filter(
                      m -> {
                        try {
                          return m.getSubject().startsWith("Re: ");
                        } catch (Exception e) {
                          return false;
                        }
                      }))
          .singleElement()
          .satisfies(m -> assertThat(m.isSet(Flags.Flag.SEEN)).as("left unread").isFalse());
    }
  }

  @Test
  @DisplayName(
      "A-21 bounces, reports and bulk mail open no request, whatever their subject; the next"
          + " message is handled")
  void automaticMail(CapturedOutput output) throws Exception {
    Session session = Session.getInstance(new Properties());
    // An Exchange-style bounce of an acknowledgement: a report, no Auto-Submitted header.
    MimeMessage report = new MimeMessage(session);
    report.setFrom(new InternetAddress(sender("postmaster")));
    report.setRecipients(Message.RecipientType.TO, TestMailServer.MAILBOX);
    report.setSubject("Undeliverable: Your privacy request R-AAAA-BBBB");
    report.setContent(
        new jakarta.mail.internet.MimeMultipart("report", textPart("Delivery has failed.")));
    report.saveChanges();
    deliver(report);
    // A plain-text bounce from a mailer daemon, and one with the null return path bounces have.
    String daemon = "MAILER-DAEMON@mx-" + System.nanoTime() + ".example.net";
    deliver(plain(session, daemon, "Returned mail: Privacy deletion request", null));
    String nullPath = sender("bounce");
    deliver(plain(session, nullPath, "Privacy deletion request", "<>"));
    String bulk = sender("list");
    MimeMessage list = plain(session, bulk, "GDPR access request newsletter", null);
    list.setHeader("Precedence", "bulk");
    deliver(list);

    String from = sender("frank");
    send(from, "Privacy deletion request");
    assertThat(intake.poll()).isEqualTo(5);
    assertThat(requestsFrom(from)).hasSize(1);
    for (String machine : List.of(daemon, nullPath, bulk)) {
      assertThat(requestsFrom(machine)).as(machine).isEmpty();
      assertThat(receivedBy(machine)).as("no acknowledgement to " + machine).isEmpty();
    }
    assertThat(
            jdbc.sql(
                    "select count(*) from rights_request where requester_address like 'postmaster-%'")
                .query(Integer.class)
                .single())
        .isZero();
    assertThat(output.getAll())
        .contains("skipped: automatic message (a delivery or read report)")
        .contains("skipped: automatic message (sent by a mailer daemon)")
        .contains("skipped: automatic message (a null return path, as bounces have)")
        .contains("skipped: automatic message (Precedence: bulk)");
  }

  static jakarta.mail.internet.MimeBodyPart textPart(String text) throws Exception {
    jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
    part.setText(text);
    return part;
  }

  static MimeMessage plain(Session session, String from, String subject, String returnPath)
      throws Exception {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipients(Message.RecipientType.TO, TestMailServer.MAILBOX);
    m.setSubject(subject);
    m.setText("The message could not be delivered.");
    m.saveChanges();
    if (returnPath != null) {
      m.setHeader("Return-Path", returnPath);
    }
    return m;
  }

  /** The editorial inbox over IMAP, open for writing; closing it closes the connection. */
  Folder inbox() throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect(
        mail.getImap().getServerSetup().getBindAddress(),
        mail.getImap().getPort(),
        TestMailServer.MAILBOX,
        TestMailServer.PASSWORD);
    Folder folder = store.getFolder("INBOX");
    folder.open(Folder.READ_WRITE);
    return folder;
  }

  /** Puts a message into the inbox as it is, without an SMTP server fixing its headers. */
  void deliver(MimeMessage m) throws Exception {
    try (Folder inbox = inbox()) {
      inbox.appendMessages(new Message[] {m});
    }
  }

  @Test
  @DisplayName("A-21 B-32 an overdue request is reported until it is closed")
  void overdue() {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.ACCESS,
                null,
                RequestChannel.FORM,
                "privacy-form",
                null,
                null,
                "gdpr",
                false),
            Instant.parse("2020-01-31T10:00:00Z"),
            "test");
    try {
      assertThat(r.dueAt()).isEqualTo(Instant.parse("2020-02-29T10:00:00Z"));
      assertThat(requests.overdue(Instant.parse("2020-02-29T10:00:00Z")))
          .noneMatch(o -> o.reference().equals(r.reference()));
      assertThat(requests.overdue(Instant.now()))
          .anyMatch(
              o -> o.reference().equals(r.reference()) && o.kind() == RightsRequestKind.ACCESS);
      RightsRequest extended = requests.extend(r.reference(), "many systems to search", "operator");
      assertThat(extended.dueAt()).isEqualTo(Instant.parse("2020-04-29T10:00:00Z"));
      assertThat(extended.extended()).isTrue();
      requests.changeStatus(r.reference(), RightsRequestStatus.COMPLETED, "answered", "operator");
      assertThat(requests.overdue(Instant.now()))
          .noneMatch(o -> o.reference().equals(r.reference()));
    } finally {
      jdbc.sql("delete from rights_request where reference = :r")
          .param("r", r.reference())
          .update();
    }
  }
}
