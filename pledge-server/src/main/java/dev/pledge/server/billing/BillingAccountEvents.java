package dev.pledge.server.billing;

import dev.pledge.server.accounts.AccountDeleted;
import dev.pledge.server.accounts.AccountRestored;
import java.time.Clock;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Billing follows the account: when its owner deletes it, its subscription ends at once — no
 * renewal, no more monthly credits — and the processor is told once the deletion commits; when it
 * is restored, it is active again (on whatever plan the processor left it).
 */
@Component
class BillingAccountEvents {

  private final Subscriptions subscriptions;
  private final PlanChanges changes;
  private final PaymentProcessor processor;
  private final Clock clock;

  BillingAccountEvents(
      Subscriptions subscriptions, PlanChanges changes, PaymentProcessor processor, Clock clock) {
    this.subscriptions = subscriptions;
    this.changes = changes;
    this.processor = processor;
    this.clock = clock;
  }

  /** In the deleting transaction. */
  @EventListener
  void deleted(AccountDeleted e) {
    Instant now = e.at();
    subscriptions
        .lock(e.accountId())
        .filter(s -> !Subscription.CANCELLED.equals(s.status()))
        .ifPresent(
            s -> {
              subscriptions.update(s.with(Subscription.CANCELLED, null, now), now);
              changes.record(
                  s.accountId(),
                  PlanChanges.CANCELLED,
                  s.planId(),
                  s.planId(),
                  now,
                  s.processorSubscription(),
                  now);
              String sub = s.processorSubscription();
              if (sub != null) {
                PaymentEvents.afterCommit(() -> processor.cancelNow(sub));
              }
            });
  }

  @EventListener
  void restored(AccountRestored e) {
    subscriptions
        .lock(e.accountId())
        .filter(s -> Subscription.CANCELLED.equals(s.status()))
        .ifPresent(
            s -> {
              Instant now = clock.instant();
              subscriptions.update(s.with(Subscription.ACTIVE, null, now), now);
              changes.record(
                  s.accountId(), PlanChanges.RESUMED, s.planId(), s.planId(), now, null, now);
            });
  }
}
