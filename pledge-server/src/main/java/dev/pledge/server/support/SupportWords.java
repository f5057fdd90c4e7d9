package dev.pledge.server.support;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Processor;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.studio.Studio;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The support pages' words that come from the policy or from configuration, in the reader's
 * language: how long a category is kept, who processes support messages, and the labels of the
 * configured ticket categories and marketing topics (their message key, else the id itself).
 */
@Component
class SupportWords {

  static final String SUPPORT = "user.communications.support";
  static final String FEEDBACK = "user.communications.feedback";
  static final String TRAINING = "user.derived.training_feedback";
  static final String MARKETING = "user.communications.marketing";

  /** A label and the id it stands for. */
  record Choice(String id, String label) {}

  private final Studio studio;
  private final MessageSource messages;

  SupportWords(Studio studio, MessageSource messages) {
    this.studio = studio;
    this.messages = messages;
  }

  /** The policy's retention of {@code category} in words: "Kept 5 years after the last message." */
  String retention(String category, Locale locale) {
    Retention r = studio.policy().category(category).map(c -> c.retention()).orElse(null);
    if (r == null || r.period().kind() != RetentionPeriod.Kind.FIXED) {
      return r != null && r.period().isPermanent() ? msg("retention.permanent", locale) : "";
    }
    Retention.Anchor anchor = r.anchor() == null ? Retention.Anchor.COLLECTION : r.anchor();
    return msg("retention.anchor." + anchor.key(), locale, duration(r.period().fixed(), locale));
  }

  private String duration(PolicyDuration d, Locale locale) {
    Period p = d.datePart() == null ? Period.ZERO : d.datePart();
    List<String> parts = new ArrayList<>();
    if (p.getYears() > 0) {
      parts.add(msg("duration.years", locale, p.getYears()));
    }
    if (p.getMonths() > 0) {
      parts.add(msg("duration.months", locale, p.getMonths()));
    }
    if (p.getDays() > 0) {
      parts.add(msg("duration.days", locale, p.getDays()));
    }
    return parts.isEmpty() ? d.text() : String.join(msg("duration.and", locale), parts);
  }

  /** The processors the policy says receive support messages, each in a sentence. */
  List<String> processors(Locale locale) {
    List<String> out = new ArrayList<>();
    for (Processor p : studio.policy().processors()) {
      if (p.categories().contains(SUPPORT)) {
        String region = p.region() == null ? "" : label("support.region.", p.region(), locale);
        String safeguard =
            p.safeguard() == null ? "" : label("support.safeguard.", p.safeguard().key(), locale);
        out.add(msg("support.processor", locale, p.name(), region, safeguard));
      }
    }
    return out;
  }

  List<Choice> choices(String prefix, List<String> ids, Locale locale) {
    return ids.stream().map(id -> new Choice(id, label(prefix, id, locale))).toList();
  }

  /** The label of a configured id: its message, else the id itself. */
  String label(String prefix, String id, Locale locale) {
    return messages.getMessage(prefix + id, null, id, locale);
  }

  private String msg(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, locale);
  }
}
