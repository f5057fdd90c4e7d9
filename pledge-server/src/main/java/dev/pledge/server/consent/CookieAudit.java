package dev.pledge.server.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pledge verify --cookies}: visits pages in a headless Chromium under four states — no
 * choice, all refused, all accepted, Global Privacy Control on — and compares every cookie and
 * storage entry with the cookie inventory the page's property publishes ({@code /privacy.json}
 * beside it). A cookie or entry the policy does not declare, one that needs consent before it was
 * given or after it was refused, and a marketing cookie under GPC are violations. The banner is
 * answered as a person would, by its own buttons.
 */
public final class CookieAudit {

  /** The states every page is visited in. */
  public enum State {
    NO_CHOICE("no choice"),
    REFUSED("all refused"),
    ACCEPTED("all accepted"),
    GPC("GPC on");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  /** A problem found. */
  public record Violation(State state, String url, String kind, String what) {}

  /** What the audit saw and found. */
  public record Report(List<String> seen, List<Violation> violations) {
    public boolean clean() {
      return violations.isEmpty();
    }
  }

  /** The policy of a page could not be read: the audit cannot judge the page. */
  public static final class PolicyUnavailable extends RuntimeException {
    PolicyUnavailable(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PREFIX = Pattern.compile("^(/p/[^/]+)(/.*)?$");
  private static final String PERSON =
      "Object.defineProperty(Navigator.prototype, 'webdriver', {get: () => false});";
  private static final String GPC_SCRIPT =
      "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});";
  private static final String DESKTOP_CHROME =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  private final Path chromium;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public CookieAudit(Path chromium) {
    this.chromium = chromium == null ? Chromium.DEFAULT : chromium;
  }

  /** A policy's inventory as it publishes it. */
  record Published(Map<String, String> cookieCategory, Map<String, Boolean> needsConsent) {
    boolean declares(String name) {
      return cookieCategory.containsKey(name);
    }

    boolean consentNeeded(String name) {
      return needsConsent.getOrDefault(cookieCategory.get(name), true);
    }

    String category(String name) {
      return cookieCategory.get(name);
    }
  }

  /** The published policy of the property {@code page} belongs to. */
  Published policyOf(URI page) {
    Matcher m = PREFIX.matcher(page.getPath() == null ? "" : page.getPath());
    String prefix = m.matches() ? m.group(1) : "";
    URI policy = page.resolve(prefix + "/privacy.json");
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(policy).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new PolicyUnavailable(policy + " answered " + r.statusCode());
      }
      JsonNode json = JSON.readTree(r.body());
      Map<String, Boolean> consent = new LinkedHashMap<>();
      json.path("cookie-categories")
          .forEach(
              c -> consent.put(c.path("id").asText(), c.path("consent-required").asBoolean(true)));
      Map<String, String> cookies = new LinkedHashMap<>();
      json.path("cookies")
          .forEach(c -> cookies.put(c.path("name").asText(), c.path("category").asText()));
      return new Published(cookies, consent);
    } catch (PolicyUnavailable e) {
      throw e;
    } catch (Exception e) {
      throw new PolicyUnavailable("could not read the policy at " + policy + ": " + e.getMessage());
    }
  }

  public Report run(List<URI> pages, PrintWriter out) {
    Map<URI, Published> policies = new LinkedHashMap<>();
    for (URI page : pages) {
      policies.put(page, policyOf(page));
    }
    List<String> seen = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    try (Chromium browser = Chromium.start(chromium)) {
      for (State state : State.values()) {
        try (Tab tab = new Tab(browser, state == State.GPC)) {
          for (URI page : pages) {
            Published policy = policies.get(page);
            tab.open(page);
            if (state != State.NO_CHOICE && tab.bannerShown()) {
              String role = state == State.REFUSED ? "necessary" : "all";
              tab.click("#cc-main .cm [data-role=" + role + "]");
              tab.awaitReceipt();
              tab.open(page);
            }
            Set<String> names = new TreeSet<>();
            for (JsonNode c : tab.cookies(page)) {
              String name = c.path("name").asText();
              names.add(name + (policy.declares(name) ? " (" + policy.category(name) + ")" : ""));
              judge(state, page, policy, "cookie", name, violations);
            }
            Set<String> stored = new TreeSet<>();
            for (String key : tab.storageKeys()) {
              stored.add(key);
              judge(state, page, policy, "storage entry", key, violations);
            }
            String line =
                String.format(
                    "%-13s %s%n      cookies: %s%n      storage: %s",
                    state.label,
                    page,
                    names.isEmpty() ? "none" : String.join(", ", names),
                    stored.isEmpty() ? "none" : String.join(", ", stored));
            seen.add(line);
            if (out != null) {
              out.println(line);
              out.flush();
            }
          }
          for (JsonNode c : tab.allCookies()) {
            String domain = c.path("domain").asText().replaceFirst("^\\.", "");
            boolean own = pages.stream().anyMatch(p -> domain.equalsIgnoreCase(p.getHost()));
            if (!own) {
              violations.add(
                  new Violation(
                      state,
                      "(any page)",
                      "third-party cookie",
                      c.path("name").asText() + " of " + domain + ": set by another site"));
            }
          }
        }
      }
    }
    return new Report(seen, violations);
  }

