package dev.pledge.policy;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks what a single key cannot show: that ids are unique, that every reference points at
 * something declared, and that the promises fit together (a collected category has a purpose, a
 * retention rule and a legal basis). Runs on the policy as far as it could be read, so it skips
 * whatever the reader already reported rather than repeating it.
 */
final class PolicyValidator {

  private final Policy policy;
  private final SourceMap sources;
  private final ProblemList problems;

  PolicyValidator(Policy policy, SourceMap sources, ProblemList problems) {
    this.policy = policy;
    this.sources = sources;
    this.problems = problems;
  }

  void check() {
    uniqueIds();
    categories();
    rights();
    channels();
    contacts();
    processors();
    transfers();
    cookies();
    children();
    changes();
    selling();
    breach();
  }

  private void uniqueIds() {
    unique(policy.purposes(), Purpose::id, "id", "purpose");
    unique(policy.categories(), DataCategory::id, "id", "category");
    unique(policy.channels(), Channel::id, "id", "channel");
    unique(policy.laws(), Law::id, "id", "law");
    unique(policy.cookieCategories(), CookieCategory::id, "id", "cookie category");
    unique(policy.regions(), Region::id, "id", "region");
    unique(policy.security(), SecurityMeasure::id, "id", "security measure");
    unique(policy.processors(), Processor::name, "name", "processor");
  }

  private <T> void unique(List<T> items, Function<T, String> id, String key, String what) {
    Map<String, T> first = new HashMap<>();
    for (T item : items) {
      String value = id.apply(item);
      if (value == null) {
        continue;
      }
      T earlier = first.putIfAbsent(value, item);
      if (earlier != null) {
        report(
            sources.pathOf(item) + "." + key,
            "duplicate "
                + what
                + " "
                + key
                + " '"
                + value
                + "'; it is already declared at line "
                + sources.at(sources.pathOf(earlier) + "." + key).line()
                + " ("
                + sources.pathOf(earlier)
                + ")",
            null);
      }
    }
  }

  private void categories() {
    Set<String> purposes = ids(policy.purposes(), Purpose::id);
    Map<String, CustomEvent> events = new HashMap<>();
    for (DataCategory category : policy.categories()) {
      String path = sources.pathOf(category);
      for (CustomEvent event : category.events()) {
        event(event, events);
      }
      if (category.collected() == null) {
        continue;
      }
      if (category.collected() == DataCategory.Collected.NO) {
        notCollectedHasNothing(category, path);
        continue;
      }
      if (category.purposes().isEmpty() && !problems.reportedAt(path + ".purposes")) {
        report(
            path + ".purposes",
            "a collected category must name at least one purpose it serves",
            "purposes: [" + (purposes.isEmpty() ? "operations.debugging" : first(purposes)) + "]");
      }
      if (category.retention() == null && !problems.reportedAt(path + ".retention")) {
        report(
            path + ".retention",
            "a collected category needs a retention rule: how long it is kept, then what happens",
            RetentionReader.EXAMPLE);
      }
      if (category.legalBasis() == null && !problems.reportedAt(path + ".legal-basis")) {
        report(
            path + ".legal-basis",
            "a collected category needs a legal basis (GDPR Art. 6)",
            "legal-basis: legitimate-interests");
      }
      for (String purpose : category.purposes()) {
        reference(
            path + ".purposes",
            purpose,
            purposes,
            "purpose",
            "purposes: [{id: " + purpose + ", title: …}]");
      }
    }
  }

