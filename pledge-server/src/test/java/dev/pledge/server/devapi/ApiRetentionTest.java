package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The API's short-lived and performance data kept as the policy says (B-03): idempotent answers a
 * day ({@code user.api.replays}), the per-request records 90 days and then summed up per day and
 * route ({@code system.performance}, aggregate-then-delete), by the engine's hourly sweep.
 */
@WithRunningServer
class ApiRetentionTest {

  @Autowired JdbcClient jdbc;
  @Autowired RetentionEngine engine;

  List<RetentionBinding> binding(String store) {
    List<RetentionBinding> found =
        engine.bindings().stream().filter(b -> b.store().name().equals(store)).toList();
    assertThat(found).as(store + " is bound to the policy").hasSize(1);
    return found;
  }

  @Test
  @DisplayName("B-03 idempotent answers go after the policy's day")
  void idempotentAnswersExpire() {
    String account = ApiClient.account(jdbc, "Ivo");
    insertAnswer(account, "old", Instant.now().minus(Duration.ofHours(30)));
    insertAnswer(account, "new", Instant.now().minus(Duration.ofHours(2)));
    engine.sweep(binding("devapi.idempotent-answers"), "test", Instant.now());
    assertThat(
            jdbc.sql("select idem_key from api_idempotency where account_id = :a")
                .param("a", account)
                .query(String.class)
                .list())
        .containsExactly("new");
  }

  @Test
  @DisplayName("B-03 request records past 90 days are summed up per day and route, then deleted")
  void requestsAggregatedThenDeleted() {
    String account = ApiClient.account(jdbc, "Juno");
    String route = "/api/v1/test-" + UUID.randomUUID();
    Instant old =
        LocalDate.now(ZoneOffset.UTC).minusDays(120).atTime(10, 0).toInstant(ZoneOffset.UTC);
    request(account, route, 200, 10, old);
    request(account, route, 200, 30, old.plusSeconds(60));
    request(account, route, 429, 1, old.plusSeconds(120));
    request(account, route, 200, 5, Instant.now().minus(Duration.ofDays(1)));

    engine.sweep(binding("devapi.requests"), "test", Instant.now());
    assertThat(rows(route)).as("the recent row stays").isEqualTo(1);
    Map<String, Object> day = daily(route);
    assertThat(day.get("day").toString())
        .isEqualTo(LocalDate.ofInstant(old, ZoneOffset.UTC).toString());
    assertThat(((Number) day.get("requests")).longValue()).isEqualTo(3);
    assertThat(((Number) day.get("errors")).longValue()).isEqualTo(1);
    assertThat(((Number) day.get("rate_limited")).longValue()).isEqualTo(1);
    assertThat(((Number) day.get("p50_ms")).doubleValue()).isEqualTo(10.0);
    assertThat(day).doesNotContainKeys("account_id", "key_id");

    engine.sweep(binding("devapi.requests"), "test", Instant.now());
    assertThat(((Number) daily(route).get("requests")).longValue()).as("counted once").isEqualTo(3);
  }

  long rows(String route) {
    return jdbc.sql("select count(*) from api_request where route = :r")
        .param("r", route)
        .query(Long.class)
        .single();
  }

  Map<String, Object> daily(String route) {
    return jdbc.sql("select * from api_request_daily where route = :r")
        .param("r", route)
        .query()
        .singleRow();
  }

  void request(String account, String route, int status, int ms, Instant at) {
    jdbc.sql(
            """
            insert into api_request (account_id, key_id, method, route, status, duration_ms,
              created_at) values (:a, 'k', 'GET', :r, :s, :d, :at)
            """)
        .param("a", account)
        .param("r", route)
        .param("s", status)
        .param("d", ms)
        .param("at", Timestamp.from(at))
        .update();
  }

  void insertAnswer(String account, String key, Instant at) {
    jdbc.sql(
            """
            insert into api_idempotency (account_id, idem_key, fingerprint, status, created_at)
            values (:a, :k, 'f', 201, :at)
            """)
        .param("a", account)
        .param("k", key)
        .param("at", Timestamp.from(at))
        .update();
  }
}
