package dev.pledge.policy;

import static dev.pledge.policy.PolicyContent.fact;
import static dev.pledge.policy.PolicyContent.items;
import static dev.pledge.policy.PolicyContent.mailto;
import static dev.pledge.policy.PolicyContent.paragraph;
import static dev.pledge.policy.PolicyContent.slug;
import static dev.pledge.policy.PolicyContent.text;

import dev.pledge.policy.PolicyDocument.Block;
import dev.pledge.policy.PolicyDocument.Date;
import dev.pledge.policy.PolicyDocument.Fact;
import dev.pledge.policy.PolicyDocument.Facts;
import dev.pledge.policy.PolicyDocument.Inline;
import dev.pledge.policy.PolicyDocument.Paragraph;
import dev.pledge.policy.PolicyDocument.Section;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the GDPR Art. 30(1) record of processing activities as Markdown: one entry per purpose
 * with the categories of data and of data subjects, recipients, transfers and their safeguards,
 * retention and security measures. A supervisory authority may ask for this record at any time;
 * generating it from the policy keeps it as current as the published page.
 */
final class ProcessingRecordWriter {

  private final Policy policy;

  private ProcessingRecordWriter(Policy policy) {
    this.policy = policy;
  }

  static String write(Policy policy) {
    return MarkdownPolicyWriter.write(new ProcessingRecordWriter(policy).document());
  }

  private PolicyDocument document() {
    List<Block> header = new ArrayList<>();
    List<Inline> basis = new ArrayList<>();
    basis.add(text("Record of processing activities under GDPR Art. 30(1), generated from"));
    if (policy.effective() != null) {
      basis.add(text(" the privacy policy effective "));
      basis.add(new Date(policy.effective()));
    } else {
      basis.add(text(" the privacy policy"));
    }
    if (policy.lastReviewed() != null) {
      basis.add(text(", last reviewed "));
      basis.add(new Date(policy.lastReviewed()));
    }
    basis.add(text("."));
    header.add(new Paragraph(basis));

    List<Section> sections = new ArrayList<>();
    List<Fact> controller = controllerFacts();
    if (!controller.isEmpty()) {
      sections.add(new Section("controller", "Controller", List.of(new Facts(controller))));
    }
    for (Purpose purpose : policy.purposes()) {
      sections.add(activity(purpose));
    }
    if (!policy.processors().isEmpty()) {
      sections.add(
          new Section(
              "processors", "Processors (Art. 28)", List.of(PolicyContent.processorTable(policy))));
    }
    if (!policy.transfers().isEmpty()) {
      sections.add(
          new Section(
              "transfers",
              "Transfers to third countries (Art. 30(1)(e))",
              List.of(PolicyContent.transferTable(policy))));
    }
    if (!policy.disclosures().isEmpty()) {
      sections.add(
          new Section(
              "disclosures",
              "Disclosures to public authorities",
              List.of(items(policy.disclosures()))));
    }
    if (!policy.security().isEmpty()) {
      sections.add(
          new Section(
              "security",
              "Technical and organisational security measures (Art. 32)",
              List.of(
                  items(
                      policy.security().stream()
                          .map(
                              m ->
                                  PlainWords.present(m.description())
                                      ? m.title() + ": " + m.description().trim()
                                      : m.title())
                          .toList()))));
    }
    return new PolicyDocument(
        "Record of processing activities — " + policy.property().name(), header, sections);
  }

  private List<Fact> controllerFacts() {
    List<Fact> facts = new ArrayList<>();
    Controller c = policy.controller();
    if (c != null) {
      facts.add(fact("Name", c.name()));
      if (PlainWords.present(c.postalAddress())) {
        facts.add(fact("Postal address", c.postalAddress()));
      }
      if (PlainWords.present(c.email())) {
        facts.add(new Fact("E-mail", List.of(mailto(c.email(), null))));
      }
    }
    for (Contact.Role role : List.of(Contact.Role.DPO, Contact.Role.PRIVACY)) {
      policy
          .contact(role)
          .ifPresent(
              contact -> {
                List<Inline> value = new ArrayList<>();
                if (PlainWords.present(contact.name())) {
                  value.add(text(contact.name() + ", "));
                }
                value.add(mailto(contact.email(), null));
                facts.add(new Fact(PlainWords.role(role), value));
              });
    }
    return facts;
  }

