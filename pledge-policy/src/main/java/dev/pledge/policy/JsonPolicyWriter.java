package dev.pledge.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * Writes the whole policy as JSON for machines: consent banners, audit tools, other services.
 *
 * <h2>Structure</h2>
 *
 * <ul>
 *   <li>Keys are spelled as in policy files: kebab-case ({@code last-reviewed}, {@code sells-data},
 *       {@code collected-note}).
 *   <li>Enum values are their policy-file keys ({@code on-contact}, {@code legitimate-interests},
 *       {@code scc}); retention period kinds and {@code chosen-by} are {@code fixed}, {@code
 *       permanent}, {@code range} and {@code plan}, {@code user}.
 *   <li>Every duration is an object {@code {"iso": "P90D", "text": "90 days"}}.
 *   <li>Every key is always present, with {@code null} where the policy has no value, so a consumer
 *       can tell "absent" from "misspelt". Lists keep the policy's order.
 *   <li>Human-readable forms sit beside the data under {@code "text"}: a category's {@code
 *       text.collected}, {@code text.purpose} and {@code text.retention} are the exact cells of the
 *       published table; a retention rule's and a timeframe's {@code text} are their published
 *       phrasing.
 *   <li>{@code material-change-notice} is the newest change-log entry when it is material (what the
 *       page announces at the top), else {@code null}.
 *   <li>{@code pledge} is the policy-language version, as in the policy file; {@code json-format}
 *       is the version of this JSON structure, 1, and changes only when it changes incompatibly.
 *   <li>A cookie's {@code lifetime} is {@code null} for a cookie that ends with the browser session
 *       ({@code session} in the policy file).
 *   <li>{@code <}, {@code >}, {@code &} and {@code '} are written as JSON Unicode escapes, so the
 *       JSON can be inlined in an HTML {@code <script type="application/json">} without ending it
 *       early.
 * </ul>
 */
final class JsonPolicyWriter {

  static final int FORMAT_VERSION = 1;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectWriter WRITER =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")))
          .with(new HtmlSafeEscapes());

  private final Policy policy;

  private JsonPolicyWriter(Policy policy) {
    this.policy = policy;
  }

  static String write(Policy policy) {
    try {
      return WRITER.writeValueAsString(new JsonPolicyWriter(policy).root()) + "\n";
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises; this is a bug, not an input problem.
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode root() {
    ObjectNode o = NODES.objectNode();
    o.put("json-format", FORMAT_VERSION);
    o.put("pledge", policy.languageVersion());
    o.set("property", property(policy.property()));
    o.set("controller", controller(policy.controller()));
    o.set("contacts", array(policy.contacts(), this::contact));
    o.put("effective", str(policy.effective()));
    o.put("last-reviewed", str(policy.lastReviewed()));
    o.set("material-change-notice", policy.materialChangeNotice().map(this::change).orElse(null));
    o.set("changes", array(policy.changes(), this::change));
    o.put("summary", policy.summary());
    o.put("sells-data", policy.sellsData());
    o.put("sharing", policy.sharing() == null ? null : policy.sharing().key());
    o.set("disclosures", strings(policy.disclosures()));
    o.set("purposes", array(policy.purposes(), this::purpose));
    o.set("categories", array(policy.categories(), this::category));
    o.set("rights", array(policy.rights(), this::right));
    o.set("channels", array(policy.channels(), this::channel));
    o.set("laws", array(policy.laws(), this::law));
    o.set("response-times", responseTimes(policy.responseTimes()));
    o.set("cookie-categories", array(policy.cookieCategories(), this::cookieCategory));
    o.set("cookies", array(policy.cookies(), this::cookie));
    o.set("processors", array(policy.processors(), this::processor));
    o.set("regions", array(policy.regions(), this::region));
    o.set("transfers", array(policy.transfers(), this::transfer));
    o.set("children", children(policy.children()));
    o.set("breach", breach(policy.breach()));
    o.set("change-notice", changeNotice(policy.changeNotice()));
    o.set("security", array(policy.security(), this::securityMeasure));
    return o;
  }

  private ObjectNode property(Property p) {
    ObjectNode o = NODES.objectNode();
    o.put("id", p.id());
    o.put("name", p.name());
    o.put("kind", p.kind() == null ? null : p.kind().key());
    o.set("domains", strings(p.domains()));
    o.put("scope", p.scope());
    o.set("not-covered", strings(p.notCovered()));
    return o;
  }

  private ObjectNode controller(Controller c) {
    if (c == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.put("name", c.name());
    o.put("postal-address", c.postalAddress());
    o.put("email", c.email());
    return o;
  }

  private ObjectNode contact(Contact c) {
    ObjectNode o = NODES.objectNode();
    o.put("role", c.role().key());
    o.put("name", c.name());
    o.put("email", c.email());
    o.put("url", c.url());
    o.put("phone", c.phone());
    o.put("postal-address", c.postalAddress());
    return o;
  }

  private ObjectNode change(PolicyChange c) {
    ObjectNode o = NODES.objectNode();
    o.put("effective", str(c.effective()));
    o.put("material", c.material());
    o.put("summary", c.summary());
    return o;
  }

  private ObjectNode purpose(Purpose p) {
    ObjectNode o = NODES.objectNode();
    o.put("id", p.id());
    o.put("title", p.title());
    o.put("description", p.description());
    o.put("objectable", p.objectable());
    return o;
  }

  private ObjectNode category(DataCategory c) {
    ObjectNode o = NODES.objectNode();
    o.put("id", c.id());
    o.put("title", c.title());
    o.put("description", c.description());
    o.put("collected", c.collected().key());
    o.put("collected-note", c.collectedNote());
    o.set("fields", strings(c.fields()));
    o.set("purposes", strings(c.purposes()));
    o.put("legal-basis", c.legalBasis() == null ? null : c.legalBasis().key());
    o.put("source", c.source());
    o.put("anonymised", c.anonymised());
    o.put("personal", c.personal());
    o.set("retention", retention(c.retention()));
    ArrayNode events = o.putArray("events");
    for (CustomEvent e : c.events()) {
      ObjectNode event = events.addObject();
      event.put("name", e.name());
      event.set("properties", strings(e.properties()));
      event.put("description", e.description());
    }
    ObjectNode text = o.putObject("text");
    text.put("collected", PlainWords.collected(c));
    text.put("purpose", PlainWords.purposes(policy, c));
    text.put("retention", PlainWords.retention(c));
    return o;
  }

  private ObjectNode retention(Retention r) {
    if (r == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.set("period", period(r.period()));
    o.put("anchor", r.anchor() == null ? null : r.anchor().key());
    o.put("action", r.action() == null ? null : r.action().key());
    o.set("aggregate-retention", period(r.aggregateRetention()));
    if (r.legalHold() == null) {
      o.putNull("legal-hold");
    } else {
      ObjectNode hold = o.putObject("legal-hold");
      hold.set("period", duration(r.legalHold().period()));
      hold.put("reason", r.legalHold().reason());
    }
    o.put("note", r.note());
    o.put("text", PlainWords.retention(r));
    return o;
  }

  private ObjectNode period(RetentionPeriod p) {
    if (p == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.put("kind", lower(p.kind()));
    o.set("fixed", duration(p.fixed()));
    o.set("min", duration(p.min()));
    o.set("max", duration(p.max()));
    o.set("default", duration(p.defaultChoice()));
    o.put("chosen-by", p.chosenBy() == null ? null : lower(p.chosenBy()));
    o.put("text", PlainWords.period(p));
    return o;
  }

  private ObjectNode right(Right r) {
    ObjectNode o = NODES.objectNode();
    o.put("kind", r.kind().key());
    o.set("laws", strings(r.laws()));
    o.put("scope", r.scope());
    o.set("channels", strings(r.channels()));
    o.put("text", PlainWords.right(r.kind()));
    return o;
  }

  private ObjectNode channel(Channel c) {
    ObjectNode o = NODES.objectNode();
    o.put("id", c.id());
    o.put("kind", c.kind().key());
    o.put("title", c.title());
    o.put("contact", c.contact() == null ? null : c.contact().key());
    o.put("subject", c.subject());
    o.put("starts", c.starts() == null ? null : c.starts().key());
    o.put("path", c.path());
    return o;
  }

  private ObjectNode law(Law l) {
    ObjectNode o = NODES.objectNode();
    o.put("id", l.id());
    o.put("name", l.name());
    o.put("applies-to", l.appliesTo());
    o.set("deadline", duration(l.deadline()));
    o.put("business-days", l.businessDays());
    o.set("extension", duration(l.extension()));
    o.put("text", PlainWords.within(new Timeframe(l.deadline(), l.businessDays())));
    return o;
  }

  private ObjectNode responseTimes(ResponseTimes t) {
    if (t == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.set("general", timeframe(t.general()));
    o.set("rights", timeframe(t.rights()));
    o.set("urgent", timeframe(t.urgent()));
    o.set("regulator-acknowledgement", timeframe(t.regulatorAcknowledgement()));
    return o;
  }

  private ObjectNode timeframe(Timeframe t) {
    if (t == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.set("period", duration(t.period()));
    o.put("business-days", t.businessDays());
    o.put("text", PlainWords.within(t));
    return o;
  }

  private ObjectNode cookieCategory(CookieCategory c) {
    ObjectNode o = NODES.objectNode();
    o.put("id", c.id());
    o.put("title", c.title());
    o.put("description", c.description());
    o.put("consent-required", c.consentRequired());
    return o;
  }

  private ObjectNode cookie(Cookie c) {
    ObjectNode o = NODES.objectNode();
    o.put("name", c.name());
    o.put("category", c.category());
    o.put("purpose", c.purpose());
    o.set("lifetime", duration(c.lifetime()));
    o.put("first-party", c.firstParty());
    return o;
  }

  private ObjectNode processor(Processor p) {
    ObjectNode o = NODES.objectNode();
    o.put("name", p.name());
    o.put("role", p.role());
    o.put("purpose", p.purpose());
    o.set("categories", strings(p.categories()));
    o.put("region", p.region());
    o.put("safeguard", p.safeguard() == null ? null : p.safeguard().key());
    return o;
  }

  private ObjectNode region(Region r) {
    ObjectNode o = NODES.objectNode();
    o.put("id", r.id());
    o.put("name", r.name());
    o.put("localised", r.localised());
    return o;
  }

  private ObjectNode transfer(Transfer t) {
    ObjectNode o = NODES.objectNode();
    o.put("from", t.from());
    o.put("to", t.to());
    o.put("safeguard", t.safeguard() == null ? null : t.safeguard().key());
    o.put("purpose", t.purpose());
    return o;
  }

  private ObjectNode children(Children c) {
    if (c == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.put("minimum-age", c.minimumAge());
    o.set(
        "parental-consent",
        array(
            c.parentalConsent(),
            pc -> {
              ObjectNode n = NODES.objectNode();
              n.put("jurisdiction", pc.jurisdiction());
              n.put("under", pc.under());
              return n;
            }));
    o.put("enhanced-protection-under", c.enhancedProtectionUnder());
    o.set("parental-rights", strings(c.parentalRights()));
    return o;
  }

  private ObjectNode breach(BreachPolicy b) {
    if (b == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.set("contain-within", duration(b.containWithin()));
    o.set("notify-regulator-within", duration(b.notifyRegulatorWithin()));
    o.set("notify-people-within", duration(b.notifyPeopleWithin()));
    o.set("notify-people-by", strings(b.notifyPeopleBy()));
    o.put("public-page", b.publicPage());
    o.set("steps", strings(b.steps()));
    return o;
  }

  private ObjectNode changeNotice(ChangeNotice n) {
    if (n == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.set("advance-notice", duration(n.advanceNotice()));
    o.set("channels", strings(n.channels()));
    o.put("material-requires-opt-in", n.materialRequiresOptIn());
    return o;
  }

  private ObjectNode securityMeasure(SecurityMeasure m) {
    ObjectNode o = NODES.objectNode();
    o.put("id", m.id());
    o.put("title", m.title());
    o.put("description", m.description());
    return o;
  }

  // ---- values ----

  private static ObjectNode duration(PolicyDuration d) {
    if (d == null) {
      return null;
    }
    ObjectNode o = NODES.objectNode();
    o.put("iso", d.text());
    o.put("text", PlainWords.duration(d));
    return o;
  }

  private static <T> ArrayNode array(List<T> items, Function<T, ObjectNode> each) {
    ArrayNode a = NODES.arrayNode();
    items.forEach(i -> a.add(each.apply(i)));
    return a;
  }

  private static ArrayNode strings(List<String> items) {
    ArrayNode a = NODES.arrayNode();
    items.forEach(a::add);
    return a;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Escapes the characters that could end an HTML script element or open a tag. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {

    private final int[] escapes;

    HtmlSafeEscapes() {
      escapes = standardAsciiEscapesForJSON();
      escapes['<'] = ESCAPE_STANDARD;
      escapes['>'] = ESCAPE_STANDARD;
      escapes['&'] = ESCAPE_STANDARD;
      escapes['\''] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
