package dev.pledge.server.devapi;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContext;

/**
 * For tests outside the API's package: one key per scope of an account, as its owner makes them.
 */
public final class ApiTestKeys {

  private ApiTestKeys() {}

  /** Scope name (lower case) → a key's secret carrying only that scope. */
  public static Map<String, String> onePerScope(ApplicationContext context, String account) {
    ApiKeys keys = context.getBean(ApiKeys.class);
    Map<String, String> out = new LinkedHashMap<>();
    for (ApiKeys.Scope scope : ApiKeys.Scope.values()) {
      String name = scope.name().toLowerCase(java.util.Locale.ROOT);
      out.put(name, keys.create(account, null, "matrix-" + name, EnumSet.of(scope), null).secret());
    }
    return out;
  }

  /** The id of a new read key of the account's (one to revoke: its secret is not kept). */
  public static String spareKeyId(ApplicationContext context, String account) {
    return context
        .getBean(ApiKeys.class)
        .create(account, null, "matrix-spare", EnumSet.of(ApiKeys.Scope.READ), null)
        .key()
        .id();
  }

  /**
   * A webhook endpoint of the account's, as {@code POST /api/v1/webhooks} stores one, with one
   * failed delivery, {@code "msg_" + id without dashes}; its id. Its address is under the reserved
   * .invalid domain: a replayed delivery fails and reaches nobody.
   */
  public static String webhook(ApplicationContext context, String account) {
    String id = java.util.UUID.randomUUID().toString();
    java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
    var jdbc = context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
    jdbc.sql(
            """
            insert into api_webhook (webhook_id, account_id, url, events, secret, created_at)
            values (:id, :a, 'https://hooks.invalid/matrix', 'job.succeeded', :s, :now)
            """)
        .param("id", id)
        .param("a", account)
        .param("s", context.getBean(WebhookSecrets.class).seal(id, WebhookSecrets.fresh()))
        .param("now", now)
        .update();
    jdbc.sql(
            """
            insert into api_webhook_delivery (delivery_id, webhook_id, account_id, event, payload,
              state, attempts, last_status, created_at)
            values (:d, :w, :a, 'job.succeeded', '{}', 'failed', 1, 500, :now)
            """)
        .param("d", "msg_" + id.replace("-", ""))
        .param("w", id)
        .param("a", account)
        .param("now", now)
        .update();
    return id;
  }
}
