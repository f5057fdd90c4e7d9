package dev.pledge.server.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.net.Webhook;
import dev.pledge.server.studio.Studio;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo's payment stand-in (the demo and Pledge's tests only, see {@link PaymentMode}): plays
 * the payment processor. Its checkout page ({@code /demo-pay/checkout/…}, plainly labelled) asks
 * for no card; paying there sends the events Stripe would — correctly signed, in Stripe's event
 * format — over HTTP to the studio's webhook endpoint, the same door Stripe knocks on. Its own
 * state (sessions, payments) lives in memory: it is a stand-in, not a ledger.
 */
@Component
@Conditional(PaymentMode.StandIn.class)
class StandInProcessor implements PaymentProcessor {

  private static final Logger log = LoggerFactory.getLogger(StandInProcessor.class);
  static final String PATH = "/demo-pay";

  /** A checkout session of the stand-in. */
  record Session(
      String id,
      CheckoutRequest request,
      String customer,
      Instant created,
      boolean paid,
      boolean cancelled) {}

  /** A payment the stand-in took, for its refund button. */
  record Payment(
      String charge,
      String paymentIntent,
      String invoice,
      String number,
      String customer,
      long amountCents,
      String currency,
      String description,
      Instant at,
      long refundedCents) {}

  /** What the person typed on the stand-in's page: the details a real processor collects. */
  record BillingDetails(
      String name, String line1, String postalCode, String city, String country, String taxId) {}

  private final String secret;
  private final Studio studio;
  private final ServerProperties server;
  private final ObjectMapper json;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Payment> payments = new ConcurrentHashMap<>();
  private final Map<String, String> customers = new ConcurrentHashMap<>();
  private final Map<String, String> subscriptions = new ConcurrentHashMap<>(); // sub_ → cus_
  private final AtomicLong invoices = new AtomicLong();
  // Its counter starts again with every start; a series per start keeps numbers from repeating.
  private final String series = hex(2).toUpperCase(Locale.ROOT);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile int port;
  private volatile InetAddress listening;

  StandInProcessor(
      BillingSettings settings,
      Studio studio,
      ServerProperties server,
      ObjectMapper json,
      Clock clock) {
    String configured = settings.stripe().webhookSecret();
    this.secret = configured.isBlank() ? "whsec_standin_" + hex(24) : configured;
    this.studio = studio;
    this.server = server;
    this.json = json;
    this.clock = clock;
  }

