package dev.pledge.server.devapi;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Usage and performance of the API (B-03): one row per request — key, route pattern (never the ids
 * or the query), status and latency — and the figures per key and endpoint built from them.
 */
@Component
class ApiUsage {

  private final JdbcClient jdbc;
  private final Clock clock;

  ApiUsage(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  void record(ApiKeys.ApiKey key, String method, String route, int status, long millis) {
    jdbc.sql(
            """
            insert into api_request (account_id, key_id, method, route, status, duration_ms,
              created_at)
            values (:a, :k, :m, :r, :s, :d, :at)
            """)
        .param("a", key.account())
        .param("k", key.id())
        .param("m", method)
        .param("r", route)
        .param("s", status)
        .param("d", (int) Math.min(Integer.MAX_VALUE, millis))
        .param("at", Timestamp.from(clock.instant()))
        .update();
  }

  /** Figures for one key and endpoint since a time. */
  @com.fasterxml.jackson.databind.annotation.JsonNaming(
      com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
  record EndpointUsage(
      String keyId,
      String method,
      String route,
      long requests,
      long errors,
      double p50Ms,
      double p95Ms,
      double p99Ms) {}

  List<EndpointUsage> since(String account, Instant from) {
    return jdbc.sql(
            """
            select key_id, method, route, count(*) as requests,
              count(*) filter (where status >= 400) as errors,
              percentile_cont(0.5) within group (order by duration_ms) as p50,
              percentile_cont(0.95) within group (order by duration_ms) as p95,
              percentile_cont(0.99) within group (order by duration_ms) as p99
            from api_request where account_id = :a and created_at >= :from
            group by key_id, method, route order by key_id, route, method
            """)
        .param("a", account)
        .param("from", Timestamp.from(from))
        .query(
            (rs, i) ->
                new EndpointUsage(
                    rs.getString("key_id"),
                    rs.getString("method"),
                    rs.getString("route"),
                    rs.getLong("requests"),
                    rs.getLong("errors"),
                    rs.getDouble("p50"),
                    rs.getDouble("p95"),
                    rs.getDouble("p99")))
        .list();
  }
}
