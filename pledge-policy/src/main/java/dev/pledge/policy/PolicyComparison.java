package dev.pledge.policy;

import dev.pledge.policy.PolicyDiff.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules behind {@link PolicyDiff}: walks two policies area by area, matches items by their id
 * (a processor by name, a cookie by name, a transfer by its route) and decides for each difference
 * whether it is material.
 */
final class PolicyComparison {

  /** Longer than any text we show in full in a change description. */
  private static final int SHORT_TEXT = 60;

  private final Policy older;
  private final Policy newer;
  private final List<Change> changes = new ArrayList<>();

  private PolicyComparison(Policy older, Policy newer) {
    this.older = older;
    this.newer = newer;
  }

  static List<Change> compare(Policy older, Policy newer) {
    PolicyComparison c = new PolicyComparison(older, newer);
    c.run();
    return c.changes;
  }

  private void run() {
    if (older.languageVersion() != newer.languageVersion()) {
      note(
          "language-version",
          "changed: " + older.languageVersion() + " → " + newer.languageVersion(),
          false);
    }
    property();
    controller();
    dates();
    wording("summary", "summary", older.summary(), newer.summary());
    selling();
    // A new situation in which data is handed over widens sharing.
    stringList("disclosures", older.disclosures(), newer.disclosures(), "disclosure", true, false);
    purposes();
    categories();
    processors();
    regions();
    transfers();
    cookieCategories();
    cookies();
    rights();
    channels();
    laws();
    responseTimes();
    contacts();
    children();
    breach();
    changeNotice();
    security();
    changeLog();
  }

  // ---- the property and its dates ----

  private void property() {
    Property a = older.property();
    Property b = newer.property();
    wording("property.id", "id", a.id(), b.id());
    wording("property.name", "name", a.name(), b.name());
    if (a.kind() != b.kind()) {
      note("property.kind", "changed: " + key(a.kind()) + " → " + key(b.kind()), false);
    }
    stringList("property.domains", a.domains(), b.domains(), "domain", false, false);
    wording("property.scope", "scope", a.scope(), b.scope());
    stringList("property.not-covered", a.notCovered(), b.notCovered(), "exclusion", false, false);
  }

  private void controller() {
    Controller a = older.controller();
    Controller b = newer.controller();
    if (a == null || b == null) {
      if (a != b) {
        // A different party answering for the data is the most material change there is.
        note("controller", b == null ? "removed" : "added: " + b.name(), true);
      }
      return;
    }
    if (!Objects.equals(a.name(), b.name())) {
      note("controller.name", "changed: " + quote(a.name()) + " → " + quote(b.name()), true);
    }
    wording("controller.postal-address", "postal address", a.postalAddress(), b.postalAddress());
    wording("controller.email", "e-mail", a.email(), b.email());
  }

  private void dates() {
    if (!Objects.equals(older.effective(), newer.effective())) {
      note("effective", "changed: " + older.effective() + " → " + newer.effective(), false);
    }
    if (!Objects.equals(older.lastReviewed(), newer.lastReviewed())) {
      note(
          "last-reviewed",
          "changed: " + older.lastReviewed() + " → " + newer.lastReviewed(),
          false);
    }
  }

  private void selling() {
    if (older.sellsData() != newer.sellsData()) {
      note(
          "sells-data",
          newer.sellsData() ? "now sells personal data" : "no longer sells personal data",
          newer.sellsData());
    }
    if (older.sharing() != newer.sharing()) {
      boolean widened = rank(newer.sharing()) > rank(older.sharing());
      note(
          "sharing",
          (widened ? "widened: " : "narrowed: ")
              + key(older.sharing())
              + " → "
              + key(newer.sharing()),
          widened);
    }
  }

  private static int rank(Policy.Sharing s) {
    return s == null ? 0 : s.ordinal();
  }

  // ---- purposes and categories ----

