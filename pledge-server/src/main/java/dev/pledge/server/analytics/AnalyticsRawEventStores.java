package dev.pledge.server.analytics;

import dev.pledge.policy.DataCategory;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.shared.PropertyId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers each property's raw analytics events with the retention engine: daily partitions,
 * expired aggregate-then-delete — a day is rolled up first, then its partition is dropped in
 * the same transaction as its audit entry, so a crash never leaves a day dropped and unrecorded.
 */
@Component
class AnalyticsRawEventStores implements RetentionStores {

  private final PolicyCatalog catalog;
  private final AnalyticsPartitions partitions;
  private final AnalyticsRollup rollup;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  AnalyticsRawEventStores(
      PolicyCatalog catalog,
      AnalyticsPartitions partitions,
      AnalyticsRollup rollup,
      JdbcClient jdbc,
      TransactionTemplate tx) {
    this.catalog = catalog;
    this.partitions = partitions;
    this.rollup = rollup;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> out = new ArrayList<>();
    for (ServedProperty p : catalog.all()) {
      p.policy().categories().stream()
          .filter(c -> EventIngest.ANALYTICS_CATEGORIES.contains(c.id()))
          .filter(c -> c.collected() != DataCategory.Collected.NO)
          .findFirst()
          .ifPresent(c -> out.add(new RawEvents(p.id(), c.id())));
    }
    return out;
  }

  private final class RawEvents implements RetentionStore {
    private final PropertyId property;
    private final String category;

    RawEvents(PropertyId property, String category) {
      this.property = property;
      this.category = category;
    }

    @Override
    public String name() {
      return "analytics.raw-events";
    }

    @Override
    public PropertyId property() {
      return property;
    }

    @Override
    public String category() {
      return category;
    }

    @Override
    public String description() {
      return "daily partitions of analytics_event, rolled up before they are dropped";
    }

    @Override
    public Set<String> tables() {
      return Set.of("analytics_event");
    }

    @Override
    public StoreContents inspect(RetentionRule rule) {
      String id = property.value();
      List<LocalDate> days = partitions.days(id);
      if (days.isEmpty()) {
        return StoreContents.EMPTY;
      }
      Optional<LocalDate> firstKept = rule.firstKeptDay();
      long items =
          jdbc.sql("select count(*) from analytics_event where property_id = :p")
              .param("p", id)
              .query(Long.class)
              .single();
      long due =
          firstKept.isEmpty()
              ? 0
              : jdbc.sql("select count(*) from analytics_event where property_id = :p and day < :d")
                  .param("p", id)
                  .param("d", firstKept.get())
                  .query(Long.class)
                  .single();
      Instant nextDue =
          days.stream()
              .filter(d -> firstKept.isPresent() && !d.isBefore(firstKept.get()))
              .findFirst()
              .flatMap(d -> rule.dueAt(d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)))
              .orElse(null);
      Instant oldest =
          jdbc.sql(
                  "select min(received_at) from analytics_event where property_id = :p and day = :d")
              .param("p", id)
              .param("d", days.get(0))
              .query(Instant.class)
              .optional()
              .orElse(days.get(0).atStartOfDay().toInstant(ZoneOffset.UTC));
      return new StoreContents(items, due, oldest, nextDue);
    }

    @Override
    public void expire(RetentionRule rule, ExpiryJournal journal) {
      Optional<LocalDate> firstKept = rule.firstKeptDay();
      if (firstKept.isEmpty()) {
        return;
      }
      rollup.rollUpDue();
      String id = property.value();
      for (LocalDate day : partitions.days(id)) {
        if (!day.isBefore(firstKept.get())) {
          break;
        }
        tx.executeWithoutResult(
            status -> {
              // Aggregate first: a day that received events since its rollup is rolled up again
              // here, in the transaction that drops it.
              if (isDirty(id, day)) {
                rollup.recompute(id, day);
              }
              long events = rolledUpEvents(id, day);
              partitions.drop(id, day);
              journal.expired(events, "raw day " + day + " rolled up and its partition dropped");
            });
      }
    }
  }

  private boolean isDirty(String propertyId, LocalDate day) {
    return jdbc.sql("select count(*) from analytics_dirty where property_id = :p and day = :d")
            .param("p", propertyId)
            .param("d", day)
            .query(Integer.class)
            .single()
        > 0;
  }

  private long rolledUpEvents(String propertyId, LocalDate day) {
    return jdbc.sql("select raw_events from analytics_rollup where property_id = :p and day = :d")
        .param("p", propertyId)
        .param("d", day)
        .query(Long.class)
        .optional()
        .orElse(0L);
  }
}
