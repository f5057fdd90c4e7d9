package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SweepReport;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The editorial mailbox's retention, over real IMAP (GreenMail). */
@WithRunningServer
class CorrespondenceMailboxTest {

  static final Instant NOW = Instant.now();

  @Autowired RetentionEngine engine;
  @Autowired JdbcClient jdbc;

  GreenMail mail = TestMailServer.greenMail();

  // Emptied after each test too: the mailbox is shared by the test JVM, and a message left in it
  // would become a request at another test's next poll (with its old date, an overdue one).
  @BeforeEach
  @AfterEach
  void emptyMailboxes() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  static Instant monthsAgo(int months) {
    return NOW.atZone(ZoneOffset.UTC).minusMonths(months).toInstant();
  }

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

  void deliver(String from, String to, String subject, Instant sent) throws Exception {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress(from));
    m.setRecipients(Message.RecipientType.TO, to);
    m.setSubject(subject);
    m.setSentDate(Date.from(sent));
    m.setText("Hello");
    m.saveChanges();
    try (Folder inbox = inbox()) {
      inbox.appendMessages(new Message[] {m});
    }
  }

  List<String> subjectsLeft() throws Exception {
    try (Folder inbox = inbox()) {
      return Arrays.stream(inbox.getMessages())
          .map(
              m -> {
                try {
                  return m.getSubject();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              })
          .sorted()
          .toList();
    }
  }

  RetentionBinding mailbox() {
    return engine.bindings().stream()
        .filter(b -> b.store().name().equals("mailbox.correspondence"))
        .filter(b -> b.property().id().value().equals("reference-site"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "A-19 a thread goes 12 months after its last message, replies included; a live thread stays whole")
  void threadsExpireByTheirLastMessage() throws Exception {
    String editor = TestMailServer.MAILBOX;
    deliver("alice@example.net", editor, "Question about PNG", monthsAgo(14));
    deliver("alice@example.net", editor, "Re: Question about PNG", monthsAgo(13));
    deliver("bob@example.net", editor, "Broken link", monthsAgo(14));
    deliver("bob@example.net", editor, "RE:  broken link", monthsAgo(2));
    deliver("carol@example.net", editor, "Typo", monthsAgo(14));
    deliver(editor, "carol@example.net", "Re: Typo", monthsAgo(13));

    StoreContents before = mailbox().store().inspect(mailbox().ruleAt(NOW));
    assertThat(before.items()).isEqualTo(6);
    assertThat(before.due()).isEqualTo(4);

    SweepReport report = engine.sweep(List.of(mailbox()), "test", NOW);
    assertThat(report.failed()).isFalse();
    assertThat(report.expired()).isEqualTo(4);
    assertThat(subjectsLeft()).containsExactly("Broken link", "RE:  broken link");
    assertThat(
            jdbc.sql(
                    "select details from audit_entry where store = 'mailbox.correspondence'"
                        + " order by seq desc limit 1")
                .query(String.class)
                .single())
        .contains("2 thread(s)")
        .doesNotContain("alice")
        .doesNotContain("PNG");

    assertThat(engine.sweep(List.of(mailbox()), "test", NOW).expired()).isZero();
  }

  @Test
  @DisplayName("A-19 a future Date header cannot keep a thread: the arrival time counts")
  void futureDateDoesNotKeepAThread() throws Exception {
    // Sent over SMTP, so the server stamps the arrival (an IMAP append would take the Date header).
    Properties smtp = new Properties();
    smtp.put("mail.smtp.host", mail.getSmtp().getServerSetup().getBindAddress());
    smtp.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    MimeMessage m = new MimeMessage(Session.getInstance(smtp));
    m.setFrom(new InternetAddress("dave@example.net"));
    m.setRecipients(Message.RecipientType.TO, TestMailServer.MAILBOX);
    m.setSubject("Hello");
    m.setSentDate(Date.from(NOW.plusSeconds(86_400L * 400)));
    m.setText("Hello");
    Transport.send(m);
    mail.waitForIncomingEmail(5_000, 1);
    StoreContents now = mailbox().store().inspect(mailbox().ruleAt(NOW));
    assertThat(now.due()).isZero();
    StoreContents later =
        mailbox().store().inspect(mailbox().ruleAt(NOW.plusSeconds(86_400L * 370)));
    assertThat(later.due())
        .as("due 12 months after arrival, not after the claimed date")
        .isEqualTo(1);
  }
}
