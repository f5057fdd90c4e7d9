package dev.pledge.server.billing;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Downgrades and cancellations, which take effect at the end of the period already paid for (the
 * plan stays until then), and taking them back. The processor is told first, outside any
 * transaction; only when it agreed is the change recorded here, so the two never disagree.
 */
@Component
class PlanSwitches {

  private final Plans plans;
  private final Subscriptions subscriptions;
  private final PlanChanges changes;
  private final Enrolment enrolment;
  private final PaymentProcessor processor;
  private final PaymentProcessorGate gate;
  private final TransactionTemplate tx;
  private final Clock clock;

  PlanSwitches(
      Plans plans,
      Subscriptions subscriptions,
      PlanChanges changes,
      Enrolment enrolment,
      PaymentProcessor processor,
      PaymentProcessorGate gate,
      TransactionTemplate tx,
      Clock clock) {
    this.plans = plans;
    this.subscriptions = subscriptions;
    this.changes = changes;
    this.enrolment = enrolment;
    this.processor = processor;
    this.gate = gate;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * From the end of this period on, {@code planId} — a cheaper plan; the free plan cancels the
   * subscription.
   */
  void downgrade(String accountId, String planId) {
    Plan to =
        plans
            .byId(planId == null ? "" : planId)
            .orElseThrow(() -> new BillingRefusal("unknown-plan"));
    Subscription s = current(accountId);
    Plan from = plans.byId(s.planId()).orElseGet(plans::free);
    if (to.priceCents() >= from.priceCents()) {
      throw new BillingRefusal("not-a-downgrade");
    }
    if (to.id().equals(s.nextPlanId())) {
      return;
    }
    String sub = s.processorSubscription();
    if (sub != null) {
      tell(
          () -> {
            if (to.paid()) {
              processor.changePlanAtPeriodEnd(sub, to);
            } else {
              processor.cancelAtPeriodEnd(sub, true);
            }
          });
    }
    Instant now = clock.instant();
    tx.executeWithoutResult(
        t ->
            subscriptions
                .lock(accountId)
                .filter(l -> !to.id().equals(l.nextPlanId()))
                .ifPresent(
                    l -> {
                      subscriptions.update(l.with(l.status(), to.id(), now), now);
                      changes.record(
                          accountId,
                          to.paid() ? PlanChanges.DOWNGRADE_ASKED : PlanChanges.CANCEL_ASKED,
                          l.planId(),
                          to.id(),
                          l.periodEnd(),
                          sub);
                    }));
  }

  /** Takes back a downgrade or cancellation asked for this period's end: the plan continues. */
  void resume(String accountId) {
    Subscription s = current(accountId);
    if (s.nextPlanId() == null) {
      return;
    }
    String sub = s.processorSubscription();
    if (sub != null) {
      Plan keep = plans.byId(s.planId()).orElseGet(plans::free);
      String next = s.nextPlanId();
      tell(
          () -> {
            if (plans.free().id().equals(next)) {
              processor.cancelAtPeriodEnd(sub, false);
            } else {
              processor.changePlanAtPeriodEnd(sub, keep);
            }
          });
    }
    Instant now = clock.instant();
    tx.executeWithoutResult(
        t ->
            subscriptions
                .lock(accountId)
                .filter(l -> l.nextPlanId() != null)
                .ifPresent(
                    l -> {
                      subscriptions.update(l.with(l.status(), null, now), now);
                      changes.record(
                          accountId, PlanChanges.RESUMED, l.planId(), l.planId(), now, sub);
                    }));
  }

  private Subscription current(String accountId) {
    Instant now = clock.instant();
    tx.executeWithoutResult(t -> enrolment.ensure(accountId, now));
    Subscription s = subscriptions.find(accountId).orElseThrow();
    if (!s.active()) {
      throw new BillingRefusal("not-active");
    }
    return s;
  }

  private void tell(Runnable call) {
    try {
      gate.sending("subscription-change", BillingStores.PAYMENTS);
      call.run();
    } catch (PaymentProcessor.ProcessorUnavailable | IllegalStateException e) {
      throw new BillingRefusal("processor-unavailable");
    }
  }
}
