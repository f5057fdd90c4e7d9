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

  /** The request attribute where an endpoint notes the credits the request used. */
  static final String CREDITS = ApiUsage.class.getName() + ".credits";

  void record(
      ApiKeys.ApiKey key, String method, String route, int status, long millis, int credits) {
    jdbc.sql(
            """
            insert into api_request (account_id, key_id, method, route, status, duration_ms,
              credits, created_at)
            values (:a, :k, :m, :r, :s, :d, :c, :at)
            """)
        .param("a", key.account())
        .param("k", key.id())
        .param("m", method)
        .param("r", route)
        .param("s", status)
        .param("d", (int) Math.min(Integer.MAX_VALUE, millis))
        .param("c", credits)
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

  /** One key's day: requests, accepted edits, credits they used, and answers refused by a limit. */
  record KeyDay(
      String keyId,
      java.time.LocalDate day,
      long requests,
      long edits,
      long credits,
      long rateLimited) {}

  /** The account's usage per key and UTC day since {@code from}, newest day first. */
  List<KeyDay> daily(String account, Instant from) {
    return jdbc.sql(
            """
            select key_id, (created_at at time zone 'UTC')::date as day, count(*) as requests,
              count(*) filter (where method = 'POST' and route = :edits and status = 202)
                as edits,
              coalesce(sum(credits), 0) as credits,
              count(*) filter (where status = 429) as limited
            from api_request where account_id = :a and created_at >= :from
            group by key_id, day order by day desc, key_id
            """)
        .param("a", account)
        .param("edits", EDITS_ROUTE)
        .param("from", Timestamp.from(from))
        .query(
            (rs, i) ->
                new KeyDay(
                    rs.getString("key_id"),
                    rs.getDate("day").toLocalDate(),
                    rs.getLong("requests"),
                    rs.getLong("edits"),
                    rs.getLong("credits"),
                    rs.getLong("limited")))
        .list();
  }

  static final String EDITS_ROUTE = "/api/v1/edits";

  /** All accounts together, one route's day: what operating the API needs, nobody's in it. */
  record RouteDay(
      java.time.LocalDate day,
      String method,
      String route,
      long requests,
      long errors,
      long rateLimited,
      double p95Ms) {}

  /** Every account's requests per UTC day and route since {@code from} (operations, B-03). */
  List<RouteDay> operations(Instant from) {
    return jdbc.sql(
            """
            select (created_at at time zone 'UTC')::date as day, method, route, count(*) as requests,
              count(*) filter (where status >= 400) as errors,
              count(*) filter (where status = 429) as limited,
              percentile_cont(0.95) within group (order by duration_ms) as p95
            from api_request where created_at >= :from
            group by day, method, route order by day desc, requests desc, route, method
            """)
        .param("from", Timestamp.from(from))
        .query(
            (rs, i) ->
                new RouteDay(
                    rs.getDate("day").toLocalDate(),
                    rs.getString("method"),
                    rs.getString("route"),
                    rs.getLong("requests"),
                    rs.getLong("errors"),
                    rs.getLong("limited"),
                    rs.getDouble("p95")))
        .list();
  }

  /** Requests per route of the accounts that let their API usage feed product analytics. */
  record SharedRoute(String method, String route, long requests, long accounts) {}

  /**
   * Product analytics (B-28): only accounts whose "API data sharing" is on are counted; everyone
   * else's usage serves them and the running of the API, nothing more.
   */
  List<SharedRoute> shared(Instant from) {
    return jdbc.sql(
            """
            select r.method, r.route, count(*) as requests, count(distinct r.account_id) as accounts
            from api_request r join api_setting s on s.account_id = r.account_id
            where s.share_usage and r.created_at >= :from
            group by r.method, r.route order by requests desc, r.route, r.method
            """)
        .param("from", Timestamp.from(from))
        .query(
            (rs, i) ->
                new SharedRoute(
                    rs.getString("method"),
                    rs.getString("route"),
                    rs.getLong("requests"),
                    rs.getLong("accounts")))
        .list();
  }
}
