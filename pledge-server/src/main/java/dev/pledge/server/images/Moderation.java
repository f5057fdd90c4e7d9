package dev.pledge.server.images;

import java.awt.image.BufferedImage;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link ModerationCheck} bean over a prompt or a result and records each decision with
 * the edit (B-09). One refusal refuses. With no checker registered, one decision "not-checked" is
 * recorded, so the history never claims a check that did not happen. A checker that throws counts
 * as a refusal (fail closed), recorded as {@code images.moderation.error}.
 */
@Component
class Moderation {

  private static final Logger log = LoggerFactory.getLogger(Moderation.class);

  static final String NOT_CHECKED = "not-checked";

  private final List<ModerationCheck> checks;
  private final JdbcClient jdbc;
  private final Clock clock;

  Moderation(List<ModerationCheck> checks, JdbcClient jdbc, Clock clock) {
    this.checks = List.copyOf(checks);
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Whether any checker is registered (the worker then returns a preview of each result). */
  boolean active() {
    return !checks.isEmpty();
  }

  /** The first refusal's reason, or empty when allowed (or not checked). Records every decision. */
  Optional<String> prompt(String jobId, String accountId, String prompt, Locale locale) {
    return decide(jobId, accountId, "prompt", c -> c.check(prompt, locale));
  }

  /** As {@link #prompt}, for a result ({@code null} only when no checker is registered). */
  Optional<String> result(String jobId, String accountId, BufferedImage result) {
    return decide(jobId, accountId, "result", c -> c.check(result));
  }

  private Optional<String> decide(
      String jobId,
      String accountId,
      String subject,
      Function<ModerationCheck, ModerationCheck.Decision> run) {
    if (checks.isEmpty()) {
      record(jobId, accountId, subject, "none", NOT_CHECKED, "");
      return Optional.empty();
    }
    List<String> refusals = new ArrayList<>();
    for (ModerationCheck check : checks) {
      ModerationCheck.Decision d;
      try {
        d = run.apply(check);
      } catch (RuntimeException e) {
        log.warn("Moderation check {} failed: {}", check.id(), e.getClass().getSimpleName());
        d = ModerationCheck.Decision.refused("images.moderation.error");
      }
      record(
          jobId, accountId, subject, check.id(), d.refused() ? "refused" : "allowed", d.reason());
      if (d.refused()) {
        refusals.add(d.reason().isBlank() ? "images.moderation.refused" : d.reason());
      }
    }
    return refusals.stream().findFirst();
  }

  private void record(
      String jobId, String accountId, String subject, String checker, String verdict, String why) {
    jdbc.sql(
            "insert into image_moderation (decision_id, job_id, account_id, subject, checker,"
                + " verdict, reason, created_at) values (:id, :job, :a, :s, :c, :v, :r, :at)")
        .param("id", UUID.randomUUID().toString())
        .param("job", jobId)
        .param("a", accountId)
        .param("s", subject)
        .param("c", checker)
        .param("v", verdict)
        .param("r", why == null ? "" : why)
        .param("at", Timestamp.from(clock.instant()))
        .update();
  }
}