  private void purposes() {
    keyed(
        "purposes",
        older.purposes(),
        newer.purposes(),
        Purpose::id,
        (path, p) -> note(path, "purpose added: " + quote(p.title()), true),
        (path, p) -> note(path, "purpose removed: " + quote(p.title()), false),
        (path, a, b) -> {
          wording(path + ".title", "title", a.title(), b.title());
          wording(path + ".description", "description", a.description(), b.description());
          if (a.objectable() != b.objectable()) {
            note(
                path + ".objectable",
                b.objectable()
                    ? "people can now object to this purpose"
                    : "people can no longer object to this purpose",
                !b.objectable());
          }
        });
  }

  private void categories() {
    keyed(
        "categories",
        older.categories(),
        newer.categories(),
        DataCategory::id,
        (path, c) ->
            // Declaring one more thing that is *not* collected promises more, not less.
            note(
                path,
                "category added: "
                    + quote(c.title())
                    + " ("
                    + PlainWords.collectedKind(c.collected())
                    + ")",
                c.collected() != DataCategory.Collected.NO),
        (path, c) -> note(path, "category removed: " + quote(c.title()), false),
        this::category);
  }

  private void category(String path, DataCategory a, DataCategory b) {
    wording(path + ".title", "title", a.title(), b.title());
    wording(path + ".description", "description", a.description(), b.description());
    if (a.collected() != b.collected()) {
      boolean more = collectRank(b.collected()) > collectRank(a.collected());
      note(
          path + ".collected",
          "now "
              + PlainWords.collectedKind(b.collected())
              + " (was "
              + PlainWords.collectedKind(a.collected())
              + ")",
          more);
    }
    wording(path + ".collected-note", "note", a.collectedNote(), b.collectedNote());
    List<String> addedPurposes = minus(b.purposes(), a.purposes());
    List<String> removedPurposes = minus(a.purposes(), b.purposes());
    if (!addedPurposes.isEmpty()) {
      note(path + ".purposes", "now also used for " + purposeTitles(newer, addedPurposes), true);
    }
    if (!removedPurposes.isEmpty()) {
      note(
          path + ".purposes", "no longer used for " + purposeTitles(older, removedPurposes), false);
    }
    List<String> addedFields = minus(b.fields(), a.fields());
    List<String> removedFields = minus(a.fields(), b.fields());
    if (!addedFields.isEmpty()) {
      note(path + ".fields", "fields added: " + String.join(", ", addedFields), true);
    }
    if (!removedFields.isEmpty()) {
      note(path + ".fields", "fields removed: " + String.join(", ", removedFields), false);
    }
    events(path, a, b);
    if (a.legalBasis() != b.legalBasis()) {
      note(
          path + ".legal-basis",
          "changed: " + key(a.legalBasis()) + " → " + key(b.legalBasis()),
          false);
    }
    wording(path + ".source", "source", a.source(), b.source());
    if (a.anonymised() != b.anonymised()) {
      note(
          path + ".anonymised",
          b.anonymised() ? "now anonymised before storage" : "no longer anonymised",
          !b.anonymised());
    }
    if (a.personal() != b.personal()) {
      note(
          path + ".personal",
          b.personal() ? "now holds personal data" : "no longer holds personal data",
          b.personal());
    }
    retention(path + ".retention", a.retention(), b.retention(), b.collected());
  }

  private void retention(String path, Retention a, Retention b, DataCategory.Collected now) {
    if (Objects.equals(a, b)) {
      return;
    }
    if (a == null) {
      note(path, "stated: " + PlainWords.retention(b), false);
      return;
    }
    if (b == null) {
      // Data still collected with no rule any more is data kept without a limit.
      boolean stillCollected = now != DataCategory.Collected.NO;
      note(path, "rule removed (was " + PlainWords.retention(a) + ")", stillCollected);
      return;
    }
    String fromTo = PlainWords.retention(a) + " → " + PlainWords.retention(b);
    int length = compareLength(a.period(), b.period());
    // Counting from a later moment than collection keeps every item longer.
    boolean laterAnchor =
        anchor(a) == Retention.Anchor.COLLECTION && anchor(b) != Retention.Anchor.COLLECTION;
    boolean longerHold =
        b.legalHold() != null
            && (a.legalHold() == null
                || b.legalHold().period().compareTo(a.legalHold().period()) > 0);
    if (length > 0) {
      note(path, "longer: " + fromTo, true);
    } else if (length < 0 && !laterAnchor && !longerHold) {
      note(path, "shorter: " + fromTo, false);
    } else {
      note(path, "changed: " + fromTo, laterAnchor || longerHold);
    }
  }

