package dev.pledge.policy;

import dev.pledge.policy.PolicyDocument.Block;
import dev.pledge.policy.PolicyDocument.Date;
import dev.pledge.policy.PolicyDocument.Fact;
import dev.pledge.policy.PolicyDocument.Facts;
import dev.pledge.policy.PolicyDocument.Inline;
import dev.pledge.policy.PolicyDocument.Items;
import dev.pledge.policy.PolicyDocument.Link;
import dev.pledge.policy.PolicyDocument.Notice;
import dev.pledge.policy.PolicyDocument.Paragraph;
import dev.pledge.policy.PolicyDocument.Section;
import dev.pledge.policy.PolicyDocument.Strong;
import dev.pledge.policy.PolicyDocument.Table;
import dev.pledge.policy.PolicyDocument.Text;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides what the published privacy policy says and in which order, from the {@link Policy} value
 * alone. Every section is left out when the policy has nothing to say in it, so a static site's
 * page is not padded with empty headings about accounts and children.
 */
final class PolicyContent {

  private final Policy policy;

  private PolicyContent(Policy policy) {
    this.policy = policy;
  }

  static PolicyDocument of(Policy policy) {
    return new PolicyContent(policy).document();
  }

  /** "Privacy policy — {name}". */
  static String title(Policy policy) {
    return "Privacy policy — " + policy.property().name();
  }

  /** The caption of the data-category table. */
  static String categoryTableCaption(Policy policy) {
    return "Data categories collected by "
        + policy.property().name()
        + ", collection status, purpose, and retention period";
  }

  private PolicyDocument document() {
    List<Section> sections = new ArrayList<>();
    addIfAny(sections, "scope", "What this policy covers", scope());
    addIfAny(sections, "data-categories", "Data we collect", categoryTable());
    addIfAny(sections, "category-details", "Each data category in detail", categoryDetails());
    addIfAny(sections, "purposes", "Why we use data", purposes());
    addIfAny(sections, "retention", "How long we keep data", retention());
    addIfAny(sections, "selling", sellingHeading(), selling());
    addIfAny(sections, "disclosures", "When we may disclose data", disclosures());
    addIfAny(sections, "rights", "Your rights", rights());
    addIfAny(sections, "response-times", "Response times", responseTimes());
    addIfAny(sections, "cookies", "Cookies", cookies());
    addIfAny(sections, "processors", "Processors", processors());
    addIfAny(sections, "regions", "Where data is stored and transferred", regions());
    addIfAny(sections, "children", "Children", children());
    addIfAny(sections, "breaches", "If a data breach happens", breach());
    addIfAny(sections, "security", "How we protect data", security());
    addIfAny(sections, "change-notice", "How we announce changes", changeNotice());
    addIfAny(sections, "change-log", "Change log", changeLog());
    addIfAny(sections, "contacts", "Contacts", contacts());
    return new PolicyDocument(title(policy), header(), sections);
  }

  // ---- above the first section ----

  private List<Block> header() {
    List<Block> blocks = new ArrayList<>();
    // a material change is announced before anything else, with its effective date.
    policy
        .materialChangeNotice()
        .ifPresent(
            change ->
                blocks.add(
                    new Notice(
                        List.of(
                            text("Material change effective "),
                            new Date(change.effective()),
                            text(": " + nullToEmpty(change.summary()))))));
    List<Inline> dates = new ArrayList<>();
    if (policy.effective() != null) {
      dates.add(text("Effective "));
      dates.add(new Date(policy.effective()));
    }
    if (policy.lastReviewed() != null) {
      dates.add(text(dates.isEmpty() ? "Last reviewed " : " · Last reviewed "));
      dates.add(new Date(policy.lastReviewed()));
    }
    if (!dates.isEmpty()) {
      blocks.add(new Paragraph(dates));
    }
    if (PlainWords.present(policy.summary())) {
      blocks.add(paragraph(policy.summary()));
    }
    return blocks;
  }

  // ---- sections ----

