package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.BrowserSession;

/** A verified studio person in their own browser, ready for a test: signs up and verifies. */
final class StudioPeople {

  private StudioPeople() {}

  record Person(StudioBrowser browser, String name, String email, String password) {}

  static Person verified(BrowserSession session, int port, String name, String language)
      throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    String first = name.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
    String email = first + "-" + tag + "@example.org";
    String password = "quiet meadow lantern " + tag;
    StudioBrowser b = new StudioBrowser(session, port, language);
    b.fillSignUp(name, first + tag, email, password, "GB", StudioBrowser.bornYearsAgo(33));
    b.page.click("form[action$='/sign-up'] button[type=submit]");
    b.page.navigate(MailAndCodes.localLink(MailAndCodes.await(email, 1).body(), b.base));
    b.page.click("form[data-token-form] button[type=submit]");
    assertThat(b.page.url()).endsWith("/welcome");
    return new Person(b, name, email, password);
  }

  /** The CSRF token of the page the browser shows, for requests made beside it. */
  static String csrf(StudioBrowser b) {
    return b.page.locator("input[name=_csrf]").first().getAttribute("value");
  }
}
