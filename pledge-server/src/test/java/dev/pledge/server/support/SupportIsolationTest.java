package dev.pledge.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import java.util.ArrayList;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant isolation of support (B-14): every support route that takes a ticket or a feedback id —
 * read from the studio's handler mapping, so a route added later is tried too — called by one
 * signed-in account with another's ids answers 404, like an id that does not exist, and changes
 * nothing of the other's.
 */
@WithRunningServer
class SupportIsolationTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Tickets tickets;
  @Autowired StudioFeedback feedback;

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

  String snapshot(String account) {
    return jdbc.sql(
            """
            select coalesce(string_agg(t.ticket_id || t.status || t.last_message_at::text
              || (select count(*) from support_message m where m.ticket_id = t.ticket_id), ','), '')
              || '|' || (select count(*) from support_feedback f where f.account_id = :a)
            from support_ticket t where t.account_id = :a
            """)
        .param("a", account)
        .query(String.class)
        .single();
  }

  @Test
  @DisplayName(
      "B-14 every support route refuses another account's ticket and feedback ids with 404,"
          + " changing nothing")
  void foreignIdsAreNotFound() throws Exception {
    try (var vera = SupportPeople.verified(browser, port, "Vera Victim", "GB", 30, "en");
        var mallory = SupportPeople.verified(browser, port, "Mallory Attacker", "GB", 30, "en")) {
      String victim = SupportPeople.accountOf(jdbc, vera.email());
      String attacker = SupportPeople.accountOf(jdbc, mallory.email());
      Ticket open = tickets.open(victim, "Private", "account", "My secret question", "studio");
      Ticket closed = tickets.open(victim, "Closed one", "other", "Done", "studio");
      tickets.close(closed.id());
      String entry = feedback.record(victim, "general", null, 5, "mine");
      tickets.open(attacker, "Own", "other", "Mallory's own", "studio");
      String before = snapshot(victim);

      mallory.open("/support");
      String csrf = mallory.csrf();
      Map<String, String> ids = Map.of("ticketId", open.id(), "feedbackId", entry);
      List<String> tried = new ArrayList<>();
      List<String> answered = new ArrayList<>();
      for (Map.Entry<RequestMappingInfo, HandlerMethod> route :
          studioRoutes.getHandlerMethods().entrySet()) {
        for (String pattern : route.getKey().getPatternValues()) {
          List<String> names =
              ids.keySet().stream().filter(n -> pattern.contains("{" + n + "}")).toList();
          if (names.isEmpty()) {
            continue;
          }
          Set<RequestMethod> methods = route.getKey().getMethodsCondition().getMethods();
          for (String ticket : List.of(open.id(), closed.id())) {
            String path = pattern.replace("{ticketId}", ticket).replace("{feedbackId}", entry);
            for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
              APIResponse r =
                  method == RequestMethod.GET
                      ? mallory.context().request().get(mallory.studio() + path)
                      : mallory
                          .context()
                          .request()
                          .post(
                              mallory.studio() + path,
                              RequestOptions.create()
                                  .setForm(
                                      FormData.create()
                                          .set("_csrf", csrf)
                                          .set("message", "injected"))
                                  .setMaxRedirects(0));
              tried.add(method + " " + pattern);
              if (r.status() != 404) {
                answered.add(method + " " + path + " → " + r.status());
              } else {
                assertThat(r.text()).doesNotContain("My secret question").doesNotContain("Private");
              }
            }
          }
        }
      }
      assertThat(tried)
          .as("support routes with ids")
          .contains(
              "GET /support/{ticketId}",
              "POST /support/{ticketId}/reply",
              "POST /support/{ticketId}/close",
              "POST /support/{ticketId}/reopen",
              "POST /feedback/{feedbackId}/delete");
      assertThat(answered).as("routes that did not answer 404").isEmpty();
      assertThat(snapshot(victim)).as("nothing of the victim changed").isEqualTo(before);
      assertThat(mallory.page().content()).doesNotContain(open.id());
      mallory.open("/support");
      assertThat(mallory.page().content())
          .as("the list shows the attacker's own tickets only")
          .doesNotContain(open.id())
          .doesNotContain("Private");
    }
  }
}
