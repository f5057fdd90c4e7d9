package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Teams in Chromium (B-07, B-14): a team is created, someone is invited by e-mail and joins with
 * the invited address, another address cannot use the invitation, and an outsider gets 404.
 */
@WithRunningServer
class StudioTeamsBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @Test
  @DisplayName("B-07 B-14 invite by e-mail, join with the invited address only; outsiders get 404")
  void inviteJoinAndIsolation() throws Exception {
    var owner = StudioPeople.verified(browser, port, "Olive Owner", "en");
    var invitee = StudioPeople.verified(browser, port, "Ivan Invitee", "en");
    var outsider = StudioPeople.verified(browser, port, "Otto Outsider", "en");
    try (var o = owner.browser();
        var i = invitee.browser();
        var x = outsider.browser()) {
      o.open("/teams");
      o.page.fill("#team-name", "Poster crew");
      o.page.click("form[action$='/teams'] button[type=submit]");
      assertThat(o.h1()).isEqualTo("Poster crew");
      String teamPath =
          o.page.url().replaceFirst("^.*/p/image-studio", "").replaceFirst("\\?.*$", "");

      o.page.fill("#invite-email", invitee.email());
      o.page.selectOption("#invite-role", "admin");
      o.page.click("form[action$='/invites'] button[type=submit]");
      assertThat(o.page.locator(".notice-ok").textContent()).contains("Invitation sent");
      o.screenshot("studio-team-en");
      String link =
          MailAndCodes.localLink(MailAndCodes.await(invitee.email(), "invites you").body(), o.base);

      x.page.navigate(link);
      x.page.click("form[data-token-form] button[type=submit]");
      assertThat(x.h1())
          .as("an invitation works for its address only")
          .isEqualTo("This invitation is for another address");

      i.page.navigate(link);
      i.page.click("form[data-token-form] button[type=submit]");
      assertThat(i.h1()).isEqualTo("Poster crew");
      assertThat(i.page.locator(".members .list-row").count()).isEqualTo(2);
      assertThat(i.page.locator(".members").textContent())
          .contains("Olive Owner")
          .contains("Admin");

      x.open(teamPath);
      assertThat(x.h1())
          .as("B-14 a team that is not yours does not exist")
          .isEqualTo("Page not found");
      var response = x.context.request().get(x.studio + teamPath);
      assertThat(response.status()).isEqualTo(404);

      i.open(teamPath);
      i.page.click("form[action$='/leave'] button[type=submit]");
      assertThat(i.page.url()).contains("/teams?left");
      i.open(teamPath);
      assertThat(i.h1()).isEqualTo("Page not found");
      o.assertClean();
      i.assertClean();
    }
  }
}
