package dev.pledge.server.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The door: turns one tracker request into a stored, anonymised event or a clear refusal. Nothing
 * leaves this class that the policy does not declare — the address and user-agent string are used
 * in memory for hashing, bot detection and rate limiting, and then forgotten (A-01, A-05, A-06).
 */
final class EventIngest {

  /** Policy categories whose presence means a property collects page-level analytics. */
  static final Set<String> ANALYTICS_CATEGORIES =
      Set.of("user.behavior.page_views", "user.behavior.usage_analytics");

  /** The events of page analytics itself, stored in lower case; custom ones need a declaration. */
  private static final Set<String> COLLECTED_EVENTS = Set.of("pageview", "engagement", "404");

  private final PolicyCatalog catalog;
  private final DailySalts salts;
  private final UserAgentReducer userAgents;
  private final CountryLookup countries;
  private final EventWriter writer;
  private final ClientAddress clientAddress;
  private final AnalyticsSettings settings;
  private final Clock clock;

  /** Each property's own host names; the catalogue is fixed at start-up, so computed once. */
  private final Map<String, Set<String>> ownHostsByProperty = new HashMap<>();

  /** Ids of the properties whose policy declares page analytics, computed once. */
  private final Set<String> collecting = new HashSet<>();

  /**
   * The visitor hash under today's salt, as {@link #reduce} asks for it (made once, not per call).
   */
  private final java.util.function.Supplier<VisitorHasher> todaysHasher;

  /** Each property's declared custom events: name → the property keys kept with it. */
  private final Map<String, Map<String, List<String>>> customEvents = new HashMap<>();

  /**
   * Rate-limit buckets by client address, striped: an address hashes (under a per-process key, so
   * nobody can aim at another's stripe) to one of a fixed set of buckets made once. A bucket per
   * address, held in a cache, allocated one object graph per new address and kept it alive for
   * minutes — under a flood from many addresses that churn made the young collections slow.
   * Addresses sharing a stripe share its limit, which only makes the limit stricter.
   */
  private static final int STRIPES = 1 << 14;

  private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(STRIPES);
  private final int stripeKey = new SecureRandom().nextInt();

  EventIngest(
      PolicyCatalog catalog,
      DailySalts salts,
      UserAgentReducer userAgents,
      CountryLookup countries,
      EventWriter writer,
      AnalyticsSettings settings,
      List<String> trustedProxies,
      Clock clock) {
    this.catalog = catalog;
    this.countries = countries;
    this.salts = salts;
    this.todaysHasher = salts::today;
    this.userAgents = userAgents;
    this.writer = writer;
    this.settings = settings;
    this.clientAddress = new ClientAddress(trustedProxies);
    this.clock = clock;
    for (ServedProperty p : catalog.all()) {
      ownHostsByProperty.put(p.id().value(), ownHosts(p));
      if (collectsAnalytics(p)) {
        collecting.add(p.id().value());
        customEvents.put(p.id().value(), declaredEvents(p));
      }
    }
  }

  /**
   * @param body the request body (JSON, whatever the content type)
   * @param length how many bytes of {@code body} are used
   * @param peer the socket's remote address
   * @param forwardedFor the X-Forwarded-For header, or null
   * @param forwarded the Forwarded header, or null
   * @param userAgent the User-Agent header, or null
   * @param optOutSignal the browser sent Global Privacy Control or Do Not Track ({@link
   *     #optOutSignal(String, String)})
   */
  IngestOutcome ingest(
      byte[] body,
      int length,
      String peer,
      String forwardedFor,
      String forwarded,
      String userAgent,
      boolean optOutSignal) {
    if (optOutSignal && settings.honourOptOutSignals()) {
      // An objection to analytics cannot be matched to anonymous events later; honouring the
      // browser's signal at the door is what keeps the visitor out (A-15). Nothing is parsed.
      return new IngestOutcome.Dropped("opt-out-signal");
    }
    if (length > EventBodyParser.MAX_BYTES) {
      return new IngestOutcome.TooLarge();
    }
    EventBodyParser.Result parsed = EventBodyParser.parse(body, length);
    if (!parsed.ok()) {
      return new IngestOutcome.Invalid(parsed.errors());
    }
    String ip = clientAddress.resolve(peer, forwardedFor, forwarded);
    Reduced reduced = reduce(parsed.body(), ip, userAgent, clock.instant(), todaysHasher);
    if (reduced.refused() != null) {
      return reduced.refused();
    }
    if (!bucketFor(ip).tryConsume(1)) {
      return new IngestOutcome.RateLimited();
    }
    CompletableFuture<Void> queued = writer.submit(reduced.event());
    return queued == null ? new IngestOutcome.Overloaded() : new IngestOutcome.Accepted(queued);
  }