  /** Property keys as the dashboard and the CSV show them: short, and plain. */
  private static final java.util.regex.Pattern PROPERTY_KEY =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  /**
   * A custom event: a name the tracker can send and the analytics do not use themselves, declared
   * once in the whole policy, with at most Plausible's 30 plain property keys, each once.
   */
  private void event(CustomEvent event, Map<String, CustomEvent> seen) {
    String path = sources.pathOf(event);
    String name = event.name();
    if (name != null) {
      if (name.length() > CustomEvent.MAX_NAME) {
        report(
            path + ".name",
            "an event name is at most " + CustomEvent.MAX_NAME + " characters",
            "name: \"File Download\"");
      } else if (CustomEvent.RESERVED.contains(name.strip().toLowerCase(java.util.Locale.ROOT))) {
        report(
            path + ".name",
            "'"
                + name
                + "' is collected as part of page analytics already; declare only custom events"
                + " here (reserved: "
                + String.join(", ", CustomEvent.RESERVED)
                + ")",
            "name: \"File Download\"");
      } else {
        CustomEvent earlier = seen.putIfAbsent(name, event);
        if (earlier != null) {
          report(
              path + ".name",
              "duplicate event name '"
                  + name
                  + "'; it is already declared at line "
                  + sources.at(sources.pathOf(earlier) + ".name").line()
                  + " ("
                  + sources.pathOf(earlier)
                  + ")",
              null);
        }
      }
    }
    if (event.properties().size() > CustomEvent.MAX_PROPERTIES) {
      report(
          path + ".properties",
          "an event keeps at most "
              + CustomEvent.MAX_PROPERTIES
              + " properties (Plausible's limit); "
              + event.properties().size()
              + " are listed",
          "properties: [url]");
    }
    Set<String> keys = new java.util.HashSet<>();
    for (String key : event.properties()) {
      String keyPath = sources.itemPath(path + ".properties", key);
      if (!PROPERTY_KEY.matcher(key).matches()) {
        report(
            keyPath,
            "'"
                + key
                + "' is not a property key: use up to 64 letters, digits and _ . : -, starting"
                + " with a letter or digit",
            "properties: [url]");
      } else if (!keys.add(key)) {
        report(keyPath, "property '" + key + "' is listed twice", "properties: [url]");
      }
    }
  }

  /** A category declared as not collected cannot be used, kept or justified. */
  private void notCollectedHasNothing(DataCategory category, String path) {
    if (!category.purposes().isEmpty()) {
      notCollected(path, "purposes");
    }
    if (category.retention() != null) {
      notCollected(path, "retention");
    }
    if (category.legalBasis() != null) {
      notCollected(path, "legal-basis");
    }
    if (!category.events().isEmpty()) {
      notCollected(path, "events");
    }
  }

  private void notCollected(String path, String key) {
    report(
        path + "." + key,
        "a category that is not collected has no "
            + key.replace('-', ' ')
            + "; remove '"
            + key
            + "', or set collected: yes",
        "collected: yes");
  }

  private void rights() {
    Set<String> laws = ids(policy.laws(), Law::id);
    Set<String> channels = ids(policy.channels(), Channel::id);
    for (Right right : policy.rights()) {
      String path = sources.pathOf(right);
      for (String law : right.laws()) {
        reference(
            path + ".laws", law, laws, "law", "laws: [{id: " + law + ", name: …, deadline: P1M}]");
      }
      for (String channel : right.channels()) {
        reference(
            path + ".channels",
            channel,
            channels,
            "channel",
            "channels: [{id: " + channel + ", kind: email, title: …, contact: privacy}]");
      }
    }
  }

