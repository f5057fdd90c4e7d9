package dev.pledge.server.billing;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credit ledger (B-04): what other modules charge an edit to and refund a failed one with.
 * Every entry has its time, a reason and a reference (the job id, the checkout, the month), and is
 * recorded once per account, kind and reference — a retried charge for the same job charges once,
 * and returns the first charge. A charge the balance cannot cover is refused with {@link
 * InsufficientCredits}, atomically: concurrent charges never take the balance below zero.
 *
 * <p>Each method joins the caller's transaction when there is one (the charge then commits or rolls
 * back with the caller's work), else runs in its own.
 */
@Service
public class Credits {

  static final int MAX_TEXT = 200;

  private final Ledger ledger;
  private final Enrolment enrolment;
  private final TransactionTemplate tx;
  private final Clock clock;

  Credits(Ledger ledger, Enrolment enrolment, TransactionTemplate tx, Clock clock) {
    this.ledger = ledger;
    this.enrolment = enrolment;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * The account's balance now. An account billing has not seen yet is put on the free plan and
   * given its first month's credits.
   *
   * @throws IllegalArgumentException when no studio account has this id
   */
  public long balance(String accountId) {
    Instant now = clock.instant();
    Long balance =
        tx.execute(
            t -> {
              enrolment.ensure(accountId, now);
              return ledger.balance(accountId);
            });
    return balance == null ? 0 : balance;
  }

  /**
   * Uses {@code credits} for {@code reference} (an edit job's id), once: a second call with the
   * same reference changes nothing and returns the first charge.
   *
   * @throws InsufficientCredits when the balance is short; nothing is charged
   * @throws IllegalArgumentException for credits below 1, a blank or overlong reason or reference,
   *     or an unknown account
   */
  public CreditEntry charge(String accountId, long credits, String reason, String reference) {
    check(credits, reason, reference);
    return record(accountId, CreditKind.CHARGE, -credits, reason, reference);
  }

  /**
   * Gives back {@code credits} for {@code reference} (an edit that failed), once. When the same
   * reference was charged, no more than that charge is given back.
   */
  public CreditEntry refund(String accountId, long credits, String reason, String reference) {
    check(credits, reason, reference);
    ledger
        .find(accountId, CreditKind.CHARGE, reference)
        .filter(c -> -c.credits() < credits)
        .ifPresent(
            c -> {
              throw new IllegalArgumentException(
                  "a refund of "
                      + credits
                      + " credits for "
                      + reference
                      + " is more than its charge of "
                      + -c.credits());
            });
    return record(accountId, CreditKind.REFUND, credits, reason, reference);
  }

  /**
   * Adds credits: a monthly grant, a purchase or a promotion ({@code kind}), once per reference.
   *
   * @throws IllegalArgumentException when {@code kind} is not a grant
   */
  public CreditEntry grant(
      String accountId, long credits, CreditKind kind, String reason, String reference) {
    check(credits, reason, reference);
    if (!kind.grant()) {
      throw new IllegalArgumentException(
          kind.key()
              + " is not a grant: use charge or refund, or one of monthly-grant, purchase,"
              + " promotion");
    }
    return record(accountId, kind, credits, reason, reference);
  }

  private CreditEntry record(
      String accountId, CreditKind kind, long credits, String reason, String reference) {
    Instant now = clock.instant();
    // No exception leaves the template for a short balance: inside a caller's transaction that
    // would mark it rollback-only, though nothing here changed.
    Ledger.Outcome outcome =
        tx.execute(
            t -> {
              enrolment.ensure(accountId, now);
              return ledger.add(accountId, kind, credits, reason, reference, now);
            });
    return entry(outcome, Math.abs(credits));
  }

  private static CreditEntry entry(Ledger.Outcome outcome, long credits) {
    if (outcome instanceof Ledger.Added a) {
      return a.entry();
    }
    if (outcome instanceof Ledger.AlreadyRecorded r) {
      return r.entry();
    }
    if (outcome instanceof Ledger.Short s) {
      throw new InsufficientCredits(s.balance(), credits);
    }
    throw new IllegalStateException("the ledger's transaction returned nothing");
  }

  private static void check(long credits, String reason, String reference) {
    if (credits < 1) {
      throw new IllegalArgumentException("credits must be at least 1, not " + credits);
    }
    text("reason", reason);
    text("reference", reference);
  }

  private static void text(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a " + what + " is required");
    }
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          "the " + what + " is " + value.length() + " characters; at most " + MAX_TEXT);
    }
  }
}
