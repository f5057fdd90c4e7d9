package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant isolation, route by route (B-14): every studio route — read from the studio's handler
 * mapping, so a route added later is tried too — is called by one signed-in account with another
 * account's ids (its team, its account as a "member", its session, its passkey, its invitation, its
 * rights request). Each answers 404, like an id that does not exist, and nothing of the other
 * account changes.
 */
@WithRunningServer
class StudioIsolationTest {

  /** Request parameters and path variables that name something of somebody's. */
  static final Set<String> ID_NAMES =
      Set.of("teamId", "member", "session", "passkey", "invite", "request", "id");

  /**
   * Path variables this test does not fill, each with the test that tries another account's ids on
   * those routes. A route with any other variable fails the test: it must be covered somewhere.
   */
  static final Map<String, String> COVERED_ELSEWHERE =
      Map.ofEntries(
          Map.entry("ticketId", "SupportIsolationTest"),
          Map.entry("feedbackId", "SupportIsolationTest"),
          // a capability, not an account's id: its own unguessable token (MarketingEmailTest)
          Map.entry("token", "MarketingEmailTest"),
          // the developer API's routes, read from its OpenAPI document, with bearer keys
          Map.entry("jobId", "ApiIsolationTest (and ImagesIsolationTest for the pages)"),
          Map.entry("webhookId", "ApiIsolationTest"),
          Map.entry("deliveryId", "ApiIsolationTest"),
          Map.entry("imageId", "ApiIsolationTest and ImagesIsolationTest"),
          Map.entry("versionId", "ImagesIsolationTest"),
          Map.entry("projectId", "ImagesIsolationTest"),
          Map.entry("shareToken", "ImagesIsolationTest"));

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Autowired
  @Qualifier("studioHandlerMapping")
  RequestMappingHandlerMapping studioRoutes;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  String accountOf(String email) {
    return jdbc.sql("select account_id from studio_account where lower(email) = lower(:e)")
        .param("e", email)
        .query(String.class)
        .single();
  }