  /** What the door makes of one event: the event to store, or why it is not stored. */
  record Reduced(PageEvent event, IngestOutcome refused) {}

  /**
   * The reduction itself, the same for every event however it arrives: which property, whether the
   * policy collects it, the user agent reduced, the URL scrubbed, the referrer classified, the
   * visitor hashed under {@code hasher}'s salt, the custom properties cut to what is declared.
   *
   * @param at when the event happened (now, for the tracker; the demo's history gives past times)
   * @param hasher the visitor hash of {@code at}'s day; asked for only when the event is kept
   */
  Reduced reduce(
      EventBody event,
      String ip,
      String userAgent,
      java.time.Instant at,
      java.util.function.Supplier<VisitorHasher> hasher) {
    Optional<ServedProperty> found = propertyFor(event.domain());
    if (found.isEmpty()) {
      return refused(isBuiltIn(event.name()) ? "unknown-domain" : "event-not-collected");
    }
    ServedProperty property = found.get();
    String propertyId = property.id().value();
    if (!collecting.contains(propertyId)) {
      return refused("analytics-not-collected");
    }
    String name = event.name().toLowerCase(Locale.ROOT);
    List<String> keys = null;
    if (!COLLECTED_EVENTS.contains(name)) {
      // A custom event is stored under the name its policy declares, exactly as written there.
      name = event.name().strip();
      keys = customEvents.get(propertyId).get(name);
      if (keys == null) {
        return refused("event-not-collected");
      }
    }
    ClientInfo client = userAgents.reduce(userAgent);
    if (client.bot()) {
      return refused("bot");
    }
    ScrubbedUrl url = scrubbed(event.url(), event.hashMode(), property.pathPrefix());
    if (url == null) {
      return new Reduced(
          null,
          new IngestOutcome.Invalid(
              Map.of("url", "must be an absolute http(s) URL, e.g. https://example.org/")));
    }
    if (!belongsTo(url.host(), property)) {
      return refused("foreign-url"); // A-22: scoped to this site only
    }
    for (String excluded : settings.excludedPaths()) {
      if (url.path().startsWith(excluded)) {
        return refused("excluded-path");
      }
    }
    TrafficSource source =
        classified(event.referrer(), url.utmSource(), url.utmMedium(), propertyId);
    return new Reduced(
        new PageEvent(
            propertyId,
            at,
            hasher.get().visitorId(propertyId, ip, userAgent),
            name,
            url.path(),
            source.source(),
            source.channel(),
            url.utmSource(),
            url.utmMedium(),
            url.utmCampaign(),
            client.browser(),
            client.os(),
            client.device(),
            countries.country(propertyId, ip),
            "engagement".equals(name) ? event.engagementMs() : null,
            "engagement".equals(name) ? event.scrollDepth() : null,
            keys == null ? null : EventProps.kept(event.props(), keys)),
        null);
  }

  private static Reduced refused(String reason) {
    return new Reduced(null, new IngestOutcome.Dropped(reason));
  }

