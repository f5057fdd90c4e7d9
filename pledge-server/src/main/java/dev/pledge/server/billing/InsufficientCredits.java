package dev.pledge.server.billing;

/**
 * A charge was refused because the balance is short; nothing was charged. Unchecked, thrown after
 * the ledger's own work, so a caller's transaction is not marked for rollback by it.
 */
public class InsufficientCredits extends RuntimeException {

  private final long balance;
  private final long needed;

  InsufficientCredits(long balance, long needed) {
    super("not enough credits: " + needed + " needed, " + balance + " left");
    this.balance = balance;
    this.needed = needed;
  }

  /** The balance when the charge was refused. */
  public long balance() {
    return balance;
  }

  /** What the charge asked for. */
  public long needed() {
    return needed;
  }
}
