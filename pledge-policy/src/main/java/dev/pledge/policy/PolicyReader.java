package dev.pledge.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Maps the node tree of a policy file onto the {@link Policy} records, key by key. Keys are the
 * kebab-case names of the record components; enum values are spelled by each enum's {@code key()}.
 * Whatever cannot be read is reported and left empty, so the result may be partial: the loader
 * hands it to {@link PolicyValidator} for the cross-reference checks and never gives it out when
 * anything was reported.
 */
final class PolicyReader {

  /** The only policy-language version this build reads. */
  static final int LANGUAGE_VERSION = 1;

  private static final List<String> TOP_KEYS =
      List.of(
          "pledge",
          "property",
          "controller",
          "contacts",
          "effective",
          "last-reviewed",
          "changes",
          "summary",
          "sells-data",
          "sharing",
          "disclosures",
          "purposes",
          "categories",
          "rights",
          "channels",
          "laws",
          "response-times",
          "cookie-categories",
          "cookies",
          "processors",
          "regions",
          "transfers",
          "children",
          "breach",
          "change-notice",
          "security");
  private static final List<String> PROPERTY_KEYS =
      List.of("id", "name", "kind", "domains", "scope", "not-covered");
  private static final List<String> CONTROLLER_KEYS = List.of("name", "postal-address", "email");
  private static final List<String> CONTACT_KEYS =
      List.of("name", "email", "url", "phone", "postal-address");
  private static final List<String> CHANGE_KEYS = List.of("effective", "material", "summary");
  private static final List<String> PURPOSE_KEYS =
      List.of("id", "title", "description", "objectable");
  private static final List<String> CATEGORY_KEYS =
      List.of(
          "id",
          "title",
          "description",
          "collected",
          "collected-note",
          "fields",
          "purposes",
          "legal-basis",
          "source",
          "anonymised",
          "personal",
          "retention",
          "events");
  private static final List<String> EVENT_KEYS = List.of("name", "properties", "description");
  private static final List<String> RIGHT_KEYS = List.of("kind", "laws", "scope", "channels");
  private static final List<String> CHANNEL_KEYS =
      List.of("id", "kind", "title", "contact", "subject", "starts", "path");
  private static final List<String> LAW_KEYS =
      List.of("id", "name", "applies-to", "deadline", "business-days", "extension");
  private static final List<String> RESPONSE_TIME_KEYS =
      List.of("general", "rights", "urgent", "regulator-acknowledgement");
  private static final List<String> TIMEFRAME_KEYS = List.of("period", "business-days");
  private static final List<String> COOKIE_CATEGORY_KEYS =
      List.of("id", "title", "description", "consent-required");
  private static final List<String> COOKIE_KEYS =
      List.of("name", "category", "purpose", "lifetime", "first-party");
  private static final List<String> PROCESSOR_KEYS =
      List.of("name", "role", "purpose", "categories", "region", "safeguard");
  private static final List<String> REGION_KEYS = List.of("id", "name", "localised");
  private static final List<String> TRANSFER_KEYS = List.of("from", "to", "safeguard", "purpose");
  private static final List<String> CHILDREN_KEYS =
      List.of("minimum-age", "parental-consent", "enhanced-protection-under", "parental-rights");
  private static final List<String> PARENTAL_CONSENT_KEYS = List.of("jurisdiction", "under");
  private static final List<String> BREACH_KEYS =
      List.of(
          "contain-within",
          "notify-regulator-within",
          "notify-people-within",
          "notify-people-by",
          "public-page",
          "steps");
  private static final List<String> CHANGE_NOTICE_KEYS =
      List.of("advance-notice", "channels", "material-requires-opt-in");
  private static final List<String> SECURITY_KEYS = List.of("id", "title", "description");

  /** How people are told about a breach, as {@link BreachPolicy#notifyPeopleBy()} documents. */
  private static final List<String> BREACH_CHANNELS = List.of("email", "in-app");

  /** How policy changes are announced, as {@link ChangeNotice#channels()} documents. */
  private static final List<String> CHANGE_CHANNELS = List.of("page-notice", "email", "in-app");

  /** Property ids appear in paths and commands, so they stay plain. */
  private static final Pattern PROPERTY_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private static final String CONTACTS_EXAMPLE =
      "contacts: {privacy: {email: privacy@example.com}}";

