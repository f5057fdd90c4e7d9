package dev.pledge.server.rights;

import dev.pledge.policy.Contact;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
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
 * Acknowledges each new request by e-mail with its reference and due date, and — when the requester
 * must prove the address is theirs — a single-use link that expires. Pending acknowledgements are
 * sent from the table, so one lost in a crash or a mail-server outage goes out at the next poll.
 * The text is the same whether or not the address is known to the property.
 */
@Component
class RightsAcknowledgements {

  private static final Logger log = LoggerFactory.getLogger(RightsAcknowledgements.class);

  private static final DateTimeFormatter DUE =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm (VV)", Locale.ENGLISH);

  private final ObjectProvider<JavaMailSender> mail;
  private final RightsRequests requests;
  private final PolicyCatalog catalog;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final MailRetry retry;
  private final String publicBaseUrl;
  private boolean warnedNoSmtp;

  RightsAcknowledgements(
      ObjectProvider<JavaMailSender> mail,
      RightsRequests requests,
      PolicyCatalog catalog,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      MailRetry retry,
      @Value("${pledge.rights.public-base-url:}") String publicBaseUrl) {
    this.mail = mail;
    this.requests = requests;
    this.catalog = catalog;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.retry = retry;
    this.publicBaseUrl =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
  }

  /** Sends every acknowledgement not sent yet; returns how many went out. */
  int sendPending() {
    return sendPending(mail.getIfAvailable());
  }

  int sendPending(JavaMailSender sender) {
    if (sender == null) {
      if (!warnedNoSmtp) {
        log.info(
            "No SMTP server configured (spring.mail.host): rights requests are not acknowledged by e-mail");
        warnedNoSmtp = true;
      }
      return 0;
    }
    List<String> pending =
        jdbc.sql(
                """
                select reference from rights_request
                where acknowledged_at is null and requester_address is not null
                  and status not in ('completed', 'rejected', 'expired')
                  and ack_failed_at is null
                  and (ack_next_attempt_at is null or ack_next_attempt_at <= :now)
                order by received_at limit 100
                """)
            .param("now", Timestamp.from(clock.instant()))
            .query(String.class)
            .list();
    int sent = 0;
    for (String reference : pending) {
      try {
        Boolean done = tx.execute(t -> acknowledge(sender, reference));
        if (Boolean.TRUE.equals(done)) {
          sent++;
        }
      } catch (MailException e) {
        postpone(reference, MailFailure.of(e));
      }
    }
    return sent;
  }

  /**
   * Counts a failed attempt: tried again after a growing pause, or — refused for good, or tried too
   * often — never again, noted in the request's history for the operator.
   */
  private void postpone(String reference, MailFailure failure) {
    Instant now = clock.instant();
    int attempts =
        jdbc.sql(
                """
                update rights_request set ack_attempts = ack_attempts + 1, ack_error = :error
                where reference = :r returning ack_attempts
                """)
            .param("error", failure.code())
            .param("r", reference)
            .query(Integer.class)
            .single();
    if (retry.givesUp(attempts, failure)) {
      jdbc.sql("update rights_request set ack_failed_at = :now where reference = :r")
          .param("now", Timestamp.from(now))
          .param("r", reference)
          .update();
      requests.note(
          reference,
          "acknowledgement-failed",
          "The acknowledgement could not be delivered: "
              + MailFailure.explain(failure.code())
              + " ("
              + failure.code()
              + ", "
              + attempts
              + (attempts == 1 ? " attempt" : " attempts")
              + "). It is not sent again; reach the requester another way.",
          "system:mail");
      log.warn(
          "Acknowledgement of request {} not sent ({}) after {} attempt(s); not trying again",
          reference,
          failure.code(),
          attempts);
      return;
    }
    Duration wait = MailRetry.pause(attempts);
    jdbc.sql("update rights_request set ack_next_attempt_at = :next where reference = :r")
        .param("next", Timestamp.from(now.plus(wait)))
        .param("r", reference)
        .update();
    log.warn(
        "Acknowledgement of request {} not sent ({}); trying again in {}",
        reference,
        failure.code(),
        wait);
  }