  private List<Block> scope() {
    List<Block> blocks = new ArrayList<>();
    Property property = policy.property();
    if (PlainWords.present(property.scope())) {
      blocks.add(paragraph(property.scope()));
    }
    List<Fact> facts = new ArrayList<>();
    if (!property.domains().isEmpty()) {
      facts.add(fact("Applies to", String.join(", ", property.domains())));
    }
    Controller controller = policy.controller();
    if (controller != null) {
      List<Inline> who = new ArrayList<>(List.of(text(controller.name())));
      if (PlainWords.present(controller.postalAddress())) {
        who.add(text(", " + controller.postalAddress()));
      }
      if (PlainWords.present(controller.email())) {
        who.add(text(", "));
        who.add(mailto(controller.email(), null));
      }
      facts.add(new Fact("Responsible for your data", who));
    }
    if (!facts.isEmpty()) {
      blocks.add(new Facts(facts));
    }
    if (!property.notCovered().isEmpty()) {
      blocks.add(paragraph("This policy does not cover:"));
      blocks.add(items(property.notCovered()));
    }
    return blocks;
  }

  private List<Block> categoryTable() {
    if (policy.categories().isEmpty()) {
      return List.of();
    }
    List<List<List<Inline>>> rows = new ArrayList<>();
    for (DataCategory c : policy.categories()) {
      rows.add(
          List.of(
              List.of(text(c.title())),
              List.of(text(PlainWords.collected(c))),
              List.of(text(PlainWords.purposes(policy, c))),
              List.of(text(PlainWords.retention(c)))));
    }
    return List.of(
        new Table(
            categoryTableCaption(policy),
            List.of("Data category", "Collected", "Purpose", "Retention"),
            rows));
  }

  private List<Block> categoryDetails() {
    List<Block> blocks = new ArrayList<>();
    for (DataCategory c : policy.categories()) {
      List<Block> inner = new ArrayList<>();
      if (PlainWords.present(c.description())) {
        inner.add(paragraph(c.description()));
      }
      List<Fact> facts = new ArrayList<>();
      facts.add(fact("Collected", PlainWords.collected(c)));
      if (c.collected() != DataCategory.Collected.NO) {
        if (!c.fields().isEmpty()) {
          facts.add(fact("Fields", String.join(", ", c.fields())));
        }
        if (!c.events().isEmpty()) {
          facts.add(fact("Events", PlainWords.events(c)));
        }
        if (PlainWords.present(c.source())) {
          facts.add(fact("Source", c.source()));
        }
        if (!c.purposes().isEmpty()) {
          facts.add(fact("Purpose", PlainWords.purposes(policy, c)));
        }
        if (c.legalBasis() != null) {
          facts.add(fact("Legal basis", PlainWords.legalBasis(c.legalBasis())));
        }
        if (c.anonymised()) {
          facts.add(fact("Stored form", "Anonymised before it is stored"));
        }
        if (c.retention() != null) {
          facts.add(fact("Retention", PlainWords.retention(c)));
        }
      }
      inner.add(new Facts(facts));
      blocks.add(new Section("category-" + slug(c.id()), c.title(), inner));
    }
    return blocks;
  }

  private List<Block> purposes() {
    if (policy.purposes().isEmpty()) {
      return List.of();
    }
    List<List<Inline>> items = new ArrayList<>();
    for (Purpose p : policy.purposes()) {
      String words = PlainWords.present(p.description()) ? ": " + p.description().trim() : "";
      if (p.objectable()) {
        words += (words.isEmpty() ? ": " : " ") + "You can object to this use.";
      }
      items.add(List.of(new Strong(p.title()), text(words)));
    }
    return List.of(new Items(items));
  }

  private List<Block> retention() {
    List<List<Inline>> items = new ArrayList<>();
    for (DataCategory c : policy.categories()) {
      if (c.collected() == DataCategory.Collected.NO || c.retention() == null) {
        continue;
      }
      Retention r = c.retention();
      StringBuilder words = new StringBuilder(": ").append(PlainWords.retention(r)).append('.');
      RetentionPeriod period = r.period();
      if (period.kind() == RetentionPeriod.Kind.RANGE) {
        words
            .append(" Unless a choice is made: ")
            .append(
                period.defaultChoice() == null
                    ? "kept permanently"
                    : PlainWords.duration(period.defaultChoice()))
            .append('.');
      }
      if (PlainWords.present(r.note())) {
        words.append(' ').append(r.note().trim());
      }
      items.add(List.of(new Strong(c.title()), text(words.toString())));
    }
    return items.isEmpty() ? List.of() : List.of(new Items(items));
  }

  private String sellingHeading() {
    return policy.sellsData() ? "Sale of personal information" : "We never sell your data";
  }

