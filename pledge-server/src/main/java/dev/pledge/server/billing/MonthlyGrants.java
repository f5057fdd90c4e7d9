package dev.pledge.server.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The start of each account's monthly period (B-04): the downgrade or cancellation asked for takes
 * effect, the next period begins, and the plan's monthly credits are granted — once per period (the
 * grant's reference is the period's start). Run by a db-scheduler job on one instance at a time;
 * each account in a transaction of its own that locks its row, so even two runners could not grant
 * twice. Periods missed while the server was down are not granted back: the grant is the current
 * period's.
 */
@Component
class MonthlyGrants {

  private static final Logger log = LoggerFactory.getLogger(MonthlyGrants.class);
  private static final int BATCH = 200;

  private final Subscriptions subscriptions;
  private final Ledger ledger;
  private final Plans plans;
  private final PlanChanges changes;
  private final TransactionTemplate tx;

  MonthlyGrants(
      Subscriptions subscriptions,
      Ledger ledger,
      Plans plans,
      PlanChanges changes,
      TransactionTemplate tx) {
    this.subscriptions = subscriptions;
    this.ledger = ledger;
    this.plans = plans;
    this.changes = changes;
    this.tx = tx;
  }

  /** The reference of the monthly grant of the period starting at {@code periodStart}. */
  static String reference(Instant periodStart) {
    return "monthly:" + periodStart;
  }

  /** The grant's reason: the plan's name (a product name, the same in every language). */
  static String reason(Plan plan) {
    return plan.name();
  }

  /**
   * Starts the next period of every active account whose period ended by {@code now}.
   *
   * @return how many accounts began a new period
   */
  int run(Instant now) {
    int rolled = 0;
    while (true) {
      List<String> due = subscriptions.due(now, BATCH);
      int progress = 0;
      for (String accountId : due) {
        try {
          Boolean done = tx.execute(t -> roll(accountId, now));
          if (Boolean.TRUE.equals(done)) {
            progress++;
          }
        } catch (RuntimeException e) {
          // The account id only: the row holds nothing more telling, and the next run retries.
          log.warn(
              "Monthly period of account {} not started: {}", accountId, e.getClass().getName());
        }
      }
      rolled += progress;
      if (due.size() < BATCH || progress == 0) {
        return rolled;
      }
    }
  }

  private boolean roll(String accountId, Instant now) {
    Optional<Subscription> locked = subscriptions.lock(accountId);
    if (locked.isEmpty() || !locked.get().active() || locked.get().periodEnd().isAfter(now)) {
      return false; // another runner was first, or it is not due
    }
    Subscription s = locked.get();
    String planId = s.planId();
    if (s.nextPlanId() != null) {
      changes.took(s, s.nextPlanId(), s.periodEnd());
      planId = s.nextPlanId();
    }
    Plan plan = plans.byId(planId).orElseGet(plans::free);
    Instant start = s.periodEnd();
    while (!Subscriptions.monthAfter(start).isAfter(now)) {
      start = Subscriptions.monthAfter(start);
    }
    boolean free = !plan.paid();
    subscriptions.update(
        new Subscription(
            accountId,
            plan.id(),
            Subscription.ACTIVE,
            start,
            Subscriptions.monthAfter(start),
            null,
            s.processorCustomer(),
            free ? null : s.processorSubscription(),
            now),
        now);
    if (plan.monthlyCredits() > 0) {
      ledger.add(
          accountId,
          CreditKind.MONTHLY_GRANT,
          plan.monthlyCredits(),
          reason(plan),
          reference(start),
          now);
    }
    return true;
  }
}