  private static boolean isBuiltIn(String name) {
    return COLLECTED_EVENTS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The custom events a property's policy declares under its analytics categories. */
  static Map<String, List<String>> declaredEvents(ServedProperty property) {
    Map<String, List<String>> events = new HashMap<>();
    property.policy().categories().stream()
        .filter(c -> ANALYTICS_CATEGORIES.contains(c.id()))
        .filter(c -> c.collected() != dev.pledge.policy.DataCategory.Collected.NO)
        .flatMap(c -> c.events().stream())
        .forEach(e -> events.putIfAbsent(e.name(), e.properties()));
    return Map.copyOf(events);
  }

  /** True when {@code Sec-GPC} or {@code DNT} is {@code 1}: two header reads, no allocation. */
  static boolean optOutSignal(String secGpc, String dnt) {
    return isOne(secGpc) || isOne(dnt);
  }

  private static boolean isOne(String header) {
    return header != null && header.strip().equals("1");
  }

  /**
   * The same few hundred page addresses and referrers arrive over and over; their reductions are
   * pure functions, cached so that the regular expressions run once per distinct value.
   */
  private final Cache<String, Optional<ScrubbedUrl>> urls =
      Caffeine.newBuilder().maximumSize(50_000).build();

  private final Cache<String, TrafficSource> sources =
      Caffeine.newBuilder().maximumSize(50_000).build();

  private ScrubbedUrl scrubbed(String url, boolean hashMode, String prefix) {
    String key = prefix + (hashMode ? "#" : " ") + url;
    Optional<ScrubbedUrl> cached = urls.getIfPresent(key);
    if (cached == null) {
      cached = Optional.ofNullable(UrlScrubber.scrub(url, hashMode, prefix));
      urls.put(key, cached);
    }
    return cached.orElse(null);
  }

  private TrafficSource classified(
      String referrer, String utmSource, String utmMedium, String propertyId) {
    String key = referrer + '\n' + utmSource + '\n' + utmMedium + '\n' + propertyId;
    TrafficSource cached = sources.getIfPresent(key);
    if (cached == null) {
      cached =
          ReferrerClassifier.classify(
              referrer, utmSource, utmMedium, ownHostsByProperty.get(propertyId));
      sources.put(key, cached);
    }
    return cached;
  }

  private Optional<ServedProperty> propertyFor(String domains) {
    for (String d : domains.split(",")) {
      Optional<ServedProperty> p = catalog.byHost(d.trim());
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  static boolean collectsAnalytics(ServedProperty property) {
    return property.policy().categories().stream()
        .anyMatch(
            c ->
                ANALYTICS_CATEGORIES.contains(c.id())
                    && c.collected() != dev.pledge.policy.DataCategory.Collected.NO);
  }

  /** The page must be on the property: one of its domains, or a local address of it. */
  private boolean belongsTo(String host, ServedProperty property) {
    return ownHostsByProperty.get(property.id().value()).contains(host)
        || host.equals("localhost")
        || host.equals("127.0.0.1")
        || host.equals("[::1]");
  }

  private static Set<String> ownHosts(ServedProperty property) {
    Set<String> hosts = new HashSet<>();
    for (String d : property.domains()) {
      String h = d.toLowerCase(Locale.ROOT);
      hosts.add(h);
      hosts.add(h.startsWith("www.") ? h.substring(4) : h);
    }
    hosts.add(property.localHost());
    return hosts;
  }

  private Bucket bucketFor(String ip) {
    int h = (ip.hashCode() ^ stripeKey) * 0x9E3779B9;
    int stripe = (h ^ (h >>> 16)) & (STRIPES - 1);
    Bucket b = buckets.get(stripe);
    if (b == null) {
      buckets.compareAndSet(stripe, null, newBucket());
      b = buckets.get(stripe);
    }
    return b;
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(settings.burstPerClient())
                .refillGreedy(settings.eventsPerSecondPerClient(), Duration.ofSeconds(1))
                .build())
        .build();
  }
}
