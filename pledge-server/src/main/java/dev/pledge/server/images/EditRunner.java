package dev.pledge.server.images;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.images.remote.ProcessorTransfers;
import dev.pledge.server.processors.ProcessorGate;
import dev.pledge.server.processors.ProcessorRefused;
import dev.pledge.server.studio.Studio;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs queued edits: claims one job at a time per free worker from {@code image_job} with {@code
 * FOR UPDATE SKIP LOCKED} under a lease (so one instance runs a job, and a job of an instance that
 * stopped is taken up again once its lease ran out), sends it to the worker pool, and records the
 * outcome — the result stored encrypted as a new version, or the failure with its credits refunded
 * (once, by job id). Retryable failures are tried again, at most three attempts.
 */
@Component
class EditRunner implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EditRunner.class);

  static final int MAX_ATTEMPTS = 3;
  static final String PROMPTS = "user.content.prompts";
  static final String IMAGE_TEXT = "user.content.image_text";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final EditJobs jobs;
  private final ImageRecords records;
  private final ImageLibrary library;
  private final ImageProviders providers;
  private final Moderation moderation;
  private final EditCredits credits;
  private final ImagePlans plans;
  private final WorkerPool pool;
  private final WorkerSettings settings;
  private final Studio studio;
  private final StudioAccounts accounts;
  private final Clock clock;
  private final ProcessorGate gate;
  private final Semaphore free;
  private final ExecutorService runners;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "image-jobs");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean running;

  EditRunner(
      JdbcClient jdbc,
      TransactionTemplate tx,
      EditJobs jobs,
      ImageRecords records,
      ImageLibrary library,
      ImageProviders providers,
      Moderation moderation,
      EditCredits credits,
      ImagePlans plans,
      WorkerPool pool,
      WorkerSettings settings,
      Studio studio,
      StudioAccounts accounts,
      Clock clock,
      ProcessorGate gate) {
    this.gate = gate;
    this.accounts = accounts;
    this.jdbc = jdbc;
    this.tx = tx;
    this.jobs = jobs;
    this.records = records;
    this.library = library;
    this.providers = providers;
    this.moderation = moderation;
    this.credits = credits;
    this.plans = plans;
    this.pool = pool;
    this.settings = settings;
    this.studio = studio;
    this.clock = clock;
    this.free = new Semaphore(pool.slots());
    this.runners =
        Executors.newFixedThreadPool(
            pool.slots(),
            r -> {
              Thread t = new Thread(r, "image-job-runner");
              t.setDaemon(true);
              return t;
            });
    jobs.onSubmit(this::nudge);
  }

  @EventListener(ApplicationReadyEvent.class)
  synchronized void start(ApplicationReadyEvent event) {
    if (event.getApplicationContext().getBean(PledgeSettings.class).maintenance()) {
      // A CLI command on a deployment's database (backup, verify…) runs no edit job: it would
      // take one from the running server and drop it half done when the command ends.
      return;
    }
    if (poller.isShutdown()) {
      // Stopped (Ctrl-C, SIGTERM) while the start-up work still ran: nothing is to start, and
      // scheduling on the stopped poller would fail the start with a RejectedExecutionException.
      return;
    }
    running = true;
    poller.scheduleWithFixedDelay(this::claimWhileFree, 1, 1, TimeUnit.SECONDS);
  }

  /** A job was queued: look now rather than at the next tick. */
  void nudge() {
    if (running) {
      poller.execute(this::claimWhileFree);
    }
  }

  private void claimWhileFree() {
    try {
      while (running && free.tryAcquire()) {
        Optional<EditJobs.Job> job = claim();
        if (job.isEmpty()) {
          free.release();
          return;
        }
        runners.execute(
            () -> {
              try {
                run(job.get());
              } catch (RuntimeException e) {
                log.warn("Edit job {} broke: {}", job.get().id(), e.getClass().getSimpleName());
                fail(job.get(), "images.failed.internal", List.of());
              } finally {
                free.release();
                nudge();
              }
            });
      }
    } catch (RuntimeException e) {
      log.warn("Claiming edit jobs failed: {}", e.getClass().getSimpleName());
    }
  }

  /** The lease a running job holds: its time limit and a margin. */
  private Duration lease() {
    return settings.timeLimit().plusSeconds(30);
  }

  Optional<EditJobs.Job> claim() {
    Instant now = clock.instant();
    return tx.execute(
        t ->
            jdbc.sql(
                    """
                    update image_job set state = 'running', attempts = attempts + 1,
                      lease_until = :lease, started_at = coalesce(started_at, :now),
                      progress_message = 'images.progress.started'
                    where job_id = (
                      select job_id from image_job
                      where (state = 'queued' and (lease_until is null or lease_until < :now))
                         or (state = 'running' and lease_until < :now)
                      order by created_at
                      for update skip locked
                      limit 1)
                    returning *
                    """)
                .param("now", Timestamp.from(now))
                .param("lease", Timestamp.from(now.plus(lease())))
                .query(EditJobs::job)
                .optional());
  }

  void run(EditJobs.Job job) {
    if (job.attempts() > MAX_ATTEMPTS) {
      fail(job, "images.failed.attempts", List.of());
      return;
    }
    Optional<ImageRecords.Image> image = records.image(job.imageId());
    Optional<ImageRecords.Version> parent =
        job.parentVersionId() == null ? Optional.empty() : records.version(job.parentVersionId());
    if (image.isEmpty() || parent.isEmpty() || !library.present(parent.get())) {
      fail(job, "images.failed.source-gone", List.of());
      return;
    }
    Optional<EditProvider> provider = providers.byId(job.provider());
    if (provider.isEmpty()) {
      fail(job, "images.provider.unavailable", List.of());
      return;
    }
    byte[] source;
    try {
      source = library.read(parent.get());
    } catch (IOException | RuntimeException e) {
      fail(job, "images.failed.source-gone", List.of());
      return;
    }
    String prompt = jobs.prompt(job.id()).orElse("");
    Optional<String> processor = providers.processor(provider.get());
    if (processor.isPresent()) {
      // The last moment before the image leaves Pledge: the gate checks the processor against the
      // policy as it stands now, and counts the sending.
      List<String> categories = new ArrayList<>(List.of(ProcessorTransfers.SOURCE_CATEGORY));
      if (!prompt.isBlank()) {
        categories.add(PROMPTS);
      }
      if ("text".equals(job.mode())) {
        categories.add(IMAGE_TEXT);
      }
      String region = accounts.byId(job.account()).map(StudioAccount::region).orElse(null);
      try {
        gate.send(
            studio.id(),
            processor.get(),
            region,
            ProcessorTransfers.consented(job.parameters()),
            categories,
            providers.termsKept(job.account()));
      } catch (ProcessorRefused r) {
        ProcessorTransfers.Verdict.Refused shown = ProcessorTransfers.refused(r);
        fail(job, shown.reason(), shown.arguments());
        return;
      }
    }
    ImageLimits limits = plans.limits(image.get().owner());
    WorkerProtocol.Job work =
        new WorkerProtocol.Job(
            AopUtils.getTargetClass(provider.get()).getName(),
            provider.get().id(),
            job.operation(),
            job.parameters(),
            prompt,
            language(job.account()),
            providers.settings(provider.get()).asMap(),
            parent.get().contentType(),
            1,
            limits.maxPixels(),
            Math.max(limits.maxBytes(), 64L << 20),
            moderation.active());
    AtomicLong lastWrite = new AtomicLong();
    WorkerPool.Answer answer;
    try {
      answer =
          pool.run(
              work,
              source,
              (fraction, message) -> {
                long nowMs = System.nanoTime() / 1_000_000;
                if (nowMs - lastWrite.get() >= 250 || fraction >= 1) {
                  lastWrite.set(nowMs);
                  progress(job.id(), fraction, message);
                }
              });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // shutting down: the lease runs out and another run takes the job
    }
    if (answer instanceof WorkerPool.Done done) {
      succeed(job, image.get(), done);
    } else if (answer instanceof WorkerPool.Failed f) {
      failed(job, f.failure());
    } else if (answer instanceof WorkerPool.Died d) {
      fail(
          job,
          switch (d.reason()) {
            case "time" -> "images.failed.time-limit";
            case "memory" -> "images.failed.memory-limit";
            default -> "images.failed.worker";
          },
          List.of());
    }
  }

  private String language(String account) {
    return accounts.language(account).orElse("en");
  }

  private void progress(String jobId, double fraction, String message) {
    jdbc.sql(
            "update image_job set progress = :f, progress_message = :m, lease_until = :lease"
                + " where job_id = :id and state = 'running'")
        .param("f", fraction)
        .param("m", message == null ? null : message.substring(0, Math.min(200, message.length())))
        .param("lease", Timestamp.from(clock.instant().plus(lease())))
        .param("id", jobId)
        .update();
  }

  private void succeed(EditJobs.Job job, ImageRecords.Image image, WorkerPool.Done done) {
    if (done.preview().length > 0) {
      BufferedImage preview;
      try {
        preview = ImageIO.read(new ByteArrayInputStream(done.preview()));
      } catch (IOException e) {
        preview = null;
      }
      Optional<String> no =
          preview == null
              ? Optional.of("images.moderation.error")
              : moderation.result(job.id(), job.account(), preview);
      if (no.isPresent()) {
        fail(job, no.get(), List.of()); // never stored
        return;
      }
    } else {
      moderation.result(job.id(), job.account(), null);
    }
    ImageFormat format =
        ImageFormat.ofMediaType(done.result().contentType()).orElse(ImageFormat.PNG);
    Instant now = clock.instant();
    // The latest image row: its retention may have changed while the job ran.
    ImageRecords.Image current = records.image(image.id()).orElse(null);
    if (current == null) {
      fail(job, "images.failed.source-gone", List.of());
      return;
    }
    ImageRecords.Version v =
        library.storeEdit(
            current,
            job.parentVersionId(),
            job.id(),
            format,
            done.image(),
            done.result().width(),
            done.result().height(),
            now);
    try {
      tx.executeWithoutResult(
          t -> {
            records.insertVersion(v, library.versionKeep(current, v.blobCategory()));
            jobs.finish(job.id(), "succeeded", v.id(), done.result().model(), null);
          });
    } catch (RuntimeException e) {
      library.deleteVersion("system:images", v);
      throw e;
    }
  }

  private void failed(EditJobs.Job job, WorkerProtocol.Failure f) {
    if ("failed".equals(f.kind()) && f.retryable() && job.attempts() < MAX_ATTEMPTS) {
      // Back in the queue, not before a pause that grows with each attempt.
      jdbc.sql(
              "update image_job set state = 'queued', lease_until = :after,"
                  + " progress_message = 'images.progress.retrying' where job_id = :id")
          .param("after", Timestamp.from(clock.instant().plusSeconds(10L * job.attempts())))
          .param("id", job.id())
          .update();
      return;
    }
    switch (f.kind()) {
      case "refused", "image" -> fail(job, f.reason(), f.arguments());
      default -> {
        log.info("Edit job {} failed in the worker: {}", job.id(), f.reason());
        fail(job, "images.failed.provider", List.of());
      }
    }
  }

  void fail(EditJobs.Job job, String key, List<String> arguments) {
    tx.executeWithoutResult(
        t -> {
          jobs.finish(job.id(), "failed", null, null, EditJobs.failure(key, arguments));
          credits.refund(job.id());
        });
  }

  @Override
  public synchronized void destroy() {
    running = false;
    poller.shutdownNow();
    runners.shutdownNow();
  }

  static Locale locale(String tag) {
    return Locale.forLanguageTag(tag == null ? "en" : tag);
  }
}
