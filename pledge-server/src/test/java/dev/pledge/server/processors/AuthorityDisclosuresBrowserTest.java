package dev.pledge.server.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.ConsoleOperators;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditEntry;
import dev.pledge.server.audit.AuditTrail;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Disclosures to authorities (B-26) as the operator and the public see them, in Chromium: recorded
 * from the console's Data flows page (bad input answered field by field), audited without the
 * authority's reference or the note, counted per half-year and legal basis on the studio's public
 * security page, and listed in the Art. 30 record the console exports.
 */
@WithRunningServer
class AuthorityDisclosuresBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired AuditTrail trail;
  @Autowired AuthorityDisclosures disclosures;

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
    return ConsoleOperators.signedIn(browser, jdbc, port, "disclosure-operator");
  }

  private static String halfYear(LocalDate d) {
    return d.getYear() + "-H" + (d.getMonthValue() <= 6 ? 1 : 2);
  }

  private long publicCount(Page page, String period, String basis, String cell) {
    Locator row = page.locator("tr[data-period='" + period + "'][data-basis='" + basis + "']");
    return row.count() == 0 ? 0 : Long.parseLong(row.locator("[data-" + cell + "]").textContent());
  }

  @Test
  @DisplayName(
      "B-26 an operator records a disclosure to an authority from the data flows page: audited"
          + " without names, counted on the public security page, listed in the Art. 30 export")
  void recordedAuditedAndPublishedInAggregate() {
    LocalDate today = LocalDate.ofInstant(TestClock.get().instant(), ZoneOffset.UTC);
    LocalDate disclosed = today.minusDays(1);
    Page publicPage = browser.newContext().newPage();
    publicPage.navigate(base() + "/p/image-studio/security");
    long before = publicCount(publicPage, halfYear(disclosed), "court-order", "count");
    long gaggedBefore = publicCount(publicPage, halfYear(disclosed), "court-order", "gagged");
    long peopleBefore = publicCount(publicPage, halfYear(disclosed), "court-order", "people");

    Page console = operator();
    console.navigate(base() + "/console/data-flows");
    Locator studio = console.locator("section[data-property=image-studio] [data-disclosures]");
    studio.locator("summary").click();
    studio.locator("input[name=authority]").fill("Metropolitan Police Service");
    studio.locator("input[name=receivedOn]").fill(today.minusDays(5).toString());
    studio.locator("input[name=disclosedOn]").fill(disclosed.toString());
    studio.locator("select[name=basisType]").selectOption("court-order");
    studio.locator("input[name=basisReference]").fill("Production order 2026/7781");
    studio.locator("input[name=categories][value='user.account.company']").check();
    studio.locator("input[name=people]").fill("3");
    studio.locator("input[name=peopleTold][value=gag-order]").check();
    studio.locator("textarea[name=note]").fill("Order reviewed by counsel before disclosing.");
    studio.locator("form[data-form=disclosure] button[type=submit]").click();

    Locator recorded = studio.locator("[data-recorded]");
    assertThat(recorded.textContent()).startsWith("Recorded DIS-");
    String id = recorded.textContent().substring("Recorded ".length()).replace(".", "");
    Locator row = studio.locator("tr[data-disclosure='" + id + "']");
    assertThat(row.textContent())
        .contains("Metropolitan Police Service", "Court order", "Production order 2026/7781")
        .contains("user.account.company", "Not told: a gag order prevents it");
    assertThat(row.locator("[data-people]").textContent()).isEqualTo("3");

    AuditEntry audited = trail.latest("authority.disclosure-recorded").orElseThrow();
    assertThat(audited.details()).contains(id, "court-order", "gag-order");
    assertThat(audited.itemCount()).isEqualTo(3);
    assertThat(audited.actor()).startsWith("operator:disclosure-operator-");
    assertThat(audited.details())
        .as("the trail holds no reference, authority or note that could name a case")
        .doesNotContain("2026/7781", "Metropolitan", "counsel");

    publicPage.navigate(base() + "/p/image-studio/security");
    assertThat(publicCount(publicPage, halfYear(disclosed), "court-order", "count"))
        .isEqualTo(before + 1);
    assertThat(publicCount(publicPage, halfYear(disclosed), "court-order", "people"))
        .isEqualTo(peopleBefore + 3);
    assertThat(publicCount(publicPage, halfYear(disclosed), "court-order", "gagged"))
        .isEqualTo(gaggedBefore + 1);
    assertThat(publicPage.textContent("[data-transparency]"))
        .contains("Disclosures to authorities", "Court order")
        .doesNotContain("Metropolitan", "2026/7781", id);

    APIResponse art30 =
        console.request().get(base() + "/console/data-flows/art30.md?property=image-studio");
    assertThat(art30.status()).isEqualTo(200);
    assertThat(art30.headers().get("content-type")).startsWith("text/markdown");
    assertThat(art30.text())
        .contains("Record of processing activities", "Processors (Art. 28)")
        .contains("## Register of disclosures to public authorities")
        .contains("| " + id + " | Metropolitan Police Service | ")
        .contains("Production order 2026/7781");
    BrowserSession.screenshot(console, "console-authority-disclosures");
    console.context().close();
    publicPage.context().close();
  }

  @Test
  @DisplayName(
      "B-26 a disclosure with bad input is refused field by field, saying how to fix each, and"
          + " nothing is recorded")
  void badInputIsExplained() {
    long rows = jdbc.sql("select count(*) from authority_disclosure").query(Long.class).single();
    LocalDate today = LocalDate.ofInstant(TestClock.get().instant(), ZoneOffset.UTC);
    Page console = operator();
    console.navigate(base() + "/console/data-flows");
    Locator site = console.locator("section[data-property=reference-site] [data-disclosures]");
    site.locator("summary").click();
    site.locator("input[name=receivedOn]").fill(today.minusDays(2).toString());
    site.locator("input[name=disclosedOn]").fill(today.minusDays(3).toString());
    site.locator("textarea[name=note]").fill("Asked about reader jo@example.com");
    site.locator("form[data-form=disclosure] button[type=submit]").click();

    Locator errors = site.locator("[data-errors]");
    assertThat(errors.locator("[data-error=authority]").textContent())
        .startsWith("Authority: Name the authority");
    assertThat(errors.locator("[data-error=disclosedOn]").textContent())
        .contains("is before the demand was received", "Check both dates");
    assertThat(errors.locator("[data-error=basisType]").textContent())
        .contains("Choose the legal basis: court-order, subpoena, warrant, statute");
    assertThat(errors.locator("[data-error=basisReference]").textContent())
        .contains("order, subpoena or statute reference");
    assertThat(errors.locator("[data-error=categories]").textContent())
        .contains("Tick at least one data category");
    assertThat(errors.locator("[data-error=people]").textContent())
        .contains("Give how many people", "a whole number from 1");
    assertThat(errors.locator("[data-error=peopleTold]").textContent())
        .contains("Say whether the people were told");
    assertThat(errors.locator("[data-error=note]").textContent())
        .contains("no personal data", "remove the e-mail address");
    assertThat(site.locator("textarea[name=note]").inputValue())
        .as("what the operator typed is kept to fix it")
        .isEqualTo("Asked about reader jo@example.com");
    assertThat(console.content()).doesNotContain("Exception", "at dev.pledge");
    assertThat(jdbc.sql("select count(*) from authority_disclosure").query(Long.class).single())
        .isEqualTo(rows);

    APIResponse missing =
        console.request().get(base() + "/console/data-flows/art30.md?property=nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).contains("No served property is called 'nope'", "image-studio");
    console.context().close();
  }

  @Test
  @DisplayName(
      "B-26 what the browser cannot catch is refused too: no people, a future date, a category the"
          + " policy lacks, a phone number in the note")
  void serverSideChecks() {
    LocalDate today = LocalDate.ofInstant(TestClock.get().instant(), ZoneOffset.UTC);
    NewDisclosure in =
        new NewDisclosure(
            "image-studio",
            "Tax office",
            today.toString(),
            today.plusDays(1).toString(),
            "statute",
            "Tax Act s.12",
            List.of("user.account.company", "user.made.up"),
            "0",
            "told",
            "Call back on +44 20 7946 0958");
    assertThatThrownBy(() -> disclosures.record(in, "operator:test"))
        .isInstanceOfSatisfying(
            DisclosureInputException.class,
            e ->
                assertThat(e.errors())
                    .containsOnlyKeys("disclosedOn", "categories", "people", "note")
                    .hasEntrySatisfying("disclosedOn", m -> assertThat(m).contains("in the future"))
                    .hasEntrySatisfying(
                        "categories",
                        m -> assertThat(m).contains("'user.made.up' is not a data category"))
                    .hasEntrySatisfying("people", m -> assertThat(m).contains("This is 0."))
                    .hasEntrySatisfying("note", m -> assertThat(m).contains("phone/id number")));
    assertThatThrownBy(
            () ->
                disclosures.record(
                    new NewDisclosure(
                        "nowhere", null, null, null, null, null, null, null, null, null),
                    "operator:test"))
        .isInstanceOfSatisfying(
            DisclosureInputException.class,
            e -> assertThat(e.errors().get("property")).contains("No served property"));
  }
}
