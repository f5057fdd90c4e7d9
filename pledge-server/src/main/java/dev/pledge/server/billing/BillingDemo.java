package dev.pledge.server.billing;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.accounts.StudioDemo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo's billing history ({@code pledge demo} only): the demo studio user is on the pro plan,
 * bought three months ago, with a monthly grant and an invoice each month, edits charged most days
 * (busier lately, so the forecast has something to say), and one failed edit refunded. Written
 * once, in order, through billing's own ledger, plan and invoice records — as the monthly job and
 * the processor's events would have written them.
 */
@Component
class BillingDemo {

  private static final Logger log = LoggerFactory.getLogger(BillingDemo.class);
  static final List<String> EDITS =
      List.of(
          "edit: style transfer",
          "edit: remove object",
          "edit: rotate",
          "edit: text",
          "edit: enhance");

  private final PledgeSettings settings;
  private final StudioAccounts accounts;
  private final Subscriptions subscriptions;
  private final PlanChanges changes;
  private final Ledger ledger;
  private final Invoices invoices;
  private final Plans plans;
  private final TransactionTemplate tx;
  private final Clock clock;

  BillingDemo(
      PledgeSettings settings,
      StudioAccounts accounts,
      Subscriptions subscriptions,
      PlanChanges changes,
      Ledger ledger,
      Invoices invoices,
      Plans plans,
      TransactionTemplate tx,
      Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.subscriptions = subscriptions;
    this.changes = changes;
    this.ledger = ledger;
    this.invoices = invoices;
    this.plans = plans;
    this.tx = tx;
    this.clock = clock;
  }

  // Before the image project's (order 100): its edits charge credits, which opens a free
  // subscription, and a subscription here means the history was written at an earlier start.
  @EventListener(ApplicationReadyEvent.class)
  @Order(50)
  void atStart() {
    if (!settings.demo() || settings.maintenance()) {
      return;
    }
    Optional<StudioAccount> dana =
        accounts.activeByUsername("dana").filter(a -> StudioDemo.EMAIL.equals(a.email()));
    if (dana.isEmpty() || subscriptions.find(dana.get().id()).isPresent()) {
      return; // no demo user, or its history was written at an earlier start
    }
    tx.executeWithoutResult(t -> seed(dana.get(), clock.instant()));
    log.info("Gave the demo's studio user the pro plan with three months of credit history");
  }

  /** The history of {@code account}, ending at {@code now}. */
  void seed(StudioAccount account, Instant now) {
    String id = account.id();
    Plan free = plans.free();
    Plan pro = plans.byId("pro").filter(Plan::paid).orElse(null);
    if (pro == null) {
      return; // a deployment without a pro plan: nothing to show off
    }
    // The current period ends in three days; it began three months ago, less those days.
    Instant start =
        now.plus(Duration.ofDays(3))
            .atZone(ZoneOffset.UTC)
            .minusMonths(3)
            .toInstant()
            .truncatedTo(ChronoUnit.MINUTES);
    Instant joined = start.minus(Duration.ofDays(4));
    subscriptions.createIfAbsent(id, free.id(), joined);
    ledger.add(
        id,
        CreditKind.MONTHLY_GRANT,
        free.monthlyCredits(),
        MonthlyGrants.reason(free),
        MonthlyGrants.reference(joined),
        joined);
    Random random = new Random(42);
    int job = 0;
    job = edits(id, joined.plus(Duration.ofHours(2)), start, 3, random, job);
    Instant period = start;
    for (int month = 1; month <= 3; month++) {
      Instant end = Subscriptions.monthAfter(period);
      if (month == 1) {
        changes.record(id, PlanChanges.STARTED, free.id(), pro.id(), period, null, period);
      }
      ledger.add(
          id,
          CreditKind.MONTHLY_GRANT,
          pro.monthlyCredits(),
          MonthlyGrants.reason(pro),
          MonthlyGrants.reference(period),
          period);
      invoice(account, pro, month, period, end);
      // Busier in the last month: the forecast then has a pace to show.
      job =
          edits(
              id,
              period.plus(Duration.ofHours(1)),
              end.isAfter(now) ? now : end,
              month == 3 ? 32 : 14,
              random,
              job);
      period = end;
    }
    Instant last = Subscriptions.monthAfter(Subscriptions.monthAfter(start));
    subscriptions.update(
        new Subscription(
            id,
            pro.id(),
            Subscription.ACTIVE,
            last,
            Subscriptions.monthAfter(last),
            null,
            "cus_demo_" + id.substring(0, 8),
            null,
            now),
        now);
  }

  /** Edits on most days between {@code from} and {@code to}, about {@code perDay} credits a day. */
  private int edits(String id, Instant from, Instant to, int perDay, Random random, int job) {
    for (Instant day = from; day.isBefore(to); day = day.plus(Duration.ofDays(1))) {
      if (random.nextInt(7) == 0) {
        continue; // a day off
      }
      int budget = perDay / 2 + random.nextInt(perDay + 1);
      Instant at = day;
      while (budget > 0 && at.isBefore(to)) {
        int cost = Math.min(budget, 2 + random.nextInt(6));
        budget -= cost;
        job++;
        String reference = "demo-job-" + job;
        String reason = EDITS.get(random.nextInt(EDITS.size()));
        if (ledger.add(id, CreditKind.CHARGE, -cost, reason, reference, at)
            instanceof Ledger.Short) {
          return job;
        }
        if (job == 40) {
          // One edit that failed: its credits come back.
          ledger.add(
              id,
              CreditKind.REFUND,
              cost,
              "edit failed: the model timed out",
              reference,
              at.plusSeconds(95));
        }
        at = at.plus(Duration.ofMinutes(17 + random.nextInt(90)));
      }
    }
    return job;
  }

  private void invoice(StudioAccount account, Plan pro, int month, Instant start, Instant end) {
    String processorInvoice = "in_demo_" + account.id().substring(0, 8) + "_" + month;
    Invoices.Invoice i =
        new Invoices.Invoice(
            UUID.randomUUID().toString(),
            account.id(),
            "DEMO-"
                + start.atZone(ZoneOffset.UTC).getYear()
                + "-"
                + String.format(Locale.ROOT, "%04d", month),
            processorInvoice,
            "pi_demo_" + account.id().substring(0, 8) + "_" + month,
            Checkouts.PLAN,
            pro.id(),
            null,
            null,
            start,
            end,
            pro.priceCents(),
            0,
            pro.currency(),
            Invoices.PAID,
            account.name(),
            "1 Example Street\nEC1A 1AA London",
            "GB",
            null,
            start,
            start.plusSeconds(40));
    invoices.insert(i);
    invoices.transaction(
        account.id(),
        "payment",
        i.amountCents(),
        i.currency(),
        i.id(),
        i.processorPayment(),
        start);
  }
}
