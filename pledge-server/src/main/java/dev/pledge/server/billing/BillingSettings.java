package dev.pledge.server.billing;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code pledge.studio.billing.*}.
 *
 * @param processor the payment processor's name exactly as the policy lists it among its
 *     processors: payment data goes to it and to no other
 * @param stripe the processor's Stripe account, when it is Stripe
 */
@ConfigurationProperties("pledge.studio.billing")
record BillingSettings(
    @DefaultValue("Example Payments Ltd.") String processor, @DefaultValue Stripe stripe) {

  /**
   * @param secretKey the account's secret API key ({@code sk_…}): with it, checkout goes to Stripe
   *     Checkout; without it, the demo and the tests use the stand-in, and elsewhere nobody can buy
   * @param webhookSecret the endpoint's signing secret ({@code whsec_…}); required with a secret
   *     key; the stand-in makes one up at start when none is set
   * @param tolerance how old a signed event's timestamp may be (replays of older ones are refused)
   * @param apiBase another API address (a test double of Stripe's API); empty for Stripe's own
   * @param prices Stripe price ids per paid plan ({@code pro: price_…}), needed to switch a running
   *     subscription to another paid plan; checkout makes its own prices without them
   */
  record Stripe(
      @DefaultValue("") String secretKey,
      @DefaultValue("") String webhookSecret,
      @DefaultValue("300s") Duration tolerance,
      @DefaultValue("") String apiBase,
      Map<String, String> prices) {

    Stripe {
      prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    boolean configured() {
      return !secretKey.isBlank();
    }

    /** Never the secrets: settings get logged by accident. */
    @Override
    public String toString() {
      return "Stripe[secretKey="
          + (secretKey.isBlank() ? "none" : "set")
          + ", webhookSecret="
          + (webhookSecret.isBlank() ? "none" : "set")
          + ", tolerance="
          + tolerance
          + ", apiBase="
          + apiBase
          + ", prices="
          + prices
          + "]";
    }
  }
}
