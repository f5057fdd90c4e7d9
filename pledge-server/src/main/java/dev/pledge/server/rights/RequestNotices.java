package dev.pledge.server.rights;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The e-mails a requester gets after the acknowledgement — an extension with its reason, the
 * completion or the rejection with its reason, the export's download link, the erasure receipt —
 * and the operators' reminders, queued in an outbox ({@code rights_notice}) in the transaction that
 * decided them and sent by a job: the operator's click never waits on SMTP, and a mail-server
 * outage delays a notice instead of losing it. Plain text, no tracking, the reference in the
 * subject. A requester's notice goes only to the request's own address once it was confirmed by the
 * link, so it never carries anything about another person.
 */
@Component
class RequestNotices {

  private static final Logger log = LoggerFactory.getLogger(RequestNotices.class);

  private static final DateTimeFormatter DUE =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm (VV)", Locale.ENGLISH);

  private final ObjectProvider<JavaMailSender> mail;
  private final PolicyCatalog catalog;
  private final RightsRequests requests;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final MailRetry retry;
  private final String operatorAddress;
  private boolean warnedNoSmtp;

  RequestNotices(
      ObjectProvider<JavaMailSender> mail,
      PolicyCatalog catalog,
      RightsRequests requests,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      MailRetry retry,
      @Value("${pledge.rights.operator-address:}") String operatorAddress) {
    this.mail = mail;
    this.catalog = catalog;
    this.requests = requests;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.retry = retry;
    this.operatorAddress = operatorAddress.strip();
  }

  /** Where operator reminders go; empty when none is configured. */
  Optional<String> operatorAddress() {
    return operatorAddress.isEmpty() ? Optional.empty() : Optional.of(operatorAddress);
  }

  /** Tells the requester the new due date and the operator's reason (GDPR Art. 12(3)). */
  void extended(RightsRequest r) {
    ServedProperty p = property(r);
    queue(
        r,
        "extension",
        "Your privacy request " + r.reference() + ": more time needed",
        opening(r, p)
            + "We need more time to answer it. We will now answer by "
            + due(r)
            + ".\n\nThe reason: "
            + r.extensionReason()
            + "\n\n"
            + closing(r, p));
  }

  /** Tells the requester the request is done, or refused with the operator's reason. */
  void closed(RightsRequest r, String note) {
    ServedProperty p = property(r);
    if (r.status() == RightsRequestStatus.REJECTED) {
      queue(
          r,
          "rejection",
          "Your privacy request " + r.reference() + ": not carried out",
          opening(r, p)
              + "We cannot carry it out. The reason: "
              + note
              + "\n\nYou may complain to a data-protection authority if you disagree.\n\n"
              + closing(r, p));
    } else if (r.status() == RightsRequestStatus.COMPLETED) {
      queue(
          r,
          "completion",
          "Your privacy request " + r.reference() + " is complete",
          opening(r, p) + "It is now complete.\n\n" + closing(r, p));
    }
  }

  /** Sends the requester the export's single-use download link. */
  void exportReady(RightsRequest r, String link, String token, Instant expiresAt, long exportId) {
    ServedProperty p = property(r);
    queue(
        r,
        "export-link:" + exportId,
        "Your privacy request " + r.reference() + ": your data is ready",
        opening(r, p)
            + "A copy of your data is ready. Download it from this link; it works once, until "
            + DUE.format(expiresAt.atZone(requests.zone()))
            + ":\n\n"
            + link
            + "\n\nThe link opens a page with a download button; nothing is downloaded before you"
            + " press it. "
            + RightsAcknowledgements.codeLine(token)
            + closing(r, p));
  }

  /** Sends the requester the erasure receipt: per store, in words, no personal data. */
  void erasureReceipt(RightsRequest r, List<ErasureLine> lines, Instant at) {
    ServedProperty p = property(r);
    queue(
        r,
        "erasure-receipt",
        "Your privacy request " + r.reference() + ": erasure receipt",
        opening(r, p)
            + "We have erased your data. This receipt lists every place that holds data of "
            + p.name()
            + ", as of "
            + DUE.format(at.atZone(requests.zone()))
            + ":\n\n"
            + ErasureReceipt.forRequester(lines)
            + "\n"
            + closing(r, p));
  }

  /** Queues a reminder to the operators; nothing when no operator address is set. */
  void remind(String dedupKey, String subject, String body) {
    if (operatorAddress.isEmpty()) {
      return;
    }
    insert(null, "reminder", dedupKey, subject, body);
  }

  private void queue(RightsRequest r, String kind, String subject, String body) {
    if (!confirmedAddress(r.reference())) {
      return; // never to an address the requester has not proven is theirs
    }
    // "export-link:7" is kind export-link, queued once per export; the others once per request
    insert(r.reference(), kind.replaceFirst(":.*", ""), r.reference() + ":" + kind, subject, body);
  }

