package dev.pledge.server.shared;

import dev.pledge.policy.PolicyDuration;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How values read wherever a person reads them — console pages, the privacy center, e-mails,
 * receipts, the CLI's human output: one place, so a date, a period or a count reads the same
 * everywhere. Dates and times carry their zone; periods are words ("30 days", "1 month"), never
 * {@code P30D}; counts have proper plurals ("1 item", "2 items"), never "item(s)". Machine outputs
 * (JSON, CSV, the audit trail) keep ISO values and are not written through this class.
 */
public final class HumanFormat {

  private static final Locale LOCALE = Locale.ENGLISH;

  private static final DateTimeFormatter MOMENT =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", LOCALE);
  private static final DateTimeFormatter MOMENT_LONG =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", LOCALE);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", LOCALE);
  private static final DateTimeFormatter DAY_LONG =
      DateTimeFormatter.ofPattern("d MMMM yyyy", LOCALE);

  private HumanFormat() {}

  /** "1,234,567". */
  public static String count(long n) {
    return NumberFormat.getIntegerInstance(LOCALE).format(n);
  }

  /** "1 item", "2 items", "1,200 items": the count and the noun in the right number. */
  public static String plural(long n, String one, String many) {
    return count(n) + " " + (n == 1 ? one : many);
  }

  /** {@link #plural} with the regular English plural: "1 request", "3 requests". */
  public static String plural(long n, String noun) {
    return plural(n, noun, regularPlural(noun));
  }

  /** "entry" → "entries", "day" → "days", "item" → "items". */
  static String regularPlural(String noun) {
    int last = noun.length() - 1;
    if (last > 0 && noun.charAt(last) == 'y' && "aeiou".indexOf(noun.charAt(last - 1)) < 0) {
      return noun.substring(0, last) + "ies";
    }
    return noun + "s";
  }

  /** "23 Nov 2026, 10:00 UTC": a moment on a page, to the minute, with its zone. */
  public static String moment(Instant at, ZoneId zone) {
    return at == null ? "—" : MOMENT.format(at.atZone(zone)) + " " + zoneName(zone);
  }

  /** {@link #moment} in UTC, the zone Pledge stores and works in. */
  public static String moment(Instant at) {
    return moment(at, ZoneOffset.UTC);
  }

  /** "Monday 23 November 2026, 10:00 (UTC)": a moment in a letter, where space is not short. */
  public static String momentLong(Instant at, ZoneId zone) {
    return MOMENT_LONG.format(at.atZone(zone)) + " (" + zoneName(zone) + ")";
  }

  /** "23 Nov 2026". */
  public static String day(LocalDate day) {
    return DAY.format(day);
  }

  /** "23 November 2026": a date in a letter. */
  public static String dayLong(LocalDate day) {
    return DAY_LONG.format(day);
  }

  /** The day of {@code at} in {@code zone}, as {@link #dayLong}. */
  public static String dayLong(Instant at, ZoneId zone) {
    return dayLong(at.atZone(zone).toLocalDate());
  }

  /** "30 days", "1 month", "48 hours" for an ISO-8601 duration such as {@code P30D}. */
  public static String period(String iso) {
    PolicyDuration d = PolicyDuration.parseOrNull(iso);
    return d == null ? iso : d.inWords();
  }

  /** A policy's duration in words: "12 months". */
  public static String period(PolicyDuration d) {
    return d.inWords();
  }

  /**
   * A length of time in words, largest units first, at most two of them: "48 hours", "7 days", "1
   * hour 30 minutes", "45 seconds".
   */
  public static String period(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return "no time";
    }
    List<String> parts = new ArrayList<>();
    long days = d.toDays();
    // Whole days from three on read as days ("7 days"); below that, hours ("48 hours").
    if (days >= 3 && d.toHoursPart() == 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
      return plural(days, "day");
    }
    long hours = d.toHours();
    if (hours > 0) {
      parts.add(plural(hours, "hour"));
    }
    if (d.toMinutesPart() > 0) {
      parts.add(plural(d.toMinutesPart(), "minute"));
    }
    if (hours == 0 && d.toSecondsPart() > 0) {
      parts.add(plural(d.toSecondsPart(), "second"));
    }
    return String.join(" ", parts.subList(0, Math.min(2, parts.size())));
  }

  /** "awaiting-verification" → "Awaiting verification": a stored key as a label. */
  public static String label(String key) {
    if (key == null || key.isBlank()) {
      return "—";
    }
    String words = key.replace('-', ' ').replace('_', ' ').strip();
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** A label inside a sentence: "Awaiting verification" → "awaiting verification"; "GDPR" stays. */
  public static String inSentence(String label) {
    if (label.length() > 1 && Character.isUpperCase(label.charAt(1))) {
      return label; // an acronym
    }
    return Character.toLowerCase(label.charAt(0)) + label.substring(1);
  }

  /** "UTC" for UTC, else the zone's id ("Europe/Paris"), which says daylight saving itself. */
  static String zoneName(ZoneId zone) {
    ZoneId normal = zone.normalized();
    return normal.equals(ZoneOffset.UTC) || zone.getId().equals("Z") ? "UTC" : zone.getId();
  }
}
