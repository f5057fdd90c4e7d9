package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.SubjectExport;
import dev.pledge.server.retention.SweepReport;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The editors' replies in another folder of the privacy mailbox (Sent) belong to the threads and
 * the persons of the main folder, over real IMAP (GreenMail). The shared test server
 * covers only INBOX, so the store covering Sent is bound here, next to the shared one.
 */
@WithRunningServer
class CorrespondenceFoldersTest {

  static final Instant NOW = Instant.now();
  static final String EDITOR = TestMailServer.MAILBOX;
  static final String PROPERTY = "reference-site";

  @Autowired RetentionEngine engine;
  @Autowired RightsMailSettings settings;
  @Autowired PolicyCatalog catalog;
  @Autowired TransactionTemplate tx;
  @Autowired ObjectProvider<RightsMailIntake> intake;
  @Autowired JdbcClient jdbc;

  GreenMail mail = TestMailServer.greenMail();

  // Emptied after each test too: the mail server is shared by the test JVM (Sent included).
  @BeforeEach
  @AfterEach
  void emptyMailboxes() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  @BeforeEach
  void sentExists() throws Exception {
    try (Store store = connect()) {
      Folder sent = store.getFolder("Sent");
      if (!sent.exists()) {
        sent.create(Folder.HOLDS_MESSAGES);
      }
    }
  }

  static Instant monthsAgo(int months) {
    return NOW.atZone(ZoneOffset.UTC).minusMonths(months).toInstant();
  }