  private static Retention.Anchor anchor(Retention r) {
    return r.anchor() == null ? Retention.Anchor.COLLECTION : r.anchor();
  }

  /**
   * Compares the longest time each period can keep data: permanent is longest, and a range is as
   * long as its maximum.
   */
  static int compareLength(RetentionPeriod a, RetentionPeriod b) {
    Optional<PolicyDuration> la = longest(a);
    Optional<PolicyDuration> lb = longest(b);
    if (la.isEmpty() || lb.isEmpty()) {
      return Boolean.compare(lb.isEmpty(), la.isEmpty());
    }
    return Integer.signum(lb.get().compareTo(la.get()));
  }

  /** Empty means permanent. */
  private static Optional<PolicyDuration> longest(RetentionPeriod p) {
    return switch (p.kind()) {
      case PERMANENT -> Optional.empty();
      case FIXED -> Optional.ofNullable(p.fixed());
      case RANGE -> Optional.ofNullable(p.max());
    };
  }

  private static int collectRank(DataCategory.Collected c) {
    return switch (c) {
      case NO -> 0;
      case ON_CONTACT -> 1;
      case YES -> 2;
    };
  }

  private static String purposeTitles(Policy policy, List<String> ids) {
    return PlainWords.series(
        ids.stream().map(id -> quote(PlainWords.purposeTitle(policy, id))).toList());
  }

  // ---- recipients, places, transfers ----

  private void processors() {
    keyed(
        "processors",
        older.processors(),
        newer.processors(),
        Processor::name,
        (path, p) ->
            note(
                path,
                "processor added: "
                    + p.name()
                    + (PlainWords.present(p.role()) ? " (" + p.role() + ")" : "")
                    + " receiving "
                    + categoryTitles(newer, p.categories()),
                true),
        (path, p) -> note(path, "processor removed: " + p.name(), false),
        (path, a, b) -> {
          wording(path + ".role", "role", a.role(), b.role());
          wording(path + ".purpose", "purpose", a.purpose(), b.purpose());
          List<String> added = minus(b.categories(), a.categories());
          List<String> removed = minus(a.categories(), b.categories());
          if (!added.isEmpty()) {
            note(path + ".categories", "now receives " + categoryTitles(newer, added), true);
          }
          if (!removed.isEmpty()) {
            note(
                path + ".categories",
                "no longer receives " + categoryTitles(older, removed),
                false);
          }
          if (!Objects.equals(a.region(), b.region())) {
            // Processing moving elsewhere is a new transfer for everyone whose data it holds.
            note(
                path + ".region",
                "moved: "
                    + PlainWords.regionName(older, a.region())
                    + " → "
                    + PlainWords.regionName(newer, b.region()),
                true);
          }
          if (a.safeguard() != b.safeguard()) {
            note(
                path + ".safeguard",
                "changed: " + safeguard(a.safeguard()) + " → " + safeguard(b.safeguard()),
                false);
          }
        });
  }

  private static String categoryTitles(Policy policy, List<String> ids) {
    if (ids.isEmpty()) {
      return "no data";
    }
    return PlainWords.series(
        ids.stream().map(id -> quote(PlainWords.categoryTitle(policy, id))).toList());
  }

  private static String safeguard(Safeguard s) {
    return s == null ? "none" : PlainWords.safeguard(s);
  }

  private void regions() {
    keyed(
        "regions",
        older.regions(),
        newer.regions(),
        Region::id,
        (path, r) -> note(path, "region added: " + r.name(), true),
        (path, r) -> note(path, "region removed: " + r.name(), false),
        (path, a, b) -> {
          wording(path + ".name", "name", a.name(), b.name());
          if (a.localised() != b.localised()) {
            note(
                path + ".localised",
                b.localised()
                    ? "data of people from this region now stays in it"
                    : "data of people from this region no longer stays in it",
                !b.localised());
          }
        });
  }

