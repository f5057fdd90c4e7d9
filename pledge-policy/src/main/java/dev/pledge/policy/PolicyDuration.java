package dev.pledge.policy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 duration such as {@code P90D}, {@code P12M}, {@code P7Y} or {@code PT24H}.
 *
 * <p>java.time splits date-based periods and time-based durations into two types; a policy needs
 * both in one field ("90 days", "24 hours"), so this keeps both parts and the original text.
 */
public record PolicyDuration(String text, Period datePart, Duration timePart)
    implements Comparable<PolicyDuration> {

  private static final Pattern ISO =
      Pattern.compile(
          "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");

  /** A fixed instant used to compare durations whose date parts have different month lengths. */
  private static final LocalDateTime REFERENCE = LocalDate.of(2001, 1, 1).atStartOfDay();

  public PolicyDuration {
    Objects.requireNonNull(text);
    Objects.requireNonNull(datePart);
    Objects.requireNonNull(timePart);
  }

  /**
   * Parses an ISO-8601 duration; returns {@code null} when the text is not one, so that callers can
   * report the problem with its position.
   */
  public static PolicyDuration parseOrNull(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    Matcher m = ISO.matcher(t);
    if (!m.matches() || t.equals("P") || t.endsWith("T")) {
      return null;
    }
    int years = group(m, 1);
    int months = group(m, 2);
    int weeks = group(m, 3);
    int days = group(m, 4);
    long hours = group(m, 5);
    long minutes = group(m, 6);
    long seconds = group(m, 7);
    return new PolicyDuration(
        t,
        Period.of(years, months, weeks * 7 + days),
        Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds));
  }

  public static PolicyDuration parse(String text) {
    PolicyDuration d = parseOrNull(text);
    if (d == null) {
      throw new IllegalArgumentException(
          "not an ISO-8601 duration: '" + text + "' (write for example P90D, P12M, P7Y or PT24H)");
    }
    return d;
  }

  /** The moment this duration after {@code start}. */
  public LocalDateTime addTo(LocalDateTime start) {
    return start.plus(datePart).plus(timePart);
  }

  /** The moment this duration before {@code end}: the cut-off of a retention window. */
  public LocalDateTime subtractFrom(LocalDateTime end) {
    return end.minus(datePart).minus(timePart);
  }

  /** Length measured from a fixed reference date, for comparisons and sorting. */
  public Duration approximate() {
    return Duration.between(REFERENCE, addTo(REFERENCE));
  }

  @Override
  public int compareTo(PolicyDuration other) {
    return approximate().compareTo(other.approximate());
  }

  /**
   * The duration as people read it — "30 days", "1 month", "48 hours", "at once" — in the words the
   * published policy uses for it.
   */
  public String inWords() {
    return PlainWords.duration(this);
  }

  /** Like {@link #inWords()}, counting business days where {@code businessDays} says so. */
  public String inWords(boolean businessDays) {
    return PlainWords.duration(this, businessDays);
  }

  @Override
  public String toString() {
    return text;
  }

  private static int group(Matcher m, int i) {
    String g = m.group(i);
    return g == null ? 0 : Integer.parseInt(g);
  }
}