  private void channels() {
    Set<Contact.Role> roles = new LinkedHashSet<>();
    policy.contacts().forEach(c -> roles.add(c.role()));
    Set<Right.Kind> offered = new LinkedHashSet<>();
    policy.rights().forEach(r -> offered.add(r.kind()));
    for (Channel channel : policy.channels()) {
      String path = sources.pathOf(channel);
      boolean email = channel.kind() == Channel.Kind.EMAIL;
      if (email && channel.contact() == null && !problems.reportedAt(path + ".contact")) {
        report(
            path + ".contact",
            "an e-mail channel names the contact role whose address receives it",
            "contact: privacy");
      }
      if (channel.contact() != null && !roles.contains(channel.contact())) {
        String role = channel.contact().key();
        report(
            path + ".contact",
            "contact role '" + role + "' is not declared under 'contacts'",
            "contacts: {" + role + ": {email: " + role + "@example.com}}");
      }
      if (channel.subject() != null && channel.kind() != null && !email) {
        report(
            path + ".subject",
            "only e-mail channels have a subject line, and this one is a "
                + channel.kind().key()
                + " channel",
            "kind: email");
      }
      if (channel.starts() != null) {
        startsRequest(channel, path, offered);
      }
      boolean page =
          channel.kind() == Channel.Kind.FORM || channel.kind() == Channel.Kind.DASHBOARD;
      if (page && channel.path() == null && !problems.reportedAt(path + ".path")) {
        report(
            path + ".path",
            "a " + channel.kind().key() + " channel needs the path where it is found",
            "path: /privacy/requests");
      }
      if (channel.path() != null && !channel.path().startsWith("/")) {
        report(
            path + ".path",
            "'" + channel.path() + "' is not a path on the property; it starts with '/'",
            "path: /privacy/requests");
      }
    }
  }

  private void startsRequest(Channel channel, String path, Set<Right.Kind> offered) {
    String kind = channel.starts().key();
    if (channel.subject() == null) {
      report(
          path + ".starts",
          "'starts' needs the subject line that starts the " + kind + " request",
          "subject: Privacy deletion request");
    }
    if (!offered.contains(channel.starts())) {
      report(
          path + ".starts",
          "this channel starts " + kind + " requests, but no '" + kind + "' right is declared",
          "rights: [{kind: " + kind + ", channels: [" + channel.id() + "]}]");
    }
  }

  private void contacts() {
    for (Contact contact : policy.contacts()) {
      emailAddress(sources.pathOf(contact) + ".email", contact.email());
    }
    if (policy.controller() != null) {
      emailAddress("controller.email", policy.controller().email());
    }
  }

  private void emailAddress(String path, String address) {
    if (address != null && !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      report(path, "'" + address + "' is not an e-mail address", "email: privacy@example.com");
    }
  }

  private void processors() {
    Map<String, DataCategory> categories = new HashMap<>();
    policy.categories().stream()
        .filter(c -> c.id() != null)
        .forEach(c -> categories.putIfAbsent(c.id(), c));
    Set<String> regions = ids(policy.regions(), Region::id);
    for (Processor processor : policy.processors()) {
      String path = sources.pathOf(processor);
      for (String id : processor.categories()) {
        DataCategory category = categories.get(id);
        if (category == null) {
          reference(
              path + ".categories",
              id,
              categories.keySet(),
              "category",
              "categories: [{id: " + id + ", title: …, collected: yes, …}]");
        } else if (category.collected() == DataCategory.Collected.NO) {
          report(
              sources.itemPath(path + ".categories", id),
              "category '" + id + "' is declared as not collected, so no processor can receive it",
              null);
        }
      }
      if (processor.region() != null) {
        reference(
            path + ".region",
            processor.region(),
            regions,
            "region",
            "regions: [{id: " + processor.region() + ", name: …}]");
      }
    }
    if (policy.sharing() == Policy.Sharing.NONE && !policy.processors().isEmpty()) {
      report(
          "sharing",
          "sharing is 'none', yet processors are listed; a processor receives data",
          "sharing: processors-only");
    }
  }

  private void transfers() {
    Set<String> regions = ids(policy.regions(), Region::id);
    for (Transfer transfer : policy.transfers()) {
      String path = sources.pathOf(transfer);
      for (String end : List.of("from", "to")) {
        String id = end.equals("from") ? transfer.from() : transfer.to();
        if (id != null) {
          reference(
              path + "." + end, id, regions, "region", "regions: [{id: " + id + ", name: …}]");
        }
      }
      if (transfer.from() != null && transfer.from().equals(transfer.to())) {
        report(
            path + ".to",
            "a transfer from region '" + transfer.from() + "' to itself is no transfer",
            "to: us");
      }
    }
  }

