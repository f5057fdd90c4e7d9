package dev.pledge.server.billing;

import dev.pledge.policy.PolicyDuration;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** A plan's image retention range in the reader's words: "7 days to 1 year". */
@Component
class PlanWords {

  private final MessageSource messages;

  PlanWords(MessageSource messages) {
    this.messages = messages;
  }

  String retention(Plan plan, Locale locale) {
    String min = duration(plan.retentionMin(), locale);
    if (plan.retentionMax() == null) {
      return messages.getMessage("billing.retention.permanent", new Object[] {min}, locale);
    }
    return messages.getMessage(
        "billing.retention.range",
        new Object[] {min, duration(plan.retentionMax(), locale)},
        locale);
  }

  /** The duration in its largest whole unit: P1Y is a year, P30D thirty days, P6M six months. */
  String duration(PolicyDuration d, Locale locale) {
    var p = d.datePart();
    if (p.getYears() > 0 && p.getMonths() == 0 && p.getDays() == 0) {
      return messages.getMessage("billing.duration.years", new Object[] {p.getYears()}, locale);
    }
    if (p.getYears() == 0 && p.getMonths() > 0 && p.getDays() == 0) {
      return messages.getMessage("billing.duration.months", new Object[] {p.getMonths()}, locale);
    }
    long days = d.approximate().toDays();
    return messages.getMessage("billing.duration.days", new Object[] {days}, locale);
  }
}
