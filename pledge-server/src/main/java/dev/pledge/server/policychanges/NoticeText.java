package dev.pledge.server.policychanges;

import dev.pledge.policy.Policy;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * The e-mail that tells a person about a policy change (B-37), in plain words and in their studio
 * language. The summary's lines are the policy diff's own words, which exist in English only.
 */
final class NoticeText {

  private NoticeText() {}

  static String subject(
      MessageSource messages, Locale locale, Policy policy, PolicyChanges.Change change) {
    return messages.getMessage(
        "mail.policy-change.subject",
        new Object[] {policy.property().name(), change.effectiveDate().toString()},
        locale);
  }

  static String body(
      MessageSource messages,
      Locale locale,
      String name,
      Policy policy,
      PolicyChanges.Change change,
      String policyLink) {
    String date = change.effectiveDate().toString();
    StringBuilder b = new StringBuilder();
    b.append(
            name == null || name.isBlank()
                ? messages.getMessage("mail.policy-change.hello", null, locale)
                : messages.getMessage("mail.policy-change.hello-name", new Object[] {name}, locale))
        .append("\n\n");
    b.append(
            messages.getMessage(
                "mail.policy-change.intro", new Object[] {policy.property().name(), date}, locale))
        .append("\n\n")
        .append(messages.getMessage("mail.policy-change.what", null, locale))
        .append('\n');
    for (String line : change.lines()) {
      b.append("- ").append(line).append('\n');
    }
    if (change.needsOptIn()) {
      b.append('\n')
          .append(messages.getMessage("mail.policy-change.opt-in", new Object[] {date}, locale))
          .append('\n');
    }
    b.append('\n')
        .append(messages.getMessage("mail.policy-change.full", new Object[] {policyLink}, locale))
        .append('\n');
    b.append("\n— ").append(policy.controller().name()).append('\n');
    return b.toString();
  }
}
