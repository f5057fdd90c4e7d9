package dev.pledge.server.billing;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The plans page, the credits page with its forecast, checkout and its way back, plan changes, and
 * the invoices (B-04, B-07). Everything is scoped by the signed-in account: another account's
 * checkout or invoice id is the same 404 as a missing one (B-14).
 */
@StudioController
class BillingController {

  static final int LEDGER_PAGE = 20;

  private final CurrentAccount current;
  private final Plans plans;
  private final Credits credits;
  private final Subscriptions subscriptions;
  private final Ledger ledger;
  private final PlanChanges changes;
  private final Checkouts checkouts;
  private final Invoices invoices;
  private final Purchases purchases;
  private final PlanSwitches switches;
  private final PaymentProcessor processor;
  private final CreditsView creditsView;
  private final PlanWords words;
  private final PaymentProcessorGate gate;
  private final Studio studio;
  private final Clock clock;

  BillingController(
      CurrentAccount current,
      Plans plans,
      Credits credits,
      Subscriptions subscriptions,
      Ledger ledger,
      PlanChanges changes,
      Checkouts checkouts,
      Invoices invoices,
      Purchases purchases,
      PlanSwitches switches,
      PaymentProcessor processor,
      CreditsView creditsView,
      PlanWords words,
      PaymentProcessorGate gate,
      Studio studio,
      Clock clock) {
    this.current = current;
    this.plans = plans;
    this.credits = credits;
    this.subscriptions = subscriptions;
    this.ledger = ledger;
    this.changes = changes;
    this.checkouts = checkouts;
    this.invoices = invoices;
    this.purchases = purchases;
    this.switches = switches;
    this.processor = processor;
    this.creditsView = creditsView;
    this.words = words;
    this.gate = gate;
    this.studio = studio;
    this.clock = clock;
  }

  /** A change of plan in the page's history, with the plans' names. */
  record ChangeView(String kind, String fromName, String toName, Instant at, Instant effectiveAt) {}

  private String name(String planId) {
    return planId == null ? "" : plans.byId(planId).map(Plan::name).orElse(planId);
  }

  /** A plan on the plans page, with what the person can do about it. */
  record PlanOffer(Plan plan, String price, String action, String retention) {}

  /** The problems a refusal may name ({@code billing.problem.*}); anything else is not shown. */
  static final Set<String> PROBLEMS =
      Set.of(
          "no-processor",
          "unknown-plan",
          "unknown-pack",
          "not-an-upgrade",
          "not-a-downgrade",
          "not-active",
          "processor-unavailable");

  @GetMapping("/billing")
  String plans(@RequestParam(required = false) String problem, Model model) {
    String me = current.requireId();
    model.addAttribute("problem", problem != null && PROBLEMS.contains(problem) ? problem : null);
    long balance = credits.balance(me);
    Subscription s = subscriptions.find(me).orElseThrow();
    Plan plan = plans.byId(s.planId()).orElseGet(plans::free);
    Locale locale = LocaleContextHolder.getLocale();
    model.addAttribute("plan", plan);
    model.addAttribute("planPrice", price(plan, locale));
    model.addAttribute("subscription", s);
    model.addAttribute(
        "nextPlan", s.nextPlanId() == null ? null : plans.byId(s.nextPlanId()).orElse(null));
    model.addAttribute("balance", balance);
    model.addAttribute("used", ledger.usedSince(me, s.periodStart()));
    model.addAttribute(
        "offers",
        plans.all().stream()
            .map(
                p ->
                    new PlanOffer(
                        p, price(p, locale), action(p, plan, s), words.retention(p, locale)))
            .toList());
    model.addAttribute(
        "changes",
        changes.of(me, 10).stream()
            .map(
                c ->
                    new ChangeView(
                        c.kind(), name(c.fromPlan()), name(c.toPlan()), c.at(), c.effectiveAt()))
            .toList());
    model.addAttribute("processor", processor);
    model.addAttribute("processorName", gate.name());
    return "studio/billing-plans";
  }

  private String action(Plan p, Plan current, Subscription s) {
    if (p.id().equals(current.id())) {
      return "current";
    }
    if (p.id().equals(s.nextPlanId())) {
      return "next";
    }
    if (p.priceCents() > current.priceCents()) {
      return processor.available() ? "upgrade" : "unavailable";
    }
    return s.active() ? "downgrade" : "none";
  }

  @GetMapping("/billing/credits")
  String credits(
      @RequestParam(defaultValue = "1") String page,
      @RequestParam(required = false) String problem,
      Model model) {
    String me = current.requireId();
    model.addAttribute("problem", problem != null && PROBLEMS.contains(problem) ? problem : null);
    long balance = credits.balance(me);
    Subscription s = subscriptions.find(me).orElseThrow();
    Plan plan = plans.byId(s.planId()).orElseGet(plans::free);
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    Locale locale = LocaleContextHolder.getLocale();
    List<CreditsView.Day> history = creditsView.history(me, balance, today);
    Forecast forecast =
        Forecast.of(
            balance, ledger.dailyUse(me, today.minusDays(Forecast.WINDOW - 1L), today), today);
    long total = ledger.count(me);
    int pages = (int) Math.max(1, (total + LEDGER_PAGE - 1) / LEDGER_PAGE);
    int n = pageNumber(page, pages);
    model.addAttribute("plan", plan);
    model.addAttribute("subscription", s);
    model.addAttribute("balance", balance);
    model.addAttribute("used", ledger.usedSince(me, s.periodStart()));
    model.addAttribute("forecast", forecast);
    model.addAttribute(
        "forecastBeforeGrant",
        forecast.available()
            && forecast.runsOutOn().isBefore(s.periodEnd().atZone(ZoneOffset.UTC).toLocalDate()));
    model.addAttribute("history", history);
    model.addAttribute("chart", creditsView.chart(history, forecast, balance, today, locale));
    model.addAttribute("entries", ledger.page(me, (n - 1) * LEDGER_PAGE, LEDGER_PAGE));
    model.addAttribute("page", n);
    model.addAttribute("pages", pages);
    model.addAttribute(
        "packs",
        plans.packs().stream()
            .map(p -> new PackOffer(p, Money.format(p.priceCents(), p.currency(), locale)))
            .toList());
    model.addAttribute("processor", processor);
    model.addAttribute(
        "nextGrant",
        plans.byId(s.nextPlanId() == null ? s.planId() : s.nextPlanId()).orElseGet(plans::free));
    return "studio/billing-credits";
  }

