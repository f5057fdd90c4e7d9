package dev.pledge.server.analytics;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For tests outside this package: raw events stored for a chosen past day as the writer stores them
 * (already reduced), and that day rolled up as the rollup job would, so a test can read a closed
 * day it alone wrote — its rollups and its visits.
 */
public final class RawEvents {

  private final ApplicationContext context;
  private final String propertyId;
  private final LocalDate day;

  public RawEvents(ApplicationContext context, String propertyId, LocalDate day) {
    this.context = context;
    this.propertyId = propertyId;
    this.day = day;
    context.getBean(AnalyticsPartitions.class).ensure(propertyId, day, day);
  }

  /** One reduced event at {@code minute} past midnight of the day. */
  public RawEvents event(
      long visitor,
      int minute,
      String name,
      String path,
      String source,
      String channel,
      String browser,
      String device,
      String props) {
    context
        .getBean(JdbcClient.class)
        .sql(
            """
            insert into analytics_event (property_id, received_at, day, visitor_id, name, path,
              source, channel, browser, os, device, props)
            values (:p, :at, :day, :v, :name, :path, :source, :channel, :browser, 'Linux',
              :device, :props)
            """)
        .param("p", propertyId)
        .param("at", day.atStartOfDay().plusMinutes(minute).atOffset(ZoneOffset.UTC))
        .param("day", day)
        .param("v", visitor)
        .param("name", name)
        .param("path", path)
        .param("source", source)
        .param("channel", channel)
        .param("browser", browser)
        .param("device", device)
        .param("props", props)
        .update();
    return this;
  }

  /** Rolls the day up: its rollups, its visits, its custom events. */
  public void rollUp() {
    context.getBean(AnalyticsRollup.class).rollUp(propertyId, day);
  }
}