  private void transfers() {
    keyed(
        "transfers",
        older.transfers(),
        newer.transfers(),
        t -> t.from() + "->" + t.to(),
        (path, t) ->
            note(
                path,
                "transfer added: "
                    + PlainWords.regionName(newer, t.from())
                    + " → "
                    + PlainWords.regionName(newer, t.to())
                    + " under "
                    + safeguard(t.safeguard()),
                true),
        (path, t) ->
            note(
                path,
                "transfer removed: "
                    + PlainWords.regionName(older, t.from())
                    + " → "
                    + PlainWords.regionName(older, t.to()),
                false),
        (path, a, b) -> {
          if (a.safeguard() != b.safeguard()) {
            note(
                path + ".safeguard",
                "changed: " + safeguard(a.safeguard()) + " → " + safeguard(b.safeguard()),
                false);
          }
          wording(path + ".purpose", "purpose", a.purpose(), b.purpose());
        });
  }

  // ---- cookies ----

  private void cookieCategories() {
    keyed(
        "cookie-categories",
        older.cookieCategories(),
        newer.cookieCategories(),
        CookieCategory::id,
        (path, c) -> note(path, "cookie category added: " + c.title(), false),
        (path, c) -> note(path, "cookie category removed: " + c.title(), false),
        (path, a, b) -> {
          wording(path + ".title", "title", a.title(), b.title());
          wording(path + ".description", "description", a.description(), b.description());
          if (a.consentRequired() != b.consentRequired()) {
            note(
                path + ".consent-required",
                b.consentRequired()
                    ? "now set only with consent"
                    : "now set without asking for consent",
                !b.consentRequired());
          }
        });
  }

  private void cookies() {
    keyed(
        "cookies",
        older.cookies(),
        newer.cookies(),
        Cookie::name,
        (path, c) -> {
          boolean consent = needsConsent(newer, c.category());
          note(
              path,
              "cookie added: "
                  + c.name()
                  + " ("
                  + c.category()
                  + (consent ? ", needs consent" : ", strictly necessary")
                  + ")",
              consent);
        },
        (path, c) -> note(path, "cookie removed: " + c.name(), false),
        (path, a, b) -> {
          if (!Objects.equals(a.category(), b.category())) {
            note(
                path + ".category",
                "moved: " + a.category() + " → " + b.category(),
                needsConsent(newer, b.category()) && !needsConsent(older, a.category()));
          }
          wording(path + ".purpose", "purpose", a.purpose(), b.purpose());
          if (!Objects.equals(a.lifetime(), b.lifetime())) {
            boolean longer = lifetime(b).compareTo(lifetime(a)) > 0;
            note(
                path + ".lifetime",
                (longer ? "longer: " : "shorter: ") + cookieLife(a) + " → " + cookieLife(b),
                longer);
          }
          if (a.firstParty() != b.firstParty()) {
            note(
                path + ".first-party",
                b.firstParty() ? "now set by this property" : "now set by a third party",
                !b.firstParty());
          }
        });
  }

  /** A cookie in a category the policy does not declare is treated as one that needs consent. */
  private static boolean needsConsent(Policy policy, String category) {
    return policy.cookieCategories().stream()
        .filter(c -> c.id().equals(category))
        .findFirst()
        .map(CookieCategory::consentRequired)
        .orElse(true);
  }

  /** A session cookie (no lifetime) is the shortest-lived. */
  private static Duration lifetime(Cookie c) {
    return c.lifetime() == null ? Duration.ZERO : c.lifetime().approximate();
  }

  private static String cookieLife(Cookie c) {
    return c.lifetime() == null ? "browser session" : PlainWords.duration(c.lifetime());
  }

  // ---- rights, channels, laws, response times, contacts ----