  private final NodeReader nodes;
  private final SourceMap sources;
  private final RetentionReader retention;

  PolicyReader(NodeReader nodes) {
    this.nodes = nodes;
    this.sources = nodes.sources();
    this.retention = new RetentionReader(nodes);
  }

  /** The policy as far as it could be read, or {@code null} when the top level is no mapping. */
  Policy read(Node root) {
    MappingReader top =
        nodes.mapping(root, "", "pledge: 1 (then property:, controller:, …)", TOP_KEYS);
    if (top == null) {
      return null;
    }
    int version = version(top);
    Property property = property(top);
    Controller controller = controller(top);
    List<Contact> contacts = contacts(top);
    LocalDate effective = top.requiredDate("effective", "effective: 2026-04-01");
    LocalDate lastReviewed = top.requiredDate("last-reviewed", "last-reviewed: 2026-04-15");
    List<PolicyChange> changes =
        each(
            top.list("changes", "changes: [{effective: 2026-04-01, material: true, summary: …}]"),
            "- {effective: 2026-04-01, material: true, summary: \"Access logs now kept 90 days\"}",
            CHANGE_KEYS,
            this::change);
    String summary =
        top.requiredText(
            "summary", "summary: \"What we collect, why, and for how long, in a few sentences\"");
    boolean sellsData =
        top.requiredFlag(
            "sells-data",
            "; state it explicitly, even when the answer is false",
            "sells-data: false");
    Policy.Sharing sharing =
        top.requiredChoice(
            "sharing", Policy.Sharing.values(), Policy.Sharing::key, "sharing: processors-only");
    List<String> disclosures =
        top.texts("disclosures", "disclosures: [\"When a valid court order requires it\"]");
    List<Purpose> purposes =
        each(
            top.requiredList("purposes", "", "purposes: [{id: operations.debugging, title: …}]"),
            "- {id: operations.debugging, title: Debugging errors}",
            PURPOSE_KEYS,
            this::purpose);
    List<DataCategory> categories =
        each(
            top.requiredList(
                "categories",
                "; list what is collected, and what is explicitly not",
                "categories: [{id: user.contact.email, title: …, collected: yes, …}]"),
            "- {id: user.contact.email, title: E-mail address, collected: yes, …}",
            CATEGORY_KEYS,
            this::category);
    List<Right> rights =
        each(
            top.requiredList("rights", "", "rights: [{kind: access, channels: [privacy-email]}]"),
            "- {kind: access, laws: [gdpr], channels: [privacy-email]}",
            RIGHT_KEYS,
            this::right);
    List<Channel> channels =
        each(
            top.requiredList(
                "channels",
                "; people need a way to exercise their rights",
                "channels: [{id: privacy-email, kind: email, title: …, contact: privacy}]"),
            "- {id: privacy-email, kind: email, title: E-mail, contact: privacy}",
            CHANNEL_KEYS,
            this::channel);
    List<Law> laws =
        each(
            top.list("laws", "laws: [{id: gdpr, name: …, deadline: P1M}]"),
            "- {id: gdpr, name: General Data Protection Regulation, deadline: P1M}",
            LAW_KEYS,
            this::law);
    ResponseTimes responseTimes = responseTimes(top);
    List<CookieCategory> cookieCategories =
        each(
            top.list(
                "cookie-categories",
                "cookie-categories: [{id: essential, title: …, consent-required: false}]"),
            "- {id: essential, title: Strictly necessary, consent-required: false}",
            COOKIE_CATEGORY_KEYS,
            this::cookieCategory);
    List<Cookie> cookies =
        each(
            top.requiredList(
                "cookies",
                "; write 'cookies: []' when none is set, so the absence is a promise",
                "cookies: []"),
            "- {name: session, category: essential, purpose: …, lifetime: session, first-party:"
                + " true}",
            COOKIE_KEYS,
            this::cookie);
    List<Processor> processors =
        each(
            top.list("processors", "processors: [{name: …, role: payments, purpose: …}]"),
            "- {name: Example Payments Ltd., role: payments, purpose: Card payments, categories:"
                + " [user.financial.payment_records]}",
            PROCESSOR_KEYS,
            this::processor);
    List<Region> regions =
        each(
            top.list("regions", "regions: [{id: eu, name: European Union, localised: true}]"),
            "- {id: eu, name: European Union, localised: true}",
            REGION_KEYS,
            this::region);
    List<Transfer> transfers =
        each(
            top.list("transfers", "transfers: [{from: eu, to: us, safeguard: scc}]"),
            "- {from: eu, to: us, safeguard: scc, purpose: Payment processing}",
            TRANSFER_KEYS,
            this::transfer);
    Children children = children(top);
    BreachPolicy breach = breach(top);
    ChangeNotice changeNotice = changeNotice(top);
    List<SecurityMeasure> security =
        each(
            top.list("security", "security: [{id: encryption-at-rest, title: …, description: …}]"),
            "- {id: encryption-at-rest, title: Encryption at rest, description: AES-256-GCM}",
            SECURITY_KEYS,
            this::securityMeasure);
    return new Policy(
        version,
        property,
        controller,
        contacts,
        effective,
        lastReviewed,
        changes,
        summary,
        sellsData,
        sharing,
        disclosures,
        purposes,
        categories,
        rights,
        channels,
        laws,
        responseTimes,
        cookieCategories,
        cookies,
        processors,
        regions,
        transfers,
        children,
        breach,
        changeNotice,
        security);
  }