  private static void judge(
      State state,
      URI page,
      Published policy,
      String kind,
      String name,
      List<Violation> violations) {
    if (!policy.declares(name)) {
      violations.add(
          new Violation(
              state,
              page.toString(),
              "undeclared " + kind,
              name + ": not in the policy's cookie inventory"));
      return;
    }
    String category = policy.category(name);
    boolean needsConsent = policy.consentNeeded(name);
    if (needsConsent && state == State.NO_CHOICE) {
      violations.add(
          new Violation(
              state,
              page.toString(),
              kind + " before consent",
              name + " (" + category + ") is set before the person chose"));
    } else if (needsConsent && state == State.REFUSED) {
      violations.add(
          new Violation(
              state,
              page.toString(),
              kind + " after refusal",
              name + " (" + category + ") is set although the person refused it"));
    } else if (state == State.GPC && ConsentReceipts.MARKETING.equals(category)) {
      violations.add(
          new Violation(
              state,
              page.toString(),
              kind + " despite GPC",
              name + " (marketing) is set although the browser sends Global Privacy Control"));
    }
  }

  /** One isolated browser context with one page: no cookies, no storage shared with others. */
  private static final class Tab implements AutoCloseable {
    private final Chromium browser;
    private final String context;
    private final String session;

    Tab(Chromium browser, boolean gpc) {
      this.browser = browser;
      this.context =
          browser.send(null, "Target.createBrowserContext", null).path("browserContextId").asText();
      ObjectNode create =
          Chromium.params().put("url", "about:blank").put("browserContextId", context);
      String target = browser.send(null, "Target.createTarget", create).path("targetId").asText();
      this.session =
          browser
              .send(
                  null,
                  "Target.attachToTarget",
                  Chromium.params().put("targetId", target).put("flatten", true))
              .path("sessionId")
              .asText();
      browser.send(session, "Page.enable", null);
      browser.send(session, "Network.enable", null);
      browser.send(
          session,
          "Emulation.setUserAgentOverride",
          Chromium.params().put("userAgent", DESKTOP_CHROME));
      browser.send(
          session,
          "Page.addScriptToEvaluateOnNewDocument",
          Chromium.params().put("source", PERSON + (gpc ? GPC_SCRIPT : "")));
      if (gpc) {
        ObjectNode headers = Chromium.params();
        headers.putObject("headers").put("Sec-GPC", "1");
        browser.send(session, "Network.setExtraHTTPHeaders", headers);
      }
    }

    void open(URI page) {
      browser.clearEvents(session);
      browser.send(session, "Page.navigate", Chromium.params().put("url", page.toString()));
      browser.awaitEvent(session, "Page.loadEventFired", Duration.ofSeconds(20));
      // The banner's script fetches its configuration after load: wait until it has run.
      waitFor(
          "(() => !document.querySelector('meta[name=pledge-consent]')"
              + " || document.documentElement.dataset.consentReady === 'true')()",
          Duration.ofSeconds(8));
      settle(Duration.ofMillis(300));
    }

    boolean bannerShown() {
      return evaluate(
              "document.documentElement.classList.contains('show--consent')"
                  + " && !!document.querySelector('#cc-main .cm')")
          .asBoolean(false);
    }

    void click(String selector) {
      evaluate(
          "(() => { const b = document.querySelector("
              + JSON.valueToTree(selector)
              + ");"
              + " if (b) b.click(); return !!b; })()");
    }

    void awaitReceipt() {
      waitFor("!!document.documentElement.dataset.consentReceipt", Duration.ofSeconds(8));
    }

    Iterable<JsonNode> cookies(URI page) {
      ObjectNode p = Chromium.params();
      p.putArray("urls").add(page.toString());
      return browser.send(session, "Network.getCookies", p).path("cookies");
    }

    Iterable<JsonNode> allCookies() {
      return browser
          .send(null, "Storage.getCookies", Chromium.params().put("browserContextId", context))
          .path("cookies");
    }

    List<String> storageKeys() {
      JsonNode keys =
          evaluate(
              "(() => { try { return Object.keys(localStorage).concat(Object.keys(sessionStorage)); }"
                  + " catch (e) { return []; } })()");
      List<String> out = new ArrayList<>();
      keys.forEach(k -> out.add(k.asText()));
      return out;
    }

    private JsonNode evaluate(String expression) {
      return browser
          .send(
              session,
              "Runtime.evaluate",
              Chromium.params().put("expression", expression).put("returnByValue", true))
          .path("result")
          .path("value");
    }

    private void waitFor(String expression, Duration patience) {
      long until = System.nanoTime() + patience.toNanos();
      while (System.nanoTime() < until) {
        if (evaluate(expression).asBoolean(false)) {
          return;
        }
        settle(Duration.ofMillis(100));
      }
    }

    private static void settle(Duration d) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      browser.send(
          null, "Target.disposeBrowserContext", Chromium.params().put("browserContextId", context));
    }
  }
}
