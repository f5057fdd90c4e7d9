package dev.pledge.server.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Locale;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Stripe as the payment processor ({@code pledge.studio.billing.stripe.secret-key} set): checkout
 * is a Stripe Checkout session the person is sent to — the card is typed on Stripe's page — with
 * the billing address and tax id collected there; subscriptions are changed through Stripe's API.
 * Our checkout id travels as the client reference and in the metadata, so every event names it.
 */
@Component
@Conditional(PaymentMode.Stripe.class)
class StripeProcessor implements PaymentProcessor {

  static final String METADATA_CHECKOUT = "pledge_checkout";

  private final BillingSettings.Stripe settings;
  private final StripeClient client;

  StripeProcessor(BillingSettings settings) {
    this.settings = settings.stripe();
    if (this.settings.webhookSecret().isBlank()) {
      throw new IllegalStateException(
          "pledge.studio.billing.stripe.secret-key is set but"
              + " pledge.studio.billing.stripe.webhook-secret is not: without the endpoint's"
              + " signing secret (whsec_…, from the Stripe dashboard's webhook endpoint) no payment"
              + " could be confirmed");
    }
    StripeClient.StripeClientBuilder b =
        StripeClient.builder().setApiKey(this.settings.secretKey()).setMaxNetworkRetries(2);
    if (!this.settings.apiBase().isBlank()) {
      b.setApiBase(this.settings.apiBase());
    }
    this.client = b.build();
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public String webhookSecret() {
    return settings.webhookSecret();
  }

  @Override
  public CheckoutSession checkout(CheckoutRequest r) {
    SessionCreateParams.Builder p =
        SessionCreateParams.builder()
            .setMode(
                r.subscription()
                    ? SessionCreateParams.Mode.SUBSCRIPTION
                    : SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl(r.successUrl())
            .setCancelUrl(r.cancelUrl())
            .setClientReferenceId(r.checkoutId())
            .setCustomerEmail(r.accountEmail())
            .setLocale(
                "zh".equals(r.locale().getLanguage())
                    ? SessionCreateParams.Locale.ZH
                    : SessionCreateParams.Locale.EN)
            .setBillingAddressCollection(SessionCreateParams.BillingAddressCollection.REQUIRED)
            .setTaxIdCollection(
                SessionCreateParams.TaxIdCollection.builder().setEnabled(true).build())
            .putMetadata(METADATA_CHECKOUT, r.checkoutId())
            .addLineItem(lineItem(r));
    if (r.subscription()) {
      p.setSubscriptionData(
          SessionCreateParams.SubscriptionData.builder()
              .putMetadata(METADATA_CHECKOUT, r.checkoutId())
              .build());
    } else {
      p.setInvoiceCreation(
          SessionCreateParams.InvoiceCreation.builder()
              .setEnabled(true)
              .setInvoiceData(
                  SessionCreateParams.InvoiceCreation.InvoiceData.builder()
                      .putMetadata(METADATA_CHECKOUT, r.checkoutId())
                      .build())
              .build());
    }
    try {
      Session s = client.v1().checkout().sessions().create(p.build());
      return new CheckoutSession(s.getId(), s.getUrl());
    } catch (StripeException e) {
      throw unavailable("creating a checkout session", e);
    }
  }

  private SessionCreateParams.LineItem lineItem(CheckoutRequest r) {
    SessionCreateParams.LineItem.Builder item =
        SessionCreateParams.LineItem.builder().setQuantity(1L);
    String price = r.subscription() ? settings.prices().get(r.plan().id()) : null;
    if (price != null && !price.isBlank()) {
      return item.setPrice(price).build();
    }
    SessionCreateParams.LineItem.PriceData.Builder data =
        SessionCreateParams.LineItem.PriceData.builder()
            .setCurrency(r.currency().toLowerCase(Locale.ROOT))
            .setUnitAmount(r.amountCents())
            .setProductData(
                SessionCreateParams.LineItem.PriceData.ProductData.builder()
                    .setName(r.subscription() ? r.plan().name() : r.pack().credits() + " credits")
                    .build());
    if (r.subscription()) {
      data.setRecurring(
          SessionCreateParams.LineItem.PriceData.Recurring.builder()
              .setInterval(SessionCreateParams.LineItem.PriceData.Recurring.Interval.MONTH)
              .build());
    }
    return item.setPriceData(data.build()).build();
  }

  @Override
  public void cancelAtPeriodEnd(String subscriptionId, boolean cancel) {
    try {
      client
          .v1()
          .subscriptions()
          .update(
              subscriptionId,
              SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(cancel).build());
    } catch (StripeException e) {
      throw unavailable("changing a subscription", e);
    }
  }

  @Override
  public void changePlanAtPeriodEnd(String subscriptionId, Plan plan) {
    String price = settings.prices().get(plan.id());
    if (price == null || price.isBlank()) {
      throw new ProcessorUnavailable(
          "pledge.studio.billing.stripe.prices." + plan.id() + " is not set", null);
    }
    try {
      Subscription s = client.v1().subscriptions().retrieve(subscriptionId);
      String item = s.getItems().getData().get(0).getId();
      // No proration: the current period stays paid at its price; the next bills the new one.
      client
          .v1()
          .subscriptions()
          .update(
              subscriptionId,
              SubscriptionUpdateParams.builder()
                  .addItem(
                      SubscriptionUpdateParams.Item.builder().setId(item).setPrice(price).build())
                  .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.NONE)
                  .build());
    } catch (StripeException e) {
      throw unavailable("changing a subscription's plan", e);
    }
  }

  @Override
  public void cancelNow(String subscriptionId) {
    try {
      client.v1().subscriptions().cancel(subscriptionId);
    } catch (StripeException e) {
      throw unavailable("cancelling a subscription", e);
    }
  }

  /** Stripe's code and status only: its message may quote what was sent. */
  private static ProcessorUnavailable unavailable(String what, StripeException e) {
    return new ProcessorUnavailable(
        "Stripe refused or could not be reached while "
            + what
            + " (status "
            + e.getStatusCode()
            + (e.getCode() == null ? "" : ", code " + e.getCode())
            + ")",
        null);
  }

  /** Whether Stripe is what this processor talks to (for the start-up line). */
  @Override
  public String toString() {
    return "Stripe";
  }
}
