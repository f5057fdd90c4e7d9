package dev.pledge.server.accounts;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A category's retention rule from the policy, in the reader's language: "kept while your account
 * is active, and 90 days after you delete it". The words come from the message bundles; the numbers
 * and anchors from the policy, so the dashboard says what the retention engine does.
 */
@Component
class RetentionWords {

  private final MessageSource messages;

  RetentionWords(MessageSource messages) {
    this.messages = messages;
  }

  String describe(Retention retention, Locale locale) {
    if (retention == null) {
      return msg("retention.none", locale);
    }
    RetentionPeriod p = retention.period();
    String rule =
        switch (p.kind()) {
          case PERMANENT -> msg("retention.permanent", locale);
          case FIXED ->
              msg(
                  "retention.anchor."
                      + (retention.anchor() == null
                          ? Retention.Anchor.COLLECTION.key()
                          : retention.anchor().key()),
                  locale,
                  duration(p.fixed(), locale));
          case RANGE ->
              msg(
                  "retention.range",
                  locale,
                  duration(p.min(), locale),
                  p.max() == null ? msg("retention.forever", locale) : duration(p.max(), locale),
                  p.defaultChoice() == null
                      ? msg("retention.forever", locale)
                      : duration(p.defaultChoice(), locale),
                  msg(
                      "retention.chosen-by."
                          + (p.chosenBy() == null
                              ? "plan"
                              : p.chosenBy().name().toLowerCase(Locale.ROOT)),
                      locale));
        };
    if (retention.legalHold() != null) {
      rule +=
          " "
              + msg(
                  "retention.legal-hold", locale, duration(retention.legalHold().period(), locale));
    }
    return rule;
  }

  /** "90 days", "3 years", "1 year and 6 months". */
  String duration(PolicyDuration d, Locale locale) {
    if (d == null) {
      return msg("retention.forever", locale);
    }
    Period period = d.datePart() == null ? Period.ZERO : d.datePart();
    List<String> parts = new ArrayList<>();
    if (period.getYears() > 0) {
      parts.add(msg("duration.years", locale, period.getYears()));
    }
    if (period.getMonths() > 0) {
      parts.add(msg("duration.months", locale, period.getMonths()));
    }
    if (period.getDays() > 0) {
      parts.add(msg("duration.days", locale, period.getDays()));
    }
    long hours = d.timePart() == null ? 0 : d.timePart().toHours();
    if (hours > 0) {
      parts.add(msg("duration.hours", locale, hours));
    }
    if (parts.isEmpty()) {
      return d.text();
    }
    return String.join(msg("duration.and", locale), parts);
  }

  private String msg(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, locale);
  }
}
