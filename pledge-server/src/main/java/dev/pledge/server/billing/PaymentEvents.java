package dev.pledge.server.billing;

import static dev.pledge.server.billing.EventJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What each processor event does, in the webhook's transaction: a completed checkout activates the
 * plan (or adds the pack's credits), a paid invoice is recorded with its payment, a refund marks
 * the invoice and takes back unused purchased credits, subscription updates and deletions follow
 * the processor's state. Every handler is idempotent by what it records, beside the event id
 * itself.
 */
@Component
class PaymentEvents {

  private static final Logger log = LoggerFactory.getLogger(PaymentEvents.class);

  /** What an event did. */
  record Outcome(boolean handled, String message) {
    static Outcome done(String message) {
      return new Outcome(true, message);
    }

    static Outcome ignored(String message) {
      return new Outcome(false, message);
    }
  }

  private final Checkouts checkouts;
  private final Invoices invoices;
  private final Subscriptions subscriptions;
  private final PlanChanges changes;
  private final Ledger ledger;
  private final Enrolment enrolment;
  private final Plans plans;
  private final PaymentProcessor processor;
  private final Clock clock;

  PaymentEvents(
      Checkouts checkouts,
      Invoices invoices,
      Subscriptions subscriptions,
      PlanChanges changes,
      Ledger ledger,
      Enrolment enrolment,
      Plans plans,
      PaymentProcessor processor,
      Clock clock) {
    this.checkouts = checkouts;
    this.invoices = invoices;
    this.subscriptions = subscriptions;
    this.changes = changes;
    this.ledger = ledger;
    this.enrolment = enrolment;
    this.plans = plans;
    this.processor = processor;
    this.clock = clock;
  }

  Outcome handle(String type, JsonNode object) {
    return switch (type) {
      case "checkout.session.completed" -> checkoutCompleted(object);
      case "invoice.paid" -> invoicePaid(object);
      case "charge.refunded" -> chargeRefunded(object);
      case "customer.subscription.updated" -> subscriptionUpdated(object);
      case "customer.subscription.deleted" -> subscriptionDeleted(object);
      default -> Outcome.ignored("events of type " + type + " are not used here");
    };
  }

  private Outcome checkoutCompleted(JsonNode session) {
    String id = text(session, "client_reference_id");
    if (id == null) {
      id = EventJson.checkoutId(session);
    }
    Optional<Checkouts.Checkout> found = id == null ? Optional.empty() : checkouts.lock(id);
    if (found.isEmpty()) {
      return Outcome.ignored("no checkout of this studio has that client reference");
    }
    Checkouts.Checkout c = found.get();
    if (Checkouts.COMPLETED.equals(c.status())) {
      return Outcome.done("checkout already completed");
    }
    String paid = text(session, "payment_status");
    if (!"paid".equals(paid) && !"no_payment_required".equals(paid)) {
      return Outcome.done("checkout not paid yet (" + paid + "): waiting for the payment");
    }
    Instant now = clock.instant();
    checkouts.complete(c.id(), text(session, "id"), now);
    String customer = text(session, "customer");
    if (c.plan()) {
      activate(c, customer, text(session, "subscription"), now);
      return Outcome.done("plan " + c.planId() + " active");
    }
    enrolment.ensure(c.accountId(), now);
    ledger.add(
        c.accountId(),
        CreditKind.PURCHASE,
        c.credits(),
        c.credits() + " credits",
        "checkout:" + c.id(),
        now);
    subscriptions
        .lock(c.accountId())
        .filter(s -> s.processorCustomer() == null && customer != null)
        .ifPresent(s -> subscriptions.update(s.withCustomer(customer, now), now));
    return Outcome.done(c.credits() + " credits added");
  }

  /**
   * The bought plan starts now, with a new monthly period and its credits; a subscription it
   * replaces (an upgrade) is ended at the processor once this commits.
   */
  private void activate(Checkouts.Checkout c, String customer, String subscription, Instant now) {
    enrolment.ensure(c.accountId(), now);
    Subscription s = subscriptions.lock(c.accountId()).orElseThrow();
    Plan plan = plans.byId(c.planId()).orElseThrow();
    String replaced = s.processorSubscription();
    subscriptions.update(
        new Subscription(
            s.accountId(),
            plan.id(),
            Subscription.ACTIVE,
            now,
            Subscriptions.monthAfter(now),
            null,
            customer != null ? customer : s.processorCustomer(),
            subscription,
            now),
        now);
    changes.record(
        c.accountId(),
        plans.free().id().equals(s.planId()) ? PlanChanges.STARTED : PlanChanges.UPGRADED,
        s.planId(),
        plan.id(),
        now,
        subscription,
        now);
    ledger.add(
        c.accountId(),
        CreditKind.MONTHLY_GRANT,
        plan.monthlyCredits(),
        MonthlyGrants.reason(plan),
        MonthlyGrants.reference(now),
        now);
    if (replaced != null && !replaced.equals(subscription)) {
      afterCommit(() -> processor.cancelNow(replaced));
    }
  }

  private Outcome invoicePaid(JsonNode inv) {
    String processorInvoice = text(inv, "id");
    if (processorInvoice == null) {
      return Outcome.ignored("the invoice has no id");
    }
    if (invoices.byProcessorInvoice(processorInvoice).isPresent()) {
      return Outcome.done("invoice already recorded");
    }
    String account = null;
    String kind = Checkouts.PLAN;
    String planId = null;
    Long credits = null;
    String checkoutId = EventJson.checkoutId(inv);
    Optional<Checkouts.Checkout> checkout =
        checkoutId == null ? Optional.empty() : checkouts.find(checkoutId);
    if (checkout.isPresent()) {
      account = checkout.get().accountId();
      kind = checkout.get().kind();
      planId = checkout.get().planId();
      credits = checkout.get().credits();
    } else {
      String sub = EventJson.invoiceSubscription(inv);
      Optional<Subscription> s =
          sub != null
              ? subscriptions.byProcessorSubscription(sub)
              : Optional.ofNullable(text(inv, "customer"))
                  .flatMap(subscriptions::byProcessorCustomer);
      if (s.isPresent()) {
        account = s.get().accountId();
        planId = s.get().planId();
      }
    }
    if (account == null) {
      return Outcome.ignored("no checkout or subscription of this studio matches the invoice");
    }
    Instant now = clock.instant();
    JsonNode line = inv.path("lines").path("data").path(0);
    String payment = EventJson.invoicePayment(inv);
    Instant issued = EventJson.time(inv, "created");
    Instant paidAt = EventJson.time(inv, "status_transitions", "paid_at");
    String taxId = text(inv.path("customer_tax_ids").path(0), "value");
    Invoices.Invoice invoice =
        new Invoices.Invoice(
            UUID.randomUUID().toString(),
            account,
            Optional.ofNullable(text(inv, "number")).orElse(processorInvoice),
            processorInvoice,
            payment,
            kind,
            planId,
            credits,
            checkout.map(Checkouts.Checkout::id).orElse(null),
            Checkouts.PLAN.equals(kind) ? EventJson.time(line, "period", "start") : null,
            Checkouts.PLAN.equals(kind) ? EventJson.time(line, "period", "end") : null,
            EventJson.number(inv, "amount_paid"),
            0,
            Optional.ofNullable(EventJson.currency(inv)).orElse("EUR"),
            Invoices.PAID,
            text(inv, "customer_name"),
            EventJson.address(inv.path("customer_address")),
            text(inv, "customer_address", "country"),
            taxId,
            issued != null ? issued : now,
            paidAt != null ? paidAt : now);
    invoices.insert(invoice);
    invoices.transaction(
        account,
        "payment",
        invoice.amountCents(),
        invoice.currency(),
        invoice.id(),
        payment != null ? payment : processorInvoice,
        now);
    String accountId = account;
    subscriptions
        .lock(account)
        .filter(s -> Subscription.PAST_DUE.equals(s.status()))
        .ifPresent(
            s -> {
              subscriptions.update(s.with(Subscription.ACTIVE, s.nextPlanId(), now), now);
              changes.record(
                  accountId,
                  PlanChanges.RESUMED,
                  s.planId(),
                  s.planId(),
                  now,
                  s.processorSubscription(),
                  now);
            });
    return Outcome.done("invoice " + invoice.number() + " recorded");
  }

  private Outcome chargeRefunded(JsonNode charge) {
    List<String> refs = new ArrayList<>();
    for (String f : List.of("payment_intent", "id")) {
      String v = text(charge, f);
      if (v != null) {
        refs.add(v);
      }
    }
    Optional<Invoices.Invoice> found =
        refs.isEmpty() ? Optional.empty() : invoices.lockByPayment(refs);
    if (found.isEmpty()) {
      return Outcome.ignored("no invoice of this studio was paid by that charge");
    }
    Invoices.Invoice inv = found.get();
    long refunded = Math.min(EventJson.number(charge, "amount_refunded"), inv.amountCents());
    if (refunded <= inv.refundedCents()) {
      return Outcome.done("refund already recorded");
    }
    Instant now = clock.instant();
    invoices.refunded(
        inv.id(),
        refunded,
        refunded >= inv.amountCents() ? Invoices.REFUNDED : Invoices.PARTIALLY_REFUNDED);
    invoices.transaction(
        inv.accountId(),
        "refund",
        refunded - inv.refundedCents(),
        inv.currency(),
        inv.id(),
        text(charge, "id") + ":" + refunded,
        now);
    boolean pseudonymised = inv.accountId().startsWith(HeldRecords.PSEUDONYM_PREFIX);
    if (!inv.plan() && inv.credits() != null && inv.amountCents() > 0 && !pseudonymised) {
      // The refunded share of the pack's credits, less what earlier refunds took back.
      long take =
          inv.credits() * refunded / inv.amountCents()
              - inv.credits() * inv.refundedCents() / inv.amountCents();
      if (take > 0) {
        ledger.reverse(
            inv.accountId(),
            take,
            "invoice " + inv.number(),
            "refund:" + inv.id() + ":" + refunded,
            now);
      }
    }
    return Outcome.done("refund of invoice " + inv.number() + " recorded");
  }

  private Outcome subscriptionUpdated(JsonNode sub) {
    String id = text(sub, "id");
    Optional<Subscription> found = id == null ? Optional.empty() : lockByProcessorSubscription(id);
    if (found.isEmpty()) {
      return Outcome.ignored("no account of this studio has that subscription");
    }
    Subscription s = found.get();
    String status = text(sub, "status");
    if ("canceled".equals(status) || "incomplete_expired".equals(status)) {
      return subscriptionDeleted(sub);
    }
    Instant now = clock.instant();
    boolean cancel =
        sub.path("cancel_at_period_end").asBoolean(false)
            || EventJson.time(sub, "cancel_at") != null;
    String free = plans.free().id();
    String next = s.nextPlanId();
    if (cancel && !free.equals(next)) {
      next = free;
      changes.record(
          s.accountId(), PlanChanges.CANCEL_ASKED, s.planId(), free, s.periodEnd(), id, now);
    } else if (!cancel && free.equals(next)) {
      next = null;
      changes.record(s.accountId(), PlanChanges.RESUMED, s.planId(), s.planId(), now, id, now);
    }
    String ours = s.status();
    if (Subscription.CANCELLED.equals(ours)) {
      ours = Subscription.CANCELLED; // the account was deleted; the processor's state follows
    } else if ("past_due".equals(status) || "unpaid".equals(status)) {
      if (!Subscription.PAST_DUE.equals(ours)) {
        changes.record(s.accountId(), PlanChanges.PAST_DUE, s.planId(), s.planId(), now, id, now);
      }
      ours = Subscription.PAST_DUE;
    } else if ("active".equals(status) || "trialing".equals(status)) {
      if (Subscription.PAST_DUE.equals(ours)) {
        changes.record(s.accountId(), PlanChanges.RESUMED, s.planId(), s.planId(), now, id, now);
      }
      ours = Subscription.ACTIVE;
    }
    subscriptions.update(s.with(ours, next, now), now);
    return Outcome.done("subscription " + ours + (next == null ? "" : ", " + next + " next"));
  }

  private Outcome subscriptionDeleted(JsonNode sub) {
    String id = text(sub, "id");
    Optional<Subscription> found = id == null ? Optional.empty() : lockByProcessorSubscription(id);
    if (found.isEmpty()) {
      return Outcome.done("the subscription is no account's current one");
    }
    Subscription s = found.get();
    Instant now = clock.instant();
    String free = plans.free().id();
    subscriptions.update(
        new Subscription(
            s.accountId(),
            free,
            Subscription.CANCELLED.equals(s.status())
                ? Subscription.CANCELLED
                : Subscription.ACTIVE,
            s.periodStart(),
            s.periodEnd(),
            null,
            s.processorCustomer(),
            null,
            now),
        now);
    changes.record(s.accountId(), PlanChanges.ENDED, s.planId(), free, now, id, now);
    return Outcome.done("subscription ended; the account is on " + free);
  }

  private Optional<Subscription> lockByProcessorSubscription(String id) {
    return subscriptions
        .byProcessorSubscription(id)
        .flatMap(s -> subscriptions.lock(s.accountId()));
  }

  /** Calls to the processor wait for the commit: never inside a transaction holding rows. */
  static void afterCommit(Runnable call) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      runLogged(call);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            runLogged(call);
          }
        });
  }

  private static void runLogged(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // Our own messages say what failed without secrets; others may quote what was sent.
      log.warn(
          "A call to the payment processor failed: {}",
          e instanceof PaymentProcessor.ProcessorUnavailable
              ? e.getMessage()
              : e.getClass().getName());
    }
  }
}
