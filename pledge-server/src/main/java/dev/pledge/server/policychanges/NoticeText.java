package dev.pledge.server.policychanges;

import dev.pledge.policy.Policy;

/** The e-mail that tells a person about a policy change (B-37), in plain words. */
final class NoticeText {

  private NoticeText() {}

  static String body(String name, Policy policy, PolicyChanges.Change change, String policyLink) {
    StringBuilder b = new StringBuilder();
    b.append("Hello").append(name == null || name.isBlank() ? "" : " " + name).append(",\n\n");
    b.append("we are changing the privacy policy of ")
        .append(policy.property().name())
        .append(". The new version takes effect on ")
        .append(change.effectiveDate())
        .append(".\n\nWhat changes:\n");
    for (String line : change.lines()) {
      b.append("- ").append(line).append('\n');
    }
    if (change.needsOptIn()) {
      b.append("\nThese changes need your agreement. When you next sign in on or after ")
          .append(change.effectiveDate())
          .append(", we will ask you. If you decline, the previous terms keep applying to you for")
          .append(" everything that needs your consent.\n");
    }
    b.append("\nThe full policy: ").append(policyLink).append('\n');
    b.append("\n— ").append(policy.controller().name()).append('\n');
    return b.toString();
  }
}
