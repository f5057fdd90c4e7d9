package dev.pledge.server.policychanges;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.policy.Processor;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestClock;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.policy.PolicySource;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A material policy change from publication to its effective date (B-37, A-20), with the movable
 * clock: every studio user is e-mailed the plain-language summary 30 days ahead (GreenMail), the
 * studio shows the upcoming change, and on the effective date the people who had accounts before it
 * are asked to opt in at their next sign-in; a decline is kept, and a later account is not asked.
 * The change is removed again after the test, so the shared server is as it was.
 */
@WithRunningServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("B-37")
@Tag("A-20")
class PolicyChangeNoticeTest {

  static final String STUDIO = "image-studio";
  static final String NEW_PROCESSOR = "Example Translation Co.";

  @LocalServerPort int port;
  @Autowired PolicyChanges changes;
  @Autowired JdbcClient jdbc;

  BrowserSession browser;
  String newer;

  @BeforeAll
  void start() {
    browser = new BrowserSession();
    String served = PolicySource.text("classpath:policies/image-studio.yaml");
    // A material change: a processor added that receives support messages.
    newer =
        served.replace(
            "  - name: Example CDN Ltd.\n",
            """
              - name: Example Translation Co.
                role: support
                purpose: Translates support messages written in a language our team does not read.
                categories: [user.communications.support]
                region: eu
              - name: Example CDN Ltd.
            """);
    assertThat(newer).isNotEqualTo(served);
  }

  @AfterAll
  void stop() {
    TestClock.reset();
    String sha = PolicyChanges.sha256(newer);
    jdbc.sql(
            "delete from policy_change_decision where change_id in"
                + " (select change_id from policy_change where to_sha256 = :sha)")
        .param("sha", sha)
        .update();
    jdbc.sql("delete from policy_change where to_sha256 = :sha").param("sha", sha).update();
    jdbc.sql("delete from policy_text where sha256 = :sha").param("sha", sha).update();
    browser.close();
  }