  @Test
  @DisplayName("B-14 every studio route refuses another account's ids with 404, changing nothing")
  void everyRouteRefusesForeignIds() throws Exception {
    var victim = StudioPeople.verified(browser, port, "Vera Victim", "en");
    var attacker = StudioPeople.verified(browser, port, "Mallory Attacker", "en");
    try (var v = victim.browser();
        var m = attacker.browser()) {
      // The victim's things: a team with an invitation, an objection, a passkey, a session.
      v.open("/teams");
      v.page.fill("#team-name", "Vera's team");
      v.page.click("form[action$='/teams'] button[type=submit]");
      String team = v.page.url().replaceFirst("^.*/teams/", "").replaceFirst("\\?.*$", "");
      v.page.fill("#invite-email", "friend-" + System.nanoTime() + "@example.org");
      v.page.click("form[action$='/invites'] button[type=submit]");
      v.open("/account/privacy");
      v.page.click("[data-purpose='marketing'] button[type=submit]");
      String victimId = accountOf(victim.email());
      String reference =
          jdbc.sql("select reference from rights_request where subject_id = :a")
              .param("a", victimId)
              .query(String.class)
              .single();
      byte[] credential = new byte[] {1, 2, 3, 4, 5, 6, 7, 8};
      jdbc.sql(
              """
              insert into studio_passkey (credential_id, account_id, user_handle, public_key,
                signature_count, uv_initialized, backup_eligible, backup_state, credential_type,
                label, created_at)
              values (:c, :a, :h, :k, 0, true, false, false, 'public-key', 'Vera key', :now)
              """)
          .param("c", credential)
          .param("a", victimId)
          .param("h", new byte[] {9, 9, 9})
          .param("k", new byte[] {1})
          .param("now", Timestamp.from(Instant.now()))
          .update();
      Map<String, String> ids = new LinkedHashMap<>();
      ids.put("teamId", team);
      ids.put("member", victimId);
      ids.put(
          "session",
          Sessions.handle(
              jdbc.sql("select session_hash from studio_session where account_id = :a limit 1")
                  .param("a", victimId)
                  .query(byte[].class)
                  .single()));
      ids.put("passkey", Base64.getUrlEncoder().withoutPadding().encodeToString(credential));
      ids.put(
          "invite",
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  jdbc.sql("select token_hash from studio_team_invite where team_id = :t")
                      .param("t", team)
                      .query(byte[].class)
                      .single()));
      ids.put("request", reference);
      String invoice = java.util.UUID.randomUUID().toString();
      jdbc.sql(
              """
              insert into billing_invoice (id, account_id, number, processor_invoice, kind,
                amount_cents, currency, status, issued_at)
              values (:id, :a, 'VERA-0001', :p, 'credits', 500, 'usd', 'paid', now())
              """)
          .param("id", invoice)
          .param("a", victimId)
          .param("p", "in_" + invoice.replace("-", ""))
          .update();
      ids.put("id", invoice);
      // An API key of the victim's (only its hash is stored; this one is never used).
      String apiKey = java.util.UUID.randomUUID().toString();
      jdbc.sql(
              "insert into api_key (key_id, account_id, name, prefix, secret_hash, scopes,"
                  + " created_at) values (:k, :a, 'victim', 'pst_live_xxxxxx', :h, 'read', now())")
          .param("k", apiKey)
          .param("a", victimId)
          .param("h", java.util.UUID.randomUUID().toString().getBytes())
          .update();
      ids.put("keyId", apiKey);
      String before = snapshot(victimId, team);

      // The attacker has a team of their own: their "member" tries name the victim.
      m.open("/teams");
      m.page.fill("#team-name", "Mallory's team");
      m.page.click("form[action$='/teams'] button[type=submit]");
      m.open("/account");
      String csrf = StudioPeople.csrf(m);

      List<String> tried = new ArrayList<>();
      List<String> answered = new ArrayList<>();
      List<String> uncovered = new ArrayList<>();
      for (Map.Entry<RequestMappingInfo, HandlerMethod> route :
          studioRoutes.getHandlerMethods().entrySet()) {
        Map<String, String> params = new LinkedHashMap<>();
        boolean takesIds = false;
        for (MethodParameter p : route.getValue().getMethodParameters()) {
          p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
          RequestParam rp = p.getParameterAnnotation(RequestParam.class);
          PathVariable pv = p.getParameterAnnotation(PathVariable.class);
          String name =
              rp != null
                  ? rp.name()
                  : pv != null ? (pv.value().isEmpty() ? p.getParameterName() : pv.value()) : null;
          if (name != null && ID_NAMES.contains(name)) {
            takesIds = true;
            params.put(name, ids.get(name));
          }
        }
        // A path with a variable takes an id even when the method names it only by position.
        takesIds |= route.getKey().getPatternValues().stream().anyMatch(x -> x.contains("{"));
        if (!takesIds) {
          continue;
        }
        for (String pattern : route.getKey().getPatternValues()) {
          java.util.regex.Matcher variable =
              java.util.regex.Pattern.compile("\\{(\\w+)\\}").matcher(pattern);
          StringBuilder filled = new StringBuilder();
          boolean elsewhere = false;
          while (variable.find()) {
            String name = variable.group(1);
            if (COVERED_ELSEWHERE.containsKey(name)) {
              elsewhere = true;
            } else if (!ids.containsKey(name)) {
              uncovered.add(pattern);
            }
            variable.appendReplacement(
                filled, java.util.regex.Matcher.quoteReplacement(ids.getOrDefault(name, name)));
          }
          variable.appendTail(filled);
          if (elsewhere) {
            continue;
          }
          String path = filled.toString();
          Set<RequestMethod> methods = route.getKey().getMethodsCondition().getMethods();
          for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
            APIResponse r;
            if (method == RequestMethod.GET) {
              StringBuilder q = new StringBuilder();
              params.forEach(
                  (k, val) -> {
                    if (!pattern.contains("{" + k + "}")) {
                      q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(val);
                    }
                  });
              r = m.context.request().get(m.studio + path + q);
            } else {
              FormData form = FormData.create().set("_csrf", csrf);
              params.forEach(
                  (k, val) -> {
                    if (!pattern.contains("{" + k + "}")) {
                      form.set(k, val);
                    }
                  });
              r =
                  m.context
                      .request()
                      .post(
                          m.studio + path,
                          RequestOptions.create().setForm(form).setMaxRedirects(0));
            }
            tried.add(method + " " + pattern);
            if (r.status() != 404) {
              answered.add(method + " " + pattern + " → " + r.status());
            }
          }
        }
      }
      assertThat(uncovered).as("routes with an id this test has no foreign value for").isEmpty();
      assertThat(tried).as("routes that take ids").hasSizeGreaterThanOrEqualTo(12);
      assertThat(answered).as("routes that did not answer 404 to another account's ids").isEmpty();
      assertThat(snapshot(victimId, team)).as("nothing of the victim changed").isEqualTo(before);
    }
  }

  /** The victim's things, as one comparable text. */
  String snapshot(String victimId, String team) {
    return jdbc.sql(
            """
            select (select string_agg(account_id || ':' || role, ',' order by account_id)
                      from studio_team_member where team_id = :t)
              || '|' || (select account_id from studio_team where team_id = :t)
              || '|' || (select count(*) from studio_team_invite where team_id = :t)
              || '|' || (select count(*) from studio_session where account_id = :a)
              || '|' || (select count(*) from studio_passkey where account_id = :a)
              || '|' || (select count(*) from processing_restriction r where r.lifted_at is null)
              || '|' || (select string_agg(id || ':' || status, ',') from billing_invoice
                           where account_id = :a)
              || '|' || (select count(*) from api_key where account_id = :a
                           and revoked_at is null)
            """)
        .param("t", team)
        .param("a", victimId)
        .query(String.class)
        .single();
  }
}