  private void rights() {
    keyed(
        "rights",
        older.rights(),
        newer.rights(),
        r -> r.kind().key(),
        (path, r) -> note(path, "right added: " + PlainWords.right(r.kind()), false),
        (path, r) -> note(path, "right removed: " + PlainWords.right(r.kind()), true),
        (path, a, b) -> {
          if (!a.laws().equals(b.laws())) {
            // No laws means offered to everyone; naming laws, or dropping one, narrows it.
            boolean narrowed;
            if (b.laws().isEmpty()) {
              narrowed = false;
            } else if (a.laws().isEmpty()) {
              narrowed = true;
            } else {
              narrowed = !minus(a.laws(), b.laws()).isEmpty();
            }
            note(
                path + ".laws",
                "laws changed: " + lawList(a.laws()) + " → " + lawList(b.laws()),
                narrowed);
          }
          List<String> removedChannels = minus(a.channels(), b.channels());
          List<String> addedChannels = minus(b.channels(), a.channels());
          if (!removedChannels.isEmpty()) {
            note(
                path + ".channels",
                "no longer through " + String.join(", ", removedChannels),
                true);
          }
          if (!addedChannels.isEmpty()) {
            note(path + ".channels", "now also through " + String.join(", ", addedChannels), false);
          }
          wording(path + ".scope", "scope", a.scope(), b.scope());
        });
  }

  private static String lawList(List<String> laws) {
    return laws.isEmpty() ? "everyone" : String.join(", ", laws);
  }

  private void channels() {
    keyed(
        "channels",
        older.channels(),
        newer.channels(),
        Channel::id,
        (path, c) -> note(path, "channel added: " + c.title(), false),
        (path, c) -> note(path, "channel removed: " + c.title(), true),
        (path, a, b) -> {
          if (a.kind() != b.kind()) {
            note(path + ".kind", "changed: " + key(a.kind()) + " → " + key(b.kind()), false);
          }
          wording(path + ".title", "title", a.title(), b.title());
          if (a.contact() != b.contact()) {
            note(
                path + ".contact",
                "changed: " + key(a.contact()) + " → " + key(b.contact()),
                false);
          }
          wording(path + ".subject", "subject line", a.subject(), b.subject());
          if (a.starts() != b.starts()) {
            note(path + ".starts", "changed: " + key(a.starts()) + " → " + key(b.starts()), false);
          }
          wording(path + ".path", "path", a.path(), b.path());
        });
  }

  private void laws() {
    keyed(
        "laws",
        older.laws(),
        newer.laws(),
        Law::id,
        (path, l) -> note(path, "law added: " + l.name(), false),
        (path, l) -> note(path, "law removed: " + l.name(), true),
        (path, a, b) -> {
          wording(path + ".name", "name", a.name(), b.name());
          wording(path + ".applies-to", "applies to", a.appliesTo(), b.appliesTo());
          timeframe(
              path + ".deadline",
              new Timeframe(a.deadline(), a.businessDays()),
              new Timeframe(b.deadline(), b.businessDays()));
          if (!Objects.equals(a.extension(), b.extension())) {
            Duration ea = a.extension() == null ? Duration.ZERO : a.extension().approximate();
            Duration eb = b.extension() == null ? Duration.ZERO : b.extension().approximate();
            boolean longer = eb.compareTo(ea) > 0;
            note(
                path + ".extension",
                (longer ? "longer: " : "shorter: ")
                    + extensionWords(a.extension())
                    + " → "
                    + extensionWords(b.extension()),
                longer);
          }
        });
  }

  private static String extensionWords(PolicyDuration d) {
    return d == null ? "none" : PlainWords.duration(d);
  }

  private void responseTimes() {
    ResponseTimes a = older.responseTimes();
    ResponseTimes b = newer.responseTimes();
    ResponseTimes none = new ResponseTimes(null, null, null, null);
    a = a == null ? none : a;
    b = b == null ? none : b;
    timeframe("response-times.general", a.general(), b.general());
    timeframe("response-times.rights", a.rights(), b.rights());
    timeframe("response-times.urgent", a.urgent(), b.urgent());
    timeframe(
        "response-times.regulator-acknowledgement",
        a.regulatorAcknowledgement(),
        b.regulatorAcknowledgement());
  }

