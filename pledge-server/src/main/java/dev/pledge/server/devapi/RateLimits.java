package dev.pledge.server.devapi;

import dev.pledge.server.billing.Plan;
import dev.pledge.server.billing.Plans;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Requests per minute per plan (B-07), counted in PostgreSQL so every server instance shares them:
 * a fixed one-minute window per key and per account, each one row upserted per request. A key has
 * the plan's whole allowance; the account's bucket caps all its keys together.
 */
@Component
class RateLimits {

  static final int WINDOW_SECONDS = 60;

  private final JdbcClient jdbc;
  private final Plans plans;
  private final Clock clock;
  private final boolean enforce;

  RateLimits(
      JdbcClient jdbc,
      Plans plans,
      Clock clock,
      @org.springframework.beans.factory.annotation.Value("${pledge.api.enforce-rate-limits:true}")
          boolean enforce) {
    this.jdbc = jdbc;
    this.plans = plans;
    this.clock = clock;
    this.enforce = enforce;
  }

  /** One request counted: the limit, what remains, seconds to the window's end, and whether in. */
  record Outcome(int limit, int remaining, long resetSeconds, boolean allowed) {

    /** RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers): the quota and its window. */
    String policyHeader() {
      return "\"per-minute\";q=" + limit + ";w=" + WINDOW_SECONDS;
    }

    /** RateLimit: what remains of the quota and when the window resets. */
    String header() {
      return "\"per-minute\";r=" + remaining + ";t=" + resetSeconds;
    }
  }

  Outcome hit(ApiKeys.ApiKey key) {
    Plan plan = plans.of(key.account());
    int limit = Math.max(1, plan.apiRequestsPerMinute());
    Instant now = clock.instant();
    long epoch = now.getEpochSecond();
    Instant window = Instant.ofEpochSecond(epoch - Math.floorMod(epoch, WINDOW_SECONDS));
    long reset = Math.max(1, window.getEpochSecond() + WINDOW_SECONDS - epoch);
    int byKey = count("key:" + key.id(), window);
    int byAccount = count("account:" + key.account(), window);
    int used = Math.max(byKey, byAccount);
    if (Math.floorMod(epoch, 7) == 0 && byKey == 1) {
      // Now and then, the windows long past go; nothing reads them.
      jdbc.sql("delete from api_rate_window where window_start < :w")
          .param("w", Timestamp.from(window.minusSeconds(WINDOW_SECONDS)))
          .update();
    }
    // Not enforcing (benchmarks only): counted and reported all the same, so the cost is measured.
    return new Outcome(limit, Math.max(0, limit - used), reset, !enforce || used <= limit);
  }

  private int count(String bucket, Instant window) {
    return jdbc.sql(
            """
            insert into api_rate_window (bucket, window_start, hits) values (:b, :w, 1)
            on conflict (bucket, window_start) do update set hits = api_rate_window.hits + 1
            returning hits
            """)
        .param("b", bucket)
        .param("w", Timestamp.from(window))
        .query(Integer.class)
        .single();
  }

  /** Edit jobs that may be queued or running at once for the account. */
  int concurrentJobs(String account) {
    return Math.max(1, plans.of(account).maxConcurrentJobs());
  }

  /** Requests a minute the account's plan allows. */
  int perMinute(String account) {
    return Math.max(1, plans.of(account).apiRequestsPerMinute());
  }

  /** Whether limits answer 429 (always, except in a benchmark that measures their cost only). */
  boolean enforcing() {
    return enforce;
  }
}