  /** Reads each mapping of a list into a record and remembers where the record came from. */
  private <T> List<T> each(
      List<NodeReader.Item> items,
      String itemExample,
      List<String> keys,
      Function<MappingReader, T> build) {
    List<T> result = new ArrayList<>();
    for (NodeReader.Item item : items) {
      MappingReader m = nodes.mapping(item.node(), item.path(), itemExample, keys);
      if (m != null) {
        result.add(sources.remember(build.apply(m), item.path()));
      }
    }
    return result;
  }

  private int version(MappingReader top) {
    Integer version = top.requiredWhole("pledge", "pledge: 1");
    if (version == null) {
      return 0;
    }
    if (version != LANGUAGE_VERSION) {
      nodes.report(
          top.value("pledge"),
          "pledge",
          "unsupported policy-language version "
              + version
              + "; this Pledge reads version "
              + LANGUAGE_VERSION,
          "pledge: " + LANGUAGE_VERSION);
    }
    return version;
  }

  private Property property(MappingReader top) {
    MappingReader m =
        top.requiredMapping(
            "property",
            "property: {id: my-site, name: My site, kind: static-site, domains:"
                + " [my-site.example.org]}",
            PROPERTY_KEYS);
    if (m == null) {
      return null;
    }
    String id = m.requiredText("id", "id: reference-site");
    if (id != null && !PROPERTY_ID.matcher(id).matches()) {
      nodes.report(
          m.value("id"),
          m.fieldPath("id"),
          "'"
              + id
              + "' is not a valid property id; it appears in paths and commands, so use lower-case"
              + " letters, digits and single hyphens",
          "id: reference-site");
    }
    String name = m.requiredText("name", "name: Reference site");
    Property.Kind kind =
        m.requiredChoice("kind", Property.Kind.values(), Property.Kind::key, "kind: static-site");
    String domainsExample = "domains: [reference.example.org, www.reference.example.org]";
    List<String> domains = m.requiredTexts("domains", domainsExample);
    for (String domain : domains) {
      if (domain.contains("/") || domain.contains(":") || domain.contains(" ")) {
        String path = sources.itemPath(m.fieldPath("domains"), domain);
        nodes.report(
            sources.at(path),
            path,
            "'" + domain + "' is not a host name; write the name alone, without scheme or path",
            domainsExample);
      }
    }
    String scope =
        m.text("scope", "scope: \"This policy applies only to data collected by this site.\"");
    List<String> notCovered =
        m.texts("not-covered", "not-covered: [\"The services of the projects this site covers\"]");
    return sources.remember(new Property(id, name, kind, domains, scope, notCovered), m.path());
  }

  private Controller controller(MappingReader top) {
    MappingReader m =
        top.requiredMapping(
            "controller",
            "controller: {name: Example Studio Ltd., email: privacy@example.com}",
            CONTROLLER_KEYS);
    if (m == null) {
      return null;
    }
    return sources.remember(
        new Controller(
            m.requiredText("name", "name: Example Studio Ltd."),
            m.text("postal-address", "postal-address: \"1 Example Street, Example City\""),
            m.text("email", "email: privacy@example.com")),
        m.path());
  }

