package dev.pledge.server.billing;

import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * {@code POST /billing/webhooks/stripe} on the studio: the payment processor's events. No session,
 * no CSRF token (its own security chain, {@link BillingWebhookSecurity}): the signature is the
 * credential. Answers JSON, always.
 */
@StudioController
class StripeWebhookController {

  private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

  /** Stripe's events are a few kilobytes; far more is not an event. */
  static final int MAX_BYTES = 512 * 1024;

  private final StripeWebhooks webhooks;

  StripeWebhookController(StripeWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @PostMapping("/billing/webhooks/stripe")
  ResponseEntity<Map<String, Object>> receive(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_BYTES) {
      return answer(tooLarge());
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BYTES + 1);
    }
    if (body.length > MAX_BYTES) {
      return answer(tooLarge());
    }
    try {
      return answer(
          webhooks.receive(
              new String(body, StandardCharsets.UTF_8), request.getHeader("Stripe-Signature")));
    } catch (RuntimeException e) {
      log.error("Payment webhook failed: {}", e.getClass().getName());
      return answer(
          StripeWebhooks.Answer.of(
              500, "error", "failed", "message", "Not handled; the processor will retry."));
    }
  }

  private static StripeWebhooks.Answer tooLarge() {
    return StripeWebhooks.Answer.of(
        413, "error", "too-large", "message", "An event is at most " + MAX_BYTES + " bytes.");
  }

  private static ResponseEntity<Map<String, Object>> answer(StripeWebhooks.Answer a) {
    return ResponseEntity.status(a.status()).contentType(MediaType.APPLICATION_JSON).body(a.body());
  }
}
