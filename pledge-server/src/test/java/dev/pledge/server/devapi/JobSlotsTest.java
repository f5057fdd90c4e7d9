package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.images.StudioImages;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * B-07 the plan's concurrent-jobs limit holds under simultaneous requests: the count and the insert
 * share one transaction under the account's advisory lock. The racing submissions here each pause
 * between counting and inserting (where an HTTP request would be doing the edit's checks), which
 * without the lock lets every one of them see the free slot.
 */
@WithRunningServer
class JobSlotsTest {

  @Autowired JobSlots slots;
  @Autowired StudioImages images;
  @Autowired JdbcClient jdbc;

  @Test
  @DisplayName("B-07 eight simultaneous submissions against a limit of one: exactly one job queued")
  void oneSlotOneJob() throws Exception {
    String account = ApiClient.account(jdbc, "Rae");
    String image = UUID.randomUUID().toString();
    String project = UUID.randomUUID().toString();
    jdbc.sql(
            "insert into image_project (project_id, account_id, name, created_at)"
                + " values (:p, :a, 'race', now())")
        .param("p", project)
        .param("a", account)
        .update();
    jdbc.sql(
            "insert into image (image_id, account_id, project_id, name, created_at)"
                + " values (:i, :a, :p, 'race.png', now())")
        .param("i", image)
        .param("p", project)
        .param("a", account)
        .update();
    int racers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<String>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        outcomes.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return slots.submit(account, 1, () -> queueJob(account, image));
                  } catch (ApiProblem p) {
                    return p.slug;
                  }
                }));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> f : outcomes) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(results.stream().filter("too-many-jobs"::equals).count()).isEqualTo(racers - 1);
      assertThat(images.unfinishedJobs(account)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
      jdbc.sql("delete from image_project where project_id = :p").param("p", project).update();
    }
  }

  /**
   * A job row, inserted after a pause: the window a check-then-insert race needs. Running under a
   * long lease, so the studio's worker leaves it alone.
   */
  String queueJob(String account, String image) {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String id = UUID.randomUUID().toString();
    jdbc.sql(
            """
            insert into image_job (job_id, account_id, owner_id, image_id, provider, operation,
              mode, state, cost, lease_until, created_at)
            values (:id, :a, :a, :img, 'builtin', 'rotate', 'appearance', 'running', 1,
              now() + interval '1 hour', now())
            """)
        .param("id", id)
        .param("a", account)
        .param("img", image)
        .update();
    return id;
  }
}
