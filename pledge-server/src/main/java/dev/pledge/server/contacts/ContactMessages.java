package dev.pledge.server.contacts;

import dev.pledge.policy.Contact;
import dev.pledge.policy.ResponseTimes;
import dev.pledge.policy.Timeframe;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.rights.ContactMailArrived;
import dev.pledge.server.rights.ResponseClock;
import dev.pledge.server.rights.RightsRequests;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tracked queue of mail to the contacts no request queue takes (B-39): the reference site's
 * editorial address, the studio's security address, support mail that is no ticket reply. Each
 * message the mailbox intakes leave as mail is recorded here — in the intake's transaction, so once
 * — with its due time from the policy's response clock: a security report is urgent (24 h),
 * anything else a general inquiry (5 business days). It stays open until an operator answers it.
 */
@Component
class ContactMessages {

  /** An open message as the console lists it. */
  record Open(
      long id, String property, String role, Instant receivedAt, Instant dueAt, String dueBasis) {}

  private final PolicyCatalog catalog;
  private final RightsRequests requests;
  private final JdbcClient jdbc;

  ContactMessages(PolicyCatalog catalog, RightsRequests requests, JdbcClient jdbc) {
    this.catalog = catalog;
    this.requests = requests;
    this.jdbc = jdbc;
  }

  /** The clock of a contact's messages, with its words: urgent for security, else general. */
  record Clock(Timeframe frame, String words) {

    /** "Urgent matters: 24 hours". */
    String text() {
      return ContactQueues.words(words, frame);
    }
  }

  static Clock clockOf(ResponseTimes times, Contact.Role role) {
    if (role == Contact.Role.SECURITY && times != null && times.urgent() != null) {
      return new Clock(times.urgent(), "Urgent matters");
    }
    Timeframe general =
        times != null && times.general() != null ? times.general() : ResponseClock.GENERAL;
    return new Clock(general, "General inquiries");
  }

  @EventListener
  void arrived(ContactMailArrived mail) {
    Optional<ServedProperty> p = catalog.byId(mail.property());
    Optional<Contact.Role> role =
        java.util.Arrays.stream(Contact.Role.values())
            .filter(r -> r.key().equals(mail.role()))
            .findFirst();
    if (p.isEmpty() || role.isEmpty()) {
      return;
    }
    Clock clock = clockOf(p.get().policy().responseTimes(), role.get());
    Instant due = ResponseClock.due(mail.receivedAt(), clock.frame(), requests.zone());
    jdbc.sql(
            """
            insert into contact_message (property_id, role, message_hash, received_at, due_at,
              due_basis)
            values (:property, :role, :hash, :received, :due, :basis)
            on conflict do nothing
            """)
        .param("property", mail.property())
        .param("role", mail.role())
        .param("hash", mail.messageHash())
        .param("received", Timestamp.from(mail.receivedAt()))
        .param("due", Timestamp.from(due))
        .param("basis", clock.text())
        .update();
  }

  /** The open messages, soonest due first. */
  List<Open> open() {
    return jdbc.sql(
            """
            select * from contact_message where answered_at is null
            order by due_at, id limit 500
            """)
        .query(
            (rs, i) ->
                new Open(
                    rs.getLong("id"),
                    rs.getString("property_id"),
                    rs.getString("role"),
                    rs.getTimestamp("received_at").toInstant(),
                    rs.getTimestamp("due_at").toInstant(),
                    rs.getString("due_basis")))
        .list();
  }

  /** Marks a message answered; false when there is no open one with that id. */
  boolean answer(long id, String actor, Instant now) {
    return jdbc.sql(
                """
                update contact_message set answered_at = :now, answered_by = :actor
                where id = :id and answered_at is null
                """)
            .param("now", Timestamp.from(now))
            .param("actor", actor)
            .param("id", id)
            .update()
        == 1;
  }
}