  private List<Block> selling() {
    String words;
    if (!policy.sellsData()) {
      words = "We do not sell, rent or trade personal information";
      words +=
          policy.sharing() == Policy.Sharing.NONE
              ? " and do not share or license it to third parties."
              : ".";
    } else {
      words = "We sell personal information.";
      if (policy.rights().stream().anyMatch(r -> r.kind() == Right.Kind.OPT_OUT_OF_SALE)) {
        words += " You can opt out of the sale: see Your rights.";
      }
    }
    if (policy.sharing() == Policy.Sharing.PROCESSORS_ONLY) {
      words +=
          " We share it only with the processors listed in this policy, who act on our"
              + " instructions.";
    }
    return List.of(paragraph(words));
  }

  private List<Block> disclosures() {
    if (policy.disclosures().isEmpty()) {
      return List.of();
    }
    return List.of(
        paragraph("We disclose personal information only in these situations:"),
        items(policy.disclosures()));
  }

  private List<Block> rights() {
    List<Block> blocks = new ArrayList<>();
    for (Right right : policy.rights()) {
      List<Block> inner = new ArrayList<>();
      inner.add(paragraph(PlainWords.rightMeaning(right.kind())));
      String who =
          right.laws().isEmpty()
              ? "Everyone"
              : "People protected by "
                  + PlainWords.series(
                      right.laws().stream().map(id -> PlainWords.lawName(policy, id)).toList());
      List<Fact> facts = new ArrayList<>(List.of(fact("Who has this right", who)));
      if (PlainWords.present(right.scope())) {
        facts.add(fact("What it covers", right.scope().strip()));
      }
      inner.add(new Facts(facts));
      List<List<Inline>> ways = new ArrayList<>();
      for (String id : right.channels()) {
        ways.add(
            policy
                .channel(id)
                .map(ch -> channel(ch, right.kind()))
                .orElseGet(() -> List.of(text("Channel " + id))));
      }
      if (!ways.isEmpty()) {
        inner.add(paragraph("How to exercise it:"));
        inner.add(new Items(ways));
      }
      blocks.add(new Section("right-" + right.kind().key(), PlainWords.right(right.kind()), inner));
    }
    List<List<Inline>> deadlines = new ArrayList<>();
    for (Law law : policy.laws()) {
      StringBuilder words = new StringBuilder();
      if (PlainWords.present(law.appliesTo())) {
        words.append(" (").append(law.appliesTo().trim()).append(')');
      }
      words.append(": we answer ");
      words.append(
          law.deadline().approximate().isZero()
              ? "at once"
              : "within " + PlainWords.duration(law.deadline(), law.businessDays()));
      if (law.extension() != null && !law.extension().approximate().isZero()) {
        words
            .append("; we may extend this by ")
            .append(PlainWords.duration(law.extension(), law.businessDays()))
            .append(" when a request is complex, and will tell you why before the first deadline");
      }
      words.append('.');
      deadlines.add(List.of(new Strong(law.name()), text(words.toString())));
    }
    if (!deadlines.isEmpty()) {
      blocks.add(
          new Section(
              "deadlines",
              "Deadlines for answering a request",
              List.of(
                  paragraph("The deadline follows the law that protects you:"),
                  new Items(deadlines))));
    }
    return blocks;
  }

  /**
   * One way to make a request for {@code right}: who to write to, with which subject, or where to
   * click. A subject line that starts a different kind of request is left out: telling someone to
   * ask for access under the subject "Privacy deletion request" would start the wrong request.
   */
  private List<Inline> channel(Channel ch, Right.Kind right) {
    List<Inline> out = new ArrayList<>();
    out.add(new Strong(ch.title()));
    Optional<Contact> contact =
        ch.contact() == null ? Optional.empty() : policy.contact(ch.contact());
    String address = contact.map(Contact::email).filter(PlainWords::present).orElse(null);
    String subject = ch.starts() == null || ch.starts() == right ? ch.subject() : null;
    boolean said = false;
    if (address != null) {
      out.add(text(": e-mail "));
      out.add(mailto(address, subject));
      if (PlainWords.present(subject)) {
        out.add(text(" with the subject line “" + subject.strip() + "”"));
        if (ch.starts() != null) {
          out.add(text(", which starts a " + PlainWords.request(ch.starts()) + " at once"));
        }
      }
      said = true;
    } else if (ch.contact() != null) {
      out.add(text(": write to the " + PlainWords.role(ch.contact()).toLowerCase(Locale.ROOT)));
      said = true;
    }
    if (PlainWords.present(ch.path())) {
      out.add(text((said ? "; or use " : ": use ") + pathWords(ch.kind())));
      out.add(link(ch.path(), ch.path()));
    }
    return out;
  }

