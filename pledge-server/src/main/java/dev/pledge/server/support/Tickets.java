package dev.pledge.server.support;

import dev.pledge.server.studio.Studio;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The studio's support tickets and their threads ({@code support_ticket}, {@code support_message}).
 * Every read a person makes goes through {@link #owned}, scoped by their account (B-14); the
 * console reads through {@link #byId}. Each message moves {@code last_message_at}, the anchor the
 * policy's 5 years are counted from (B-21).
 */
@Service
class Tickets {

  /** Crockford's base 32: no I, L, O or U, so a reference read aloud or retyped stays right. */
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private static final String COLUMNS =
      "ticket_id, account_id, subject, category, status, reply_key, created_at, last_message_at,"
          + " closed_at";

  private final SecureRandom random = new SecureRandom();
  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  Tickets(Studio studio, JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /** Opens a ticket with its first message; returns it. */
  Ticket open(String accountId, String subject, String category, String body, String via) {
    return tx.execute(
        t -> {
          Instant now = clock.instant();
          for (int attempt = 0; ; attempt++) {
            String id = "T-" + random(8);
            int inserted =
                jdbc.sql(
                        """
                        insert into support_ticket (ticket_id, property_id, account_id, subject,
                          category, status, reply_key, created_at, last_message_at)
                        values (:id, :property, :account, :subject, :category, 'open', :key,
                          :now, :now)
                        on conflict do nothing
                        """)
                    .param("id", id)
                    .param("property", studio.id())
                    .param("account", accountId)
                    .param("subject", subject)
                    .param("category", category)
                    .param("key", random(12))
                    .param("now", Timestamp.from(now))
                    .update();
            if (inserted == 1) {
              insertMessage(id, false, null, via, body, now);
              return byId(id).orElseThrow();
            }
            if (attempt >= 5) {
              throw new IllegalStateException("could not draw a free ticket reference");
            }
          }
        });
  }

  /** The ticket {@code ticketId} when it is {@code accountId}'s; empty for anyone else's (B-14). */
  Optional<Ticket> owned(String accountId, String ticketId) {
    if (ticketId == null || ticketId.length() > 20) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from support_ticket where ticket_id = :id and account_id = :account"
                + " and property_id = :property")
        .param("id", ticketId)
        .param("account", accountId)
        .param("property", studio.id())
        .query(Tickets::map)
        .optional();
  }

  /** Any ticket of the studio, for the console. */
  Optional<Ticket> byId(String ticketId) {
    if (ticketId == null || ticketId.length() > 20) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from support_ticket where ticket_id = :id and property_id = :property")
        .param("id", ticketId)
        .param("property", studio.id())
        .query(Tickets::map)
        .optional();
  }

  /** The ticket whose e-mails carry {@code replyKey}. */
  Optional<Ticket> byReplyKey(String replyKey) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from support_ticket where reply_key = :key and property_id = :property")
        .param("key", replyKey)
        .param("property", studio.id())
        .query(Tickets::map)
        .optional();
  }

  /** The account's tickets, latest message first. */
  List<Ticket> ofAccount(String accountId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from support_ticket where account_id = :account and property_id = :property"
                + " order by last_message_at desc, ticket_id limit 500")
        .param("account", accountId)
        .param("property", studio.id())
        .query(Tickets::map)
        .list();
  }

  /** How many tickets the account opened since {@code since}: the daily limit's count. */
  int openedSince(String accountId, Instant since) {
    return jdbc.sql(
            "select count(*) from support_ticket where account_id = :account and created_at >="
                + " :since")
        .param("account", accountId)
        .param("since", Timestamp.from(since))
        .query(Integer.class)
        .single();
  }

  /**
   * The console's queue: tickets in {@code statuses} (all when empty), of {@code category} (any
   * when null), whose reference starts with {@code reference} (any when null), the longest waiting
   * first among open ones, then by latest message.
   */
  List<Ticket> queue(List<TicketStatus> statuses, String category, String reference, int limit) {
    StringBuilder where = new StringBuilder("property_id = :property");
    List<String> keys = statuses.stream().map(TicketStatus::key).toList();
    if (!keys.isEmpty()) {
      where.append(" and status in (:statuses)");
    }
    if (category != null) {
      where.append(" and category = :category");
    }
    if (reference != null) {
      where.append(" and ticket_id like :reference");
    }
    var spec =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from support_ticket where "
                    + where
                    + " order by (status = 'open') desc, case when status = 'open' then"
                    + " last_message_at end asc, last_message_at desc limit :limit")
            .param("property", studio.id())
            .param("limit", limit);
    if (!keys.isEmpty()) {
      spec = spec.param("statuses", keys);
    }
    if (category != null) {
      spec = spec.param("category", category);
    }
    if (reference != null) {
      spec = spec.param("reference", reference.replace("%", "").replace("_", "") + "%");
    }
    return spec.query(Tickets::map).list();
  }

  /** The thread, oldest first. */
  List<TicketMessage> messages(String ticketId) {
    return jdbc.sql(
            """
            select author, operator, via, body, created_at from support_message
            where ticket_id = :id order by created_at, id
            """)
        .param("id", ticketId)
        .query(
            (rs, i) ->
                new TicketMessage(
                    "support".equals(rs.getString("author")),
                    rs.getString("operator"),
                    rs.getString("via"),
                    rs.getString("body"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  /**
   * The person wrote again (in the studio or by e-mail): the message joins the thread and the
   * ticket is open again — support's turn — even if it was closed.
   */
  void addFromPerson(String ticketId, String body, String via) {
    tx.executeWithoutResult(
        t -> {
          Instant now = clock.instant();
          insertMessage(ticketId, false, null, via, body, now);
          jdbc.sql(
                  """
                  update support_ticket set status = 'open', last_message_at = :now,
                    closed_at = null
                  where ticket_id = :id
                  """)
              .param("id", ticketId)
              .param("now", Timestamp.from(now))
              .update();
        });
  }

  /** Support answered: the thread grows and the ticket takes the status support chose. */
  void addFromSupport(String ticketId, String operator, String body, TicketStatus after) {
    if (after == TicketStatus.OPEN) {
      throw new IllegalArgumentException("after an answer a ticket is answered, waiting or closed");
    }
    Instant now = clock.instant();
    insertMessage(ticketId, true, operator, "console", body, now);
    jdbc.sql(
            """
            update support_ticket set status = :status, last_message_at = :now,
              closed_at = :closed
            where ticket_id = :id
            """)
        .param("id", ticketId)
        .param("status", after.key())
        .param("now", Timestamp.from(now))
        .param("closed", after == TicketStatus.CLOSED ? Timestamp.from(now) : null)
        .update();
  }

  /** Closes the ticket; closing does not move its retention anchor (no message was written). */
  void close(String ticketId) {
    jdbc.sql(
            """
            update support_ticket set status = 'closed', closed_at = :now
            where ticket_id = :id and status <> 'closed'
            """)
        .param("id", ticketId)
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  /** Opens a closed ticket again: support's turn. */
  void reopen(String ticketId) {
    jdbc.sql(
            """
            update support_ticket set status = 'open', closed_at = null
            where ticket_id = :id and status = 'closed'
            """)
        .param("id", ticketId)
        .update();
  }

  /** Records that the ticket became the rights request {@code reference} (B-29). */
  void linkRequest(String ticketId, String reference) {
    jdbc.sql(
            """
            insert into support_ticket_request (ticket_id, reference, created_at)
            values (:id, :reference, :now) on conflict do nothing
            """)
        .param("id", ticketId)
        .param("reference", reference)
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  /** The rights requests the ticket became, oldest first. */
  List<String> requests(String ticketId) {
    return jdbc.sql(
            "select reference from support_ticket_request where ticket_id = :id order by"
                + " created_at, reference")
        .param("id", ticketId)
        .query(String.class)
        .list();
  }

  /** Tickets waiting for support, by how long they have waited. */
  long openCount() {
    return jdbc.sql(
            "select count(*) from support_ticket where property_id = :property and status ="
                + " 'open'")
        .param("property", studio.id())
        .query(Long.class)
        .single();
  }

  /** The daily limit's window. */
  static final Duration DAY = Duration.ofHours(24);

  private void insertMessage(
      String ticketId, boolean support, String operator, String via, String body, Instant at) {
    jdbc.sql(
            """
            insert into support_message (ticket_id, author, operator, via, body, created_at)
            values (:id, :author, :operator, :via, :body, :at)
            """)
        .param("id", ticketId)
        .param("author", support ? "support" : "person")
        .param("operator", operator)
        .param("via", via)
        .param("body", body)
        .param("at", Timestamp.from(at))
        .update();
  }

  /** {@code n} random characters of {@link #ALPHABET}, a dash after every four. */
  private String random(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0 && i % 4 == 0) {
        s.append('-');
      }
      s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return s.toString();
  }

  private static Ticket map(ResultSet rs, int i) throws SQLException {
    Timestamp closed = rs.getTimestamp("closed_at");
    return new Ticket(
        rs.getString("ticket_id"),
        rs.getString("account_id"),
        rs.getString("subject"),
        rs.getString("category"),
        TicketStatus.of(rs.getString("status")).orElseThrow(),
        rs.getString("reply_key"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("last_message_at").toInstant(),
        closed == null ? null : closed.toInstant());
  }
}