  /** A promised time: withdrawn or longer is material, new or shorter is not. */
  private void timeframe(String path, Timeframe a, Timeframe b) {
    if (Objects.equals(a, b)) {
      return;
    }
    if (a == null) {
      note(path, "promised: " + PlainWords.within(b), false);
    } else if (b == null) {
      note(path, "no longer promised (was " + PlainWords.within(a) + ")", true);
    } else {
      int cmp = calendarLength(b).compareTo(calendarLength(a));
      String fromTo = PlainWords.within(a) + " → " + PlainWords.within(b);
      note(path, (cmp > 0 ? "longer: " : cmp < 0 ? "shorter: " : "changed: ") + fromTo, cmp > 0);
    }
  }

  /** Five business days are about seven calendar days; enough to order two promises. */
  private static Duration calendarLength(Timeframe t) {
    Duration d = t.period().approximate();
    return t.businessDays() ? d.multipliedBy(7).dividedBy(5) : d;
  }

  private void contacts() {
    keyed(
        "contacts",
        older.contacts(),
        newer.contacts(),
        c -> c.role().key(),
        (path, c) -> note(path, "contact added: " + PlainWords.role(c.role()), false),
        (path, c) -> note(path, "contact removed: " + PlainWords.role(c.role()), true),
        (path, a, b) -> {
          wording(path + ".name", "name", a.name(), b.name());
          wording(path + ".email", "e-mail", a.email(), b.email());
          wording(path + ".url", "address", a.url(), b.url());
          wording(path + ".phone", "phone", a.phone(), b.phone());
          wording(path + ".postal-address", "postal address", a.postalAddress(), b.postalAddress());
        });
  }

  // ---- children, breaches, change notices, security ----

  private void children() {
    Children a = older.children();
    Children b = newer.children();
    if (a == null || b == null) {
      if (a != b) {
        note(
            "children",
            b == null ? "rules for children removed" : "rules for children added",
            b == null);
      }
      return;
    }
    if (a.minimumAge() != b.minimumAge()) {
      boolean lower = b.minimumAge() < a.minimumAge();
      note(
          "children.minimum-age",
          (lower ? "lowered: " : "raised: ") + a.minimumAge() + " → " + b.minimumAge(),
          lower);
    }
    Map<String, Integer> consentA = new LinkedHashMap<>();
    a.parentalConsent().forEach(pc -> consentA.put(pc.jurisdiction(), pc.under()));
    Map<String, Integer> consentB = new LinkedHashMap<>();
    b.parentalConsent().forEach(pc -> consentB.put(pc.jurisdiction(), pc.under()));
    consentA.forEach(
        (where, under) -> {
          Integer now = consentB.get(where);
          if (now == null) {
            note("children.parental-consent[" + where + "]", "no longer required", true);
          } else if (!now.equals(under)) {
            note(
                "children.parental-consent[" + where + "]",
                "age changed: under " + under + " → under " + now,
                now < under);
          }
        });
    consentB.forEach(
        (where, under) -> {
          if (!consentA.containsKey(where)) {
            note("children.parental-consent[" + where + "]", "now required under " + under, false);
          }
        });
    if (a.enhancedProtectionUnder() != b.enhancedProtectionUnder()) {
      boolean lower = b.enhancedProtectionUnder() < a.enhancedProtectionUnder();
      note(
          "children.enhanced-protection-under",
          "changed: " + a.enhancedProtectionUnder() + " → " + b.enhancedProtectionUnder(),
          lower);
    }
    stringList(
        "children.parental-rights",
        a.parentalRights(),
        b.parentalRights(),
        "parental right",
        false,
        true);
  }

