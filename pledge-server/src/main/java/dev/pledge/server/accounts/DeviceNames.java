package dev.pledge.server.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.springframework.stereotype.Component;

/**
 * A session's device as the person sees it in their session list: browser and operating system from
 * the User-Agent (Yauaa), e.g. "Chrome on Linux" — never the whole string, which is close to a
 * fingerprint. The analyser builds in the background at start; a sign-in before it is ready waits a
 * few seconds at most, then records the device as unknown.
 */
@Component
class DeviceNames {

  private final CompletableFuture<UserAgentAnalyzer> analyzer =
      CompletableFuture.supplyAsync(
          () ->
              UserAgentAnalyzer.newBuilder()
                  .hideMatcherLoadStats()
                  .withCache(0)
                  .withField(UserAgent.AGENT_NAME)
                  .withField(UserAgent.OPERATING_SYSTEM_NAME)
                  .immediateInitialization()
                  .build(),
          DeviceNames::inBackground);

  private final Cache<String, String> names = Caffeine.newBuilder().maximumSize(10_000).build();

  private static void inBackground(Runnable task) {
    Thread t = new Thread(task, "studio-device-names");
    t.setDaemon(true);
    t.start();
  }

  /** "Browser on OS", or null when the User-Agent says neither. */
  String describe(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return null;
    }
    String ua = userAgent.length() > 1_000 ? userAgent.substring(0, 1_000) : userAgent;
    return names.get(ua, this::parse);
  }

  private String parse(String ua) {
    UserAgentAnalyzer a;
    try {
      a = analyzer.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
    UserAgent parsed;
    synchronized (a) {
      parsed = a.parse(ua);
    }
    String browser = known(parsed.getValue(UserAgent.AGENT_NAME));
    String os = known(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME));
    if (browser == null && os == null) {
      return null;
    }
    if (os == null) {
      return browser;
    }
    return browser == null ? os : browser + " · " + os;
  }

  private static String known(String value) {
    return value == null || value.isBlank() || value.startsWith("Unknown") || value.startsWith("??")
        ? null
        : value;
  }
}