  /** One processing activity: everything Art. 30(1)(b)–(g) asks for, for one purpose. */
  private Section activity(Purpose purpose) {
    List<DataCategory> categories =
        policy.categories().stream()
            .filter(c -> c.collected() != DataCategory.Collected.NO)
            .filter(c -> c.purposes().contains(purpose.id()))
            .toList();
    List<Block> blocks = new ArrayList<>();
    if (PlainWords.present(purpose.description())) {
      blocks.add(paragraph(purpose.description()));
    }
    List<Fact> facts = new ArrayList<>();
    facts.add(fact("Purpose id", purpose.id()));
    if (categories.isEmpty()) {
      facts.add(fact("Categories of personal data", "None: no data is declared for this purpose"));
      blocks.add(new Facts(facts));
      return new Section("purpose-" + slug(purpose.id()), purpose.title(), blocks);
    }
    facts.add(
        fact(
            "Categories of personal data",
            String.join(
                "; ",
                categories.stream()
                    .map(
                        c ->
                            c.fields().isEmpty()
                                ? c.title()
                                : c.title() + " (" + String.join(", ", c.fields()) + ")")
                    .toList())));
    facts.add(fact("Categories of data subjects", PlainWords.series(dataSubjects(categories))));
    Set<String> bases = new LinkedHashSet<>();
    categories.stream()
        .filter(c -> c.legalBasis() != null)
        .forEach(c -> bases.add(PlainWords.legalBasis(c.legalBasis())));
    if (!bases.isEmpty()) {
      facts.add(fact("Legal basis", String.join("; ", bases)));
    }
    List<Processor> recipients =
        policy.processors().stream()
            .filter(p -> categories.stream().anyMatch(c -> p.categories().contains(c.id())))
            .toList();
    facts.add(
        fact(
            "Recipients",
            recipients.isEmpty()
                ? "None outside the controller"
                : String.join("; ", recipients.stream().map(this::recipient).toList())));
    List<String> transfers =
        recipients.stream()
            .filter(p -> p.safeguard() != null)
            .map(
                p ->
                    p.name()
                        + (p.region() == null
                            ? ""
                            : " in " + PlainWords.regionName(policy, p.region()))
                        + ": "
                        + PlainWords.safeguard(p.safeguard()))
            .toList();
    facts.add(
        fact(
            "Transfers and safeguards",
            transfers.isEmpty()
                ? "None to third countries for this purpose"
                : String.join("; ", transfers)));
    facts.add(
        fact(
            "Retention",
            String.join(
                "; ",
                categories.stream()
                    .map(c -> c.title() + ": " + PlainWords.retention(c))
                    .toList())));
    if (!policy.security().isEmpty()) {
      facts.add(
          fact(
              "Security measures",
              // Titles may contain commas themselves.
              String.join("; ", policy.security().stream().map(SecurityMeasure::title).toList())));
    }
    blocks.add(new Facts(facts));
    return new Section("purpose-" + slug(purpose.id()), purpose.title(), blocks);
  }

  /** "Stripe (payments, United States)"; the parts the policy leaves out are left out. */
  private String recipient(Processor p) {
    List<String> about = new ArrayList<>();
    if (PlainWords.present(p.role())) {
      about.add(p.role().strip());
    }
    if (p.region() != null) {
      about.add(PlainWords.regionName(policy, p.region()));
    }
    return about.isEmpty() ? p.name() : p.name() + " (" + String.join(", ", about) + ")";
  }

  /**
   * The policy language names no data subjects; they follow from how each category is collected:
   * what is collected from everyone concerns the property's visitors or users, what is collected on
   * contact concerns the people who write in.
   */
  private List<String> dataSubjects(List<DataCategory> categories) {
    Set<String> subjects = new LinkedHashSet<>();
    String name = policy.property().name();
    for (DataCategory c : categories) {
      if (c.collected() == DataCategory.Collected.ON_CONTACT) {
        subjects.add("people who contact " + name);
      } else if (policy.property().kind() == Property.Kind.SERVICE) {
        subjects.add("users of " + name);
      } else {
        subjects.add("visitors of " + name);
      }
    }
    List<String> list = new ArrayList<>(subjects);
    list.set(0, Character.toUpperCase(list.get(0).charAt(0)) + list.get(0).substring(1));
    return list;
  }
}
