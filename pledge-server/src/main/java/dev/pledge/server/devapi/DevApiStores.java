package dev.pledge.server.devapi;

import dev.pledge.server.accounts.AccountDataStore;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.studio.Studio;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The developer API's tables as the engine's stores: keys, webhooks, their deliveries, the sharing
 * choice and what webhooks still have to announce are {@code user.api.integration} (kept with the
 * account, erased and exported with it; key hashes and webhook secrets withheld from exports);
 * idempotent answers are {@code user.api.replays} (a day); the per-request records with their
 * latencies are {@code system.performance} (90 days, then summed up per day and route by {@link
 * RequestRecords}, erased with the account).
 */
@Component
class DevApiStores implements RetentionStores, DeclaredTables {

  static final String INTEGRATION = "user.api.integration";
  static final String PERFORMANCE = "system.performance";
  static final String REPLAYS = "user.api.replays";

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  DevApiStores(Studio studio, JdbcClient jdbc, TransactionTemplate tx) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> stores = new ArrayList<>();
    var property = studio.property().id();
    if (studio.policy().category(INTEGRATION).isPresent()) {
      stores.add(account("devapi.keys", "api_key", "secret_hash"));
      stores.add(account("devapi.webhooks", "api_webhook", "secret"));
      stores.add(account("devapi.webhook-deliveries", "api_webhook_delivery"));
      stores.add(account("devapi.settings", "api_setting"));
      stores.add(account("devapi.deleted-images", "api_image_deleted"));
      stores.add(account("devapi.credit-alerts", "api_credit_alert"));
    }
    if (studio.policy().category(REPLAYS).isPresent()) {
      // Replayed for 24 hours (Idempotency.KEPT); the policy's day, then the hourly sweep.
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("devapi.idempotent-answers")
              .holds(property, REPLAYS)
              .table("api_idempotency", "created_at")
              .subjectColumn("account_id")
              .build());
    }
    if (studio.policy().category(PERFORMANCE).isPresent()) {
      stores.add(
          new RequestRecords(
              TableRetentionStore.builder(jdbc, tx)
                  .name("devapi.requests")
                  .holds(property, PERFORMANCE)
                  .table("api_request", "created_at")
                  .subjectColumn("account_id")
                  .build(),
              jdbc,
              tx));
    }
    return stores;
  }

  private RetentionStore account(String name, String table, String... withheld) {
    return AccountDataStore.builder(jdbc, tx)
        .name(name)
        .holds(studio.property().id(), INTEGRATION)
        .table(table)
        .withheld(withheld)
        .build();
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "api_rate_window",
        "request counters of the current minute per key or account id, deleted within two"
            + " minutes; nothing about what was asked",
        "api_webhook_cursor",
        "the time up to which finished jobs were turned into webhook events; no person",
        "api_request_daily",
        "requests, errors and latency per day, method and route pattern (system.performance's"
            + " aggregates, kept permanently); no account, key or id");
  }
}