  private static String pathWords(Channel.Kind kind) {
    return switch (kind) {
      case FORM -> "the form at ";
      case DASHBOARD -> "your account dashboard at ";
      case API -> "the API at ";
      case SUPPORT -> "support at ";
      case LEGAL -> "the legal request page at ";
      case EMAIL -> "";
    };
  }

  private List<Block> responseTimes() {
    ResponseTimes t = policy.responseTimes();
    if (t == null) {
      return List.of();
    }
    List<Fact> facts = new ArrayList<>();
    if (t.general() != null) {
      facts.add(fact("General inquiries", "answered " + PlainWords.within(t.general())));
    }
    if (t.rights() != null) {
      facts.add(fact("Data rights requests", "fulfilled " + PlainWords.within(t.rights())));
    }
    if (t.urgent() != null) {
      facts.add(fact("Urgent privacy matters", "answered " + PlainWords.within(t.urgent())));
    }
    if (t.regulatorAcknowledgement() != null) {
      facts.add(
          fact(
              "Regulator inquiries",
              "acknowledged "
                  + PlainWords.within(t.regulatorAcknowledgement())
                  + ", answered in full as the law requires"));
    }
    return facts.isEmpty() ? List.of() : List.of(new Facts(facts));
  }

  private List<Block> cookies() {
    if (policy.cookies().isEmpty()) {
      String what = policy.property().kind() == Property.Kind.SERVICE ? "service" : "site";
      return List.of(
          paragraph(
              "This " + what + " sets no cookies. Every page can be read with cookies blocked."));
    }
    List<Block> blocks = new ArrayList<>();
    List<List<Inline>> categories = new ArrayList<>();
    for (CookieCategory cat : policy.cookieCategories()) {
      String words = PlainWords.present(cat.description()) ? ": " + cat.description().trim() : "";
      words +=
          cat.consentRequired()
              ? " Set only with your consent, which you can withdraw at any time."
              : " Strictly necessary: set without asking for consent.";
      categories.add(List.of(new Strong(cat.title()), text(words)));
    }
    if (!categories.isEmpty()) {
      blocks.add(new Items(categories));
    }
    List<List<List<Inline>>> rows = new ArrayList<>();
    for (Cookie cookie : policy.cookies()) {
      String category =
          policy.cookieCategories().stream()
              .filter(c -> c.id().equals(cookie.category()))
              .map(CookieCategory::title)
              .findFirst()
              .orElse(cookie.category());
      rows.add(
          List.of(
              List.of(text(cookie.name())),
              List.of(text(category)),
              List.of(text(nullToEmpty(cookie.purpose()))),
              List.of(
                  text(
                      cookie.lifetime() == null
                          ? "Until you close the browser"
                          : PlainWords.duration(cookie.lifetime()))),
              List.of(text(cookie.firstParty() ? "First party" : "Third party"))));
    }
    blocks.add(
        new Table(
            "Cookies that may be set, with their lifetime and who sets them",
            List.of("Cookie", "Category", "Purpose", "Lifetime", "Party"),
            rows));
    return blocks;
  }

  private List<Block> processors() {
    if (policy.processors().isEmpty()) {
      return List.of();
    }
    return List.of(
        paragraph(
            "These processors handle personal data on our behalf. Each receives only the data"
                + " listed beside it."),
        processorTable(policy));
  }

  /** The processor register (B-25), shared with the Art. 30 record. */
  static Table processorTable(Policy policy) {
    List<List<List<Inline>>> rows = new ArrayList<>();
    for (Processor p : policy.processors()) {
      rows.add(
          List.of(
              List.of(text(p.name())),
              List.of(text(nullToEmpty(p.role()))),
              List.of(text(nullToEmpty(p.purpose()))),
              List.of(
                  text(
                      String.join(
                          ", ",
                          p.categories().stream()
                              .map(id -> PlainWords.categoryTitle(policy, id))
                              .toList()))),
              List.of(text(PlainWords.regionName(policy, p.region()))),
              List.of(
                  text(
                      p.safeguard() == null
                          ? "None needed"
                          : PlainWords.safeguard(p.safeguard())))));
    }
    return new Table(
        "Processors, the data each receives, where it is processed and the transfer safeguard",
        List.of("Processor", "Role", "Purpose", "Data received", "Region", "Safeguard"),
        rows);
  }

