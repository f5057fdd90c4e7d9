package dev.pledge.server.devapi;

import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.SubjectExport;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.shared.PropertyId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The API's per-request records ({@code api_request}, {@code system.performance}) as the policy
 * keeps them: aggregate-then-delete. Whole UTC days before the cut-off are summed up per route into
 * {@code api_request_daily} (counts and latency percentiles, nothing about who asked) and deleted
 * in the same transaction, so a day is counted once whatever fails. Erasure and export of one
 * person go to the plain table store: their rows, not the aggregates, are theirs.
 */
final class RequestRecords implements RetentionStore, SubjectErasure, SubjectExport {

  private final TableRetentionStore rows;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  RequestRecords(TableRetentionStore rows, JdbcClient jdbc, TransactionTemplate tx) {
    this.rows = rows;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public String name() {
    return rows.name();
  }

  @Override
  public PropertyId property() {
    return rows.property();
  }

  @Override
  public String category() {
    return rows.category();
  }

  @Override
  public String description() {
    return "rows of api_request, summed up per day and route into api_request_daily, then deleted";
  }

  @Override
  public Set<String> tables() {
    return rows.tables();
  }

  /** The first UTC day kept: every row before it is due (whole days, as they are summed up). */
  private static Optional<Instant> firstKept(RetentionRule rule) {
    return rule.firstKeptDay().map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  @Override
  public StoreContents inspect(RetentionRule rule) {
    Instant kept = firstKept(rule).orElse(null);
    return jdbc.sql(
            """
            select count(*) as items,
              count(*) filter (where cast(:kept as timestamptz) is not null
                and created_at < :kept) as due,
              min(created_at) as oldest,
              min(created_at) filter (where cast(:kept as timestamptz) is null
                or created_at >= :kept) as next_row
            from api_request
            """)
        .param("kept", kept == null ? null : Timestamp.from(kept), java.sql.Types.TIMESTAMP)
        .query(
            (rs, i) -> {
              Timestamp oldest = rs.getTimestamp("oldest");
              Timestamp next = rs.getTimestamp("next_row");
              Instant nextDue = null;
              if (next != null) {
                // A row is due once its whole day is past the period.
                LocalDate day = LocalDate.ofInstant(next.toInstant(), ZoneOffset.UTC).plusDays(1);
                nextDue = rule.dueAt(day.atStartOfDay().toInstant(ZoneOffset.UTC)).orElse(null);
              }
              return new StoreContents(
                  rs.getLong("items"),
                  rs.getLong("due"),
                  oldest == null ? null : oldest.toInstant(),
                  nextDue);
            })
        .single();
  }

  @Override
  public void expire(RetentionRule rule, ExpiryJournal journal) {
    Optional<Instant> kept = firstKept(rule);
    if (kept.isEmpty()) {
      return;
    }
    Timestamp before = Timestamp.from(kept.get());
    tx.executeWithoutResult(
        t -> {
          jdbc.sql(
                  """
                  insert into api_request_daily (day, method, route, requests, errors,
                    rate_limited, p50_ms, p95_ms, p99_ms)
                  select (created_at at time zone 'UTC')::date, method, route, count(*),
                    count(*) filter (where status >= 400), count(*) filter (where status = 429),
                    percentile_cont(0.5) within group (order by duration_ms),
                    percentile_cont(0.95) within group (order by duration_ms),
                    percentile_cont(0.99) within group (order by duration_ms)
                  from api_request where created_at < :before
                  group by 1, 2, 3
                  on conflict (day, method, route) do update set
                    requests = api_request_daily.requests + excluded.requests,
                    errors = api_request_daily.errors + excluded.errors,
                    rate_limited = api_request_daily.rate_limited + excluded.rate_limited
                  """)
              .param("before", before)
              .update();
          int deleted =
              jdbc.sql("delete from api_request where created_at < :before")
                  .param("before", before)
                  .update();
          if (deleted > 0) {
            journal.expired(
                deleted, "rows summed up into api_request_daily and deleted from api_request");
          }
        });
  }

  @Override
  public boolean findsSubjects() {
    return rows.findsSubjects();
  }

  @Override
  public long count(String subjectId) {
    return rows.count(subjectId);
  }

  @Override
  public ErasureResult erase(
      String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal) {
    return rows.erase(subjectId, pseudonym, rule, journal);
  }

  @Override
  public boolean exportsSubjects() {
    return rows.exportsSubjects();
  }

  @Override
  public long export(String subjectId, Consumer<Map<String, Object>> items) {
    return rows.export(subjectId, items);
  }
}