  private List<Contact> contacts(MappingReader top) {
    Node node = top.value("contacts");
    if (node == null) {
      top.reportMissing(
          "contacts", "; people need at least one address to reach", CONTACTS_EXAMPLE);
      return List.of();
    }
    String path = top.fieldPath("contacts");
    List<NodeReader.Entry> entries = nodes.entries(node, path, CONTACTS_EXAMPLE);
    if (entries == null) {
      return List.of();
    }
    if (entries.isEmpty()) {
      nodes.report(node, path, "at least one contact is needed", CONTACTS_EXAMPLE);
    }
    List<String> roles = keys(Contact.Role.values(), Contact.Role::key);
    List<Contact> contacts = new ArrayList<>();
    for (NodeReader.Entry entry : entries) {
      String rolePath = path + "." + entry.key();
      Contact.Role role = null;
      for (Contact.Role candidate : Contact.Role.values()) {
        if (candidate.key().equals(entry.key())) {
          role = candidate;
        }
      }
      if (role == null) {
        nodes.reportNotOneOf(entry.keyNode(), rolePath, entry.key(), roles, CONTACTS_EXAMPLE);
        continue;
      }
      MappingReader m =
          nodes.mapping(
              entry.value(),
              rolePath,
              entry.key() + ": {name: Privacy team, email: privacy@example.com}",
              CONTACT_KEYS);
      if (m == null) {
        continue;
      }
      Contact contact =
          new Contact(
              role,
              m.text("name", "name: Privacy team"),
              m.requiredText("email", "email: privacy@example.com"),
              m.text("url", "url: https://example.com/support"),
              m.text("phone", "phone: \"+1 555 0100\""),
              m.text("postal-address", "postal-address: \"1 Example Street, Example City\""));
      contacts.add(sources.remember(contact, rolePath));
    }
    return contacts;
  }

  private PolicyChange change(MappingReader m) {
    return new PolicyChange(
        m.requiredDate("effective", "effective: 2026-04-01"),
        m.requiredFlag(
            "material",
            "; material changes are announced at the top of the published policy",
            "material: true"),
        m.requiredText("summary", "summary: \"Access logs are now deleted after 90 days\""));
  }

  private Purpose purpose(MappingReader m) {
    return new Purpose(
        m.requiredText("id", "id: operations.debugging"),
        m.requiredText("title", "title: Debugging errors"),
        m.text("description", "description: \"Finding and fixing broken pages\""),
        m.flag("objectable", false, "objectable: true"));
  }

  private DataCategory category(MappingReader m) {
    return new DataCategory(
        m.requiredText("id", "id: user.behavior.page_views"),
        m.requiredText("title", "title: Page view analytics (anonymised)"),
        m.text("description", "description: \"Which pages are read, and how people arrive\""),
        m.requiredChoice(
            "collected",
            DataCategory.Collected.values(),
            DataCategory.Collected::key,
            "collected: yes"),
        m.text("collected-note", "collected-note: no account system exists"),
        m.texts("fields", "fields: [page path, referrer, browser type]"),
        m.texts("purposes", "purposes: [analytics.editorial]"),
        m.choice(
            "legal-basis",
            LegalBasis.values(),
            LegalBasis::key,
            null,
            "legal-basis: legitimate-interests"),
        m.text("source", "source: \"Your browser, without cookies\""),
        m.flag("anonymised", false, "anonymised: true"),
        m.flag("personal", true, "personal: false"),
        retention.read(m),
        each(
            m.list("events", "events: [{name: \"File Download\", properties: [url]}]"),
            "- {name: \"File Download\", properties: [url]}",
            EVENT_KEYS,
            this::event));
  }

  private CustomEvent event(MappingReader m) {
    return new CustomEvent(
        m.requiredText("name", "name: \"File Download\""),
        m.texts("properties", "properties: [url]"),
        m.text("description", "description: \"A reader downloaded a file\""));
  }

  private Right right(MappingReader m) {
    return new Right(
        m.requiredChoice("kind", Right.Kind.values(), Right.Kind::key, "kind: access"),
        m.texts("laws", "laws: [gdpr, ccpa]"),
        m.text("scope", "scope: \"Server logs and e-mail you sent us\""),
        m.requiredTexts("channels", "channels: [privacy-email]"));
  }

