package dev.pledge.server.console;

import dev.pledge.server.rights.RightsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How the queue writes a request for people: stored keys as words, how long is left in words (the
 * colour of a row repeats it, never replaces it), and the requester's address masked.
 */
final class RequestWords {

  /** Due within this long counts as due soon: time to act, not yet late. */
  static final Duration DUE_SOON = Duration.ofDays(3);

  private RequestWords() {}

  /** A stored key as words: {@code awaiting-verification} → "Awaiting verification". */
  static String label(String key) {
    if (key == null || key.isEmpty()) {
      return "—";
    }
    return switch (key) {
      case "email" -> "E-mail";
      case "api" -> "API";
      case "gdpr" -> "GDPR";
      case "uk-gdpr" -> "UK GDPR";
      case "ccpa" -> "CCPA";
      case "lgpd" -> "LGPD";
      case "pipeda" -> "PIPEDA";
      case "pdpa" -> "PDPA";
      default -> {
        String words = key.replace('-', ' ');
        yield Character.toUpperCase(words.charAt(0)) + words.substring(1);
      }
    };
  }

  /**
   * Where a request stands against its deadline: {@code overdue}, {@code due-soon}, {@code
   * on-track}, or {@code ""} for a closed request or one without a deadline.
   */
  static String urgency(RightsRequest r, Instant now) {
    if (r.status().closed() || r.dueAt() == null) {
      return "";
    }
    if (r.dueAt().isBefore(now)) {
      return "overdue";
    }
    return r.dueAt().isBefore(now.plus(DUE_SOON)) ? "due-soon" : "on-track";
  }

  /** Whole days left before the deadline, negative once past it; null when none applies. */
  static Long daysLeft(RightsRequest r, Instant now) {
    if (r.status().closed() || r.dueAt() == null) {
      return null;
    }
    Duration left = Duration.between(now, r.dueAt());
    if (left.isNegative()) {
      // Whole days late, and late at all is at least a day late: the deadline was a day's end.
      return -Math.max(1, left.negated().toDays());
    }
    return left.toDays();
  }

  /** The days left in words: "12 days left", "Due today", "1 day overdue". */
  static String daysLeftText(RightsRequest r, Instant now) {
    if (r.status().closed()) {
      return r.closedAt() != null && r.dueAt() != null && r.closedAt().isAfter(r.dueAt())
          ? "Closed late"
          : "Closed";
    }
    Long days = daysLeft(r, now);
    if (days == null) {
      return "No deadline";
    }
    if (days < 0) {
      return -days + (days == -1 ? " day overdue" : " days overdue");
    }
    if (days == 0) {
      return "Due today";
    }
    return days + (days == 1 ? " day left" : " days left");
  }

  /**
   * The requester for the queue: the address masked to its first letter and the end of its domain
   * ({@code j•••@e•••.org}), "account" for a request made from an account, "—" for none. The
   * request's own page shows it whole, to the operator who opened it.
   */
  static String requester(RightsRequest r) {
    if (r.requesterAddress() != null) {
      return mask(r.requesterAddress());
    }
    return r.subjectId() != null ? "account" : "—";
  }

  static String mask(String address) {
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      return "•••";
    }
    String local = address.substring(0, at);
    String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
    int dot = domain.lastIndexOf('.');
    String maskedDomain =
        dot <= 0 ? domain.charAt(0) + "•••" : domain.charAt(0) + "•••" + domain.substring(dot);
    return local
            .codePoints()
            .limit(1)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        + "•••@"
        + maskedDomain;
  }
}
