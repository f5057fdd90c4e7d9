package dev.pledge.server.images;

/**
 * The credits an edit costs: charged when its job is accepted, refunded if it fails — each at most
 * once per job id, so a retried call changes nothing. The billing module's ledger replaces the
 * default ({@link JobCredits}) when it lands.
 */
interface EditCredits {

  /** Charges {@code credits} for the job; false when the job was already charged. */
  boolean charge(String jobId, String accountId, int credits);

  /** Refunds the job's charge; false when it was never charged or already refunded. */
  boolean refund(String jobId);

  /** Credits charged and not refunded, for the account. */
  long spent(String accountId);
}
