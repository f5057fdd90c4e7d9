package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.blobs.PersonalKeys;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.rights.ProcessingPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deleting an account (B-12, B-16): behind a fresh second factor, restorable by signing in within
 * the policy's 90 days, and erased by retention after them — every account store empty, the
 * person's keyset destroyed — at a clock the test sets.
 */
@WithRunningServer
class StudioDeletionBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RetentionEngine engine;
  @Autowired PersonalKeys keys;
  @Autowired ProcessingRestrictions gate;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @AfterEach
  void clockBack() {
    TestClock.reset();
  }

  @Test
  @DisplayName(
      "B-16 B-12 delete → sign in → restore → delete → erased by retention after 90 days, keyset"
          + " destroyed; not before")
  void deleteRestoreAndErase() throws Exception {
    var person = StudioPeople.verified(browser, port, "Dora Delete", "en");
    try (var b = person.browser()) {
      String id =
          jdbc.sql("select account_id from studio_account where lower(email) = lower(:e)")
              .param("e", person.email())
              .query(String.class)
              .single();
      b.open("/account/delete");
      assertThat(b.h1()).as("B-12 deletion needs a second factor").isEqualTo("Confirm it’s you");
      // Cancel leaves: it went back to /account/delete, which asked again — a button that did
      // nothing.
      b.page.click(".switch a");
      assertThat(b.h1()).isEqualTo("Your data");
      b.open("/account/privacy");
      b.page.click("form[action$='/account/privacy/export'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Confirm it’s you");
      b.page.click(".switch a");
      assertThat(b.h1())
          .as("an export's Cancel goes back to where it started")
          .isEqualTo("Your data");
      b.open("/account/security/totp");
      String key = b.page.locator("[data-totp-key]").textContent().strip();
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/account/security/totp'] button[type=submit]");
      assertThat(keys.exists("image-studio", id))
          .as("the TOTP secret is under the person's key")
          .isTrue();

      b.open("/account/delete");
      assertThat(b.h1()).isEqualTo("Delete your account");
      b.page.click("form[action$='/account/delete'] button[type=submit]");
      assertThat(b.page.locator(".notice-error").textContent()).contains("Tick the box");
      b.page.check("input[name=confirm]");
      b.page.click("form[action$='/account/delete'] button[type=submit]");
      assertThat(b.page.locator(".notice-info").textContent()).contains("account is deleted");
      assertThat(MailAndCodes.await(person.email(), "is deleted").body())
          .contains("Restore my account");
      assertThat(
              jdbc.sql("select count(*) from studio_session where account_id = :a")
                  .param("a", id)
                  .query(Long.class)
                  .single())
          .as("signed out everywhere")
          .isZero();

      TestClock.advance(Duration.ofSeconds(30));
      b.signIn(person.email(), person.password());
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/sign-in/code'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Your account is deleted");
      b.screenshot("studio-restore-en");
      b.page.click("form[action$='/restore'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Hello, Dora Delete");
      assertThat(b.page.locator(".notice-ok").first().textContent()).contains("restored");

      b.open("/account/delete");
      b.page.check("input[name=confirm]");
      b.page.click("form[action$='/account/delete'] button[type=submit]");
      Instant deleted =
          jdbc.sql("select deleted_at from studio_account where account_id = :a")
              .param("a", id)
              .query(java.sql.Timestamp.class)
              .single()
              .toInstant();

      List<RetentionBinding> studio =
          engine.bindings().stream()
              .filter(x -> x.property().id().value().equals("image-studio"))
              .filter(x -> x.store().name().startsWith("studio."))
              .toList();
      sweep(studio, deleted.plus(Duration.ofDays(89)));
      assertThat(held(studio, id)).as("kept for the 90 days").isGreaterThan(0);

      sweep(studio, deleted.plus(Duration.ofDays(91)));
      assertThat(heldByStore(studio, id))
          .as("B-16 erased after them, from every account store")
          .isEmpty();
      assertThat(keys.exists("image-studio", id)).as("crypto-shredded").isFalse();
      b.signIn(person.email(), person.password());
      assertThat(b.page.locator(".notice-error").textContent()).contains("wrong");
    }
  }

  @Test
  @DisplayName(
      "B-28 B-29 restricting processing from the dashboard goes through the engine's gate, and"
          + " lifting it opens the gate again")
  void restrictAndLift() throws Exception {
    var person = StudioPeople.verified(browser, port, "Rhea Restrict", "en");
    try (var b = person.browser()) {
      String id =
          jdbc.sql("select account_id from studio_account where lower(email) = lower(:e)")
              .param("e", person.email())
              .query(String.class)
              .single();
      b.open("/account/security/totp");
      String key = b.page.locator("[data-totp-key]").textContent().strip();
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/account/security/totp'] button[type=submit]");
      assertThat(gate.permits("image-studio", id, ProcessingPurpose.EDITING)).isTrue();

      b.open("/account/privacy");
      b.page.click("form[action$='/account/privacy/restrict'] button[type=submit]");
      assertThat(b.page.locator(".notice-ok").textContent()).contains("restricted");
      assertThat(gate.permits("image-studio", id, ProcessingPurpose.EDITING))
          .as("the engine's gate now refuses every purpose")
          .isFalse();
      assertThat(b.page.locator("table.requests").textContent()).contains("Restriction");

      b.page.click("form[action$='/account/privacy/withdraw'] button[type=submit]");
      assertThat(gate.permits("image-studio", id, ProcessingPurpose.EDITING)).isTrue();
      b.assertClean();
    }
  }

  /** One retention sweep of the studio's stores, as the engine runs it, at {@code at}. */
  static void sweep(List<RetentionBinding> bindings, Instant at) {
    for (RetentionBinding b : bindings) {
      RetentionRule rule = b.ruleAt(at);
      if (rule != null) {
        b.store().expire(rule, (items, detail) -> {});
      }
    }
  }

  /** The stores that still hold something of {@code id}, with how much. */
  static java.util.Map<String, Long> heldByStore(List<RetentionBinding> bindings, String id) {
    java.util.Map<String, Long> held = new java.util.TreeMap<>();
    for (RetentionBinding b : bindings) {
      if (b.store() instanceof SubjectErasure e && e.findsSubjects() && e.count(id) > 0) {
        held.put(b.store().name(), e.count(id));
      }
    }
    return held;
  }

  static long held(List<RetentionBinding> bindings, String id) {
    return bindings.stream()
        .map(RetentionBinding::store)
        .filter(s -> s instanceof SubjectErasure e && e.findsSubjects())
        .mapToLong(s -> ((SubjectErasure) s).count(id))
        .sum();
  }
}