  /** The message sent to {@code address}, its words decoded (non-ASCII text travels encoded). */
  static MimeMessage receivedBy(String address) throws Exception {
    for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
      for (var to : m.getAllRecipients()) {
        if (to.toString().contains(address)) {
          return m;
        }
      }
    }
    throw new AssertionError("no message reached " + address);
  }

  Page signIn(BrowserContext context, String login) {
    Page page = context.newPage();
    String studio = "http://localhost:" + port + "/p/image-studio";
    page.navigate(studio + "/sign-in");
    page.fill("#login", login);
    page.fill("#password", StudioTestAccounts.PASSWORD);
    page.click("form[action$='/sign-in'] button[type=submit]");
    page.waitForURL(u -> !u.contains("/sign-in"));
    return page;
  }

  @Test
  @DisplayName(
      "B-37 A-20 a material change: e-mail 30 days ahead in each user's language, shown in the"
          + " studio with a link to the new version's full text, opt-in on the effective date, a"
          + " decline kept with the earlier terms")
  void materialChange() throws Exception {
    var ann = StudioTestAccounts.create(jdbc, "Ann", "en");
    var ben = StudioTestAccounts.create(jdbc, "Ben", "en");
    var dai = StudioTestAccounts.create(jdbc, "Dai", "zh-CN");

    PolicyChanges.Change change = changes.publish(STUDIO, newer).orElseThrow();
    assertThat(change.material()).isTrue();
    assertThat(change.needsOptIn()).isTrue();
    assertThat(change.inForce()).isFalse();
    assertThat(LocalDateTime.ofInstant(change.effectiveAt(), ZoneOffset.UTC))
        .isEqualTo(LocalDateTime.ofInstant(change.announcedAt(), ZoneOffset.UTC).plusDays(30));
    assertThat(change.summary()).contains(NEW_PROCESSOR);
    // Publishing the same version again announces nothing more.
    assertThat(changes.publish(STUDIO, newer)).isEmpty();
    // Nobody has agreed yet: for what needs consent, the version before the change applies.
    assertThat(changes.termsKept(ann.id()))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.processors())
                    .extracting(Processor::name)
                    .isNotEmpty()
                    .doesNotContain(NEW_PROCESSOR));

    // Every user is told at once, in plain words, with the date.
    String mail = TestMailServer.awaitTextTo(ann.email());
    assertThat(mail)
        .contains("takes effect on " + change.effectiveDate())
        .contains(NEW_PROCESSOR)
        .contains("need your agreement")
        .contains("/privacy/changes/" + change.id());
    assertThat(TestMailServer.awaitTextTo(ben.email())).contains(NEW_PROCESSOR);
    // In the person's studio language.
    assertThat(TestMailServer.awaitTextTo(dai.email())).isNotEmpty();
    MimeMessage toDai = receivedBy(dai.email());
    assertThat(toDai.getSubject()).contains("隐私政策").contains(change.effectiveDate().toString());
    assertThat((String) toDai.getContent())
        .contains("新版本自 " + change.effectiveDate() + " 起生效")
        .contains("需要您的同意")
        .contains(NEW_PROCESSOR)
        .doesNotContain("takes effect on");

    // The studio shows the upcoming change; nobody is asked anything yet.
    try (BrowserContext context = browser.newContext()) {
      Page page = signIn(context, ann.username());
      assertThat(page.url()).doesNotContain("/policy-changes/");
      assertThat(page.locator("[data-policy-change]").textContent())
          .contains(change.effectiveDate().toString());
      // The notice leads to the new version's full text, served by the studio, while the
      // published policy is still the version in force.
      page.click("[data-policy-change] [data-policy-change-text]");
      page.waitForURL(u -> u.endsWith("/p/image-studio/privacy/changes/" + change.id()));
      assertThat(page.locator("[data-effective]").textContent())
          .contains("takes effect on " + change.effectiveDate())
          .contains("Until then, the current policy applies");
      assertThat(page.locator("[data-summary]").textContent()).contains(NEW_PROCESSOR);
      assertThat(page.locator("[data-policy-text]").textContent())
          .contains(NEW_PROCESSOR)
          .contains("Example CDN Ltd.");
      page.navigate("http://localhost:" + port + "/p/image-studio/privacy");
      assertThat(page.content()).doesNotContain(NEW_PROCESSOR);
    }
    assertThat(changes.bringIntoForce()).isZero();

    // The effective date comes.
    TestClock.advance(Duration.ofDays(30).plusMinutes(1));
    assertThat(changes.bringIntoForce()).isPositive();
    assertThat(changes.upcoming(STUDIO)).isEmpty();
    var carl = StudioTestAccounts.create(jdbc, "Carl", "en");

    try (BrowserContext context = browser.newContext()) {
      Page page = signIn(context, ann.username());
      assertThat(page.url()).contains("/policy-changes/" + change.id());
      assertThat(page.locator("[data-summary]").textContent()).contains(NEW_PROCESSOR);
      page.click("[data-decline]");
      page.waitForURL(u -> !u.contains("/policy-changes/"));
      page.navigate("http://localhost:" + port + "/p/image-studio/billing");
      assertThat(page.url()).doesNotContain("/policy-changes/");
    }
    assertThat(changes.declined(ann.id()))
        .extracting(PolicyChanges.Change::id)
        .contains(change.id());
    assertThat(changes.termsKept(ann.id())).hasSize(1);

    try (BrowserContext context = browser.newContext()) {
      Page page = signIn(context, ben.username());
      assertThat(page.url()).contains("/policy-changes/" + change.id());
      page.click("[data-accept]");
      page.waitForURL(u -> !u.contains("/policy-changes/"));
    }
    assertThat(changes.awaitingDecision(ben.id())).isEmpty();
    assertThat(changes.declined(ben.id())).isEmpty();
    assertThat(changes.termsKept(ben.id())).isEmpty();
    // Who signed up after the announcement agreed to the new terms then.
    assertThat(changes.awaitingDecision(carl.id())).isEmpty();
    assertThat(changes.termsKept(carl.id())).isEmpty();
  }
}