  private Channel channel(MappingReader m) {
    return new Channel(
        m.requiredText("id", "id: privacy-email"),
        m.requiredChoice("kind", Channel.Kind.values(), Channel.Kind::key, "kind: email"),
        m.requiredText("title", "title: E-mail to the privacy team"),
        m.choice("contact", Contact.Role.values(), Contact.Role::key, null, "contact: privacy"),
        m.text("subject", "subject: Privacy deletion request"),
        m.choice("starts", Right.Kind.values(), Right.Kind::key, null, "starts: erasure"),
        m.text("path", "path: /privacy/requests"));
  }

  private Law law(MappingReader m) {
    return new Law(
        m.requiredText("id", "id: gdpr"),
        m.requiredText("name", "name: General Data Protection Regulation"),
        m.text("applies-to", "applies-to: \"People in the European Union\""),
        m.requiredDuration("deadline", "deadline: P1M"),
        m.flag("business-days", false, "business-days: true"),
        m.duration("extension", "extension: P2M"));
  }

  private ResponseTimes responseTimes(MappingReader top) {
    MappingReader m =
        top.mapping(
            "response-times",
            "response-times: {general: {period: P5D, business-days: true}, rights: P30D}",
            RESPONSE_TIME_KEYS);
    if (m == null) {
      return null;
    }
    return new ResponseTimes(
        timeframe(m, "general", "general: {period: P5D, business-days: true}"),
        timeframe(m, "rights", "rights: P30D"),
        timeframe(m, "urgent", "urgent: PT24H"),
        timeframe(m, "regulator-acknowledgement", "regulator-acknowledgement: PT0S"));
  }

  /** A duration alone ({@code rights: P30D}) or with its counting rule ({@code {period, …}}). */
  private Timeframe timeframe(MappingReader parent, String key, String example) {
    Node node = parent.value(key);
    if (node == null) {
      return null;
    }
    String path = parent.fieldPath(key);
    if (node instanceof MappingNode) {
      MappingReader m = nodes.mapping(node, path, example, TIMEFRAME_KEYS);
      return new Timeframe(
          m.requiredDuration("period", "period: P5D"),
          m.flag("business-days", false, "business-days: true"));
    }
    if (!(node instanceof ScalarNode)) {
      nodes.report(
          node, path, "expected a duration or {period, business-days}, found a list", example);
      return null;
    }
    PolicyDuration period = nodes.duration(node, path, example);
    return period == null ? null : new Timeframe(period, false);
  }

  private CookieCategory cookieCategory(MappingReader m) {
    return new CookieCategory(
        m.requiredText("id", "id: essential"),
        m.requiredText("title", "title: Strictly necessary"),
        m.text("description", "description: \"Keep you signed in and protect forms\""),
        m.flag("consent-required", true, "consent-required: false"));
  }

  private Cookie cookie(MappingReader m) {
    String name = m.requiredText("name", "name: session");
    String category =
        m.requiredText(
            "category",
            "; every cookie belongs to a declared cookie category, the unit of consent",
            "category: essential");
    String purpose = m.requiredText("purpose", "purpose: \"Keeps you signed in\"");
    return new Cookie(name, category, purpose, lifetime(m), firstParty(m));
  }

  /** {@code session} ends with the browser; anything else is a duration. */
  private PolicyDuration lifetime(MappingReader m) {
    String example = "lifetime: session";
    Node node = m.value("lifetime");
    if (node == null) {
      m.reportMissing("lifetime", "; write 'session' or a duration such as P30D", example);
      return null;
    }
    if (node instanceof ScalarNode s && s.getValue().strip().equals("session")) {
      sources.record(m.fieldPath("lifetime"), node);
      return null;
    }
    return nodes.duration(node, m.fieldPath("lifetime"), "lifetime: P30D");
  }

  private boolean firstParty(MappingReader m) {
    return m.requiredFlag(
        "first-party", "; say whether the property's own domain sets it", "first-party: true");
  }

