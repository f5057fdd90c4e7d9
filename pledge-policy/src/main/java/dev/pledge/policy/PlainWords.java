package dev.pledge.policy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain-language phrasings every published form of a policy shares. They live in one place so
 * that the HTML page, the Markdown file, the JSON "text" fields, the Art. 30 record and the diff
 * never describe the same rule in different words.
 */
final class PlainWords {

  /** What the table shows where a value does not apply (a category that is not collected). */
  static final String NOT_APPLICABLE = "N/A";

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

  /** {@code P2W}: java.time folds weeks into days, so weeks are recognised from the text. */
  private static final Pattern WEEKS_ONLY = Pattern.compile("P(\\d+)W");

  private PlainWords() {}

  // ---- time ----

  /** "90 days", "12 months", "24 hours", "at once" for a zero duration. */
  static String duration(PolicyDuration d) {
    Matcher weeks = WEEKS_ONLY.matcher(d.text());
    if (weeks.matches()) {
      return count(Integer.parseInt(weeks.group(1)), "week");
    }
    List<String> parts = new ArrayList<>();
    Period p = d.datePart();
    Duration t = d.timePart();
    addPart(parts, p.getYears(), "year");
    addPart(parts, p.getMonths(), "month");
    addPart(parts, p.getDays(), "day");
    addPart(parts, t.toHours(), "hour");
    addPart(parts, t.toMinutesPart(), "minute");
    addPart(parts, t.toSecondsPart(), "second");
    return parts.isEmpty() ? "at once" : series(parts);
  }

  /** Like {@link #duration} but counting business days where the policy says so. */
  static String duration(PolicyDuration d, boolean businessDays) {
    String words = duration(d);
    if (!businessDays || d.approximate().isZero()) {
      return words;
    }
    // Only a whole number of days can be counted in business days; other shapes say it after.
    boolean daysOnly =
        d.datePart().getYears() == 0 && d.datePart().getMonths() == 0 && d.timePart().isZero();
    return daysOnly
        ? count(d.datePart().getDays(), "business day")
        : words + " (business days only)";
  }

  /** "within 5 business days", or "at once". */
  static String within(Timeframe t) {
    return t.immediate() ? "at once" : "within " + duration(t.period(), t.businessDays());
  }

  /** "within 30 days", or "at once". */
  static String within(PolicyDuration d) {
    return d.approximate().isZero() ? "at once" : "within " + duration(d);
  }

  /** "1 April 2026": unambiguous for every reader, unlike 04/01/2026. */
  static String date(LocalDate date) {
    return DATE.format(date);
  }

  // ---- the data-category table ----

  /**
   * The Collected column: "Yes", "Only if you contact us", "No", and "— {note}" after it when the
   * category has a note ("No — no account system exists"). A note that only repeats the words
   * ("only if you contact us") is not shown twice.
   */
  static String collected(DataCategory c) {
    String base =
        switch (c.collected()) {
          case YES -> "Yes";
          case ON_CONTACT -> "Only if you contact us";
          case NO -> "No";
        };
    if (!present(c.collectedNote())) {
      return base;
    }
    String note = c.collectedNote().strip();
    return note.equalsIgnoreCase(base) ? base : base + " — " + note;
  }

  /** The Purpose column: purpose titles as one phrase, or "N/A" when not collected. */
  static String purposes(Policy policy, DataCategory c) {
    if (c.collected() == DataCategory.Collected.NO) {
      return NOT_APPLICABLE;
    }
    if (c.purposes().isEmpty()) {
      return "Not stated";
    }
    return sentenceCaseList(c.purposes().stream().map(id -> purposeTitle(policy, id)).toList());
  }

  /** The Retention column, or "N/A" when the category is not collected. */
  /**
   * A category's custom events, for the published policy: each name with the properties kept with
   * it and what it records ({@code "File Download" with url: a reader downloaded a file}).
   */
  static String events(DataCategory c) {
    List<String> parts = new ArrayList<>();
    for (CustomEvent e : c.events()) {
      StringBuilder s = new StringBuilder("\u201c").append(e.name()).append("\u201d");
      if (!e.properties().isEmpty()) {
        s.append(" with ").append(String.join(", ", e.properties()));
      }
      if (present(e.description())) {
        s.append(": ").append(e.description().strip());
      }
      parts.add(s.toString());
    }
    return String.join("; ", parts);
  }

