package dev.pledge.server.console;

import dev.pledge.server.shared.HumanFormat;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the dashboard writes its figures — ratios, percentages, visit lengths, date ranges and
 * changes from the previous period. Counts, dates and moments come from {@link HumanFormat}, the
 * one formatter of everything a person reads, so the dashboard and every other page read the same.
 * Days are UTC days, as the analytics store them.
 */
final class ConsoleFormat {

  private static final Locale LOCALE = Locale.ENGLISH;
  private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMM", LOCALE);
  private static final DateTimeFormatter MONTH_YEAR =
      DateTimeFormatter.ofPattern("MMM yyyy", LOCALE);
  private static final DateTimeFormatter FULL_MONTH_YEAR =
      DateTimeFormatter.ofPattern("MMMM yyyy", LOCALE);

  private ConsoleFormat() {}

  static String date(java.time.LocalDate day) {
    return HumanFormat.day(day);
  }

  static String count(long n) {
    return HumanFormat.count(n);
  }

  /** Views per visit: at least one decimal, at most two. */
  static String ratio(double value) {
    return new DecimalFormat("#,##0.0#", DecimalFormatSymbols.getInstance(LOCALE)).format(value);
  }

  static String percent(double value) {
    return Math.round(value) + "%";
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m " + String.format(LOCALE, "%02ds", seconds % 60);
    }
    return (seconds / 3600) + "h " + String.format(LOCALE, "%02dm", (seconds % 3600) / 60);
  }

  static String instant(Instant instant) {
    return HumanFormat.moment(instant);
  }

  static String day(LocalDate day) {
    return HumanFormat.day(day);
  }

  static String dayShort(LocalDate day) {
    return DAY_MONTH.format(day);
  }

  static String month(LocalDate day) {
    return MONTH_YEAR.format(day);
  }

  static String fullMonth(LocalDate day) {
    return FULL_MONTH_YEAR.format(day);
  }

  /** "8 Mar – 14 Mar 2013", "8 Mar 2013", or both years when the range crosses one. */
  static String range(LocalDate from, LocalDate to) {
    if (from.equals(to)) {
      return day(from);
    }
    if (from.getYear() == to.getYear()) {
      return dayShort(from) + " – " + day(to);
    }
    return day(from) + " – " + day(to);
  }

  /**
   * A change from the previous period.
   *
   * @param text what is shown: "+50%", "−20%", "0%", "new" or "—"
   * @param value machine-readable: a signed whole number, "new" or "none"
   * @param direction up, down or same, for the arrow
   * @param tone good, bad or neutral, for the colour
   * @param description the whole sentence, for screen readers and tooltips
   */
  record Change(String text, String value, String direction, String tone, String description) {}

  /** Relative change, rounded to a whole percent. */
  static Change relative(
      double current, double previous, boolean higherIsBetter, String previousLabel) {
    if (previous == 0) {
      if (current == 0) {
        return new Change("—", "none", "same", "neutral", "None in " + previousLabel + " either");
      }
      return new Change(
          "new",
          "new",
          "up",
          higherIsBetter ? "good" : "bad",
          "None in " + previousLabel + " to compare with");
    }
    long change = Math.round((current - previous) * 100.0 / previous);
    return signed(change, "%", "%", higherIsBetter, previousLabel);
  }

  /**
   * Difference in percentage points, for rates that are already percentages.
   *
   * @param currentHasData false when the range has nothing to take a rate of
   * @param previousHasData false when the previous period has nothing to take a rate of
   */
  static Change points(
      double current,
      double previous,
      boolean currentHasData,
      boolean previousHasData,
      boolean higherIsBetter,
      String previousLabel) {
    if (!currentHasData) {
      return new Change("—", "none", "same", "neutral", "Nothing in this range to compare");
    }
    if (!previousHasData) {
      return new Change(
          "new", "new", "same", "neutral", "None in " + previousLabel + " to compare with");
    }
    long change = Math.round(current - previous);
    return signed(change, " pts", " percentage points", higherIsBetter, previousLabel);
  }

  private static Change signed(
      long change, String unit, String spokenUnit, boolean higherIsBetter, String previousLabel) {
    if (change == 0) {
      return new Change("0" + unit, "0", "same", "neutral", "No change from " + previousLabel);
    }
    boolean up = change > 0;
    return new Change(
        (up ? "+" : "\u2212") + Math.abs(change) + unit,
        (up ? "+" : "-") + Math.abs(change),
        up ? "up" : "down",
        up == higherIsBetter ? "good" : "bad",
        (up ? "Up " : "Down ") + Math.abs(change) + spokenUnit + " from " + previousLabel);
  }
}
