package dev.pledge.server.billing;

import dev.pledge.server.accounts.StudioAccounts;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * An account's first contact with billing: it is put on the free plan with a monthly period
 * starting now and given that month's credits. Made lazily (the first time its credits are used or
 * looked at), so billing needs no hook in sign-up; runs in the caller's transaction.
 */
@Component
class Enrolment {

  private final Subscriptions subscriptions;
  private final Ledger ledger;
  private final Plans plans;
  private final StudioAccounts accounts;

  Enrolment(Subscriptions subscriptions, Ledger ledger, Plans plans, StudioAccounts accounts) {
    this.subscriptions = subscriptions;
    this.ledger = ledger;
    this.plans = plans;
    this.accounts = accounts;
  }

  /**
   * Makes sure the account has its subscription row.
   *
   * @throws IllegalArgumentException when no studio account has this id
   */
  void ensure(String accountId, Instant now) {
    if (subscriptions.find(accountId).isPresent()) {
      return;
    }
    if (accounts.byId(accountId).isEmpty()) {
      throw new IllegalArgumentException("no studio account has the id " + accountId);
    }
    Plan free = plans.free();
    if (subscriptions.createIfAbsent(accountId, free.id(), now)) {
      ledger.add(
          accountId,
          CreditKind.MONTHLY_GRANT,
          free.monthlyCredits(),
          MonthlyGrants.reason(free),
          MonthlyGrants.reference(now),
          now);
    }
  }
}
