package dev.pledge.server.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Reduces a user-agent string with Yauaa to browser family, OS family and device class, and tells
 * bots from people. Only the fields used are loaded, and results are cached, because the same few
 * hundred user agents make up almost all traffic.
 */
final class UserAgentReducer {

  private static final Set<String> BOT_DEVICE_CLASSES =
      Set.of("Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker");
  private static final Set<String> BOT_AGENT_CLASSES =
      Set.of("Robot", "Robot Mobile", "Special", "Hacker", "Cloud Application");

  /**
   * Building the analyzer takes seconds; it happens on a background thread so the server starts
   * without waiting. An event arriving before it is ready waits for it.
   */
  private final CompletableFuture<UserAgentAnalyzer> analyzer;

  UserAgentReducer() {
    analyzer =
        CompletableFuture.supplyAsync(UserAgentReducer::build, UserAgentReducer::inBackground);
  }

  private static void inBackground(Runnable task) {
    Thread t = new Thread(task, "user-agent-analyzer-build");
    t.setDaemon(true);
    t.start();
  }

  private static UserAgentAnalyzer build() {
    return UserAgentAnalyzer.newBuilder()
        .hideMatcherLoadStats()
        .withCache(0) // the cache in front of it, below, serves hits without a lock
        .withField(UserAgent.AGENT_NAME)
        .withField(UserAgent.AGENT_CLASS)
        .withField(UserAgent.OPERATING_SYSTEM_NAME)
        .withField(UserAgent.DEVICE_CLASS)
        .immediateInitialization()
        .build();
  }

  /**
   * Yauaa's parse is synchronized; this cache in front of it is read without locks, so the many
   * ingest threads only queue for Yauaa on a user agent they have not seen.
   */
  private final Cache<String, ClientInfo> reduced =
      Caffeine.newBuilder().maximumSize(50_000).build();

  ClientInfo reduce(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return new ClientInfo("Unknown", "Unknown", "unknown", true);
    }
    ClientInfo cached = reduced.getIfPresent(userAgent);
    if (cached == null) {
      cached = analyse(userAgent);
      reduced.put(userAgent, cached);
    }
    return cached;
  }

  private ClientInfo analyse(String userAgent) {
    UserAgent ua = analyzer.join().parse(userAgent);
    String deviceClass = ua.getValue(UserAgent.DEVICE_CLASS);
    String agentClass = ua.getValue(UserAgent.AGENT_CLASS);
    boolean bot =
        BOT_DEVICE_CLASSES.contains(deviceClass) || BOT_AGENT_CLASSES.contains(agentClass);
    return new ClientInfo(
        clean(ua.getValue(UserAgent.AGENT_NAME)),
        clean(ua.getValue(UserAgent.OPERATING_SYSTEM_NAME)),
        device(deviceClass),
        bot);
  }

  private static String device(String deviceClass) {
    return switch (deviceClass) {
      case "Desktop" -> "desktop";
      case "Phone", "Mobile" -> "mobile";
      case "Tablet" -> "tablet";
      case "TV",
          "Set-top box",
          "Game Console",
          "Home appliance",
          "eReader",
          "Car",
          "Watch",
          "Augmented Reality",
          "Virtual Reality" ->
          "other";
      default -> "unknown";
    };
  }

  /** Yauaa marks unknown values with "??" or "Unknown"; store one spelling. */
  private static String clean(String value) {
    if (value == null || value.isEmpty() || value.startsWith("??")) {
      return "Unknown";
    }
    String v = value.length() > 60 ? value.substring(0, 60) : value;
    return v.toLowerCase(Locale.ROOT).startsWith("unknown") ? "Unknown" : v;
  }
}
