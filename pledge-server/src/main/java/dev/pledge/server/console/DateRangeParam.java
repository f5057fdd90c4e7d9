package dev.pledge.server.console;

import dev.pledge.server.analytics.AnalyticsDashboard.Interval;
import dev.pledge.server.analytics.DashboardRange;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's range and interval, read from query parameters ({@code period}, {@code from},
 * {@code to}, {@code interval}). Every way they can be wrong has a message that says how to put it
 * right; nothing here ever throws anything else.
 */
final class DateRangeParam {

  /** The longest range the dashboard accepts: ten years of days is still a quick query. */
  static final int MAX_DAYS = 3660;

  /** The presets of the picker, with the value they have in the URL. */
  enum Preset {
    TODAY("today", "Today"),
    LAST_7_DAYS("7d", "Last 7 days"),
    LAST_30_DAYS("30d", "Last 30 days"),
    THIS_MONTH("month", "This month"),
    LAST_12_MONTHS("12mo", "Last 12 months"),
    CUSTOM("custom", "Custom");

    final String key;
    final String label;

    Preset(String key, String label) {
      this.key = key;
      this.label = label;
    }

    public String key() {
      return key;
    }

    public String label() {
      return label;
    }

    DashboardRange range(LocalDate today) {
      return switch (this) {
        case TODAY -> new DashboardRange(today, today);
        case LAST_7_DAYS -> new DashboardRange(today.minusDays(6), today);
        case LAST_30_DAYS -> new DashboardRange(today.minusDays(29), today);
        case THIS_MONTH -> new DashboardRange(today.withDayOfMonth(1), today);
        case LAST_12_MONTHS -> new DashboardRange(today.minusMonths(12).plusDays(1), today);
        case CUSTOM -> throw new IllegalStateException("a custom range has no default dates");
      };
    }
  }

  static final Preset DEFAULT = Preset.LAST_30_DAYS;

  /** A parameter that cannot be used, with what to do about it. */
  static final class InvalidParameter extends Exception {
    InvalidParameter(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A valid selection.
   *
   * @param interval the interval asked for, or null to pick one that suits the range
   */
  record Selection(Preset preset, DashboardRange range, Interval interval) {

    Interval effectiveInterval() {
      if (interval != null) {
        return interval;
      }
      long days = range.days();
      return days <= 45 ? Interval.DAY : days <= 200 ? Interval.WEEK : Interval.MONTH;
    }

    /** Query parameters that reproduce this selection, for links. */
    Map<String, String> query() {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("period", preset.key());
      if (preset == Preset.CUSTOM) {
        q.put("from", range.from().toString());
        q.put("to", range.to().toString());
      }
      if (interval != null) {
        q.put("interval", interval.name().toLowerCase(Locale.ROOT));
      }
      return q;
    }

    Selection withInterval(Interval newInterval) {
      return new Selection(preset, range, newInterval);
    }
  }

  private DateRangeParam() {}

  static Selection parse(String period, String from, String to, String interval, LocalDate today)
      throws InvalidParameter {
    Preset preset = preset(period, from, to);
    Interval chosen = interval(interval);
    if (preset != Preset.CUSTOM) {
      return new Selection(preset, preset.range(today), chosen);
    }
    if (blank(from) || blank(to)) {
      throw new InvalidParameter(
          "A custom range needs both a start and an end date, written YYYY-MM-DD (for example "
              + today.minusDays(6)
              + " to "
              + today
              + ").");
    }
    LocalDate start = date(from, "start", today);
    LocalDate end = date(to, "end", today);
    if (end.isBefore(start)) {
      throw new InvalidParameter(
          "The range ends (" + end + ") before it starts (" + start + "): swap the two dates.");
    }
    if (end.isAfter(today)) {
      throw new InvalidParameter(
          "The end date "
              + end
              + " is in the future: the last day with data is today, "
              + today
              + " (UTC).");
    }
    DashboardRange range = new DashboardRange(start, end);
    if (range.days() > MAX_DAYS) {
      throw new InvalidParameter(
          "The range spans "
              + range.days()
              + " days; the dashboard shows at most "
              + MAX_DAYS
              + " days (ten years). Choose a later start date.");
    }
    return new Selection(Preset.CUSTOM, range, chosen);
  }

  private static Preset preset(String period, String from, String to) throws InvalidParameter {
    if (blank(period)) {
      return blank(from) && blank(to) ? DEFAULT : Preset.CUSTOM;
    }
    String key = period.strip().toLowerCase(Locale.ROOT);
    for (Preset p : Preset.values()) {
      if (p.key.equals(key)) {
        return p;
      }
    }
    throw new InvalidParameter(
        "Unknown period '"
            + shorten(period)
            + "': choose one of "
            + Arrays.stream(Preset.values()).map(Preset::key).collect(Collectors.joining(", "))
            + ".");
  }

  private static Interval interval(String interval) throws InvalidParameter {
    if (blank(interval) || interval.strip().equalsIgnoreCase("auto")) {
      return null;
    }
    try {
      return Interval.valueOf(interval.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidParameter(
          "Unknown interval '" + shorten(interval) + "': choose day, week or month.");
    }
  }

  private static LocalDate date(String text, String which, LocalDate today)
      throws InvalidParameter {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidParameter(
          "The "
              + which
              + " date '"
              + shorten(text)
              + "' is not a date: write it as YYYY-MM-DD, for example "
              + today
              + ".");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Echoes at most a little of what was sent: enough to recognise it, never a wall of text. */
  private static String shorten(String s) {
    String stripped = s.strip();
    return stripped.length() <= 40 ? stripped : stripped.substring(0, 40) + "…";
  }
}