  private Processor processor(MappingReader m) {
    return new Processor(
        m.requiredText("name", "name: Example Payments Ltd."),
        m.requiredText("role", "role: payments"),
        m.requiredText("purpose", "purpose: \"Card payments and refunds\""),
        m.requiredTexts("categories", "categories: [user.financial.payment_records]"),
        m.text("region", "region: eu"),
        m.choice("safeguard", Safeguard.values(), Safeguard::key, null, "safeguard: scc"));
  }

  private Region region(MappingReader m) {
    return new Region(
        m.requiredText("id", "id: eu"),
        m.requiredText("name", "name: European Union"),
        m.flag("localised", false, "localised: true"));
  }

  private Transfer transfer(MappingReader m) {
    return new Transfer(
        m.requiredText("from", "from: eu"),
        m.requiredText("to", "to: us"),
        m.requiredChoice("safeguard", Safeguard.values(), Safeguard::key, "safeguard: scc"),
        m.text("purpose", "purpose: \"Payment processing\""));
  }

  private Children children(MappingReader top) {
    MappingReader m =
        top.mapping(
            "children",
            "children: {minimum-age: 13, parental-consent: [{jurisdiction: gdpr, under: 16}]}",
            CHILDREN_KEYS);
    if (m == null) {
      return null;
    }
    Integer minimumAge = m.requiredWhole("minimum-age", "minimum-age: 13");
    List<Children.ParentalConsent> consent =
        each(
            m.list("parental-consent", "parental-consent: [{jurisdiction: gdpr, under: 16}]"),
            "- {jurisdiction: gdpr, under: 16}",
            PARENTAL_CONSENT_KEYS,
            c -> {
              Integer under = c.requiredWhole("under", "under: 16");
              return new Children.ParentalConsent(
                  c.requiredText("jurisdiction", "jurisdiction: gdpr"), under == null ? 0 : under);
            });
    Integer enhanced = m.whole("enhanced-protection-under", "enhanced-protection-under: 18");
    List<String> parentalRights =
        m.texts("parental-rights", "parental-rights: [\"See the child's account information\"]");
    return sources.remember(
        new Children(
            minimumAge == null ? 0 : minimumAge,
            consent,
            enhanced == null ? 0 : enhanced,
            parentalRights),
        m.path());
  }

  private BreachPolicy breach(MappingReader top) {
    MappingReader m =
        top.mapping(
            "breach",
            "breach: {contain-within: PT24H, notify-regulator-within: PT72H,"
                + " notify-people-within: PT0S}",
            BREACH_KEYS);
    if (m == null) {
      return null;
    }
    return new BreachPolicy(
        m.requiredDuration("contain-within", "contain-within: PT24H"),
        m.requiredDuration("notify-regulator-within", "notify-regulator-within: PT72H"),
        m.requiredDuration("notify-people-within", "notify-people-within: PT0S"),
        m.textsFrom("notify-people-by", BREACH_CHANNELS, "notify-people-by: [email, in-app]"),
        m.text("public-page", "public-page: /security"),
        m.texts("steps", "steps: [\"Contain and assess the incident within 24 hours\"]"));
  }

  private ChangeNotice changeNotice(MappingReader top) {
    String example = "change-notice: {advance-notice: P30D, channels: [email, page-notice]}";
    MappingReader m = top.requiredMapping("change-notice", example, CHANGE_NOTICE_KEYS);
    if (m == null) {
      return null;
    }
    String channelsExample = "channels: [page-notice]";
    if (!m.has("channels")) {
      m.reportMissing("channels", "; say how people learn about a change", channelsExample);
    }
    return new ChangeNotice(
        m.duration("advance-notice", "advance-notice: P30D"),
        m.textsFrom("channels", CHANGE_CHANNELS, channelsExample),
        m.flag("material-requires-opt-in", false, "material-requires-opt-in: true"));
  }

  private SecurityMeasure securityMeasure(MappingReader m) {
    return new SecurityMeasure(
        m.requiredText("id", "id: encryption-at-rest"),
        m.requiredText("title", "title: Encryption at rest"),
        m.requiredText("description", "description: \"AES-256-GCM with one key per person\""));
  }

  private static <E extends Enum<E>> List<String> keys(E[] values, Function<E, String> spelling) {
    List<String> keys = new ArrayList<>();
    for (E value : values) {
      keys.add(spelling.apply(value));
    }
    return keys;
  }
}
