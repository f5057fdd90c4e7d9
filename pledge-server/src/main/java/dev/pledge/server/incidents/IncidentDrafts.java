package dev.pledge.server.incidents;

import dev.pledge.policy.Contact;
import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Policy;
import java.util.List;
import java.util.Map;

/**
 * The drafts of the regulator's notice (the contents GDPR Art. 33(3) asks for) and of the people's
 * notice (Art. 34), written from what the incident records; the operator reads, edits and approves
 * them before anything is sent.
 */
final class IncidentDrafts {

  private IncidentDrafts() {}

  static String regulator(Incident i, Policy p) {
    StringBuilder b = new StringBuilder();
    b.append("Personal data breach notification (GDPR Art. 33)\n")
        .append("Reference: ")
        .append(i.id())
        .append(" — ")
        .append(i.title())
        .append("\n\nController: ")
        .append(p.controller().name())
        .append(", ")
        .append(p.controller().email())
        .append('\n');
    contact(p).ifPresent(c -> b.append("Contact point: ").append(line(c)).append('\n'));
    b.append("Discovered: ")
        .append(IncidentWords.moment(i.discoveredAt()))
        .append("\n\n1. Nature of the breach\n")
        .append(i.whatHappened())
        .append("\n\nCategories of personal data concerned:\n");
    for (String c : categories(i, p)) {
      b.append("- ").append(c).append('\n');
    }
    b.append("\nApproximate number of people concerned: ")
        .append(i.affected().people())
        .append('\n');
    counts(b, "By region", i.affected().byRegion());
    counts(b, "By law", i.affected().byLaw());
    if (!i.affected().unlisted().isEmpty()) {
      b.append("Stores whose people could not be counted: ")
          .append(String.join(", ", i.affected().unlisted()))
          .append('\n');
    }
    b.append("\n2. Likely consequences and 3. measures taken or proposed\n")
        .append(
            i.assessment() == null
                ? "(Assessment not yet recorded; this notice may be given in phases.)"
                : i.assessment())
        .append("\n\nRisk to the people concerned: ")
        .append(i.highRisk() ? "high — they are being notified directly." : "not assessed as high.")
        .append('\n');
    return b.toString();
  }

  static String people(Incident i, Policy p) {
    StringBuilder b = new StringBuilder();
    b.append("We are writing to tell you about a security incident at ")
        .append(p.property().name())
        .append(" that affects your personal data.\n\nWhat happened\n")
        .append(i.whatHappened())
        .append("\n\nWhat data was involved\n");
    for (String c : categories(i, p)) {
      b.append("- ").append(c).append('\n');
    }
    b.append("\nWhat we have done\n")
        .append(
            i.assessment() == null
                ? "We are containing the incident and investigating it."
                : i.assessment())
        .append("\n\nWhat you can do\n")
        .append(
            "Be wary of messages that claim to come from us and ask for your password or payment"
                + " details. Change your password if you use it elsewhere.\n");
    contact(p).ifPresent(c -> b.append("\nQuestions: ").append(line(c)).append('\n'));
    b.append("\nReference: ").append(i.id()).append('\n');
    return b.toString();
  }

  private static java.util.Optional<Contact> contact(Policy p) {
    return p.contact(Contact.Role.DPO).or(() -> p.contact(Contact.Role.PRIVACY));
  }

  private static String line(Contact c) {
    return (c.name() == null ? "" : c.name() + ", ") + c.email();
  }

  /** The categories' titles from the policy, and the stores named beyond them. */
  static List<String> categories(Incident i, Policy p) {
    List<String> out =
        i.categories().stream()
            .map(c -> p.category(c).map(DataCategory::title).orElse(c) + " (" + c + ")")
            .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    if (out.isEmpty()) {
      out.add("Data held in: " + String.join(", ", i.stores()));
    }
    return out;
  }

  private static void counts(StringBuilder b, String what, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return;
    }
    b.append(what).append(": ");
    b.append(
        String.join(
            ", ", counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
    b.append('\n');
  }
}