  Store connect() throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect(
        mail.getImap().getServerSetup().getBindAddress(),
        mail.getImap().getPort(),
        EDITOR,
        TestMailServer.PASSWORD);
    return store;
  }

  /** Appends as already read by the intake (the state INBOX is in between polls). */
  void append(String folder, String from, String to, String subject, Instant sent)
      throws Exception {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress(from));
    m.setRecipients(Message.RecipientType.TO, to);
    m.setSubject(subject);
    m.setSentDate(Date.from(sent));
    m.setText("Hello");
    m.saveChanges();
    m.setFlag(Flags.Flag.SEEN, true);
    try (Store store = connect();
        Folder f = store.getFolder(folder)) {
      f.open(Folder.READ_WRITE);
      f.appendMessages(new Message[] {m});
    }
  }

  List<String> subjects(String folder) throws Exception {
    try (Store store = connect();
        Folder f = store.getFolder(folder)) {
      f.open(Folder.READ_ONLY);
      List<String> out = new ArrayList<>();
      for (Message m : f.getMessages()) {
        out.add(m.getSubject());
      }
      out.sort(null);
      return out;
    }
  }

  /** The shared server's binding: INBOX only. */
  RetentionBinding inboxOnly() {
    return engine.bindings().stream()
        .filter(b -> b.store().name().equals("mailbox.correspondence"))
        .filter(b -> b.property().id().value().equals(PROPERTY))
        .findFirst()
        .orElseThrow();
  }

  /** The same mailbox with {@code pledge.mail.imap.other-folders} set. */
  RetentionBinding covering(String... otherFolders) {
    RightsMailSettings s =
        new RightsMailSettings(
            settings.host(),
            settings.port(),
            settings.user(),
            settings.password(),
            settings.ssl(),
            settings.folder(),
            List.of(otherFolders),
            settings.property(),
            settings.pollInterval());
    RetentionStore store =
        new CorrespondenceMailbox(s, catalog, tx, intake)
            .stores().stream()
                .filter(st -> st.property().value().equals(PROPERTY))
                .findFirst()
                .orElseThrow();
    RetentionBinding base = inboxOnly();
    return new RetentionBinding(base.property(), base.category(), store);
  }

  @Test
  @DisplayName(
      "A-19 a reply in Sent keeps its thread in INBOX alive; once both are past, both go, one"
          + " journal entry per folder")
  void threadsSpanFolders() throws Exception {
    append("INBOX", "alice@example.net", EDITOR, "Question about PNG", monthsAgo(13));
    append("Sent", EDITOR, "alice@example.net", "Re: Question about PNG", monthsAgo(2));
    append("INBOX", "bob@example.net", EDITOR, "Broken link", monthsAgo(14));
    append("Sent", EDITOR, "bob@example.net", "Re: Broken link", monthsAgo(13));
    RetentionBinding mailbox = covering("Sent");

    StoreContents before = mailbox.store().inspect(mailbox.ruleAt(NOW));
    assertThat(before.items()).isEqualTo(4);
    assertThat(before.due()).as("Bob's thread, in both folders").isEqualTo(2);

    SweepReport report = engine.sweep(List.of(mailbox), "test", NOW);
    assertThat(report.failed()).isFalse();
    assertThat(report.expired()).isEqualTo(2);
    assertThat(subjects("INBOX")).containsExactly("Question about PNG");
    assertThat(subjects("Sent")).containsExactly("Re: Question about PNG");
    List<String> entries =
        jdbc.sql(
                "select details from audit_entry where store = 'mailbox.correspondence'"
                    + " order by seq desc limit 2")
            .query(String.class)
            .list();
    assertThat(entries)
        .anyMatch(d -> d.contains("1 thread(s)") && !d.contains("folder"))
        .anyMatch(d -> d.contains("1 thread(s)") && d.contains("(folder Sent)"));
    assertThat(String.join(" ", entries)).doesNotContain("bob").doesNotContain("Broken");

    // Later, Alice's thread is past too, though its INBOX message alone was due long before.
    SweepReport later = engine.sweep(List.of(mailbox), "test", NOW.plusSeconds(86_400L * 330));
    assertThat(later.expired()).isEqualTo(2);
    assertThat(subjects("INBOX")).isEmpty();
    assertThat(subjects("Sent")).isEmpty();
  }

  @Test
  @DisplayName("A-15 erasure and export cover the replies in Sent, and nothing of another person")
  void rightsCoverSent() throws Exception {
    append("INBOX", "alice@example.net", EDITOR, "Question about PNG", monthsAgo(1));
    append("Sent", EDITOR, "alice@example.net", "Re: Question about PNG", monthsAgo(1));
    append("Sent", EDITOR, "Alice@Example.NET", "Following up", monthsAgo(1));
    append("INBOX", "bob@example.net", EDITOR, "Broken link", monthsAgo(1));
    append("Sent", EDITOR, "bob@example.net", "Re: Broken link", monthsAgo(1));
    RetentionBinding mailbox = covering("Sent");
    SubjectExport export = (SubjectExport) mailbox.store();
    SubjectErasure erasure = (SubjectErasure) mailbox.store();

    assertThat(erasure.count("alice@example.net")).isEqualTo(3);
    List<Map<String, Object>> items = new ArrayList<>();
    assertThat(export.export("alice@example.net", items::add)).isEqualTo(3);
    assertThat(items)
        .extracting(i -> i.get("subject"))
        .containsExactlyInAnyOrder("Question about PNG", "Re: Question about PNG", "Following up");
    assertThat(items)
        .extracting(i -> i.get("folder"))
        .containsExactlyInAnyOrder("INBOX", "Sent", "Sent");
    assertThat(items.toString()).doesNotContain("bob@example.net");

    List<String> journal = new ArrayList<>();
    SubjectErasure.ErasureResult result =
        erasure.erase(
            "alice@example.net",
            "pseudonym",
            mailbox.ruleAt(NOW),
            (n, detail) -> journal.add(n + " " + detail));
    assertThat(result.erased()).isEqualTo(3);
    assertThat(journal).hasSize(2).anyMatch(d -> d.startsWith("2 ") && d.contains("folder Sent"));
    assertThat(subjects("INBOX")).containsExactly("Broken link");
    assertThat(subjects("Sent")).containsExactly("Re: Broken link");
    assertThat(erasure.count("alice@example.net")).isZero();
    assertThat(erasure.count("bob@example.net")).isEqualTo(2);
  }

  @Test
  @DisplayName("A-19 without pledge.mail.imap.other-folders only INBOX is covered, as before")
  void unsetCoversOnlyTheMainFolder() throws Exception {
    append("INBOX", "alice@example.net", EDITOR, "Question about PNG", monthsAgo(13));
    append("Sent", EDITOR, "alice@example.net", "Re: Question about PNG", monthsAgo(2));
    RetentionBinding mailbox = inboxOnly();
    assertThat(settings.otherFolders()).isEmpty();

    assertThat(((SubjectErasure) mailbox.store()).count("alice@example.net")).isEqualTo(1);
    assertThat(engine.sweep(List.of(mailbox), "test", NOW).expired()).isEqualTo(1);
    assertThat(subjects("INBOX")).isEmpty();
    assertThat(subjects("Sent")).containsExactly("Re: Question about PNG");
  }

  @Test
  @DisplayName(
      "A-19 A-15 a configured folder that does not exist fails the store with an error naming"
          + " the folder and the setting")
  void unknownFolderIsAClearError() throws Exception {
    append("INBOX", "alice@example.net", EDITOR, "Question about PNG", monthsAgo(13));
    RetentionBinding mailbox = covering("Sent", "Outbox");

    assertThatThrownBy(() -> mailbox.store().inspect(mailbox.ruleAt(NOW)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"Outbox\"")
        .hasMessageContaining("pledge.mail.imap.other-folders")
        .hasMessageContaining("create it");
    assertThatThrownBy(() -> ((SubjectErasure) mailbox.store()).count("alice@example.net"))
        .hasMessageContaining("\"Outbox\"");

    SweepReport report = engine.sweep(List.of(mailbox), "test", NOW);
    assertThat(report.failed()).isTrue();
    assertThat(report.expired()).isZero();
    assertThat(subjects("INBOX")).as("nothing expired by half").hasSize(1);
  }
}
