package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.SubjectExporter;
import dev.pledge.server.retention.SubjectExporterTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rights over the correspondence in the editorial mailbox (A-15, A-21), over real IMAP (GreenMail):
 * the person's messages, and only theirs, are exported and erased.
 */
@WithRunningServer
class MailboxRightsTest {

  static final String EDITOR = TestMailServer.MAILBOX;
  static final String PROPERTY = "reference-site";

  @Autowired RetentionEngine engine;
  @Autowired SubjectExporter exporter;
  @Autowired JdbcClient jdbc;

  GreenMail mail = TestMailServer.greenMail();

  // Emptied after each test too: the mailbox is shared by the test JVM, and a message left in it
  // would become a request at another test's next poll (with its old date, an overdue one).
  @BeforeEach
  @AfterEach
  void emptyMailboxes() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  Folder inbox() throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect(
        mail.getImap().getServerSetup().getBindAddress(),
        mail.getImap().getPort(),
        EDITOR,
        TestMailServer.PASSWORD);
    Folder folder = store.getFolder("INBOX");
    folder.open(Folder.READ_WRITE);
    return folder;
  }

  static MimeMessage message(String from, String to, String subject, String text) throws Exception {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress(from));
    m.setRecipients(Message.RecipientType.TO, to);
    m.setSubject(subject);
    m.setSentDate(new Date());
    m.setText(text);
    m.saveChanges();
    return m;
  }

  /** Appends as already read by the intake (the state the mailbox is in between polls). */
  void append(Message m) throws Exception {
    m.setFlag(Flags.Flag.SEEN, true);
    try (Folder inbox = inbox()) {
      inbox.appendMessages(new Message[] {m});
    }
  }

  void append(String from, String to, String subject, String text) throws Exception {
    append(message(from, to, subject, text));
  }

  void appendRaw(String source) throws Exception {
    append(
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8))));
  }

  List<String> subjectsLeft() throws Exception {
    try (Folder inbox = inbox()) {
      List<String> out = new ArrayList<>();
      for (Message m : inbox.getMessages()) {
        out.add(m.getSubject());
      }
      out.sort(null);
      return out;
    }
  }

  RetentionBinding mailbox() {
    return engine.bindings().stream()
        .filter(b -> b.store().name().equals("mailbox.correspondence"))
        .filter(b -> b.property().id().value().equals(PROPERTY))
        .findFirst()
        .orElseThrow();
  }

  SubjectErasure store() {
    return (SubjectErasure) mailbox().store();
  }

  RetentionEngine.ErasureLine mailboxLine(List<RetentionEngine.ErasureLine> lines) {
    return lines.stream()
        .filter(l -> l.store().equals("mailbox.correspondence"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mailbox line in " + lines));
  }

  /** Two people write; the editor answers both; a third address merely contains Alice's. */
  void twoCorrespondents() throws Exception {
    append("alice@example.net", EDITOR, "Question about PNG", "Alice asks about PNG");
    append(EDITOR, "alice@example.net", "Re: Question about PNG", "The editor answers Alice");
    append("\"Alice Example\" <Alice@Example.NET>", EDITOR, "Another question", "Alice shouts");
    append("bob@example.net", EDITOR, "Broken link", "Bob reports a link");
    append(EDITOR, "bob@example.net", "Re: Broken link", "The editor answers Bob");
    append("malice@example.net", EDITOR, "Not Alice", "Mallory's own words");
    append("bob@example.net", "alice@example.net.invalid", "Lookalike domain", "Bob again");
  }

  @Test
  @DisplayName(
      "A-15 A-21 erasing one correspondent deletes their messages and the replies to them, any"
          + " letter case; the other's stay; asked again the mailbox holds 0 of them")
  void erasureTakesOnlyThePersonsMessages() throws Exception {
    twoCorrespondents();
    assertThat(store().count("ALICE@example.net")).isEqualTo(3);
    assertThat(store().count("bob@example.net")).isEqualTo(3);

    List<RetentionEngine.ErasureLine> lines =
        engine.erase(PROPERTY, "Alice@Example.net", "test:mailbox");

    RetentionEngine.ErasureLine line = mailboxLine(lines);
    assertThat(line.category()).isEqualTo(CorrespondenceMailbox.CATEGORY);
    assertThat(line.erased()).isEqualTo(3);
    assertThat(line.remaining()).as("A-16 the proof").isZero();
    assertThat(store().count("alice@example.net")).isZero();
    assertThat(subjectsLeft())
        .containsExactly("Broken link", "Lookalike domain", "Not Alice", "Re: Broken link");
    assertThat(store().count("bob@example.net")).isEqualTo(3);

    // Running it twice is harmless.
    assertThat(mailboxLine(engine.erase(PROPERTY, "alice@example.net", "test:mailbox")).erased())
        .isZero();
  }

  @Test
  @DisplayName("A-15 the erasure's audit entry counts the messages and names nobody")
  void auditEntryHasNoAddress() throws Exception {
    twoCorrespondents();
    engine.erase(PROPERTY, "alice@example.net", "test:mailbox");
    Map<String, Object> entry =
        jdbc.sql(
                "select action, item_count, subject_ref, details from audit_entry"
                    + " where store = 'mailbox.correspondence' order by seq desc limit 1")
            .query()
            .singleRow();
    assertThat(entry.get("action")).isEqualTo("subject.erased");
    assertThat(entry.get("item_count")).isEqualTo(3L);
    assertThat(entry.get("subject_ref")).isNotNull();
    assertThat(entry.toString())
        .doesNotContainIgnoringCase("alice")
        .doesNotContainIgnoringCase("example.net")
        .doesNotContain("PNG");
  }

  @Test
  @DisplayName(
      "A-15 an access export holds exactly the person's messages (date, parties, subject, text,"
          + " attachments by name and size) and nothing of the other correspondent")
  void exportHoldsOnlyThePersonsMessages() throws Exception {
    twoCorrespondents();
    MimeMessage withFile = new MimeMessage(Session.getInstance(new Properties()));
    withFile.setFrom(new InternetAddress("alice@example.net"));
    withFile.setRecipients(Message.RecipientType.TO, EDITOR);
    withFile.setSubject("Screenshot");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("See the attached screenshot");
    MimeBodyPart file = new MimeBodyPart();
    file.setContent(new byte[1234], "image/png");
    file.setFileName("screen.png");
    file.setDisposition(MimeBodyPart.ATTACHMENT);
    withFile.setContent(new MimeMultipart(text, file));
    withFile.saveChanges();
    append(withFile);

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    SubjectExporter.ExportSummary summary = exporter.export(PROPERTY, "ALICE@example.net", zip);

    assertThat(summary.lines())
        .filteredOn(l -> l.store().equals("mailbox.correspondence"))
        .singleElement()
        .satisfies(l -> assertThat(l.items()).isEqualTo(4));
    String bytes = zip.toString(StandardCharsets.ISO_8859_1);
    assertThat(bytes)
        .as("A-15 isolation: nothing of Bob or Mallory in the ZIP")
        .doesNotContain("bob@")
        .doesNotContain("Bob")
        .doesNotContain("malice")
        .doesNotContain("Mallory");
    Map<String, JsonNode> files = SubjectExporterTest.unzip(zip.toByteArray());
    JsonNode items = files.get(CorrespondenceMailbox.CATEGORY + ".json").get("items");
    List<JsonNode> messages = new ArrayList<>();
    items.forEach(
        i -> {
          if (i.has("subject") && i.has("text")) {
            messages.add(i);
          }
        });
    assertThat(messages.stream().map(m -> m.get("subject").asText()))
        .containsExactlyInAnyOrder(
            "Question about PNG", "Re: Question about PNG", "Another question", "Screenshot");
    JsonNode answer =
        messages.stream()
            .filter(m -> m.get("subject").asText().equals("Re: Question about PNG"))
            .findFirst()
            .orElseThrow();
    assertThat(answer.get("from").asText()).isEqualTo(EDITOR);
    assertThat(answer.get("to").asText()).isEqualTo("alice@example.net");
    assertThat(answer.get("text").asText()).isEqualTo("The editor answers Alice");
    assertThat(Instant.parse(answer.get("date").asText())).isNotNull();
    JsonNode screenshot =
        messages.stream()
            .filter(m -> m.get("subject").asText().equals("Screenshot"))
            .findFirst()
            .orElseThrow();
    assertThat(screenshot.get("text").asText()).isEqualTo("See the attached screenshot");
    assertThat(screenshot.get("attachments")).hasSize(1);
    assertThat(screenshot.get("attachments").get(0).get("name").asText()).isEqualTo("screen.png");
    assertThat(screenshot.get("attachments").get(0).get("type").asText()).isEqualTo("image/png");
    assertThat(screenshot.get("attachments").get(0).get("size").asLong()).isEqualTo(1234);
  }

  @Test
  @DisplayName(
      "A-15 A-21 a malformed message does not stop the erasure: a broken one of the person's goes,"
          + " a broken one of someone else's stays, the export hands over its source")
  void malformedMessages() throws Exception {
    append("bob@example.net", EDITOR, "Broken link", "Bob reports a link");
    appendRaw(
        "From: alice@example.net <<not really an address\r\n"
            + "To: "
            + EDITOR
            + "\r\n"
            + "Date: yesterday, more or less\r\n"
            + "Subject: =?x-unknown?Q?broken?=\r\n"
            + "Content-Type: multipart/mixed\r\n"
            + "\r\n"
            + "no boundary anywhere, Alice's garbled words\r\n");
    appendRaw(
        "From: \r\n"
            + "To: ,,,@@\r\n"
            + "Subject: nobody's\r\n"
            + "Content-Type: text/plain; charset=no-such-charset\r\n"
            + "\r\n"
            + "Someone else's garbled words\r\n");
    append("alice@example.net", EDITOR, "Fine", "Alice's readable words");

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    exporter.export(PROPERTY, "alice@example.net", zip);
    String json =
        SubjectExporterTest.unzip(zip.toByteArray())
            .get(CorrespondenceMailbox.CATEGORY + ".json")
            .toString();
    assertThat(json).contains("Alice's garbled words").contains("Alice's readable words");
    assertThat(json).doesNotContain("Someone else's").doesNotContain("Bob");

    RetentionEngine.ErasureLine line =
        mailboxLine(engine.erase(PROPERTY, "alice@example.net", "test:mailbox"));
    assertThat(line.erased()).isEqualTo(2);
    assertThat(line.remaining()).isZero();
    try (Folder inbox = inbox()) {
      assertThat(inbox.getMessageCount()).isEqualTo(2);
      List<String> bodies = new ArrayList<>();
      for (Message m : inbox.getMessages()) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        m.writeTo(raw);
        bodies.add(raw.toString(StandardCharsets.UTF_8));
      }
      assertThat(bodies)
          .anySatisfy(b -> assertThat(b).contains("Bob reports a link"))
          .anySatisfy(b -> assertThat(b).contains("Someone else's garbled words"));
    }
  }

  @Test
  @DisplayName(
      "A-21 a message the intake has not read yet becomes a tracked request before the erasure"
          + " deletes it: nothing the person asked is lost")
  void unreadMessageIsTrackedBeforeItGoes() throws Exception {
    String address = "late-" + System.nanoTime() + "@example.net";
    append(address, EDITOR, "First", "Please delete my data");
    MimeMessage late = message(address, EDITOR, "One more thing", "Also: what do you keep?");
    try (Folder inbox = inbox()) {
      inbox.appendMessages(new Message[] {late}); // unread
    }
    RetentionEngine.ErasureLine line = mailboxLine(engine.erase(PROPERTY, address, "test:mailbox"));
    assertThat(line.erased()).isEqualTo(2);
    assertThat(line.remaining()).isZero();
    assertThat(
            jdbc.sql(
                    "select count(*) from rights_request where lower(requester_address) ="
                        + " lower(:a) and kind = 'inquiry'")
                .param("a", address)
                .query(Long.class)
                .single())
        .as("the unread message opened an inquiry before it was deleted")
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "A-15 a subject that is not an address, or is the mailbox's own, finds nothing and erases"
          + " nothing")
  void notAPersonsAddress() throws Exception {
    twoCorrespondents();
    assertThat(store().count("account-42")).isZero();
    assertThat(store().count(EDITOR)).isZero();
    assertThat(mailboxLine(engine.erase(PROPERTY, EDITOR.toUpperCase(), "test:mailbox")).erased())
        .isZero();
    assertThat(Arrays.asList(subjectsLeft().toArray())).hasSize(7);
  }
}
