package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Buying a plan in Chromium, in English on a desktop and in Chinese on a phone (B-04, B-07, B-20):
 * the plans page, the demo stand-in's checkout (no card), its signed webhooks, the plan active with
 * its credits, the invoice listed and printable, the credits page with its forecast and chart, a
 * credit pack, a cancellation taken back, a refund at the processor, and the categories on the
 * "your data" dashboard.
 */
@WithRunningServer
class BillingBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Plans plans;
  @Autowired Credits credits;
  @Autowired MessageSource messages;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @Test
  @DisplayName(
      "B-04 B-07 B-20 buy Pro through the stand-in in English: plan active, credits granted, invoice listed")
  void english() {
    walk("en", Locale.ENGLISH, false);
  }

  @Test
  @DisplayName("B-04 B-07 B-20 buy Pro through the stand-in in Chinese, on a phone")
  void chinese() {
    walk("zh-CN", Locale.SIMPLIFIED_CHINESE, true);
  }

  private String text(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, locale);
  }

  private void walk(String language, Locale locale, boolean phone) {
    var account = StudioTestAccounts.create(jdbc, "Ada", language);
    Plan pro = plans.byId("pro").orElseThrow();
    long free = plans.free().monthlyCredits();
    try (BillingBrowser b = new BillingBrowser(browser, port, language, phone)) {
      b.signIn(account.username(), StudioTestAccounts.PASSWORD);
      b.open("/billing");
      assertThat(b.h1()).isEqualTo(text("billing.title", locale));
      assertThat(b.page.locator("[data-current-plan]").getAttribute("data-plan")).isEqualTo("free");
      assertThat(b.page.locator("[data-balance]").first().textContent().strip())
          .isEqualTo(Long.toString(free));
      if (phone) {
        b.assertFitsTheScreen();
      }
      BrowserSession.screenshot(b.page, "billing-plans-" + language);

      // Upgrade: to the processor's page, which is plainly the stand-in and asks for no card.
      b.page.click("article[data-plan=pro] form button[type=submit]");
      assertThat(b.page.url()).contains("/demo-pay/checkout/cs_test_");
      assertThat(b.page.locator(".standin-banner").textContent())
          .isEqualTo(text("standin.banner", locale));
      assertThat(b.page.locator("html").getAttribute("lang")).isEqualTo(language);
      assertThat(b.page.locator("input[name*=card], input[autocomplete^=cc-]").count()).isZero();
      BrowserSession.screenshot(b.page, "billing-stand-in-" + language);
      b.page.fill("input[name=name]", "Ada Tester");
      b.page.fill("input[name=line1]", "3 Harbour Lane");
      b.page.fill("input[name=postal-code]", "BS1 4DJ");
      b.page.fill("input[name=city]", "Bristol");
      b.page.fill("input[name=country]", "GB");
      b.page.fill("input[name=tax-id]", "GB987654321");
      b.page.click(".standin-pay");

      // Back in the studio: the signed events arrived before the browser did.
      b.page.waitForURL(u -> u.contains("/billing/checkout/done"));
      assertThat(b.page.locator("[data-checkout]").getAttribute("data-status"))
          .isEqualTo("completed");
      assertThat(b.page.locator("[data-checkout]").textContent())
          .contains(text("checkout.plan-active", locale, pro.name(), pro.monthlyCredits()));
      assertThat(plans.of(account.id()).id()).isEqualTo("pro");
      assertThat(credits.balance(account.id())).isEqualTo(free + pro.monthlyCredits());

      // The invoice, listed and printable, with what the processor collected.
      b.open("/billing/invoices");
      assertThat(b.page.locator("tr[data-invoice]").count()).isEqualTo(1);
      b.page.click("tr[data-invoice] a");
      assertThat(b.page.locator("[data-billed-to]").textContent())
          .contains("Ada Tester", "3 Harbour Lane", "BS1 4DJ Bristol", "GB987654321");
      assertThat(b.page.locator("[data-total]").textContent())
          .contains(Money.format(pro.priceCents(), pro.currency(), locale));
      assertThat(b.page.locator("[data-print]").isVisible()).isTrue();
      BrowserSession.screenshot(b.page, "billing-invoice-" + language);
      if (phone) {
        b.assertFitsTheScreen();
      }

      // The credits page: the chart is drawn, the forecast explained.
      b.open("/billing/credits");
      assertThat(b.h1()).isEqualTo(text("credits.title", locale));
      b.page.waitForSelector("canvas[data-credits-chart][data-drawn=true]");
      assertThat(b.page.locator("[data-days-left]").textContent())
          .isEqualTo(text("credits.forecast.none", locale, Forecast.WINDOW));
      credits.charge(account.id(), 140, "edit: style transfer", "job-browser-" + language);
      b.page.reload();
      long balance = free + pro.monthlyCredits() - 140;
      assertThat(b.page.locator("[data-days-left]").getAttribute("data-days"))
          .isEqualTo(Long.toString(balance / 10));
      assertThat(b.page.locator("[data-forecast-method]").textContent()).contains("140");
      assertThat(b.page.locator("tr[data-kind=monthly-grant]").count()).isEqualTo(2);
      assertThat(b.page.locator("tr[data-kind=charge]").count()).isEqualTo(1);
      BrowserSession.screenshot(b.page, "billing-credits-" + language);
      if (phone) {
        b.assertFitsTheScreen();
      }

      // A credit pack through the same stand-in.
      b.page.click("form[data-pack=small] button[type=submit]");
      b.page.fill("input[name=name]", "Ada Tester");
      b.page.fill("input[name=country]", "GB");
      b.page.click(".standin-pay");
      b.page.waitForURL(u -> u.contains("/billing/checkout/done"));
      long pack = plans.pack("small").orElseThrow().credits();
      assertThat(b.page.locator("[data-checkout]").textContent())
          .contains(text("checkout.credits-added", locale, pack));
      assertThat(credits.balance(account.id())).isEqualTo(balance + pack);

      // Cancel: the plan stays until the period ends; then take it back.
      b.open("/billing");
      b.page.click("article[data-plan=free] form button[type=submit]");
      assertThat(b.page.locator(".notice-ok").textContent())
          .isEqualTo(text("billing.changed", locale));
      assertThat(b.page.locator("[data-next-plan]").getAttribute("data-plan")).isEqualTo("free");
      assertThat(plans.of(account.id()).id()).isEqualTo("pro");
      b.page.click("[data-next-plan] form button[type=submit]");
      b.page.waitForURL(u -> u.contains("resumed"));
      assertThat(b.page.locator("[data-next-plan]").count()).isZero();
      assertThat(b.page.locator("li[data-change]").count()).isGreaterThanOrEqualTo(3);

      // The processor refunds the pack: the invoice says so, the unused credits go back.
      b.page.navigate(b.base + "/demo-pay?locale=" + language);
      b.page.click("tr:has-text('" + pack + "') form button[type=submit]");
      // Back on the stand-in's list once the signed refund event was answered.
      b.page.waitForSelector("tr:has-text('" + pack + "') td span");
      b.open("/billing/invoices");
      assertThat(b.page.locator("tr[data-invoice]").allTextContents())
          .anyMatch(t -> t.contains(text("invoices.status.refunded", locale)));
      assertThat(credits.balance(account.id())).isEqualTo(balance);

      // The "your data" dashboard lists the billing categories with the person's items.
      b.open("/account/privacy");
      for (String category :
          new String[] {
            "user.financial.payment_records", "user.financial.credits", "user.account.subscription"
          }) {
        String items =
            b.page.locator("tr[data-category='" + category + "'] .items").textContent().strip();
        assertThat(Long.parseLong(items)).as(category).isPositive();
      }
      b.assertClean();
    }
  }
}
