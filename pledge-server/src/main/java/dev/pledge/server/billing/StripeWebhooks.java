package dev.pledge.server.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The processor's webhooks in Stripe's event format (B-04, B-20): the signature is checked with the
 * official library's {@code Webhook.constructEvent} against the endpoint's secret, with a tolerance
 * on the signed timestamp (default 300 s), before anything is read; each event is handled once, by
 * its id, in one transaction with what it changes — a replay, or the processor's own retry, changes
 * nothing and is answered 200. Every other answer says plainly what was wrong, and nothing of the
 * body is echoed or logged.
 */
@Component
class StripeWebhooks {

  private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);

  static final Set<String> HANDLED =
      Set.of(
          "checkout.session.completed",
          "invoice.paid",
          "charge.refunded",
          "customer.subscription.updated",
          "customer.subscription.deleted");

  /** The answer to the processor: a status and a small JSON body. */
  record Answer(int status, Map<String, Object> body) {
    static Answer of(int status, Object... pairs) {
      Map<String, Object> body = new LinkedHashMap<>();
      for (int i = 0; i < pairs.length; i += 2) {
        body.put((String) pairs[i], pairs[i + 1]);
      }
      return new Answer(status, body);
    }
  }

  private final PaymentProcessor processor;
  private final PaymentEvents events;
  private final PaymentProcessorGate gate;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration tolerance;

  StripeWebhooks(
      PaymentProcessor processor,
      PaymentEvents events,
      PaymentProcessorGate gate,
      JdbcClient jdbc,
      TransactionTemplate tx,
      ObjectMapper json,
      Clock clock,
      BillingSettings settings) {
    this.processor = processor;
    this.events = events;
    this.gate = gate;
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
    this.tolerance = settings.stripe().tolerance();
  }

  Answer receive(String payload, String signature) {
    if (!processor.available() || processor.webhookSecret().isBlank()) {
      return Answer.of(
          503, "error", "not-configured", "message", "No payment processor is configured here.");
    }
    if (signature == null || signature.isBlank()) {
      return refused("missing-signature", "The Stripe-Signature header is missing.");
    }
    Event event;
    try {
      event =
          Webhook.constructEvent(
              payload, signature, processor.webhookSecret(), tolerance.toSeconds(), clock);
    } catch (SignatureVerificationException e) {
      if (e.getMessage() != null && e.getMessage().contains("tolerance")) {
        return refused(
            "stale-timestamp",
            "The signature's timestamp is more than "
                + tolerance.toSeconds()
                + " s old: a replayed or delayed event. The processor retries with a new one.");
      }
      return refused(
          "bad-signature", "The signature does not match this endpoint's signing secret.");
    } catch (RuntimeException e) {
      // Gson's JsonSyntaxException and friends: the body is not an event.
      return refused("malformed", "The body is not a JSON event.");
    }
    JsonNode object;
    try {
      JsonNode root = json.readTree(payload);
      object = root.path("data").path("object");
    } catch (IOException e) {
      return refused("malformed", "The body is not a JSON event.");
    }
    String id = event.getId();
    String type = event.getType();
    if (id == null || id.isBlank() || type == null || !object.isObject()) {
      return refused("malformed", "The event has no id, type or data object.");
    }
    if (!HANDLED.contains(type)) {
      return Answer.of(
          200,
          "received",
          true,
          "handled",
          false,
          "message",
          "Events of type " + type + " are not used by this endpoint.");
    }
    try {
      return tx.execute(t -> handle(id, type, object, t));
    } catch (DataAccessException e) {
      log.warn("Payment event {} ({}) not handled: {}", id, type, e.getClass().getName());
      return Answer.of(500, "error", "temporary", "message", "Not handled now; retry later.");
    }
  }

  private Answer handle(
      String id,
      String type,
      JsonNode object,
      org.springframework.transaction.TransactionStatus t) {
    Instant now = clock.instant();
    int fresh =
        jdbc.sql(
                "insert into billing_webhook_event (event_id, type, received_at)"
                    + " values (:id, :type, :now) on conflict (event_id) do nothing")
            .param("id", id)
            .param("type", type)
            .param("now", Timestamp.from(now))
            .update();
    if (fresh == 0) {
      return Answer.of(
          200,
          "received",
          true,
          "duplicate",
          true,
          "message",
          "Event " + id + " was handled before.");
    }
    PaymentEvents.Outcome outcome = events.handle(type, object);
    if (!outcome.handled()) {
      // Not ours, or not yet attributable: leave no trace, so a retry can still be handled.
      t.setRollbackOnly();
      return Answer.of(200, "received", true, "handled", false, "message", outcome.message());
    }
    gate.received(type);
    log.info("Payment event {} ({}): {}", id, type, outcome.message());
    return Answer.of(200, "received", true, "handled", true, "message", outcome.message());
  }

  private static Answer refused(String error, String message) {
    log.info("Payment webhook refused: {}", error);
    return Answer.of(400, "error", error, "message", message);
  }
}