  private List<Block> regions() {
    List<Block> blocks = new ArrayList<>();
    if (!policy.regions().isEmpty()) {
      List<List<Inline>> items = new ArrayList<>();
      for (Region r : policy.regions()) {
        items.add(
            List.of(
                text(
                    r.name()
                        + (r.localised()
                            ? ": data of people from this region stays in this region"
                            : ""))));
      }
      blocks.add(paragraph("Data is stored in these regions:"));
      blocks.add(new Items(items));
    }
    if (!policy.transfers().isEmpty()) {
      blocks.add(transferTable(policy));
    }
    return blocks;
  }

  /** International transfers with their safeguard (B-31), shared with the Art. 30 record. */
  static Table transferTable(Policy policy) {
    List<List<List<Inline>>> rows = new ArrayList<>();
    for (Transfer t : policy.transfers()) {
      rows.add(
          List.of(
              List.of(text(PlainWords.regionName(policy, t.from()))),
              List.of(text(PlainWords.regionName(policy, t.to()))),
              List.of(text(PlainWords.safeguard(t.safeguard()))),
              List.of(text(nullToEmpty(t.purpose())))));
    }
    return new Table(
        "International transfers and the safeguard that makes each lawful",
        List.of("From", "To", "Safeguard", "Purpose"),
        rows);
  }

  private List<Block> children() {
    Children c = policy.children();
    if (c == null) {
      return List.of();
    }
    List<Block> blocks = new ArrayList<>();
    if (c.minimumAge() > 0) {
      blocks.add(
          paragraph(
              "Accounts are not available to anyone under "
                  + c.minimumAge()
                  + ". We do not knowingly collect personal data from children under "
                  + c.minimumAge()
                  + "."));
    }
    if (!c.parentalConsent().isEmpty()) {
      List<String> rules = new ArrayList<>();
      for (Children.ParentalConsent pc : c.parentalConsent()) {
        String where =
            policy
                .law(pc.jurisdiction())
                .map(Law::name)
                .orElseGet(() -> PlainWords.regionName(policy, pc.jurisdiction()));
        rules.add(where + ": a parent or guardian must consent for anyone under " + pc.under());
      }
      blocks.add(paragraph("Parental consent is required where the law asks for it:"));
      blocks.add(items(rules));
    }
    if (c.enhancedProtectionUnder() > 0) {
      blocks.add(
          paragraph(
              "Anyone under "
                  + c.enhancedProtectionUnder()
                  + " gets extra protection: no marketing, and private by default."));
    }
    if (!c.parentalRights().isEmpty()) {
      blocks.add(paragraph("A parent or guardian can:"));
      blocks.add(items(c.parentalRights()));
    }
    return blocks;
  }

  private List<Block> breach() {
    BreachPolicy b = policy.breach();
    if (b == null) {
      return List.of();
    }
    List<Block> blocks = new ArrayList<>();
    List<Fact> clocks = new ArrayList<>();
    if (b.containWithin() != null) {
      clocks.add(fact("Contained and assessed", PlainWords.within(b.containWithin())));
    }
    if (b.notifyRegulatorWithin() != null) {
      clocks.add(fact("Regulator notified", PlainWords.within(b.notifyRegulatorWithin())));
    }
    if (b.notifyPeopleWithin() != null) {
      String how =
          b.notifyPeopleBy().isEmpty()
              ? ""
              : " by "
                  + PlainWords.series(
                      b.notifyPeopleBy().stream().map(PlainWords::noticeChannel).toList());
      clocks.add(
          fact(
              "Affected people notified when the risk to them is high",
              PlainWords.within(b.notifyPeopleWithin()) + how));
    }
    if (PlainWords.present(b.publicPage())) {
      clocks.add(new Fact("Public security page", List.of(link(b.publicPage(), b.publicPage()))));
    }
    if (!clocks.isEmpty()) {
      blocks.add(paragraph("Every clock starts when the breach is detected."));
      blocks.add(new Facts(clocks));
    }
    if (!b.steps().isEmpty()) {
      blocks.add(paragraph("How we respond, step by step:"));
      blocks.add(items(b.steps()));
    }
    return blocks;
  }

  private List<Block> security() {
    if (policy.security().isEmpty()) {
      return List.of();
    }
    List<List<Inline>> items = new ArrayList<>();
    for (SecurityMeasure m : policy.security()) {
      items.add(
          List.of(
              new Strong(m.title()),
              text(PlainWords.present(m.description()) ? ": " + m.description().trim() : "")));
    }
    return List.of(new Items(items));
  }

