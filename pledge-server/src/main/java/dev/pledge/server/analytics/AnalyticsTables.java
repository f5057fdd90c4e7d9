package dev.pledge.server.analytics;

import dev.pledge.server.retention.DeclaredTables;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The analytics tables that hold no personal data: aggregates and bookkeeping. */
@Component
class AnalyticsTables implements DeclaredTables {

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "analytics_salt", "the visitor hash's daily keys, destroyed after 48 hours",
        "analytics_daily_total", "anonymous daily aggregates",
        "analytics_daily_page", "anonymous daily aggregates per page",
        "analytics_daily_dimension", "anonymous daily aggregates per source, browser, ...",
        "analytics_monthly_page", "anonymous monthly aggregates per page",
        "analytics_monthly_dimension", "anonymous monthly aggregates per source, browser, ...",
        "analytics_rollup", "which days are rolled up, and from how many events",
        "analytics_dirty", "which days need a new roll-up");
  }
}