  private void breach() {
    BreachPolicy a = older.breach();
    BreachPolicy b = newer.breach();
    if (a == null || b == null) {
      if (a != b) {
        note("breach", b == null ? "breach clocks removed" : "breach clocks added", b == null);
      }
      return;
    }
    clock("breach.contain-within", a.containWithin(), b.containWithin());
    clock("breach.notify-regulator-within", a.notifyRegulatorWithin(), b.notifyRegulatorWithin());
    clock("breach.notify-people-within", a.notifyPeopleWithin(), b.notifyPeopleWithin());
    List<String> removed = minus(a.notifyPeopleBy(), b.notifyPeopleBy());
    List<String> added = minus(b.notifyPeopleBy(), a.notifyPeopleBy());
    if (!removed.isEmpty()) {
      note("breach.notify-people-by", "no longer by " + String.join(", ", removed), true);
    }
    if (!added.isEmpty()) {
      note("breach.notify-people-by", "now also by " + String.join(", ", added), false);
    }
    if (!Objects.equals(a.publicPage(), b.publicPage())) {
      note(
          "breach.public-page",
          "changed: " + quote(a.publicPage()) + " → " + quote(b.publicPage()),
          b.publicPage() == null);
    }
    if (!a.steps().equals(b.steps())) {
      note("breach.steps", "response steps reworded", false);
    }
  }

  private void clock(String path, PolicyDuration a, PolicyDuration b) {
    timeframe(
        path,
        a == null ? null : new Timeframe(a, false),
        b == null ? null : new Timeframe(b, false));
  }

  private void changeNotice() {
    ChangeNotice a = older.changeNotice();
    ChangeNotice b = newer.changeNotice();
    if (a == null || b == null) {
      if (a != b) {
        note(
            "change-notice",
            b == null ? "change-notice rules removed" : "change-notice rules added",
            b == null);
      }
      return;
    }
    if (!Objects.equals(a.advanceNotice(), b.advanceNotice())) {
      Duration da = a.advanceNotice() == null ? Duration.ZERO : a.advanceNotice().approximate();
      Duration db = b.advanceNotice() == null ? Duration.ZERO : b.advanceNotice().approximate();
      boolean shorter = db.compareTo(da) < 0;
      note(
          "change-notice.advance-notice",
          (shorter ? "shorter: " : "longer: ")
              + extensionWords(a.advanceNotice())
              + " → "
              + extensionWords(b.advanceNotice()),
          shorter);
    }
    List<String> removed = minus(a.channels(), b.channels());
    List<String> added = minus(b.channels(), a.channels());
    if (!removed.isEmpty()) {
      note("change-notice.channels", "no longer through " + String.join(", ", removed), true);
    }
    if (!added.isEmpty()) {
      note("change-notice.channels", "now also through " + String.join(", ", added), false);
    }
    if (a.materialRequiresOptIn() != b.materialRequiresOptIn()) {
      note(
          "change-notice.material-requires-opt-in",
          b.materialRequiresOptIn()
              ? "material changes now need an opt-in"
              : "material changes no longer need an opt-in",
          !b.materialRequiresOptIn());
    }
  }

  private void security() {
    keyed(
        "security",
        older.security(),
        newer.security(),
        SecurityMeasure::id,
        (path, m) -> note(path, "measure added: " + m.title(), false),
        (path, m) -> note(path, "measure removed: " + m.title(), true),
        (path, a, b) -> {
          wording(path + ".title", "title", a.title(), b.title());
          wording(path + ".description", "description", a.description(), b.description());
        });
  }

  private void changeLog() {
    for (PolicyChange entry : newer.changes()) {
      if (!older.changes().contains(entry)) {
        note(
            "changes",
            "log entry added: "
                + entry.effective()
                + (entry.material() ? " (material) " : " ")
                + quote(entry.summary()),
            false);
      }
    }
    for (PolicyChange entry : older.changes()) {
      if (!newer.changes().contains(entry)) {
        note("changes", "log entry removed: " + entry.effective(), false);
      }
    }
  }

  // ---- machinery ----

  private interface Changed<T> {
    void compare(String path, T older, T newer);
  }

  private interface Single<T> {
    void report(String path, T item);
  }

