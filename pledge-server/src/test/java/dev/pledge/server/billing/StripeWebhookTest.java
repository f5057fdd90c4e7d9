package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pledge.server.LocalHttp;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The payment processor's webhook endpoint (B-04, B-20): signed events in Stripe's format, checked
 * with stripe-java's Webhook.constructEvent; forged, stale, replayed, malformed and unknown events
 * each get a clear answer and change nothing.
 */
@WithRunningServer
class StripeWebhookTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Credits credits;
  @Autowired Plans plans;
  @Autowired Purchases purchases;
  @Autowired PaymentProcessor processor;

  String account;
  String secret;

  @BeforeEach
  void setUp() {
    account = StudioTestAccounts.create(jdbc, "Wren", "en").id();
    secret = processor.webhookSecret();
  }

  /** A checkout of the small credit pack, as the credits page starts one. */
  private String packCheckout() {
    purchases.start(
        account,
        "wren@example.org",
        null,
        "small",
        "http://localhost:" + port + "/p/image-studio",
        Locale.ENGLISH);
    return jdbc.sql(
            "select id from billing_checkout where account_id = :a order by created_at desc limit 1")
        .param("a", account)
        .query(String.class)
        .single();
  }

  private ObjectNode completed(String checkout, String session) {
    ObjectNode s = SignedEvents.JSON.createObjectNode();
    s.put("id", session);
    s.put("object", "checkout.session");
    s.put("mode", "payment");
    s.put("payment_status", "paid");
    s.put("client_reference_id", checkout);
    s.put("customer", "cus_test_wren");
    s.put("payment_intent", "pi_" + session);
    s.putObject("metadata").put("pledge_checkout", checkout);
    return s;
  }

  private long events() {
    return jdbc.sql("select count(*) from billing_webhook_event").query(Long.class).single();
  }

  private static JsonNode json(LocalHttp.Response r) throws Exception {
    return SignedEvents.JSON.readTree(r.body());
  }

  @Test
  @DisplayName("B-04 a correctly signed checkout.session.completed adds the pack's credits, once")
  void validEvent() throws Exception {
    String checkout = packCheckout();
    long before = credits.balance(account);
    String payload =
        SignedEvents.event(
            SignedEvents.newId(),
            "checkout.session.completed",
            completed(checkout, "cs_test_valid_" + checkout));
    LocalHttp.Response r = SignedEvents.sendSigned(port, payload, secret);
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).path("handled").asBoolean()).isTrue();
    assertThat(r.header("content-type")).startsWith("application/json");
    assertThat(r.header("set-cookie")).as("no session for the processor").isNull();
    long pack = plans.pack("small").orElseThrow().credits();
    assertThat(credits.balance(account)).isEqualTo(before + pack);
    assertThat(
            jdbc.sql("select status from billing_checkout where id = :id")
                .param("id", checkout)
                .query(String.class)
                .single())
        .isEqualTo("completed");
    long transfers =
        jdbc.sql(
                "select coalesce(sum(transfers), 0) from billing_processor_transfer where processor"
                    + " = 'Example Payments Ltd.' and direction = 'received' and purpose ="
                    + " 'checkout.session.completed'")
            .query(Long.class)
            .single();
    assertThat(transfers).as("the processor gate's record").isPositive();
  }

  @Test
  @DisplayName("B-04 a replayed event id is answered 200 and changes nothing")
  void replayedEvent() throws Exception {
    String checkout = packCheckout();
    String id = SignedEvents.newId();
    String payload =
        SignedEvents.event(
            id, "checkout.session.completed", completed(checkout, "cs_test_replay_" + checkout));
    assertThat(SignedEvents.sendSigned(port, payload, secret).status()).isEqualTo(200);
    long balance = credits.balance(account);
    long events = events();
    TestClock.advance(Duration.ofSeconds(2));
    LocalHttp.Response again = SignedEvents.sendSigned(port, payload, secret);
    assertThat(again.status()).isEqualTo(200);
    assertThat(json(again).path("duplicate").asBoolean()).isTrue();
    assertThat(credits.balance(account)).isEqualTo(balance);
    assertThat(events()).isEqualTo(events);
  }

  @Test
  @DisplayName("B-04 a forged signature is refused with 400 and changes nothing")
  void forgedSignature() throws Exception {
    String checkout = packCheckout();
    long balance = credits.balance(account);
    long events = events();
    String payload =
        SignedEvents.event(
            SignedEvents.newId(),
            "checkout.session.completed",
            completed(checkout, "cs_test_forged"));
    LocalHttp.Response r = SignedEvents.sendSigned(port, payload, "whsec_not_the_endpoints_secret");
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).isEqualTo("bad-signature");
    // a valid signature of another body does not cover this one
    String other =
        SignedEvents.event(
            SignedEvents.newId(), "checkout.session.completed", completed("other", "cs_x"));
    LocalHttp.Response swapped =
        SignedEvents.send(
            port, payload, SignedEvents.sign(other, secret, TestClock.get().instant()));
    assertThat(swapped.status()).isEqualTo(400);
    LocalHttp.Response unsigned = SignedEvents.send(port, payload, null);
    assertThat(unsigned.status()).isEqualTo(400);
    assertThat(json(unsigned).path("error").asText()).isEqualTo("missing-signature");
    assertThat(unsigned.body()).doesNotContain(checkout);
    assertThat(credits.balance(account)).isEqualTo(balance);
    assertThat(events()).isEqualTo(events);
    assertThat(
            jdbc.sql("select status from billing_checkout where id = :id")
                .param("id", checkout)
                .query(String.class)
                .single())
        .isEqualTo("open");
  }

  @Test
  @DisplayName("B-04 an event signed longer ago than the 300 s tolerance is refused as stale")
  void staleTimestamp() throws Exception {
    String checkout = packCheckout();
    long balance = credits.balance(account);
    String payload =
        SignedEvents.event(
            SignedEvents.newId(),
            "checkout.session.completed",
            completed(checkout, "cs_test_stale"));
    LocalHttp.Response r =
        SignedEvents.send(
            port,
            payload,
            SignedEvents.sign(payload, secret, TestClock.get().instant().minusSeconds(301)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).isEqualTo("stale-timestamp");
    assertThat(json(r).path("message").asText()).contains("300 s");
    assertThat(credits.balance(account)).isEqualTo(balance);
    // within the tolerance it is accepted
    LocalHttp.Response fresh =
        SignedEvents.send(
            port,
            payload,
            SignedEvents.sign(payload, secret, TestClock.get().instant().minusSeconds(200)));
    assertThat(fresh.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("B-04 malformed JSON, signed or not, is refused with 400 and changes nothing")
  void malformed() throws Exception {
    long events = events();
    for (String body : new String[] {"{\"id\": \"evt_1\", \"type\": ", "not json at all", "[]"}) {
      LocalHttp.Response r = SignedEvents.sendSigned(port, body, secret);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(json(r).path("error").asText()).isEqualTo("malformed");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at com.");
    }
    assertThat(events()).isEqualTo(events);
  }

  @Test
  @DisplayName(
      "B-04 an event type the endpoint does not use is answered 200, unhandled, and not recorded")
  void unknownType() throws Exception {
    long events = events();
    ObjectNode o =
        SignedEvents.JSON.createObjectNode().put("id", "pm_1").put("object", "payment_method");
    String payload = SignedEvents.event(SignedEvents.newId(), "payment_method.attached", o);
    LocalHttp.Response r = SignedEvents.sendSigned(port, payload, secret);
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).path("handled").asBoolean()).isFalse();
    assertThat(json(r).path("message").asText()).contains("payment_method.attached");
    assertThat(events()).isEqualTo(events);
  }

  @Test
  @DisplayName(
      "B-04 an event about no checkout of this studio is answered, unhandled, and not recorded")
  void unknownCheckout() throws Exception {
    long events = events();
    String payload =
        SignedEvents.event(
            SignedEvents.newId(),
            "checkout.session.completed",
            completed("no-such-checkout", "cs_test_nobody"));
    LocalHttp.Response r = SignedEvents.sendSigned(port, payload, secret);
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).path("handled").asBoolean()).isFalse();
    assertThat(events()).isEqualTo(events);
  }

  @Test
  @DisplayName(
      "B-04 B-20 invoice.paid records the invoice; charge.refunded marks it and takes back the unused credits")
  void invoiceAndRefund() throws Exception {
    String checkout = packCheckout();
    String session = "cs_test_inv_" + checkout;
    SignedEvents.sendSigned(
        port,
        SignedEvents.event(
            SignedEvents.newId(), "checkout.session.completed", completed(checkout, session)),
        secret);
    long afterPurchase = credits.balance(account);
    ObjectNode inv = SignedEvents.JSON.createObjectNode();
    inv.put("id", "in_test_" + checkout);
    inv.put("object", "invoice");
    inv.put("number", "TEST-" + checkout.substring(0, 8));
    inv.put("customer", "cus_test_wren");
    inv.put("customer_name", "Wren Tester");
    inv.putObject("customer_address")
        .put("line1", "2 Test Road")
        .put("city", "Leeds")
        .put("postal_code", "LS1 1AA")
        .put("country", "GB");
    inv.putArray("customer_tax_ids").addObject().put("type", "gb_vat").put("value", "GB123456789");
    inv.put("currency", "eur");
    inv.put("amount_paid", 500);
    inv.put("created", TestClock.get().instant().getEpochSecond());
    inv.putObject("metadata").put("pledge_checkout", checkout);
    inv.putObject("payments")
        .putArray("data")
        .addObject()
        .putObject("payment")
        .put("type", "payment_intent")
        .put("payment_intent", "pi_" + session);
    LocalHttp.Response paid =
        SignedEvents.sendSigned(
            port, SignedEvents.event(SignedEvents.newId(), "invoice.paid", inv), secret);
    assertThat(paid.status()).isEqualTo(200);
    assertThat(json(paid).path("handled").asBoolean()).isTrue();
    var row =
        jdbc.sql(
                "select status, amount_cents, billing_name, tax_id, billing_address from billing_invoice where account_id = :a")
            .param("a", account)
            .query()
            .singleRow();
    assertThat(row.get("status")).isEqualTo("paid");
    assertThat(row.get("amount_cents")).isEqualTo(500L);
    assertThat(row.get("billing_name")).isEqualTo("Wren Tester");
    assertThat(row.get("tax_id")).isEqualTo("GB123456789");
    assertThat((String) row.get("billing_address"))
        .contains("2 Test Road")
        .contains("LS1 1AA Leeds");

    credits.charge(account, 100, "edit", "job-before-refund");
    ObjectNode charge = SignedEvents.JSON.createObjectNode();
    charge.put("id", "ch_test_" + checkout);
    charge.put("object", "charge");
    charge.put("amount", 500);
    charge.put("amount_refunded", 500);
    charge.put("currency", "eur");
    charge.put("payment_intent", "pi_" + session);
    charge.put("refunded", true);
    LocalHttp.Response refunded =
        SignedEvents.sendSigned(
            port, SignedEvents.event(SignedEvents.newId(), "charge.refunded", charge), secret);
    assertThat(refunded.status()).isEqualTo(200);
    assertThat(
            jdbc.sql("select status from billing_invoice where account_id = :a")
                .param("a", account)
                .query(String.class)
                .single())
        .isEqualTo("refunded");
    long pack = plans.pack("small").orElseThrow().credits();
    // the pack's credits are taken back; what was used of them stays used
    assertThat(credits.balance(account)).isEqualTo(Math.max(0, afterPurchase - 100 - pack));
    long refunds =
        jdbc.sql(
                "select count(*) from billing_transaction where account_id = :a and kind = 'refund'")
            .param("a", account)
            .query(Long.class)
            .single();
    assertThat(refunds).isEqualTo(1);
    // the same refund reported again (a new event id) changes nothing
    long balance = credits.balance(account);
    SignedEvents.sendSigned(
        port, SignedEvents.event(SignedEvents.newId(), "charge.refunded", charge), secret);
    assertThat(credits.balance(account)).isEqualTo(balance);
  }

  @Test
  @DisplayName(
      "B-07 customer.subscription.updated and .deleted follow the processor: cancel at period end, resume, end")
  void subscriptionEvents() throws Exception {
    purchases.start(
        account,
        "wren@example.org",
        "pro",
        null,
        "http://localhost:" + port + "/p/image-studio",
        Locale.ENGLISH);
    String checkout =
        jdbc.sql("select id from billing_checkout where account_id = :a and kind = 'plan'")
            .param("a", account)
            .query(String.class)
            .single();
    ObjectNode s = completed(checkout, "cs_test_sub_" + checkout);
    s.put("mode", "subscription");
    s.put("subscription", "sub_test_" + checkout);
    assertThat(
            SignedEvents.sendSigned(
                    port,
                    SignedEvents.event(SignedEvents.newId(), "checkout.session.completed", s),
                    secret)
                .status())
        .isEqualTo(200);
    assertThat(plans.of(account).id()).isEqualTo("pro");

    ObjectNode sub = SignedEvents.JSON.createObjectNode();
    sub.put("id", "sub_test_" + checkout);
    sub.put("object", "subscription");
    sub.put("status", "active");
    sub.put("cancel_at_period_end", true);
    SignedEvents.sendSigned(
        port,
        SignedEvents.event(SignedEvents.newId(), "customer.subscription.updated", sub),
        secret);
    String next =
        jdbc.sql("select next_plan_id from billing_subscription where account_id = :a")
            .param("a", account)
            .query(String.class)
            .single();
    assertThat(next).isEqualTo("free");
    assertThat(plans.of(account).id()).as("kept until the period ends").isEqualTo("pro");

    sub.put("cancel_at_period_end", false);
    SignedEvents.sendSigned(
        port,
        SignedEvents.event(SignedEvents.newId(), "customer.subscription.updated", sub),
        secret);
    assertThat(
            jdbc.sql("select next_plan_id from billing_subscription where account_id = :a")
                .param("a", account)
                .query(String.class)
                .optional())
        .isEmpty();

    sub.put("status", "canceled");
    SignedEvents.sendSigned(
        port,
        SignedEvents.event(SignedEvents.newId(), "customer.subscription.deleted", sub),
        secret);
    assertThat(plans.of(account).id()).isEqualTo("free");
    assertThat(
            jdbc.sql(
                    "select kind from billing_subscription_change where account_id = :a order by created_at, kind")
                .param("a", account)
                .query(String.class)
                .list())
        .contains("started", "cancel-asked", "resumed", "ended");
  }

  @Test
  @DisplayName(
      "B-04 the webhook needs no session and no CSRF token, and answers JSON to a body declared"
          + " too large without reading it")
  void noSessionNoCsrf() throws Exception {
    // Only the headers: a body this size left unread would reset the connection before the
    // answer could be read, which is the point of answering before reading it.
    LocalHttp.Response r =
        LocalHttp.send(
            port,
            "localhost",
            "POST",
            SignedEvents.PATH,
            java.util.Map.of(
                "Content-Type", "application/json",
                "Stripe-Signature", "t=1,v1=00",
                "Content-Length", Integer.toString(StripeWebhookController.MAX_BYTES + 10)),
            null);
    assertThat(r.status()).isEqualTo(413);
    assertThat(json(r).path("error").asText()).isEqualTo("too-large");
    assertThat(r.header("set-cookie")).isNull();
  }
}
