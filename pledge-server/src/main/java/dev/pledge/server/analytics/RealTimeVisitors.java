package dev.pledge.server.analytics;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * How many visitors are on the site right now: distinct visitor hashes among the raw events of the
 * last five minutes. Only today's and, just after midnight, yesterday's partition are read.
 */
@Service
public class RealTimeVisitors {

  /** What "right now" means. */
  public static final Duration WINDOW = Duration.ofMinutes(5);

  private final JdbcClient jdbc;
  private final Clock clock;

  RealTimeVisitors(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public long now(String propertyId) {
    Instant since = clock.instant().minus(WINDOW);
    return jdbc.sql(
            """
            select count(distinct visitor_id) from analytics_event
            where property_id = :p and day >= :day and received_at >= :since
            """)
        .param("p", propertyId)
        .param("day", UtcDays.of(since))
        .param("since", Timestamp.from(since))
        .query(Long.class)
        .single();
  }
}