  static String retention(DataCategory c) {
    if (c.collected() == DataCategory.Collected.NO || c.retention() == null) {
      return NOT_APPLICABLE;
    }
    return retention(c.retention());
  }

  /** One retention rule in the words of the published table. */
  static String retention(Retention r) {
    String rule = retentionRule(r);
    Retention.LegalHold hold = r.legalHold();
    if (hold != null) {
      rule +=
          "; kept "
              + duration(hold.period())
              + " under legal hold ("
              // The reason is often written as a sentence; inside brackets its full stop jars.
              + hold.reason().strip().replaceAll("\\.+$", "")
              + ") even after an erasure request";
    }
    return rule;
  }

  private static String retentionRule(Retention r) {
    RetentionPeriod period = r.period();
    switch (period.kind()) {
      case PERMANENT:
        return "Kept indefinitely";
      case RANGE:
        return "From "
            + duration(period.min())
            + " to "
            + (period.max() == null ? "permanent" : duration(period.max()))
            + ", chosen by "
            + (period.chosenBy() == RetentionPeriod.ChosenBy.USER ? "you" : "plan");
      default:
        break;
    }
    String d = duration(period.fixed());
    Retention.Anchor anchor = r.anchor() == null ? Retention.Anchor.COLLECTION : r.anchor();
    Retention.ExpiryAction action = r.action() == null ? Retention.ExpiryAction.DELETE : r.action();
    return switch (action) {
      case AGGREGATE_THEN_DELETE -> aggregatePrefix(r) + "raw data " + d + afterAnchor(anchor);
      case ANONYMISE ->
          switch (anchor) {
            case COLLECTION -> "Anonymised after " + d;
            case ACCOUNT_DELETION ->
                "While the account is active, then anonymised " + d + " after deletion";
            default -> "Anonymised " + d + afterAnchor(anchor);
          };
      case DELETE ->
          switch (anchor) {
            case COLLECTION -> "Up to " + d + ", then deleted";
            case LAST_MESSAGE -> "Duration of exchange plus up to " + d;
            case ACCOUNT_DELETION -> "While the account is active, then " + d + " after deletion";
            default -> "Up to " + d + afterAnchor(anchor) + ", then deleted";
          };
    };
  }

  private static String aggregatePrefix(Retention r) {
    RetentionPeriod aggregates = r.aggregateRetention();
    if (aggregates == null) {
      return "Aggregated; ";
    }
    return aggregates.isPermanent() || aggregates.maxIsPermanent()
        ? "Aggregated indefinitely; "
        : "Aggregated for " + period(aggregates) + "; ";
  }

  private static String afterAnchor(Retention.Anchor anchor) {
    return switch (anchor) {
      case COLLECTION -> "";
      case LAST_ACTIVITY -> " after your last activity";
      case LAST_MESSAGE -> " after the last message";
      case ACCOUNT_DELETION -> " after account deletion";
      case LEGAL_HOLD_END -> " after the legal hold ends";
    };
  }

  /** A retention period alone: "90 days", "permanent", "7 days to permanent". */
  static String period(RetentionPeriod p) {
    return switch (p.kind()) {
      case FIXED -> duration(p.fixed());
      case PERMANENT -> "permanent";
      case RANGE ->
          duration(p.min()) + " to " + (p.max() == null ? "permanent" : duration(p.max()));
    };
  }

  // ---- names of enum values, as a reader wants them ----

  static String safeguard(Safeguard s) {
    return switch (s) {
      case ADEQUACY -> "Adequacy decision";
      case SCC -> "Standard contractual clauses";
      case BCR -> "Binding corporate rules";
      case CERTIFICATION -> "Certification scheme";
      case CONSENT -> "Your explicit consent";
    };
  }

  static String legalBasis(LegalBasis b) {
    return switch (b) {
      case CONSENT -> "Your consent (GDPR Art. 6(1)(a))";
      case CONTRACT -> "Performance of a contract with you (GDPR Art. 6(1)(b))";
      case LEGAL_OBLIGATION -> "A legal obligation (GDPR Art. 6(1)(c))";
      case VITAL_INTERESTS -> "Vital interests (GDPR Art. 6(1)(d))";
      case PUBLIC_TASK -> "A task in the public interest (GDPR Art. 6(1)(e))";
      case LEGITIMATE_INTERESTS -> "Legitimate interests (GDPR Art. 6(1)(f))";
    };
  }

