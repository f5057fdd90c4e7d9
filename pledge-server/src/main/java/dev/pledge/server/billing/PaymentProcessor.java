package dev.pledge.server.billing;

import java.util.Locale;

/**
 * Where people pay: Stripe (with a secret key configured), the demo's stand-in, or nobody. Card
 * data never passes through Pledge: checkout sends the person's browser to the processor's page,
 * and the processor's signed webhooks report what happened.
 */
interface PaymentProcessor {

  /** What to buy, for the processor's checkout page. */
  record CheckoutRequest(
      String checkoutId,
      String accountEmail,
      Plan plan,
      CreditPack pack,
      String successUrl,
      String cancelUrl,
      Locale locale) {

    boolean subscription() {
      return plan != null;
    }

    long amountCents() {
      return plan != null ? plan.priceCents() : pack.priceCents();
    }

    String currency() {
      return plan != null ? plan.currency() : pack.currency();
    }
  }

  /** A checkout session at the processor: its id and the page to send the browser to. */
  record CheckoutSession(String id, String url) {}

  /** The processor refused or could not be reached; the message says which, never a secret. */
  class ProcessorUnavailable extends RuntimeException {
    ProcessorUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Whether people can pay at all on this server. */
  boolean available();

  /** Whether this is the demo's stand-in (pages say so). */
  default boolean standIn() {
    return false;
  }

  /** The endpoint's webhook signing secret, to verify events with. */
  String webhookSecret();

  CheckoutSession checkout(CheckoutRequest request);

  /** Asks the processor to end (or, with {@code false}, keep) the subscription at period end. */
  void cancelAtPeriodEnd(String subscriptionId, boolean cancel);

  /**
   * Asks the processor to bill {@code plan} from the subscription's next period on (a downgrade
   * between paid plans).
   */
  void changePlanAtPeriodEnd(String subscriptionId, Plan plan);

  /** Ends the subscription now (the account was deleted, or replaced by an upgrade). */
  void cancelNow(String subscriptionId);
}
