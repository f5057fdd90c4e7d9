package dev.pledge.server.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pledge.server.LocalHttp;
import dev.pledge.server.TestClock;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Stripe-format events for tests, signed as Stripe signs them, sent to the studio's endpoint. */
final class SignedEvents {

  static final String PATH = "/p/image-studio/billing/webhooks/stripe";
  static final ObjectMapper JSON = new ObjectMapper();

  private SignedEvents() {}

  static String event(String id, String type, ObjectNode object) {
    ObjectNode e = JSON.createObjectNode();
    e.put("id", id);
    e.put("object", "event");
    e.put("api_version", com.stripe.Stripe.API_VERSION);
    e.put("created", TestClock.get().instant().getEpochSecond());
    e.putObject("data").set("object", object);
    e.put("livemode", false);
    e.put("pending_webhooks", 1);
    e.put("type", type);
    return e.toString();
  }

  static String newId() {
    return "evt_test_" + UUID.randomUUID().toString().replace("-", "");
  }

  static LocalHttp.Response send(int port, String payload, String signature) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (signature != null) {
      headers.put("Stripe-Signature", signature);
    }
    return LocalHttp.send(port, "localhost", "POST", PATH, headers, payload);
  }

  /** Signed now (the server's clock) with {@code secret}. */
  static LocalHttp.Response sendSigned(int port, String payload, String secret) throws IOException {
    return send(port, payload, sign(payload, secret, TestClock.get().instant()));
  }

  static String sign(String payload, String secret, Instant at) {
    return StandInProcessor.signature(payload, secret, at);
  }
}
