package dev.pledge.server.support;

import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.SubjectExport;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.shared.PropertyId;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The support tickets as one store (user.communications.support): a ticket and its thread expire
 * together 5 years after its last message (B-21) — {@code last_message_at} is the anchor, the
 * messages and request links go by cascade — and are erased with the person. The access export
 * hands over each ticket with its whole thread, which a plain table store could not: the messages
 * have no account column of their own.
 */
final class TicketStore implements RetentionStore, SubjectErasure, SubjectExport {

  private final TableRetentionStore tickets;
  private final JdbcClient jdbc;

  TicketStore(JdbcClient jdbc, TransactionTemplate tx, PropertyId property, String category) {
    this.jdbc = jdbc;
    this.tickets =
        TableRetentionStore.builder(jdbc, tx)
            .name("support.tickets")
            .holds(property, category)
            .table("support_ticket", "last_message_at")
            .propertyColumn("property_id")
            .subjectColumn("account_id")
            .alsoCovers("support_message", "support_ticket_request")
            .build();
  }

  @Override
  public String name() {
    return tickets.name();
  }

  @Override
  public PropertyId property() {
    return tickets.property();
  }

  @Override
  public String category() {
    return tickets.category();
  }

  @Override
  public String description() {
    return "tables support_ticket with its support_message thread (anchor last_message_at)";
  }

  @Override
  public Set<String> tables() {
    return tickets.tables();
  }

  @Override
  public StoreContents inspect(RetentionRule rule) {
    return tickets.inspect(rule);
  }

  @Override
  public void expire(RetentionRule rule, ExpiryJournal journal) {
    tickets.expire(rule, journal);
  }

  @Override
  public long count(String subjectId) {
    return tickets.count(subjectId);
  }

  @Override
  public ErasureResult erase(
      String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal) {
    return tickets.erase(subjectId, pseudonym, rule, journal);
  }

  /** Each ticket, with its messages and the rights requests it became. */
  @Override
  public long export(String subjectId, Consumer<Map<String, Object>> items) {
    List<Map<String, Object>> rows =
        jdbc.sql(
                """
                select ticket_id, subject, category, status, created_at, last_message_at, closed_at
                from support_ticket where account_id = :account and property_id = :property
                order by created_at, ticket_id
                """)
            .param("account", subjectId)
            .param("property", property().value())
            .query(
                (rs, i) -> {
                  Map<String, Object> item = new LinkedHashMap<>();
                  item.put("ticket", rs.getString("ticket_id"));
                  item.put("subject", rs.getString("subject"));
                  item.put("category", rs.getString("category"));
                  item.put("status", rs.getString("status"));
                  item.put("opened_at", iso(rs.getTimestamp("created_at")));
                  item.put("last_message_at", iso(rs.getTimestamp("last_message_at")));
                  item.put("closed_at", iso(rs.getTimestamp("closed_at")));
                  return item;
                })
            .list();
    for (Map<String, Object> item : rows) {
      String id = (String) item.get("ticket");
      item.put(
          "messages",
          jdbc.sql(
                  """
                  select author, via, body, created_at from support_message
                  where ticket_id = :id order by created_at, id
                  """)
              .param("id", id)
              .query(
                  (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("from", rs.getString("author"));
                    m.put("via", rs.getString("via"));
                    m.put("at", iso(rs.getTimestamp("created_at")));
                    m.put("text", rs.getString("body"));
                    return m;
                  })
              .list());
      item.put(
          "rights_requests",
          jdbc.sql(
                  "select reference from support_ticket_request where ticket_id = :id order by"
                      + " created_at")
              .param("id", id)
              .query(String.class)
              .list());
      items.accept(item);
    }
    return rows.size();
  }

  private static String iso(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }
}
