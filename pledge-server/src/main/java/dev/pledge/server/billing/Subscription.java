package dev.pledge.server.billing;

import java.time.Instant;

/**
 * An account's row of {@code billing_subscription}: its plan, the current monthly period and what
 * happens at its end.
 *
 * @param nextPlanId the plan from {@code periodEnd} on (a downgrade or a cancellation), or null
 * @param processorCustomer the payment processor's customer id, once the account paid
 * @param processorSubscription the processor's subscription id of a paid plan
 */
record Subscription(
    String accountId,
    String planId,
    String status,
    Instant periodStart,
    Instant periodEnd,
    String nextPlanId,
    String processorCustomer,
    String processorSubscription,
    Instant updatedAt) {

  static final String ACTIVE = "active";
  static final String PAST_DUE = "past-due";
  static final String CANCELLED = "cancelled";

  public boolean active() {
    return ACTIVE.equals(status);
  }

  /** The same period and plan with another status and next plan, as of {@code now}. */
  Subscription with(String newStatus, String newNextPlanId, Instant now) {
    return new Subscription(
        accountId,
        planId,
        newStatus,
        periodStart,
        periodEnd,
        newNextPlanId,
        processorCustomer,
        processorSubscription,
        now);
  }

  /** The same, with the processor's customer id, as of {@code now}. */
  Subscription withCustomer(String customer, Instant now) {
    return new Subscription(
        accountId,
        planId,
        status,
        periodStart,
        periodEnd,
        nextPlanId,
        customer,
        processorSubscription,
        now);
  }
}
