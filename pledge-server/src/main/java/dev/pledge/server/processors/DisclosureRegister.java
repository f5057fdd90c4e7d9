package dev.pledge.server.processors;

import java.util.List;

/**
 * The register of disclosures to authorities (B-26) as a Markdown section, appended to the Art. 30
 * record the console exports: the policy says on which grounds data may be disclosed, this says
 * which disclosures were made.
 */
final class DisclosureRegister {

  private DisclosureRegister() {}

  static String markdown(List<AuthorityDisclosures.Disclosure> disclosures) {
    StringBuilder md = new StringBuilder("\n## Register of disclosures to public authorities\n\n");
    if (disclosures.isEmpty()) {
      return md.append("No disclosure to a public authority has been recorded.\n").toString();
    }
    md.append(
        "| Id | Authority | Received | Disclosed | Legal basis | Reference | Categories | People"
            + " | People told |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (AuthorityDisclosures.Disclosure d : disclosures) {
      md.append("| ")
          .append(d.id())
          .append(" | ")
          .append(cell(d.authority()))
          .append(" | ")
          .append(d.receivedOn())
          .append(" | ")
          .append(d.disclosedOn())
          .append(" | ")
          .append(AuthorityDisclosures.BASES.getOrDefault(d.basisType(), d.basisType()))
          .append(" | ")
          .append(cell(d.basisReference()))
          .append(" | ")
          .append(String.join(", ", d.categories()))
          .append(" | ")
          .append(d.people())
          .append(" | ")
          .append(AuthorityDisclosures.TOLD.getOrDefault(d.peopleTold(), d.peopleTold()))
          .append(" |\n");
    }
    return md.toString();
  }

  /** Text typed by an operator, kept from breaking the table. */
  private static String cell(String text) {
    return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
  }
}
