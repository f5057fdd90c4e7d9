package dev.pledge.server.analytics;

/** What a dashboard table breaks visits down by. */
public enum Breakdown {
  PAGE,
  ENTRY_PAGE,
  NOT_FOUND,
  SOURCE,
  CHANNEL,
  BROWSER,
  OS,
  DEVICE,
  COUNTRY,
  UTM_SOURCE,
  UTM_MEDIUM,
  UTM_CAMPAIGN;

  /** The dimension name in analytics_daily_dimension, or null for the page table. */
  String dimension() {
    return switch (this) {
      case PAGE, NOT_FOUND -> null;
      default -> name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