  static String right(Right.Kind k) {
    return switch (k) {
      case ACCESS -> "Access";
      case KNOW -> "Know what is collected";
      case PORTABILITY -> "Portability";
      case RECTIFICATION -> "Correction";
      case ERASURE -> "Deletion";
      case RESTRICTION -> "Restriction of processing";
      case OBJECTION -> "Objection";
      case OPT_OUT_OF_SALE -> "Opt out of sale";
      case WITHDRAW_CONSENT -> "Withdraw consent";
    };
  }

  /** What a right lets a person do, in one sentence. */
  static String rightMeaning(Right.Kind k) {
    return switch (k) {
      case ACCESS -> "Get a copy of the personal data held about you.";
      case KNOW -> "Learn which personal information is collected about you and why.";
      case PORTABILITY -> "Receive your data in a machine-readable format to take elsewhere.";
      case RECTIFICATION -> "Have inaccurate or incomplete data corrected.";
      case ERASURE -> "Have your personal data deleted.";
      case RESTRICTION -> "Limit how your data is processed while a question is settled.";
      case OBJECTION -> "Object to processing for a purpose you can opt out of.";
      case OPT_OUT_OF_SALE -> "Stop any sale of your personal information.";
      case WITHDRAW_CONSENT -> "Withdraw a consent you gave, at any time.";
    };
  }

  /** "deletion request": the request a subject line starts. */
  static String request(Right.Kind k) {
    return switch (k) {
      case ACCESS -> "access request";
      case KNOW -> "request to know";
      case PORTABILITY -> "portability request";
      case RECTIFICATION -> "correction request";
      case ERASURE -> "deletion request";
      case RESTRICTION -> "restriction request";
      case OBJECTION -> "objection";
      case OPT_OUT_OF_SALE -> "opt-out of sale";
      case WITHDRAW_CONSENT -> "withdrawal of consent";
    };
  }

  static String role(Contact.Role r) {
    return switch (r) {
      case PRIVACY -> "Privacy team";
      case DPO -> "Data protection officer";
      case LEGAL -> "Legal";
      case COMPLIANCE -> "Compliance";
      case EDITORIAL -> "Editorial team";
      case SUPPORT -> "Support";
      case SECURITY -> "Security";
    };
  }

  static String collectedKind(DataCategory.Collected c) {
    return switch (c) {
      case YES -> "collected";
      case ON_CONTACT -> "collected only if you contact us";
      case NO -> "not collected";
    };
  }

  /** How a change-notice or breach-notice channel key reads in a sentence. */
  static String noticeChannel(String key) {
    return switch (key) {
      case "page-notice" -> "a notice at the top of this page";
      case "email" -> "e-mail";
      case "in-app" -> "an in-app message";
      default -> key;
    };
  }

  // ---- lists ----

  /** "a", "a and b", "a, b and c". */
  static String series(List<String> items) {
    if (items.size() <= 1) {
      return items.isEmpty() ? "" : items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /**
   * Titles joined as one phrase with ", ", the later ones in lower case ("Editorial decisions,
   * performance monitoring"), so the cell reads as the published table does whether the policy file
   * capitalises its titles or not. Acronyms ("API access", "AI model training") keep their case:
   * only a capital followed by a lower-case letter is lowered.
   */
  static String sentenceCaseList(List<String> titles) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < titles.size(); i++) {
      String title = titles.get(i).trim();
      if (i > 0) {
        out.append(", ");
        title = lowerFirst(title);
      }
      out.append(title);
    }
    return out.toString();
  }

  private static String lowerFirst(String title) {
    if (title.length() >= 2
        && Character.isUpperCase(title.charAt(0))
        && Character.isLowerCase(title.charAt(1))) {
      return Character.toLowerCase(title.charAt(0)) + title.substring(1);
    }
    return title;
  }

  static String purposeTitle(Policy policy, String id) {
    return policy.purpose(id).map(Purpose::title).orElse(id);
  }

  static String categoryTitle(Policy policy, String id) {
    return policy.category(id).map(DataCategory::title).orElse(id);
  }

  static String regionName(Policy policy, String id) {
    if (id == null) {
      return "Not stated";
    }
    return policy.regions().stream()
        .filter(r -> r.id().equals(id))
        .map(Region::name)
        .findFirst()
        .orElse(id);
  }

  static String lawName(Policy policy, String id) {
    return policy.law(id).map(Law::name).orElse(id.toUpperCase(Locale.ROOT));
  }

  static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  private static void addPart(List<String> parts, long n, String unit) {
    if (n != 0) {
      parts.add(count(n, unit));
    }
  }

  private static String count(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
