package dev.pledge.server.billing;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Buying a plan (an upgrade) or a credit pack: a checkout is recorded, the processor gate records
 * what goes to the processor, and the processor makes a checkout session the person's browser is
 * sent to. Nothing is granted here — only the processor's signed events do that (B-04).
 */
@Component
class Purchases {

  static final String IDENTITY = "user.account.identity";

  private final Plans plans;
  private final Checkouts checkouts;
  private final Enrolment enrolment;
  private final PaymentProcessor processor;
  private final PaymentProcessorGate gate;
  private final TransactionTemplate tx;
  private final Clock clock;

  Purchases(
      Plans plans,
      Checkouts checkouts,
      Enrolment enrolment,
      PaymentProcessor processor,
      PaymentProcessorGate gate,
      TransactionTemplate tx,
      Clock clock) {
    this.plans = plans;
    this.checkouts = checkouts;
    this.enrolment = enrolment;
    this.processor = processor;
    this.gate = gate;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Starts a checkout for {@code planId} or {@code packId}.
   *
   * @param studioBase the studio's address as the person reached it, for the way back
   * @return where to send the person's browser: the processor's checkout page
   * @throws BillingRefusal when it cannot be bought (nothing recorded then)
   */
  String start(
      String accountId,
      String email,
      String planId,
      String packId,
      String studioBase,
      Locale locale) {
    if (!processor.available()) {
      throw new BillingRefusal("no-processor");
    }
    Plan plan = null;
    CreditPack pack = null;
    if (planId != null && !planId.isBlank()) {
      plan =
          plans
              .byId(planId)
              .filter(Plan::paid)
              .orElseThrow(() -> new BillingRefusal("unknown-plan"));
      if (plan.priceCents() <= plans.of(accountId).priceCents()) {
        throw new BillingRefusal("not-an-upgrade");
      }
    } else {
      pack =
          plans
              .pack(packId == null ? "" : packId)
              .orElseThrow(() -> new BillingRefusal("unknown-pack"));
    }
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    Plan p = plan;
    CreditPack k = pack;
    tx.executeWithoutResult(
        t -> {
          enrolment.ensure(accountId, now);
          checkouts.create(
              new Checkouts.Checkout(
                  id,
                  accountId,
                  p != null ? Checkouts.PLAN : Checkouts.CREDITS,
                  p != null ? p.id() : null,
                  k != null ? k.id() : null,
                  k != null ? k.credits() : null,
                  p != null ? p.priceCents() : k.priceCents(),
                  p != null ? p.currency() : k.currency(),
                  gate.name(),
                  null,
                  Checkouts.OPEN,
                  now,
                  null));
        });
    PaymentProcessor.CheckoutRequest request =
        new PaymentProcessor.CheckoutRequest(
            id,
            email,
            plan,
            pack,
            studioBase + "/billing/checkout/done?checkout=" + id,
            studioBase + "/billing/checkout/cancelled?checkout=" + id,
            locale);
    PaymentProcessor.CheckoutSession session;
    try {
      // The address (identity) and what is bought (a payment record) go to the processor.
      gate.sending("checkout", BillingStores.PAYMENTS, IDENTITY);
      session = processor.checkout(request);
    } catch (PaymentProcessor.ProcessorUnavailable | IllegalStateException e) {
      tx.executeWithoutResult(t -> checkouts.cancel(accountId, id));
      throw new BillingRefusal("processor-unavailable");
    }
    tx.executeWithoutResult(t -> checkouts.session(id, session.id()));
    return session.url();
  }
}
