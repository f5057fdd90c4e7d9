package dev.pledge.server.accesslog;

import dev.pledge.policy.DataCategory;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.IdentifierPatterns;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.shared.PropertyId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers Pledge's own access log with the retention engine: one day file per UTC day,
 * deleted once the whole day is older than the policy's period. The log is shared by every
 * property, so each property declaring access logs gets a store over the same directory and the
 * shortest retention deletes first: the log keeps no more than any policy promises.
 */
@Component
class AccessLogStores implements RetentionStores {

  static final String CATEGORY = "user.device.access_logs";
  static final String STORE = "accesslog.day-files";
  private static final Pattern DAY_FILE =
      Pattern.compile(
          Pattern.quote(OwnAccessLog.PREFIX)
              + "\\.(\\d{4}-\\d{2}-\\d{2})"
              + Pattern.quote(OwnAccessLog.SUFFIX));

  private final Path directory;
  private final PolicyCatalog catalog;
  private final TransactionTemplate tx;

  AccessLogStores(PledgeSettings settings, PolicyCatalog catalog, TransactionTemplate tx) {
    this.directory = OwnAccessLog.directory(settings);
    this.catalog = catalog;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> out = new ArrayList<>();
    for (ServedProperty p : catalog.all()) {
      boolean declares =
          p.policy().categories().stream()
              .anyMatch(c -> c.id().equals(CATEGORY) && c.collected() != DataCategory.Collected.NO);
      if (declares) {
        out.add(new DayFiles(p.id()));
      }
    }
    return out;
  }

  /** The day files in the directory, by day. */
  TreeMap<LocalDate, Path> dayFiles() {
    TreeMap<LocalDate, Path> days = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return days;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(
          f -> {
            Matcher m = DAY_FILE.matcher(f.getFileName().toString());
            if (m.matches()) {
              dayOf(m).ifPresent(d -> days.put(d, f));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list the access-log directory " + directory, e);
    }
    return days;
  }

  private final class DayFiles implements RetentionStore {
    private final PropertyId property;

    DayFiles(PropertyId property) {
      this.property = property;
    }

    @Override
    public String name() {
      return STORE;
    }

    @Override
    public PropertyId property() {
      return property;
    }

    @Override
    public String category() {
      return CATEGORY;
    }

    @Override
    public String description() {
      return "the server's anonymised access log, one file per day (an item is a day file)";
    }

    @Override
    public Map<String, Long> scanForIdentifiers() {
      Map<String, Long> found = new TreeMap<>();
      for (Path file : dayFiles().values()) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
          lines.forEach(
              line ->
                  IdentifierPatterns.kindsIn(line)
                      .forEach(kind -> found.merge(kind + " in the access log", 1L, Long::sum)));
        } catch (IOException | UncheckedIOException e) {
          found.merge("unreadable access-log day file (not scanned)", 1L, Long::sum);
        }
      }
      return found;
    }

    @Override
    public StoreContents inspect(RetentionRule rule) {
      TreeMap<LocalDate, Path> days = dayFiles();
      if (days.isEmpty()) {
        return StoreContents.EMPTY;
      }
      Optional<LocalDate> firstKept = rule.firstKeptDay();
      long due = firstKept.map(d -> (long) days.headMap(d).size()).orElse(0L);
      Instant nextDue =
          firstKept
              .map(days::ceilingKey)
              .flatMap(d -> rule.dueAt(d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)))
              .orElse(null);
      return new StoreContents(
          days.size(), due, days.firstKey().atStartOfDay().toInstant(ZoneOffset.UTC), nextDue);
    }

    @Override
    public void expire(RetentionRule rule, ExpiryJournal journal) {
      Optional<LocalDate> firstKept = rule.firstKeptDay();
      if (firstKept.isEmpty()) {
        return;
      }
      for (var day : dayFiles().headMap(firstKept.get()).entrySet()) {
        // The file goes inside the transaction that records it: if the unlink fails nothing is
        // recorded; only a crash between unlink and commit could lose the entry, never the
        // deletion.
        tx.executeWithoutResult(
            status -> {
              journal.expired(1, "access-log day file " + day.getKey() + " deleted");
              try {
                Files.deleteIfExists(day.getValue());
              } catch (IOException e) {
                throw new UncheckedIOException("Could not delete an access-log day file", e);
              }
            });
      }
    }
  }

  private static Optional<LocalDate> dayOf(Matcher m) {
    try {
      return Optional.of(LocalDate.parse(m.group(1)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
