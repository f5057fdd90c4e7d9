package dev.pledge.server.devapi;

import dev.pledge.server.images.StudioImages;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The plan's concurrent-jobs limit, atomic across requests and server instances: the account's
 * unfinished jobs are counted and the new one is queued in one transaction that holds a PostgreSQL
 * advisory lock on the account, so a second request waits for the first to commit and then counts
 * its job. Counting and inserting without it would let two simultaneous POSTs both see a free slot.
 */
@Component
class JobSlots {

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final StudioImages images;

  JobSlots(JdbcClient jdbc, TransactionTemplate tx, StudioImages images) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.images = images;
  }

  /**
   * Runs {@code submit} (which queues one job and returns its id) when fewer than {@code allowed}
   * of the account's jobs are queued or running; else a 429 problem.
   */
  String submit(String account, int allowed, Supplier<String> submit) {
    return tx.execute(
        t -> {
          jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:k, 0))")
              .param("k", "api-jobs:" + account)
              .query()
              .listOfRows();
          if (images.unfinishedJobs(account) >= allowed) {
            throw new ApiProblem(
                    429,
                    "too-many-jobs",
                    "Too many jobs",
                    "Your plan runs "
                        + allowed
                        + " edit jobs at once and that many are queued or running. Wait for one"
                        + " to finish (poll GET /api/v1/jobs/{id}), then send the edit again.")
                .retryAfter(5);
          }
          return submit.get();
        });
  }
}