  /**
   * Matches two lists by key: reports additions and changes in the newer list's order, then
   * removals in the older list's order.
   */
  private <T> void keyed(
      String area,
      List<T> olds,
      List<T> news,
      Function<T, String> key,
      Single<T> added,
      Single<T> removed,
      Changed<T> changed) {
    Map<String, T> before = new LinkedHashMap<>();
    olds.forEach(o -> before.putIfAbsent(key.apply(o), o));
    Map<String, T> after = new LinkedHashMap<>();
    news.forEach(n -> after.putIfAbsent(key.apply(n), n));
    after.forEach(
        (k, n) -> {
          String path = area + "[" + k + "]";
          T o = before.get(k);
          if (o == null) {
            added.report(path, n);
          } else if (!o.equals(n)) {
            changed.compare(path, o, n);
          }
        });
    before.forEach(
        (k, o) -> {
          if (!after.containsKey(k)) {
            removed.report(area + "[" + k + "]", o);
          }
        });
  }

  /** A plain list of strings, compared as a set. */
  private void stringList(
      String path,
      List<String> a,
      List<String> b,
      String what,
      boolean addedMaterial,
      boolean removedMaterial) {
    for (String s : minus(b, a)) {
      note(path, what + " added: " + quote(s), addedMaterial);
    }
    for (String s : minus(a, b)) {
      note(path, what + " removed: " + quote(s), removedMaterial);
    }
  }

  /** A wording change: never material, shown in full when short. */
  private void wording(String path, String what, String a, String b) {
    if (Objects.equals(a, b)) {
      return;
    }
    boolean shortEnough =
        (a == null || a.length() <= SHORT_TEXT) && (b == null || b.length() <= SHORT_TEXT);
    note(
        path,
        shortEnough ? what + " changed: " + quote(a) + " → " + quote(b) : what + " reworded",
        false);
  }

  private void note(String path, String description, boolean material) {
    changes.add(new Change(path, description, material));
  }

  /** New events and new property keys collect more: material. Dropping them is not. */
  private void events(String path, DataCategory a, DataCategory b) {
    Map<String, CustomEvent> before = new LinkedHashMap<>();
    a.events().forEach(e -> before.put(e.name(), e));
    Map<String, CustomEvent> after = new LinkedHashMap<>();
    b.events().forEach(e -> after.put(e.name(), e));
    List<String> added = minus(List.copyOf(after.keySet()), List.copyOf(before.keySet()));
    List<String> removed = minus(List.copyOf(before.keySet()), List.copyOf(after.keySet()));
    if (!added.isEmpty()) {
      note(path + ".events", "events added: " + String.join(", ", added), true);
    }
    if (!removed.isEmpty()) {
      note(path + ".events", "events removed: " + String.join(", ", removed), false);
    }
    for (CustomEvent e : b.events()) {
      CustomEvent old = before.get(e.name());
      if (old == null) {
        continue;
      }
      List<String> more = minus(e.properties(), old.properties());
      List<String> fewer = minus(old.properties(), e.properties());
      if (!more.isEmpty()) {
        note(path + ".events", "event " + e.name() + " now keeps " + String.join(", ", more), true);
      }
      if (!fewer.isEmpty()) {
        note(
            path + ".events",
            "event " + e.name() + " no longer keeps " + String.join(", ", fewer),
            false);
      }
    }
  }

  private static List<String> minus(List<String> a, List<String> b) {
    return a.stream().filter(s -> !b.contains(s)).toList();
  }

  private static String quote(String s) {
    return s == null ? "none" : "\"" + s.strip() + "\"";
  }

  private static String key(Enum<?> e) {
    if (e == null) {
      return "none";
    }
    if (e instanceof Policy.Sharing s) {
      return s.key();
    }
    if (e instanceof LegalBasis b) {
      return b.key();
    }
    if (e instanceof Property.Kind k) {
      return k.key();
    }
    if (e instanceof Channel.Kind k) {
      return k.key();
    }
    if (e instanceof Contact.Role r) {
      return r.key();
    }
    if (e instanceof Right.Kind k) {
      return k.key();
    }
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }
}