  private List<Block> changeNotice() {
    ChangeNotice n = policy.changeNotice();
    if (n == null) {
      return List.of();
    }
    StringBuilder words = new StringBuilder();
    if (n.advanceNotice() != null && !n.advanceNotice().approximate().isZero()) {
      words
          .append("We announce material changes ")
          .append(PlainWords.duration(n.advanceNotice()))
          .append(" before they take effect");
    } else {
      words.append("Changes take effect when they are published");
    }
    if (!n.channels().isEmpty()) {
      words
          .append(", through ")
          .append(PlainWords.series(n.channels().stream().map(PlainWords::noticeChannel).toList()));
    }
    words.append(", with a plain-language summary.");
    if (n.materialRequiresOptIn()) {
      words.append(" A material change applies to you only after you opt in to it.");
    }
    return List.of(paragraph(words.toString()));
  }

  private List<Block> changeLog() {
    if (policy.changes().isEmpty()) {
      return List.of();
    }
    List<List<Inline>> items = new ArrayList<>();
    policy.changes().stream()
        .sorted(
            Comparator.comparing(
                    PolicyChange::effective, Comparator.nullsLast(Comparator.naturalOrder()))
                .reversed())
        .forEach(
            change -> {
              List<Inline> item = new ArrayList<>();
              if (change.effective() != null) {
                item.add(new Date(change.effective()));
              }
              item.add(text(change.material() ? " (material): " : ": "));
              item.add(text(nullToEmpty(change.summary())));
              items.add(item);
            });
    return List.of(new Items(items));
  }

  private List<Block> contacts() {
    if (policy.contacts().isEmpty()) {
      return List.of();
    }
    List<Fact> facts = new ArrayList<>();
    for (Contact c : policy.contacts()) {
      List<Inline> value = new ArrayList<>();
      if (PlainWords.present(c.name())) {
        value.add(text(c.name() + ", "));
      }
      value.add(mailto(c.email(), null));
      if (PlainWords.present(c.url())) {
        value.add(text(", "));
        value.add(link(c.url(), c.url()));
      }
      if (PlainWords.present(c.phone())) {
        value.add(text(", "));
        value.add(link("tel:" + c.phone().replaceAll("[^+0-9]", ""), c.phone()));
      }
      if (PlainWords.present(c.postalAddress())) {
        value.add(text(", " + c.postalAddress()));
      }
      facts.add(new Fact(PlainWords.role(c.role()), value));
    }
    return List.of(new Facts(facts));
  }

  // ---- building blocks ----

  private static void addIfAny(
      List<Section> sections, String id, String heading, List<Block> blocks) {
    if (!blocks.isEmpty()) {
      sections.add(new Section(id, heading, blocks));
    }
  }

  static Text text(String s) {
    return new Text(nullToEmpty(s));
  }

  static Paragraph paragraph(String s) {
    return new Paragraph(List.of(text(s)));
  }

  static Items items(List<String> lines) {
    return new Items(lines.stream().map(line -> List.<Inline>of(text(line))).toList());
  }

  static Fact fact(String label, String value) {
    return new Fact(label, List.of(text(value)));
  }

  /**
   * A link, or plain text when the address could run code or load something: a policy file is
   * input, and a {@code javascript:} URL in it must not become a live link on the page.
   */
  static Inline link(String href, String label) {
    String h = href == null ? "" : href.trim();
    String lower = h.toLowerCase(Locale.ROOT);
    boolean safe =
        lower.startsWith("https://")
            || lower.startsWith("http://")
            || lower.startsWith("mailto:")
            || lower.startsWith("tel:")
            || (lower.startsWith("/") && !lower.startsWith("//"));
    return safe ? new Link(h, label) : text(label);
  }

  /** A mailto link; with a subject, clicking it opens a message that starts the request. */
  static Inline mailto(String address, String subject) {
    if (!PlainWords.present(address)) {
      return text("");
    }
    String a = address.trim();
    String href = "mailto:" + a;
    if (PlainWords.present(subject)) {
      href +=
          "?subject="
              + URLEncoder.encode(subject.trim(), StandardCharsets.UTF_8).replace("+", "%20");
    }
    return link(href, a);
  }

  /** An id usable as an HTML anchor and CSS selector: dotted ids become dashed. */
  static String slug(String id) {
    String s = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return s.replaceAll("^-+|-+$", "");
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
