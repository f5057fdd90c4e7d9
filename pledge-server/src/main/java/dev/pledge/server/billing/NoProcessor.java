package dev.pledge.server.billing;

import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * A server with no payment processor configured (no Stripe key, not the demo): the plans are shown,
 * nobody can buy, and webhooks are refused as not configured.
 */
@Component
@Conditional(PaymentMode.None.class)
class NoProcessor implements PaymentProcessor {

  @Override
  public boolean available() {
    return false;
  }

  @Override
  public String webhookSecret() {
    return "";
  }

  @Override
  public CheckoutSession checkout(CheckoutRequest request) {
    throw new ProcessorUnavailable("no payment processor is configured", null);
  }

  @Override
  public void cancelAtPeriodEnd(String subscriptionId, boolean cancel) {}

  @Override
  public void changePlanAtPeriodEnd(String subscriptionId, Plan plan) {}

  @Override
  public void cancelNow(String subscriptionId) {}
}
