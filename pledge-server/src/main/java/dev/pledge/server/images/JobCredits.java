package dev.pledge.server.images;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Credits per job in {@code image_credit}, until the billing module's ledger takes over. */
@Component
class JobCredits implements EditCredits {

  private final JdbcClient jdbc;
  private final Clock clock;

  JobCredits(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public boolean charge(String jobId, String accountId, int credits) {
    return jdbc.sql(
                "insert into image_credit (job_id, account_id, credits, charged_at)"
                    + " values (:j, :a, :c, :at) on conflict (job_id) do nothing")
            .param("j", jobId)
            .param("a", accountId)
            .param("c", credits)
            .param("at", Timestamp.from(clock.instant()))
            .update()
        > 0;
  }

  @Override
  public boolean refund(String jobId) {
    return jdbc.sql(
                "update image_credit set refunded_at = :at where job_id = :j"
                    + " and refunded_at is null")
            .param("j", jobId)
            .param("at", Timestamp.from(clock.instant()))
            .update()
        > 0;
  }

  @Override
  public long spent(String accountId) {
    return jdbc.sql(
            "select coalesce(sum(credits), 0) from image_credit where account_id = :a"
                + " and refunded_at is null")
        .param("a", accountId)
        .query(Long.class)
        .single();
  }
}
