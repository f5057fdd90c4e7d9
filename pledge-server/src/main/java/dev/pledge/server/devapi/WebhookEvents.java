package dev.pledge.server.devapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Events for webhooks: each becomes one pending delivery per endpoint of the account that chose it;
 * {@link WebhookDeliveries} sends them.
 */
@Component
class WebhookEvents {

  static final List<String> EVENTS =
      List.of("job.succeeded", "job.failed", "image.deleted", "credits.low");

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final Clock clock;
  private final ApiAccounts accounts;

  WebhookEvents(JdbcClient jdbc, ObjectMapper json, Clock clock, ApiAccounts accounts) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.accounts = accounts;
  }

  void imageDeleted(String account, String imageId) {
    publish(account, "image.deleted", Map.of("image", imageId));
  }

  /** Queues {@code event} with {@code data} for the account's endpoints that chose it. */
  void publish(String account, String event, Map<String, Object> data) {
    List<String> endpoints =
        jdbc.sql(
                "select webhook_id from api_webhook where account_id = :a and disabled_at is null"
                    + " and (',' || events || ',') like :e")
            .param("a", account)
            .param("e", "%," + event + ",%")
            .query(String.class)
            .list();
    if (endpoints.isEmpty() || !accounts.inUse(account)) {
      return; // nobody listens, or the account is deleted or erased: it speaks no more
    }
    Instant now = clock.instant();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", event);
    payload.put("timestamp", now.toString());
    payload.put("data", data);
    String body;
    try {
      body = json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    for (String endpoint : endpoints) {
      jdbc.sql(
              """
              insert into api_webhook_delivery (delivery_id, webhook_id, account_id, event,
                payload, state, next_at, created_at)
              values (:id, :w, :a, :e, :p, 'pending', :now, :now)
              """)
          .param("id", "msg_" + UUID.randomUUID().toString().replace("-", ""))
          .param("w", endpoint)
          .param("a", account)
          .param("e", event)
          .param("p", body)
          .param("now", Timestamp.from(now))
          .update();
    }
  }
}