  private void cookies() {
    Set<String> categories = ids(policy.cookieCategories(), CookieCategory::id);
    for (Cookie cookie : policy.cookies()) {
      if (cookie.category() != null) {
        reference(
            sources.pathOf(cookie) + ".category",
            cookie.category(),
            categories,
            "cookie category",
            "cookie-categories: [{id: " + cookie.category() + ", title: …}]");
      }
    }
  }

  private void children() {
    Children children = policy.children();
    if (children == null) {
      return;
    }
    Set<String> jurisdictions = new LinkedHashSet<>(ids(policy.laws(), Law::id));
    jurisdictions.addAll(ids(policy.regions(), Region::id));
    for (Children.ParentalConsent consent : children.parentalConsent()) {
      String path = sources.pathOf(consent);
      if (consent.jurisdiction() != null) {
        reference(
            path + ".jurisdiction",
            consent.jurisdiction(),
            jurisdictions,
            "law or region",
            "laws: [{id: " + consent.jurisdiction() + ", name: …, deadline: P1M}]");
      }
      if (consent.under() > 0 && consent.under() <= children.minimumAge()) {
        report(
            path + ".under",
            "parental consent under "
                + consent.under()
                + " affects nobody, because no one under "
                + children.minimumAge()
                + " may have an account",
            "under: 16");
      }
    }
  }

  /** A change log entry belongs to the version that takes effect with it, never a later one. */
  private void changes() {
    if (policy.effective() == null) {
      return;
    }
    for (PolicyChange change : policy.changes()) {
      if (change.effective() != null && change.effective().isAfter(policy.effective())) {
        report(
            sources.pathOf(change) + ".effective",
            "this change takes effect on "
                + change.effective()
                + ", after the policy's effective date "
                + policy.effective()
                + "; move 'effective' to the date of the newest change",
            "effective: " + change.effective());
      }
    }
  }

  /** Selling is allowed, but only with the right that lets people stop it. */
  private void selling() {
    boolean optOut = policy.rights().stream().anyMatch(r -> r.kind() == Right.Kind.OPT_OUT_OF_SALE);
    if (policy.sellsData() && !optOut) {
      report(
          "sells-data",
          "a policy that sells data must offer the opt-out-of-sale right",
          "rights: [{kind: opt-out-of-sale, laws: [ccpa], channels: [privacy-form]}]");
    }
  }

  private void breach() {
    BreachPolicy breach = policy.breach();
    if (breach != null && breach.publicPage() != null && !breach.publicPage().startsWith("/")) {
      report(
          "breach.public-page",
          "'" + breach.publicPage() + "' is not a path on the property; it starts with '/'",
          "public-page: /security");
    }
  }

  private void reference(
      String listPath, String id, Collection<String> declared, String what, String example) {
    if (declared.contains(id)) {
      return;
    }
    String path = sources.itemPath(listPath, id);
    Optional<String> suggestion = KeySuggester.closest(id, declared);
    if (suggestion.isPresent()) {
      // The likely fix is the reference, not a new declaration: show the reference corrected.
      String key = listPath.substring(listPath.lastIndexOf('.') + 1);
      boolean inList = !path.equals(listPath);
      String fixed = inList ? "[" + suggestion.get() + "]" : suggestion.get();
      report(
          path,
          "'" + id + "' is not a declared " + what + "; did you mean '" + suggestion.get() + "'?",
          key + ": " + fixed);
      return;
    }
    String known =
        declared.isEmpty() ? "none is declared" : "declared: " + String.join(", ", declared);
    report(path, "'" + id + "' is not a declared " + what + "; " + known, example);
  }

  private void report(String path, String message, String example) {
    problems.add(sources.at(path), path, message, example);
  }

  private static <T> Set<String> ids(List<T> items, Function<T, String> id) {
    Set<String> ids = new LinkedHashSet<>();
    items.stream().map(id).filter(Objects::nonNull).forEach(ids::add);
    return ids;
  }

  private static String first(Set<String> ids) {
    return ids.iterator().next();
  }
}
