package dev.pledge.server.analytics;

import dev.pledge.server.retention.DeclaredTables;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The analytics tables that hold no personal data: aggregates and bookkeeping. */
@Component
class AnalyticsTables implements DeclaredTables {

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.ofEntries(
        Map.entry("analytics_salt", "the visitor hash's daily keys, destroyed after 48 hours"),
        Map.entry("analytics_daily_total", "anonymous daily aggregates"),
        Map.entry("analytics_daily_page", "anonymous daily aggregates per page"),
        Map.entry(
            "analytics_daily_dimension", "anonymous daily aggregates per source, browser, ..."),
        Map.entry("analytics_monthly_page", "anonymous monthly aggregates per page"),
        Map.entry(
            "analytics_monthly_dimension", "anonymous monthly aggregates per source, browser, ..."),
        Map.entry("analytics_rollup", "which days are rolled up, and from how many events"),
        Map.entry("analytics_dirty", "which days need a new roll-up"),
        Map.entry("analytics_daily_event", "anonymous daily counts per custom event"),
        Map.entry(
            "analytics_daily_event_prop",
            "anonymous daily counts per custom event property value, scrubbed at the door"),
        Map.entry("analytics_daily_page_goal", "anonymous daily conversions per page goal"),
        Map.entry("analytics_goal", "the goals the operator set in the console"));
  }
}
