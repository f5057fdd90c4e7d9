package dev.pledge.server.accesslog;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.SweepReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Each instance deletes its own expired access-log day files. They lie in the instance's
 * data directory, but the retention sweep is one job for all instances on a database (db-scheduler
 * runs it on whichever takes it first): with several instances, the others' day files would wait
 * for a sweep that need never come to them. So every instance also sweeps its access log itself, on
 * a timer of its own at the sweep's interval; each deletion is recorded in the audit trail like the
 * shared sweep's.
 */
@Component
class AccessLogSweep {

  static final String ACTOR = "system:retention";
  private static final Logger log = LoggerFactory.getLogger(AccessLogSweep.class);

  private final RetentionEngine engine;
  private final PledgeSettings settings;
  private final Clock clock;
  private final Duration interval;
  private ScheduledExecutorService timer;

  AccessLogSweep(
      RetentionEngine engine,
      PledgeSettings settings,
      Clock clock,
      @Value("${pledge.retention.sweep-interval:PT1H}") Duration interval) {
    this.engine = engine;
    this.settings = settings;
    this.clock = clock;
    this.interval = interval;
  }

  @EventListener(ApplicationReadyEvent.class)
  synchronized void start() {
    if (settings.maintenance() || timer != null) {
      return; // a CLI command's sweep covers the data directory it is given
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "access-log-sweep");
              t.setDaemon(true);
              return t;
            });
    long seconds = Math.max(60, interval.toSeconds());
    timer.scheduleWithFixedDelay(this::sweepSafely, seconds, seconds, TimeUnit.SECONDS);
  }

  @EventListener(ContextClosedEvent.class)
  synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /** Sweeps this instance's access log now: its expired day files are deleted and recorded. */
  SweepReport sweepHere() {
    List<RetentionBinding> mine =
        engine.bindings().stream()
            .filter(b -> b.store().name().equals(AccessLogStores.STORE))
            .toList();
    return engine.sweep(mine, ACTOR, clock.instant());
  }

  private void sweepSafely() {
    try {
      sweepHere();
    } catch (RuntimeException e) {
      log.warn("Sweep of this instance's access log failed ({})", e.getClass().getSimpleName());
    }
  }
}
