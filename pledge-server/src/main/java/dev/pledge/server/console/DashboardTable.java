package dev.pledge.server.console;

import dev.pledge.server.analytics.Breakdown;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The dashboard's tables: what each breaks visits down by, its name in the CSV URL, and the words
 * around it. Page tables count page views; the others count visits and visitors.
 */
enum DashboardTable {
  PAGES(
      "pages",
      Breakdown.PAGE,
      "Top pages",
      "page",
      "Page",
      "What is read: the pages with the most views.",
      "No page views in this range yet."),
  NOT_FOUND(
      "not-found",
      Breakdown.NOT_FOUND,
      "Pages not found",
      "page",
      "Address",
      "Pages readers asked for that do not exist: restore them, redirect them or fix the links"
          + " that lead there.",
      "No missing pages were requested in this range."),
  SOURCES(
      "sources",
      Breakdown.SOURCE,
      "Sources",
      "source",
      "Source",
      "The site, search engine or campaign a visit came from.",
      "No visits in this range yet."),
  CHANNELS(
      "channels",
      Breakdown.CHANNEL,
      "Channels",
      "channel",
      "Channel",
      "How readers arrive: search, direct, referral, social, e-mail or campaign.",
      "No visits in this range yet."),
  ENTRY_PAGES(
      "entry-pages",
      Breakdown.ENTRY_PAGE,
      "Entry pages",
      "entry_page",
      "Page",
      "Where visits begin, and how many end on the same page.",
      "No visits in this range yet."),
  EXIT_PAGES(
      "exit-pages",
      Breakdown.EXIT_PAGE,
      "Exit pages",
      "exit_page",
      "Page",
      "Where visits end: the last page read before leaving.",
      "No visits in this range yet."),
  DEVICES(
      "devices",
      Breakdown.DEVICE,
      "Devices",
      "device",
      "Device",
      null,
      "No visits in this range yet."),
  BROWSERS(
      "browsers",
      Breakdown.BROWSER,
      "Browsers",
      "browser",
      "Browser",
      null,
      "No visits in this range yet."),
  OPERATING_SYSTEMS(
      "os",
      Breakdown.OS,
      "Operating systems",
      "os",
      "Operating system",
      null,
      "No visits in this range yet."),
  COUNTRIES(
      "countries",
      Breakdown.COUNTRY,
      "Countries",
      "country",
      "Country",
      null,
      "No visits with a known country in this range."),
  UTM_SOURCES(
      "utm-sources",
      Breakdown.UTM_SOURCE,
      "Campaign sources",
      "utm_source",
      "utm_source",
      null,
      "No tagged visits in this range."),
  UTM_MEDIUMS(
      "utm-mediums",
      Breakdown.UTM_MEDIUM,
      "Campaign media",
      "utm_medium",
      "utm_medium",
      null,
      "No tagged visits in this range."),
  UTM_CAMPAIGNS(
      "utm-campaigns",
      Breakdown.UTM_CAMPAIGN,
      "Campaigns",
      "utm_campaign",
      "utm_campaign",
      null,
      "No tagged visits in this range.");

  private final String key;
  private final Breakdown breakdown;
  private final String title;
  private final String csvColumn;
  private final String column;
  private final String description;
  private final String empty;

  DashboardTable(
      String key,
      Breakdown breakdown,
      String title,
      String csvColumn,
      String column,
      String description,
      String empty) {
    this.key = key;
    this.breakdown = breakdown;
    this.title = title;
    this.csvColumn = csvColumn;
    this.column = column;
    this.description = description;
    this.empty = empty;
  }

  public String key() {
    return key;
  }

  public Breakdown breakdown() {
    return breakdown;
  }

  public String title() {
    return title;
  }

  public String csvColumn() {
    return csvColumn;
  }

  public String column() {
    return column;
  }

  public String description() {
    return description;
  }

  public String empty() {
    return empty;
  }

  /** How a chip names a filter by this table's values ("Source is Google"). */
  public String filterLabel() {
    return switch (this) {
      case PAGES -> "Page";
      case NOT_FOUND -> "Missing page";
      case ENTRY_PAGES -> "Entry page";
      case EXIT_PAGES -> "Exit page";
      case SOURCES -> "Source";
      case CHANNELS -> "Channel";
      case DEVICES -> "Device";
      case BROWSERS -> "Browser";
      case OPERATING_SYSTEMS -> "Operating system";
      case COUNTRIES -> "Country";
      case UTM_SOURCES -> "utm_source";
      case UTM_MEDIUMS -> "utm_medium";
      case UTM_CAMPAIGNS -> "utm_campaign";
    };
  }

  /** Page tables measure page views per page; the others measure visits. */
  public boolean countsPageViews() {
    return breakdown.countsPageViews();
  }

  /** Tables that only appear when they have something to show. */
  public boolean hiddenWhenEmpty() {
    return this == COUNTRIES || this == UTM_SOURCES || this == UTM_MEDIUMS || this == UTM_CAMPAIGNS;
  }

  /** The table of a breakdown. */
  static DashboardTable of(Breakdown breakdown) {
    return Arrays.stream(values())
        .filter(t -> t.breakdown == breakdown)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no table for " + breakdown));
  }

  static Optional<DashboardTable> byKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
  }

  static String keys() {
    return Arrays.stream(values()).map(DashboardTable::key).collect(Collectors.joining(", "));
  }
}
