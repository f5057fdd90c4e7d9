package dev.pledge.server.images;

import dev.pledge.server.billing.Credits;
import dev.pledge.server.billing.InsufficientCredits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an edit costs, in the billing module's credit ledger (B-04): charged when its job is
 * accepted, refunded if it fails — each once, by job id, so a retried call changes nothing.
 */
@Component
class EditCredits {

  private final Credits credits;
  private final JdbcClient jdbc;

  EditCredits(Credits credits, JdbcClient jdbc) {
    this.credits = credits;
    this.jdbc = jdbc;
  }

  /**
   * Charges the job's cost to the account that asked for it.
   *
   * @throws EditJobs.Refused when the balance is short (nothing charged)
   */
  void charge(String jobId, String accountId, int cost) {
    if (cost <= 0) {
      return;
    }
    try {
      credits.charge(accountId, cost, "image edit", jobId);
    } catch (InsufficientCredits e) {
      throw new EditJobs.Refused("images.refused.credits", cost, e.balance());
    }
  }

  /** Gives the job's charge back (once; nothing when it cost nothing or was never charged). */
  void refund(String jobId) {
    jdbc.sql("select account_id, cost from image_job where job_id = :j")
        .param("j", jobId)
        .query((rs, i) -> new Object[] {rs.getString(1), rs.getInt(2)})
        .optional()
        .filter(r -> (Integer) r[1] > 0)
        .ifPresent(r -> credits.refund((String) r[0], (Integer) r[1], "image edit failed", jobId));
  }

  long balance(String accountId) {
    return credits.balance(accountId);
  }
}