  @EventListener
  void serverStarted(WebServerInitializedEvent e) {
    if (e.getApplicationContext().getServerNamespace() != null) {
      return; // a management server, not the studio's
    }
    port = e.getWebServer().getPort();
    // Where Tomcat really listens: behind the analytics front door that is loopback, not the
    // configured address (the front door answers there and relays).
    if (e.getWebServer() instanceof TomcatWebServer tomcat
        && tomcat.getTomcat().getConnector().getProperty("address") instanceof InetAddress a) {
      listening = a;
    } else {
      listening = server.getAddress();
    }
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public boolean standIn() {
    return true;
  }

  @Override
  public String webhookSecret() {
    return secret;
  }

  @Override
  public CheckoutSession checkout(CheckoutRequest r) {
    String id = "cs_test_" + hex(12);
    String customer = customers.computeIfAbsent(r.accountEmail(), e -> "cus_test_" + hex(7));
    sessions.put(id, new Session(id, r, customer, clock.instant(), false, false));
    return new CheckoutSession(
        id, PATH + "/checkout/" + id + "?locale=" + r.locale().toLanguageTag());
  }

  Optional<Session> session(String id) {
    return Optional.ofNullable(id).map(sessions::get);
  }

  /**
   * The person paid: the processor's events go to the studio, signed — the checkout completed, then
   * its invoice paid — and the browser goes back to the studio's success page.
   */
  synchronized String pay(String sessionId, BillingDetails details) {
    Session s = sessions.get(sessionId);
    if (s == null || s.cancelled()) {
      throw new IllegalArgumentException("no open stand-in checkout " + sessionId);
    }
    if (s.paid()) {
      return s.request().successUrl();
    }
    CheckoutRequest r = s.request();
    Instant now = clock.instant();
    String subscription = r.subscription() ? "sub_test_" + hex(12) : null;
    String paymentIntent = "pi_test_" + hex(12);
    String charge = "ch_test_" + hex(12);
    String invoice = "in_test_" + hex(12);
    String number =
        "DEMO-" + series + "-" + String.format(Locale.ROOT, "%04d", invoices.incrementAndGet());
    String description = r.subscription() ? r.plan().name() : r.pack().credits() + " credits";

    ObjectNode address = json.createObjectNode();
    address.put("line1", details.line1());
    address.putNull("line2");
    address.put("postal_code", details.postalCode());
    address.put("city", details.city());
    address.putNull("state");
    address.put("country", details.country());

    ObjectNode session = json.createObjectNode();
    session.put("id", s.id());
    session.put("object", "checkout.session");
    session.put("mode", r.subscription() ? "subscription" : "payment");
    session.put("status", "complete");
    session.put("payment_status", "paid");
    session.put("client_reference_id", r.checkoutId());
    session.put("customer", s.customer());
    ObjectNode customerDetails = session.putObject("customer_details");
    customerDetails.put("email", r.accountEmail());
    customerDetails.put("name", details.name());
    customerDetails.set("address", address.deepCopy());
    session.put("subscription", subscription);
    session.put("payment_intent", r.subscription() ? null : paymentIntent);
    session.put("invoice", invoice);
    session.put("amount_total", r.amountCents());
    session.put("currency", r.currency().toLowerCase(Locale.ROOT));
    session.putObject("metadata").put(StripeProcessor.METADATA_CHECKOUT, r.checkoutId());
    session.put("livemode", false);
    session.put("created", s.created().getEpochSecond());

    ObjectNode inv = json.createObjectNode();
    inv.put("id", invoice);
    inv.put("object", "invoice");
    inv.put("number", number);
    inv.put("customer", s.customer());
    inv.put("customer_email", r.accountEmail());
    inv.put("customer_name", details.name());
    inv.set("customer_address", address);
    var taxIds = inv.putArray("customer_tax_ids");
    if (details.taxId() != null && !details.taxId().isBlank()) {
      taxIds.addObject().put("type", "eu_vat").put("value", details.taxId().strip());
    }
    inv.put("currency", r.currency().toLowerCase(Locale.ROOT));
    inv.put("amount_due", r.amountCents());
    inv.put("amount_paid", r.amountCents());
    inv.put("status", "paid");
    inv.put("billing_reason", r.subscription() ? "subscription_create" : "manual");
    inv.put("created", now.getEpochSecond());
    inv.putObject("status_transitions").put("paid_at", now.getEpochSecond());
    ObjectNode line = inv.putObject("lines").put("object", "list").putArray("data").addObject();
    line.put("id", "il_test_" + hex(8));
    line.put("description", description);
    line.put("amount", r.amountCents());
    if (r.subscription()) {
      line.putObject("period")
          .put("start", now.getEpochSecond())
          .put("end", Subscriptions.monthAfter(now).getEpochSecond());
      ObjectNode parent = inv.putObject("parent");
      parent.put("type", "subscription_details");
      ObjectNode details2 = parent.putObject("subscription_details");
      details2.put("subscription", subscription);
      details2.putObject("metadata").put(StripeProcessor.METADATA_CHECKOUT, r.checkoutId());
    } else {
      inv.putObject("metadata").put(StripeProcessor.METADATA_CHECKOUT, r.checkoutId());
    }
    inv.putObject("payments")
        .put("object", "list")
        .putArray("data")
        .addObject()
        .putObject("payment")
        .put("type", "payment_intent")
        .put("payment_intent", paymentIntent);

    deliver("checkout.session.completed", session);
    deliver("invoice.paid", inv);
    sessions.put(s.id(), new Session(s.id(), r, s.customer(), s.created(), true, false));
    payments.put(
        charge,
        new Payment(
            charge,
            paymentIntent,
            invoice,
            number,
            s.customer(),
            r.amountCents(),
            r.currency(),
            description,
            now,
            0));
    if (subscription != null) {
      subscriptions.put(subscription, s.customer());
    }
    return r.successUrl();
  }

  /** The person left the stand-in's page without paying. */
  String cancel(String sessionId) {
    Session s = sessions.get(sessionId);
    if (s == null) {
      throw new IllegalArgumentException("no stand-in checkout " + sessionId);
    }
    if (!s.paid()) {
      sessions.put(
          s.id(), new Session(s.id(), s.request(), s.customer(), s.created(), false, true));
    }
    return s.request().cancelUrl();
  }

  /** The payments taken, newest first, for the stand-in's own page. */
  List<Payment> payments() {
    List<Payment> all = new ArrayList<>(payments.values());
    all.sort((a, b) -> b.at().compareTo(a.at()));
    return all;
  }

  /** Refunds a payment in full, as an operator would in the processor's dashboard. */
  synchronized void refund(String charge) {
    Payment p = payments.get(charge);
    if (p == null) {
      throw new IllegalArgumentException("no stand-in payment " + charge);
    }
    if (p.refundedCents() >= p.amountCents()) {
      return;
    }
    ObjectNode c = json.createObjectNode();
    c.put("id", p.charge());
    c.put("object", "charge");
    c.put("amount", p.amountCents());
    c.put("amount_refunded", p.amountCents());
    c.put("currency", p.currency().toLowerCase(Locale.ROOT));
    c.put("customer", p.customer());
    c.put("payment_intent", p.paymentIntent());
    c.put("refunded", true);
    c.put("status", "succeeded");
    deliver("charge.refunded", c);
    payments.put(
        charge,
        new Payment(
            p.charge(),
            p.paymentIntent(),
            p.invoice(),
            p.number(),
            p.customer(),
            p.amountCents(),
            p.currency(),
            p.description(),
            p.at(),
            p.amountCents()));
  }

  @Override
  public void cancelAtPeriodEnd(String subscriptionId, boolean cancel) {
    deliver("customer.subscription.updated", subscription(subscriptionId, "active", cancel));
  }

  /** The stand-in bills nothing by itself: a new price for the next period needs no event. */
  @Override
  public void changePlanAtPeriodEnd(String subscriptionId, Plan plan) {}

  @Override
  public void cancelNow(String subscriptionId) {
    deliver("customer.subscription.deleted", subscription(subscriptionId, "canceled", false));
  }

  private ObjectNode subscription(String id, String status, boolean cancelAtPeriodEnd) {
    ObjectNode s = json.createObjectNode();
    s.put("id", id);
    s.put("object", "subscription");
    s.put("customer", subscriptions.get(id));
    s.put("status", status);
    s.put("cancel_at_period_end", cancelAtPeriodEnd);
    s.put("livemode", false);
    return s;
  }

  /** An event in Stripe's format, signed as Stripe signs, for {@code type} about {@code object}. */
  String event(String type, ObjectNode object, Instant at) {
    ObjectNode e = json.createObjectNode();
    e.put("id", "evt_test_" + hex(12));
    e.put("object", "event");
    e.put("api_version", com.stripe.Stripe.API_VERSION);
    e.put("created", at.getEpochSecond());
    e.putObject("data").set("object", object);
    e.put("livemode", false);
    e.put("pending_webhooks", 1);
    e.putObject("request").putNull("id").putNull("idempotency_key");
    e.put("type", type);
    return e.toString();
  }

  /** Stripe's scheme: {@code t=<unix time>,v1=<HMAC-SHA256 of "t.payload" with the secret>}. */
  static String signature(String payload, String secret, Instant at) {
    try {
      long t = at.getEpochSecond();
      return "t=" + t + ",v1=" + Webhook.Util.computeHmacSha256(secret, t + "." + payload);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private void deliver(String type, ObjectNode object) {
    Instant now = clock.instant();
    String payload = event(type, object, now);
    HttpRequest request =
        HttpRequest.newBuilder(webhookUri())
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "Pledge demo payment stand-in")
            .header("Stripe-Signature", signature(payload, secret, now))
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build();
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "the studio's webhook endpoint answered " + answer.statusCode() + " to " + type);
      }
      log.info("Stand-in sent {} to the studio's webhook endpoint", type);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the studio's webhook endpoint could not be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + type, e);
    }
  }

  /** This server itself, on the address it listens on: never a host taken from a request. */
  URI webhookUri() {
    InetAddress address = listening;
    String host;
    if (address == null || address.isAnyLocalAddress()) {
      host = "127.0.0.1";
    } else {
      host = address.getHostAddress();
      if (host.indexOf(':') >= 0) {
        host = "[" + host + "]";
      }
    }
    String scheme = server.getSsl() != null && server.getSsl().isEnabled() ? "https" : "http";
    return URI.create(
        scheme
            + "://"
            + host
            + ":"
            + port
            + studio.property().pathPrefix()
            + "/billing/webhooks/stripe");
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
