package dev.pledge.server.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.incidents.IncidentPeople.Person;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The breach drill as an operator and a person see it, in Chromium: the console's Incidents pages
 * (opening from the property's categories, the clocks with time left, counts without addresses, the
 * people's notice approved from its draft, the public summary), the banner in the studio for a
 * person who was told, and the studio's public security page.
 */
@WithRunningServer
class IncidentConsoleBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  private String base() {
    return "http://localhost:" + port;
  }

  private Page operator() {
    String name = "incident-operator-" + Long.toString(System.nanoTime(), 36);
    String password = "correct horse battery staple";
    jdbc.sql("insert into operator (username, password_hash, created_at) values (:u, :h, :now)")
        .param("u", name)
        .param("h", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(password))
        .param("now", Timestamp.from(Instant.now()))
        .update();
    Page page = browser.newContext().newPage();
    page.navigate(base() + "/console/login");
    page.fill("#username", name);
    page.fill("#password", password);
    page.click("form button[type=submit]");
    assertThat(page.url()).doesNotContain("/login");
    return page;
  }

  @Test
  @DisplayName(
      "B-35 B-36 an operator opens an incident, sees its clocks and counts, approves the people's"
          + " notice and lists it; the person sees the banner, the public sees the security page")
  void drillInTheBrowser() throws Exception {
    Person person = IncidentPeople.withCompany(jdbc, "Mei", "SG", "pdpa", "apac");
    TestMailServer.greenMail().purgeEmailFromAllMailboxes();
    Page console = operator();
    console.navigate(base() + "/console/incidents");
    console.selectOption("#property", "image-studio");
    console.click("form[action$='/console/incidents/new'] button[type=submit]");
    console.fill("#title", "Company profiles readable");
    console.fill("#whatHappened", "An export of company profiles was readable without sign-in.");
    LocalDateTime discovered =
        LocalDateTime.ofInstant(Instant.now().minus(2, ChronoUnit.HOURS), ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MINUTES);
    console.fill("#discoveredAt", discovered.toString());
    console.check("input[name=categories][value='user.account.company']");
    console.check("input[name=highRisk]");
    console.click("form[data-form=open-incident] button[type=submit]");

    String h1 = console.textContent("h1");
    assertThat(h1).startsWith("INC-").contains("Company profiles readable");
    String id = h1.substring(0, h1.indexOf(' '));
    assertThat(console.textContent("tr[data-clock=contain]")).contains("due in 21 h");
    assertThat(console.textContent("tr[data-clock=regulator]")).contains("due in 2 d 21 h");
    assertThat(console.textContent("tr[data-clock=people]")).contains("overdue");
    assertThat(Long.parseLong(console.textContent("[data-people]").strip())).isPositive();
    assertThat(console.textContent("tr[data-region=apac]")).isNotBlank();
    assertThat(console.content()).doesNotContain(person.email());
    assertThat(IncidentPeople.mailTo(person.email())).as("nothing before approval").isEmpty();

    console.click("form[data-form=people] button[type=submit]");
    assertThat(console.textContent("[data-people-notified]")).contains("Sent to");
    assertThat(IncidentPeople.awaitMail(person.email(), id).body())
        .contains("An export of company profiles was readable without sign-in.");
    console.fill("#publicSummary", "Company profiles were readable for two hours; fixed.");
    console.click("form[data-form=disclose] button[type=submit]");
    console.navigate(base() + "/console/incidents");
    assertThat(console.textContent("tr[data-incident='" + id + "']"))
        .contains("Company profiles readable");

    // The person, signed in to the studio, sees the notice on every page.
    BrowserContext studio = browser.newContext();
    Page page = studio.newPage();
    page.navigate(base() + "/p/image-studio/sign-in");
    page.fill("#login", person.username());
    page.fill("#password", IncidentPeople.PASSWORD);
    page.click("form[action$='/sign-in'] button[type=submit]");
    page.navigate(base() + "/p/image-studio/account/privacy");
    assertThat(page.textContent("[data-breach-notice]")).contains(id);

    // Anyone sees the disclosed incident on the public security page; no undeclared cookie.
    BrowserContext anonymous = browser.newContext();
    Page publicPage = anonymous.newPage();
    publicPage.navigate(base() + "/p/image-studio/security");
    assertThat(publicPage.textContent("h1")).isEqualTo("Security incidents");
    assertThat(publicPage.textContent("[data-incident='" + id + "']"))
        .contains("Company profiles were readable for two hours; fixed.");
    assertThat(publicPage.locator("[data-breach-notice]").count()).isZero();
    for (Cookie c : anonymous.cookies()) {
      assertThat(c.name)
          .as("A-11 only the policy's essential cookies")
          .isIn("JSESSIONID", "XSRF-TOKEN");
    }
    studio.close();
    anonymous.close();
    console.context().close();
  }
}
