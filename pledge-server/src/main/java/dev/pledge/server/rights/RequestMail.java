package dev.pledge.server.rights;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The e-mails to a request's requester — the acknowledgement, then each notice — and whether each
 * went out, is waiting for another attempt, or failed for good: what the console shows on the
 * request's page, so an address that cannot be reached is seen rather than retried unseen.
 */
@Component
public class RequestMail {

  /** One e-mail's delivery. */
  public enum State {
    SENT,
    QUEUED,
    RETRYING,
    FAILED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param what {@code acknowledgement}, or the notice's kind ({@code extension}, {@code
   *     export-link} …)
   * @param state where it stands
   * @param at sent, failed, or next attempt; null while queued
   * @param attempts failed attempts so far
   * @param problem the last failure in words (never the server's own text), or null
   */
  public record Delivery(String what, State state, Instant at, int attempts, String problem) {}

  private final JdbcClient jdbc;

  RequestMail(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The request's e-mails in the order they were queued; empty for an unknown reference. */
  public List<Delivery> of(String reference) {
    List<Delivery> out = new ArrayList<>();
    jdbc.sql(
            """
            select acknowledged_at, ack_attempts, ack_next_attempt_at, ack_failed_at, ack_error
            from rights_request where reference = :r and requester_address is not null
            """)
        .param("r", reference)
        .query(
            (rs, i) ->
                delivery(
                    "acknowledgement",
                    rs,
                    "acknowledged_at",
                    "ack_failed_at",
                    "ack_next_attempt_at",
                    "ack_attempts",
                    "ack_error"))
        .list()
        .forEach(out::add);
    jdbc.sql(
            """
            select n.kind, n.sent_at, n.attempts, n.next_attempt_at, n.failed_at, n.last_error
            from rights_notice n join rights_request r on r.id = n.request_id
            where r.reference = :r order by n.id
            """)
        .param("r", reference)
        .query(
            (rs, i) ->
                delivery(
                    rs.getString("kind"),
                    rs,
                    "sent_at",
                    "failed_at",
                    "next_attempt_at",
                    "attempts",
                    "last_error"))
        .list()
        .forEach(out::add);
    return out;
  }

  private static Delivery delivery(
      String what,
      ResultSet rs,
      String sentColumn,
      String failedColumn,
      String nextColumn,
      String attemptsColumn,
      String errorColumn)
      throws SQLException {
    Instant sent = instant(rs.getTimestamp(sentColumn));
    Instant failed = instant(rs.getTimestamp(failedColumn));
    int attempts = rs.getInt(attemptsColumn);
    String error = rs.getString(errorColumn);
    String problem = error == null ? null : MailFailure.explain(error) + " (" + error + ")";
    if (sent != null) {
      return new Delivery(what, State.SENT, sent, attempts, null);
    }
    if (failed != null) {
      return new Delivery(what, State.FAILED, failed, attempts, problem);
    }
    if (attempts > 0) {
      return new Delivery(
          what, State.RETRYING, instant(rs.getTimestamp(nextColumn)), attempts, problem);
    }
    return new Delivery(what, State.QUEUED, null, 0, null);
  }

  private static Instant instant(Timestamp t) {
    // 'infinity' arrives as a far-future timestamp; it means "never", shown as no date
    return t == null || t.getTime() > 32503680000000L ? null : t.toInstant();
  }
}
