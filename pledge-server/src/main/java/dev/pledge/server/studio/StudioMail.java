package dev.pledge.server.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.processors.ProcessorGate;
import dev.pledge.server.processors.ProcessorRefused;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The studio's mail outbox ({@code studio_mail}), the shape of the rights requests' notices: a
 * message is queued in the transaction that decided it, so it goes out exactly when that commits;
 * it is sent right after the commit and, when the mail server is away, retried by a job after 1, 2,
 * 4… minutes (at most hourly). Once sent, its address and body are cleared (a body may carry a
 * single-use link); the row itself goes a week later. Logs name the kind and row id, never an
 * address.
 */
@Service
public class StudioMail implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(StudioMail.class);

  private static final Duration MAX_BACKOFF = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration KEEP_SENT = Duration.ofDays(7);

  /** A message that could not be sent for this long is given up: its address and body cleared. */
  static final Duration GIVE_UP = Duration.ofDays(3);

  private final ObjectProvider<JavaMailSender> mail;
  private final ObjectProvider<StudioMailGate> gates;
  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final ExecutorService afterCommit =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "studio-mail");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean warnedNoSmtp;
  private final ProcessorGate gate;
  private final String relay;

  /** What every e-mail hands the mail relay: the person's address. */
  static final String ADDRESSES = "user.account.identity";

  StudioMail(
      ObjectProvider<JavaMailSender> mail,
      ObjectProvider<StudioMailGate> gates,
      Studio studio,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      ProcessorGate gate,
      @Value("${pledge.studio.mail-relay-processor:}") String relay) {
    this.gate = gate;
    this.relay = relay.isBlank() ? null : relay.strip();
    if (this.relay != null) {
      gate.requireDeclared(
          "pledge.studio.mail-relay-processor", studio.id(), this.relay, List.of(ADDRESSES));
    }
    this.mail = mail;
    this.gates = gates;
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Queues {@code message} in the caller's transaction (or on its own when there is none); it is
   * sent once that commits.
   */
  public void queue(StudioMessage message) {
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into studio_mail (property_id, account_id, recipient, kind, subject, body,
              headers, created_at, next_attempt_at)
            values (:property, :account, :to, :kind, :subject, :body, :headers, :now, :now)
            """)
        .param("property", studio.id())
        .param("account", message.accountId())
        .param("to", message.to())
        .param("kind", message.kind())
        .param("subject", message.subject())
        .param("body", message.body())
        .param("headers", message.headers().isEmpty() ? null : json(message.headers()))
        .param("now", Timestamp.from(now))
        .update();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              sendSoon();
            }
          });
    } else {
      sendSoon();
    }
  }

  private void sendSoon() {
    try {
      afterCommit.execute(this::sendPendingQuietly);
    } catch (RuntimeException e) {
      // shutting down: the job sends it after the next start
    }
  }

  private void sendPendingQuietly() {
    try {
      sendPending();
    } catch (RuntimeException e) {
      log.warn("Studio mail not sent now ({}); the job tries again", e.getClass().getSimpleName());
    }
  }

  /** Sends every queued message that is due; returns how many went out. */
  public int sendPending() {
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      if (!warnedNoSmtp) {
        log.info("No SMTP server configured (spring.mail.host): studio e-mails stay queued");
        warnedNoSmtp = true;
      }
      return 0;
    }
    List<Long> due =
        jdbc.sql(
                """
                select id from studio_mail where sent_at is null and recipient is not null
                  and next_attempt_at <= :now
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
      } catch (MailException | ProcessorRefused e) {
        postpone(id, e.getClass().getSimpleName());
      }
    }
    return sent;
  }

  private record Pending(
      String kind,
      String accountId,
      String to,
      String subject,
      String body,
      Map<String, String> headers) {}

  private boolean send(JavaMailSender sender, long id) {
    // Claimed under a row lock, so two instances (or the job and the after-commit send) never
    // send one message twice.
    Optional<Pending> claimed =
        jdbc.sql(
                """
                select kind, account_id, recipient, subject, body, headers from studio_mail
                where id = :id and sent_at is null and recipient is not null
                for update skip locked
                """)
            .param("id", id)
            .query(
                (rs, i) ->
                    new Pending(
                        rs.getString("kind"),
                        rs.getString("account_id"),
                        rs.getString("recipient"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        headers(rs.getString("headers"))))
            .optional();
    if (claimed.isEmpty()) {
      return false;
    }
    Pending m = claimed.get();
    Optional<String> refused =
        gates
            .orderedStream()
            .map(g -> g.refuse(m.kind(), m.accountId()))
            .flatMap(Optional::stream)
            .findFirst();
    if (refused.isPresent()) {
      jdbc.sql(
              """
              update studio_mail set recipient = null, body = null, headers = null,
                last_error = 'withheld'
              where id = :id
              """)
          .param("id", id)
          .update();
      log.info("Studio mail {} #{} withheld: {}", m.kind(), id, refused.get());
      return false;
    }
    if (relay != null) {
      // The relay is a processor (B-25): the gate refuses it unless the policy declares it.
      gate.send(studio.id(), relay, ADDRESSES);
    }
    if (m.headers().isEmpty()) {
      SimpleMailMessage message = new SimpleMailMessage();
      message.setFrom(studio.mailFrom());
      message.setTo(m.to());
      message.setSubject(m.subject());
      message.setText(m.body());
      sender.send(message);
    } else {
      sender.send(withHeaders(sender, m));
    }
    jdbc.sql(
            """
            update studio_mail set sent_at = :now, recipient = null, body = null, headers = null,
              attempts = attempts + 1, last_error = null
            where id = :id
            """)
        .param("now", Timestamp.from(clock.instant()))
        .param("id", id)
        .update();
    log.info("Studio mail {} #{} sent", m.kind(), id);
    return true;
  }

  /** A MIME message, for one that carries header fields of its own. */
  private MimeMessage withHeaders(JavaMailSender sender, Pending m) {
    MimeMessage mime = sender.createMimeMessage();
    try {
      MimeMessageHelper helper = new MimeMessageHelper(mime, false, "UTF-8");
      helper.setFrom(studio.mailFrom());
      helper.setTo(m.to());
      helper.setSubject(m.subject());
      helper.setText(m.body());
      for (Map.Entry<String, String> h : m.headers().entrySet()) {
        mime.setHeader(h.getKey(), h.getValue());
      }
    } catch (MessagingException e) {
      throw new MailPreparationException("message could not be prepared", e);
    }
    return mime;
  }

  private static String json(Map<String, String> headers) {
    try {
      return JSON.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers not writable as JSON", e);
    }
  }

  private static Map<String, String> headers(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored headers are not JSON", e);
    }
  }

  private void postpone(long id, String error) {
    int attempts =
        jdbc.sql(
                """
                update studio_mail set attempts = attempts + 1, last_error = :error
                where id = :id returning attempts
                """)
            .param("error", error)
            .param("id", id)
            .query(Integer.class)
            .single();
    Duration wait = Duration.ofMinutes(1L << Math.min(attempts - 1, 6));
    if (wait.compareTo(MAX_BACKOFF) > 0) {
      wait = MAX_BACKOFF;
    }
    jdbc.sql("update studio_mail set next_attempt_at = :next where id = :id")
        .param("next", Timestamp.from(clock.instant().plus(wait)))
        .param("id", id)
        .update();
    log.warn("Studio mail #{} not sent ({}); trying again in {}", id, error, wait);
  }

  /**
   * Forgets what is done: sent rows after a week, and the address and body of a message that could
   * not be sent for three days (its links have expired by then). Returns the rows touched.
   */
  int tidy() {
    Instant now = clock.instant();
    int gaveUp =
        jdbc.sql(
                """
                update studio_mail set recipient = null, body = null, headers = null,
                  last_error = 'given-up'
                where sent_at is null and recipient is not null and created_at < :before
                """)
            .param("before", Timestamp.from(now.minus(GIVE_UP)))
            .update();
    if (gaveUp > 0) {
      log.warn("Gave up {} studio mail(s) that could not be sent for {}", gaveUp, GIVE_UP);
    }
    int deleted =
        jdbc.sql(
                """
                delete from studio_mail
                where (sent_at is not null and sent_at < :sent)
                   or (sent_at is null and recipient is null and created_at < :sent)
                """)
            .param("sent", Timestamp.from(now.minus(KEEP_SENT)))
            .update();
    return gaveUp + deleted;
  }

  @Override
  public void destroy() {
    afterCommit.shutdownNow();
  }
}