  private boolean acknowledge(JavaMailSender sender, String reference) {
    // Claimed under a row lock, so two instances never both acknowledge one request.
    Optional<String> claimed =
        jdbc.sql(
                """
                select reference from rights_request
                where reference = :r and acknowledged_at is null for update skip locked
                """)
            .param("r", reference)
            .query(String.class)
            .optional();
    if (claimed.isEmpty()) {
      return false;
    }
    RightsRequest r = requests.byReference(reference).orElseThrow();
    ServedProperty property = catalog.byId(r.property()).orElse(null);
    if (property == null) {
      return false; // a property no longer served: the console shows the request
    }
    Optional<String> token =
        r.status() == RightsRequestStatus.AWAITING_VERIFICATION
            ? requests.issueVerificationToken(reference)
            : Optional.empty();
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(from(property));
    message.setTo(r.requesterAddress());
    message.setSubject("Your privacy request " + r.reference());
    message.setText(text(property, r, token));
    sender.send(message);
    requests.markAcknowledged(reference);
    return true;
  }

  private String text(ServedProperty property, RightsRequest r, Optional<String> token) {
    StringBuilder t = new StringBuilder();
    t.append("Hello,\n\nWe have received your ")
        .append(RightsRequestDescriptions.describe(r.kind()))
        .append(" for ")
        .append(property.name())
        .append(". Its reference is ")
        .append(r.reference())
        .append(".\n\n");
    if (r.dueAt() != null) {
      t.append("We will answer by ")
          .append(DUE.format(r.dueAt().atZone(requests.zone())))
          .append(".\n\n");
    }
    token.ifPresent(
        tok ->
            t.append(
                    "To confirm that this request comes from you, open this link within 48 hours:\n\n")
                .append(verificationLink(property, tok))
                .append("\n\n")
                .append(codeLine(tok))
                .append(
                    "Nothing is done before you confirm. If you did not send this request,"
                        + " ignore this message.\n\n"));
    t.append("Please quote ")
        .append(r.reference())
        .append(" if you write to us about this request.\n\n")
        .append(property.name())
        .append('\n');
    return t.toString();
  }

  /** The property's page that consumes the token, on its own domain when it has one. */
  String verificationLink(ServedProperty property, String token) {
    return tokenLink(property, VerificationController.PATH, token);
  }

  /**
   * A single-use link: the token rides in the fragment ({@code #t=}), which a browser never sends —
   * so it reaches no access log, no proxy and no {@code Referer}. The page's script reads it into
   * its form, and only the form's POST spends it.
   */
  String tokenLink(ServedProperty property, String path, String token) {
    return publicLink(property, path + "#t=" + token);
  }

  /** For a reader whose browser runs no script: the page then asks for the code itself. */
  static String codeLine(String token) {
    return "If the page asks for a code, enter:\n\n" + token + "\n\n";
  }

  /** A page of the property, on its own domain when it has one. */
  String publicLink(ServedProperty property, String path) {
    if (!publicBaseUrl.isEmpty()) {
      return publicBaseUrl + property.pathPrefix() + path;
    }
    if (!property.domains().isEmpty()) {
      return "https://" + property.domains().get(0) + path;
    }
    return "http://localhost:8080" + property.pathPrefix() + path;
  }

  static String from(ServedProperty property) {
    var policy = property.policy();
    return policy.contacts().stream()
        .filter(c -> c.role() == Contact.Role.PRIVACY && c.email() != null)
        .map(Contact::email)
        .findFirst()
        .or(() -> policy.contacts().stream().map(Contact::email).filter(e -> e != null).findFirst())
        .orElse(policy.controller().email());
  }
}
