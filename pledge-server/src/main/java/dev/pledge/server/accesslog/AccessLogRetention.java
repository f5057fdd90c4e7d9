package dev.pledge.server.accesslog;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.policy.DataCategory;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.privacy.PolicyCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deletes day files of Pledge's own access log once they are older than the retention the served
 * policies give the access-log category (90 days in the reference-site policy, A-17). With several
 * policies, the shortest retention wins: the log is shared, so it keeps no more than any of them
 * promises.
 */
@Configuration(proxyBeanMethods = false)
class AccessLogRetention {

  static final String CATEGORY = "user.device.access_logs";
  private static final Pattern DAY_FILE =
      Pattern.compile(
          Pattern.quote(OwnAccessLog.PREFIX)
              + "\\.(\\d{4}-\\d{2}-\\d{2})"
              + Pattern.quote(OwnAccessLog.SUFFIX));
  private static final Logger log = LoggerFactory.getLogger(AccessLogRetention.class);

  private final Path directory;
  private final PolicyCatalog catalog;
  private final Clock clock;

  AccessLogRetention(PledgeSettings settings, PolicyCatalog catalog, Clock clock) {
    this.directory = OwnAccessLog.directory(settings);
    this.catalog = catalog;
    this.clock = clock;
  }

  @Bean
  RecurringTask<Void> accessLogRetentionTask() {
    return Tasks.recurring("access-log-retention", FixedDelay.of(Duration.ofHours(1)))
        .execute((instance, context) -> sweep());
  }

  /** The shortest fixed retention any served policy gives access logs, if any gives one. */
  Optional<PolicyDuration> retention() {
    return catalog.all().stream()
        .flatMap(p -> p.policy().categories().stream())
        .filter(c -> c.id().equals(CATEGORY) && c.collected() != DataCategory.Collected.NO)
        .filter(c -> c.retention() != null)
        .map(c -> c.retention().period())
        .filter(r -> r.kind() == RetentionPeriod.Kind.FIXED)
        .map(RetentionPeriod::fixed)
        .min(Comparator.naturalOrder());
  }

  /** Deletes the day files past retention; returns how many. */
  int sweep() {
    Optional<PolicyDuration> keep = retention();
    if (keep.isEmpty() || !Files.isDirectory(directory)) {
      return 0;
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate firstKept = keep.get().subtractFrom(today.atStartOfDay()).toLocalDate();
    int deleted = 0;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Matcher m = DAY_FILE.matcher(file.getFileName().toString());
        if (m.matches() && dayOf(m).map(d -> d.isBefore(firstKept)).orElse(false)) {
          Files.deleteIfExists(file);
          deleted++;
        }
      }
    } catch (IOException e) {
      log.warn("Could not sweep the access-log directory {}: {}", directory, e.getMessage());
    }
    if (deleted > 0) {
      log.info("Deleted {} access-log day file(s) older than {}", deleted, keep.get());
    }
    return deleted;
  }

  private static Optional<LocalDate> dayOf(Matcher m) {
    try {
      return Optional.of(LocalDate.parse(m.group(1)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
