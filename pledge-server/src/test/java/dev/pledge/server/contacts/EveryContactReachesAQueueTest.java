package dev.pledge.server.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import dev.pledge.policy.Contact;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.rights.PrivacyMailboxPoll;
import dev.pledge.server.rights.RightsRequests;
import dev.pledge.server.support.SupportMailboxPoll;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * B-39 from the policies outward: every contact each served policy publishes, written to by e-mail
 * through the mailbox its address is delivered to (GreenMail), lands in a tracked queue with the
 * policy's clock — a rights request or inquiry, or a contact message. A contact added to a policy
 * without a queue, or a role the queues do not know, fails here.
 */
@WithRunningServer
class EveryContactReachesAQueueTest {

  @Autowired ApplicationContext context;
  @Autowired PolicyCatalog catalog;
  @Autowired ContactQueues queues;
  @Autowired RightsRequests requests;
  @Autowired JdbcClient jdbc;

  GreenMail mail = TestMailServer.greenMail();

  @BeforeEach
  @AfterEach
  void emptyMailboxes() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  /**
   * Puts a message addressed to {@code to} into the mailbox a deployment delivers it to; returns
   * the hash of its Message-ID, by which the intakes know it.
   */
  private String deliver(String mailbox, String to, String from, String subject) throws Exception {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress(from));
    m.setRecipients(Message.RecipientType.TO, to);
    m.setSubject(subject);
    m.setText("Hello, a question for you.");
    m.setSentDate(new Date());
    m.saveChanges();
    GreenMailUser user = mail.getUserManager().getUser(mailbox);
    user.deliver(m);
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(("id:" + m.getMessageID().strip()).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("B-39 every queue a contact role can reach is tracked: no role is left without one")
  void everyRoleIsTracked() {
    for (Contact.Role role : Contact.Role.values()) {
      assertThat(ContactQueues.queueOf(role).tracked).as(role.key()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "B-39 every contact both policies publish, e-mailed, lands in a tracked queue with its"
          + " response clock (general 5 business days, urgent 24 h, regulators acknowledged at"
          + " once)")
  void everyPublishedContactIsTracked() throws Exception {
    List<String> checked = new ArrayList<>();
    for (ServedProperty p : catalog.all()) {
      for (Contact c : p.policy().contacts()) {
        if (c.email() == null) {
          continue;
        }
        String contact = p.id().value() + ":" + c.role().key();
        ContactQueues.Queue queue = ContactQueues.queueOf(c.role());
        String from = "sender-" + System.nanoTime() + "@example.net";
        boolean support = c.role() == Contact.Role.SUPPORT;
        // A privacy contact is written to about privacy; the others with an ordinary question.
        String subject =
            queue == ContactQueues.Queue.RIGHTS ? "Privacy question" : "A question for you";
        String hash =
            deliver(
                support ? TestMailServer.SUPPORT_MAILBOX : TestMailServer.MAILBOX,
                c.email(),
                from,
                subject);
        PrivacyMailboxPoll.poll(context);
        SupportMailboxPoll.poll(context);

        if (queue == ContactQueues.Queue.RIGHTS) {
          List<Timestamp[]> r =
              jdbc.sql(
                      """
                      select received_at, due_at, acknowledged_at from rights_request
                      where requester_address = :from and property_id = :property
                      """)
                  .param("from", from)
                  .param("property", p.id().value())
                  .query(
                      (rs, i) ->
                          new Timestamp[] {
                            rs.getTimestamp(1), rs.getTimestamp(2), rs.getTimestamp(3)
                          })
                  .list();
          assertThat(r).as("%s reaches the rights queue", contact).hasSize(1);
          assertThat(r.get(0)[1].toInstant())
              .as("%s: due by the general clock, 5 business days", contact)
              .isAfterOrEqualTo(r.get(0)[0].toInstant().plus(Duration.ofDays(5)))
              .isBeforeOrEqualTo(r.get(0)[0].toInstant().plus(Duration.ofDays(9)));
          assertThat(r.get(0)[2]).as("%s: acknowledged at once", contact).isNotNull();
        } else {
          assertThat(queue)
              .as(contact)
              .isIn(ContactQueues.Queue.MESSAGES, ContactQueues.Queue.SUPPORT);
          List<Timestamp[]> m =
              jdbc.sql(
                      """
                      select received_at, due_at from contact_message
                      where property_id = :property and role = :role and message_hash = :hash
                        and answered_at is null
                      """)
                  .param("property", p.id().value())
                  .param("role", c.role().key())
                  .param("hash", hash)
                  .query((rs, i) -> new Timestamp[] {rs.getTimestamp(1), rs.getTimestamp(2)})
                  .list();
          assertThat(m).as("%s reaches the contact messages", contact).hasSize(1);
          Timestamp[] last = m.get(0);
          Duration clock = Duration.between(last[0].toInstant(), last[1].toInstant());
          if (c.role() == Contact.Role.SECURITY) {
            assertThat(clock).as("%s: urgent, 24 h", contact).isEqualTo(Duration.ofHours(24));
          } else {
            assertThat(clock)
                .as("%s: a general inquiry, 5 business days", contact)
                .isBetween(Duration.ofDays(5), Duration.ofDays(9));
          }
        }
        assertThat(queues.lines(p))
            .filteredOn(l -> l.role().equals(c.role().key()))
            .allSatisfy(l -> assertThat(l.tracked()).as(contact).isTrue());
        checked.add(contact);
      }
    }
    assertThat(checked)
        .as("both policies' contacts, the studio's security and the site's editorial among them")
        .contains(
            "image-studio:privacy",
            "image-studio:dpo",
            "image-studio:legal",
            "image-studio:compliance",
            "image-studio:support",
            "image-studio:security",
            "reference-site:editorial",
            "reference-site:privacy");
  }
}
