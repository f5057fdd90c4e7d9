package dev.pledge.server.billing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading the fields of a processor object in Stripe's event format, across API versions: where a
 * field moved (an invoice's subscription, its payment), each place is tried.
 */
final class EventJson {

  private EventJson() {}

  /** The text at {@code path}, or null when absent, null or not text. */
  static String text(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
  }

  static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      n = n.path(p);
    }
    return n;
  }

  static long number(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    return n.canConvertToLong() ? n.asLong() : 0;
  }

  /** The first second of the year 10000: no processor's event is dated later. */
  private static final long LATEST_TIME = 253_402_300_800L;

  /**
   * A Unix time in seconds, or null — also for a number no calendar holds (found by fuzzing: a
   * 19-digit "created" made {@code Instant.ofEpochSecond} throw and the webhook answer 500).
   */
  static Instant time(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    if (!n.canConvertToLong()) {
      return null;
    }
    long seconds = n.asLong();
    return seconds > 0 && seconds < LATEST_TIME ? Instant.ofEpochSecond(seconds) : null;
  }

  static String currency(JsonNode node) {
    String c = text(node, "currency");
    return c == null ? null : c.toUpperCase(Locale.ROOT);
  }

  /** Our checkout id, wherever this object's metadata carries it. */
  static String checkoutId(JsonNode o) {
    String m = StripeProcessor.METADATA_CHECKOUT;
    for (String[] path :
        List.of(
            new String[] {"metadata", m},
            new String[] {"parent", "subscription_details", "metadata", m},
            new String[] {"subscription_details", "metadata", m})) {
      String id = text(o, path);
      if (id != null) {
        return id;
      }
    }
    return null;
  }

  /** An invoice's subscription: under {@code parent} since 2025, at the top before. */
  static String invoiceSubscription(JsonNode invoice) {
    String s = text(invoice, "parent", "subscription_details", "subscription");
    return s != null ? s : text(invoice, "subscription");
  }

  /** What paid an invoice — a payment intent or a charge — for refunds to find it by. */
  static String invoicePayment(JsonNode invoice) {
    for (JsonNode p : invoice.path("payments").path("data")) {
      String pi = text(p, "payment", "payment_intent");
      if (pi != null) {
        return pi;
      }
      String charge = text(p, "payment", "charge");
      if (charge != null) {
        return charge;
      }
    }
    String pi = text(invoice, "payment_intent");
    return pi != null ? pi : text(invoice, "charge");
  }

  /** A Stripe address as lines: street, postal code and city, region. */
  static String address(JsonNode a) {
    if (a == null || !a.isObject()) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    add(lines, text(a, "line1"));
    add(lines, text(a, "line2"));
    String city = join(text(a, "postal_code"), text(a, "city"));
    add(lines, city);
    add(lines, text(a, "state"));
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + " " + b;
  }

  private static void add(List<String> lines, String line) {
    if (line != null) {
      lines.add(line);
    }
  }
}
