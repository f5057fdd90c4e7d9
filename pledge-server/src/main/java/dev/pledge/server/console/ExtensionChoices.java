package dev.pledge.server.console;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The lengths an operator may extend a deadline by: the usual ones that fit within what the law
 * allows (GDPR: two more months; CCPA and PIPEDA: 45 and 30 days), and always the whole extension.
 * Asking for less than the law allows is the requester's gain; asking for more is refused by {@link
 * dev.pledge.server.rights.RightsRequests#extend}.
 */
final class ExtensionChoices {

  /** The whole extension the law allows. */
  static final String MOST = "most";

  private static final List<Period> USUAL =
      List.of(
          Period.ofDays(7),
          Period.ofDays(14),
          Period.ofDays(30),
          Period.ofMonths(1),
          Period.ofDays(45),
          Period.ofMonths(2));

  private ExtensionChoices() {}

  /**
   * One choice.
   *
   * @param value what the form sends: an ISO period ({@code P14D}, {@code P1M}) or {@value #MOST}
   * @param label the length and the new deadline in words
   */
  record Choice(String value, String label) {}

  /** The choices for a request due at {@code due} that may be extended up to {@code limit}. */
  static List<Choice> of(Instant due, Instant limit, ZoneId zone) {
    List<Choice> choices = new ArrayList<>();
    Set<Instant> taken = new LinkedHashSet<>();
    if (due != null) {
      for (Period p : USUAL) {
        Instant until = due.atZone(zone).plus(p).toInstant();
        if (until.isBefore(limit) && taken.add(until)) {
          choices.add(
              new Choice(p.toString(), words(p) + " (until " + ConsoleFormat.instant(until) + ")"));
        }
      }
    }
    choices.add(
        new Choice(MOST, "As long as the law allows (until " + ConsoleFormat.instant(limit) + ")"));
    return choices;
  }

  /**
   * The new deadline a form's choice stands for; {@code null} for the whole extension.
   *
   * @throws IllegalArgumentException for a value that is not a length
   */
  static Instant until(Instant due, String value, ZoneId zone) {
    if (value == null || value.isBlank() || value.strip().equals(MOST) || due == null) {
      return null;
    }
    Period p;
    try {
      p = Period.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Choose how long to extend by from the list (for example 14 days).");
    }
    if (p.isNegative() || p.isZero()) {
      throw new IllegalArgumentException("An extension must move the deadline later.");
    }
    return due.atZone(zone).plus(p).toInstant();
  }

  static String words(Period p) {
    if (p.getMonths() > 0 && p.getDays() == 0 && p.getYears() == 0) {
      return p.getMonths() == 1 ? "1 month" : p.getMonths() + " months";
    }
    int days = p.getDays();
    if (days % 7 == 0 && days <= 28) {
      return days == 7 ? "1 week" : days / 7 + " weeks";
    }
    return days == 1 ? "1 day" : days + " days";
  }
}