  private void insert(String reference, String kind, String key, String subject, String body) {
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into rights_notice
              (request_id, kind, dedup_key, subject, body, created_at, next_attempt_at)
            values ((select id from rights_request where reference = :r), :kind, :key, :subject,
              :body, :now, :now)
            on conflict (dedup_key) do nothing
            """)
        .param("r", reference)
        .param("kind", kind)
        .param("key", key)
        .param("subject", subject)
        .param("body", body)
        .param("now", Timestamp.from(now))
        .update();
  }

  /** Whether the request has an address its requester confirmed through the link. */
  boolean confirmedAddress(String reference) {
    return jdbc.sql(
            """
            select exists (select 1 from rights_request r join rights_request_event e
              on e.request_id = r.id
              where r.reference = :r and r.requester_address is not null
                and e.status = 'verified')
            """)
        .param("r", reference)
        .query(Boolean.class)
        .single();
  }

  /** Sends every notice that is due; returns how many went out. */
  int sendPending() {
    return sendPending(mail.getIfAvailable());
  }

  int sendPending(JavaMailSender sender) {
    if (sender == null) {
      if (!warnedNoSmtp) {
        log.info("No SMTP server configured (spring.mail.host): rights notices stay queued");
        warnedNoSmtp = true;
      }
      return 0;
    }
    List<Long> due =
        jdbc.sql(
                """
                select id from rights_notice where sent_at is null and next_attempt_at <= :now
                order by id limit 100
                """)
            .param("now", Timestamp.from(clock.instant()))
            .query(Long.class)
            .list();
    int sent = 0;
    for (long id : due) {
      try {
        if (Boolean.TRUE.equals(tx.execute(t -> send(sender, id)))) {
          sent++;
        }
      } catch (MailException e) {
        postpone(id, MailFailure.of(e));
      }
    }
    return sent;
  }

  private record Pending(
      String kind, String subject, String body, int attempts, String to, String property) {}

  private boolean send(JavaMailSender sender, long id) {
    // Claimed under a row lock, so two instances never send one notice twice.
    Optional<Pending> claimed =
        jdbc.sql(
                """
                select n.kind, n.subject, n.body, n.attempts, r.requester_address, r.property_id
                from rights_notice n left join rights_request r on r.id = n.request_id
                where n.id = :id and n.sent_at is null for update of n skip locked
                """)
            .param("id", id)
            .query(
                (rs, i) ->
                    new Pending(
                        rs.getString("kind"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getInt("attempts"),
                        rs.getString("requester_address"),
                        rs.getString("property_id")))
            .optional();
    if (claimed.isEmpty()) {
      return false;
    }
    Pending n = claimed.get();
    String to = n.property() == null ? operatorAddress : n.to();
    Optional<ServedProperty> property =
        n.property() == null ? Optional.empty() : catalog.byId(n.property());
    if (to == null || to.isEmpty() || (n.property() != null && property.isEmpty())) {
      // Nobody to send it to (no operator address any more, a property no longer served): kept,
      // not retried, and visible in the table.
      jdbc.sql(
              """
              update rights_notice set last_error = 'no-recipient', next_attempt_at = 'infinity',
                failed_at = :now
              where id = :id
              """)
          .param("now", Timestamp.from(clock.instant()))
          .param("id", id)
          .update();
      return false;
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(property.map(RightsAcknowledgements::from).orElse(operatorAddress));
    message.setTo(to);
    message.setSubject(n.subject());
    message.setText(n.body());
    sender.send(message);
    jdbc.sql(
            """
            update rights_notice set sent_at = :now, body = null, attempts = attempts + 1,
              last_error = null
            where id = :id
            """)
        .param("now", Timestamp.from(clock.instant()))
        .param("id", id)
        .update();
    log.info("Rights notice {} #{} sent", n.kind(), id);
    return true;
  }

  private void postpone(long id, MailFailure failure) {
    int attempts =
        jdbc.sql(
                """
                update rights_notice set attempts = attempts + 1, last_error = :error
                where id = :id returning attempts
                """)
            .param("error", failure.code())
            .param("id", id)
            .query(Integer.class)
            .single();
    if (retry.givesUp(attempts, failure)) {
      // Never tried again: kept with its error, and shown as failed on the request's page.
      jdbc.sql(
              """
              update rights_notice set next_attempt_at = 'infinity', failed_at = :now
              where id = :id
              """)
          .param("now", Timestamp.from(clock.instant()))
          .param("id", id)
          .update();
      log.warn(
          "Rights notice #{} not sent ({}) after {} attempt(s); not trying again",
          id,
          failure.code(),
          attempts);
      return;
    }
    Duration wait = MailRetry.pause(attempts);
    jdbc.sql("update rights_notice set next_attempt_at = :next where id = :id")
        .param("next", Timestamp.from(clock.instant().plus(wait)))
        .param("id", id)
        .update();
    log.warn("Rights notice #{} not sent ({}); trying again in {}", id, failure.code(), wait);
  }

  private ServedProperty property(RightsRequest r) {
    return catalog
        .byId(r.property())
        .orElseThrow(() -> new IllegalStateException("property " + r.property() + " not served"));
  }

  private String due(RightsRequest r) {
    return r.dueAt() == null
        ? "the date we told you"
        : DUE.format(r.dueAt().atZone(requests.zone()));
  }

  private static String opening(RightsRequest r, ServedProperty p) {
    return "Hello,\n\nThis is about your "
        + RightsRequestDescriptions.describe(r.kind())
        + " for "
        + p.name()
        + ", reference "
        + r.reference()
        + ".\n\n";
  }

  private static String closing(RightsRequest r, ServedProperty p) {
    return "Please quote "
        + r.reference()
        + " if you write to us about this request.\n\n"
        + p.name()
        + '\n';
  }
}
