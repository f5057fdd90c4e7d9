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

  boolean active() {
    return ACTIVE.equals(status);
  }
}
