package dev.pledge.server.billing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.pledge.server.security.FuzzBudget;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes payment webhooks past their signature: each body is signed with the endpoint's secret, so
 * the fuzzer reaches what {@link StripeWebhooks} reads from an event — Stripe's own event parser
 * and every {@link EventJson} accessor, which must answer null or zero, never throw.
 */
@Tag("B-13")
class StripeWebhookFuzzTest {

  private static final String SECRET = "whsec_fuzz";
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  @DisplayName("B-13 fuzz: signed payment webhooks are read or refused as malformed")
  void paymentWebhook(byte[] input) throws Exception {
    String payload = new String(input, UTF_8);
    long t = Instant.now().getEpochSecond();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
    String v1 = HexFormat.of().formatHex(mac.doFinal((t + "." + payload).getBytes(UTF_8)));
    try {
      Webhook.constructEvent(payload, "t=" + t + ",v1=" + v1, SECRET);
    } catch (SignatureVerificationException e) {
      throw new AssertionError("a correctly signed body was refused as unsigned", e);
    } catch (RuntimeException malformed) {
      // StripeWebhooks answers 400 "malformed" for these
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JacksonException malformed) {
      return;
    }
    if (root == null) {
      return;
    }
    JsonNode o = root.path("data").path("object");
    EventJson.text(o, "id");
    EventJson.number(o, "amount_paid");
    EventJson.time(o, "created");
    EventJson.currency(o);
    EventJson.checkoutId(o);
    EventJson.invoiceSubscription(o);
    EventJson.invoicePayment(o);
    String address = EventJson.address(o.path("customer_details").path("address"));
    if (address != null) {
      assertThat(address).isNotBlank();
    }
  }
}
