package dev.pledge.server.devapi;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The account's "API data sharing" choice (B-28): whether its API usage may feed product analytics.
 * Off until the person turns it on; the developer's own usage page and the operator's figures do
 * not depend on it.
 */
@Component
class ApiSettings {

  private final JdbcClient jdbc;
  private final Clock clock;

  ApiSettings(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  boolean sharesUsage(String account) {
    return jdbc.sql("select share_usage from api_setting where account_id = :a")
        .param("a", account)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  void setSharesUsage(String account, boolean share) {
    jdbc.sql(
            """
            insert into api_setting (account_id, share_usage, updated_at) values (:a, :s, :now)
            on conflict (account_id) do update set share_usage = :s, updated_at = :now
            """)
        .param("a", account)
        .param("s", share)
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }
}
