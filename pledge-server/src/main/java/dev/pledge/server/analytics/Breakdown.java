package dev.pledge.server.analytics;

/** What a dashboard table breaks visits down by. */
public enum Breakdown {
  PAGE,
  ENTRY_PAGE,
  EXIT_PAGE,
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

  /** Whether this breaks down page views (the page rollups) rather than visits (dimensions). */
  public boolean countsPageViews() {
    return this == PAGE || this == NOT_FOUND;
  }

  /** The breakdown of a dimension name. */
  static Breakdown ofDimension(String dimension) {
    return valueOf(dimension.toUpperCase(java.util.Locale.ROOT));
  }

  /** The column of analytics_visit that holds this visit dimension, or null for page tables. */
  String visitColumn() {
    return dimension();
  }

  /** The dimension name in analytics_daily_dimension, or null for the page table. */
  String dimension() {
    return switch (this) {
      case PAGE, NOT_FOUND -> null;
      default -> name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