  /** A credit pack on the credits page. */
  record PackOffer(CreditPack pack, String price) {}

  private static int pageNumber(String page, int pages) {
    try {
      return Math.min(Math.max(1, Integer.parseInt(page)), pages);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  @PostMapping("/billing/checkout")
  ResponseEntity<Void> checkout(
      @RequestParam(required = false) String plan,
      @RequestParam(required = false) String pack,
      HttpServletRequest request) {
    StudioAccount me = current.require();
    String base = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
    String to =
        purchases.start(me.id(), me.email(), plan, pack, base, LocaleContextHolder.getLocale());
    // The processor's page: Stripe's address, or the stand-in's path on this same host.
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(to)).build();
  }

  @GetMapping("/billing/checkout/done")
  String done(@RequestParam(defaultValue = "") String checkout, Model model) {
    String me = current.requireId();
    Checkouts.Checkout c = checkouts.ofAccount(me, checkout).orElseThrow(StudioNotFound::new);
    model.addAttribute("checkout", c);
    model.addAttribute("plan", c.planId() == null ? null : plans.byId(c.planId()).orElse(null));
    model.addAttribute("balance", credits.balance(me));
    return "studio/billing-checkout";
  }

  @GetMapping("/billing/checkout/cancelled")
  String cancelled(@RequestParam(defaultValue = "") String checkout, Model model) {
    String me = current.requireId();
    checkouts.ofAccount(me, checkout).orElseThrow(StudioNotFound::new);
    checkouts.cancel(me, checkout);
    Checkouts.Checkout c = checkouts.ofAccount(me, checkout).orElseThrow(StudioNotFound::new);
    model.addAttribute("checkout", c);
    model.addAttribute("plan", c.planId() == null ? null : plans.byId(c.planId()).orElse(null));
    model.addAttribute("balance", credits.balance(me));
    return "studio/billing-checkout";
  }

  @PostMapping("/billing/plan/downgrade")
  String downgrade(@RequestParam(defaultValue = "") String plan) {
    switches.downgrade(current.requireId(), plan);
    return "redirect:/billing?changed";
  }

  @PostMapping("/billing/plan/resume")
  String resume() {
    switches.resume(current.requireId());
    return "redirect:/billing?resumed";
  }

  @GetMapping("/billing/invoices")
  String invoices(Model model) {
    String me = current.requireId();
    Locale locale = LocaleContextHolder.getLocale();
    model.addAttribute(
        "invoices",
        invoices.of(me).stream()
            .map(i -> new InvoiceView(i, amount(i, locale), refunded(i, locale), planName(i)))
            .toList());
    return "studio/billing-invoices";
  }

  @GetMapping("/billing/invoices/{id}")
  String invoice(@PathVariable String id, Model model) {
    String me = current.requireId();
    Invoices.Invoice i = invoices.ofAccount(me, id).orElseThrow(StudioNotFound::new);
    Locale locale = LocaleContextHolder.getLocale();
    model.addAttribute(
        "invoice", new InvoiceView(i, amount(i, locale), refunded(i, locale), planName(i)));
    model.addAttribute("seller", studio.policy().controller().name());
    model.addAttribute("sellerEmail", studio.policy().controller().email());
    model.addAttribute(
        "addressLines",
        i.billingAddress() == null ? List.of() : List.of(i.billingAddress().split("\n")));
    return "studio/billing-invoice";
  }

  /** An invoice with its amounts written for the reader. */
  record InvoiceView(Invoices.Invoice invoice, String amount, String refunded, String planName) {}

  private String planName(Invoices.Invoice i) {
    return i.planId() == null ? null : plans.byId(i.planId()).map(Plan::name).orElse(i.planId());
  }

  private static String amount(Invoices.Invoice i, Locale locale) {
    return Money.format(i.amountCents(), i.currency(), locale);
  }

  private static String refunded(Invoices.Invoice i, Locale locale) {
    return Money.format(i.refundedCents(), i.currency(), locale);
  }

  private static String price(Plan p, Locale locale) {
    return Money.format(p.priceCents(), p.currency(), locale);
  }

  /** Something that cannot be done: back to the page, which says what and why. */
  @ExceptionHandler(BillingRefusal.class)
  String refused(BillingRefusal e, HttpServletRequest request) {
    String page = request.getParameter("pack") != null ? "/billing/credits" : "/billing";
    return "redirect:" + page + "?problem=" + e.problem();
  }
}
