package dev.pledge.server.compliance;

import dev.pledge.policy.DataCategory;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.retention.IdentifierPatterns;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.StoreContents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * {@code pledge verify}: inspects the live stores against the policies and lists every violation —
 * data older than its retention, data of a category declared not collected, raw IP or e-mail
 * addresses in stores declared anonymised, tables nobody registered, and whatever the modules'
 * {@link ComplianceCheck}s find. It only reads.
 */
@Service
public class ComplianceVerifier {

  /** Beyond the sweep interval, how late a sweep may be before overdue data counts. */
  private static final Duration GRACE = Duration.ofMinutes(15);

  private final RetentionEngine retention;
  private final List<DeclaredTables> declared;
  private final List<ComplianceCheck> checks;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration sweepInterval;
  private final long scanLimit;

  ComplianceVerifier(
      RetentionEngine retention,
      List<DeclaredTables> declared,
      List<ComplianceCheck> checks,
      JdbcClient jdbc,
      Clock clock,
      @Value("${pledge.retention.sweep-interval:PT1H}") Duration sweepInterval,
      @Value("${pledge.verify.scan-limit:1000000}") long scanLimit) {
    this.retention = retention;
    this.declared = declared;
    this.checks = checks;
    this.jdbc = jdbc;
    this.clock = clock;
    this.sweepInterval = sweepInterval;
    this.scanLimit = scanLimit;
  }

  public VerifyReport verify() {
    return verify(List.of(), List.of());
  }

  /** Verifies with stores and checks beyond the registered ones (tests plant violations so). */
  VerifyReport verify(List<RetentionBinding> extraBindings, List<ComplianceCheck> extraChecks) {
    Instant now = clock.instant();
    List<Violation> violations = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<RetentionBinding> bindings = new ArrayList<>(retention.bindings());
    bindings.addAll(extraBindings);
    Duration tolerance = sweepInterval.plus(GRACE);
    for (RetentionBinding b : bindings) {
      checkRetention(b, now, tolerance, violations);
      if (b.category().anonymised()) {
        scanAnonymised(b, violations, notes);
      }
    }
    checkTables(bindings, violations);
    List<ComplianceCheck> allChecks = new ArrayList<>(checks);
    allChecks.addAll(extraChecks);
    for (ComplianceCheck check : allChecks) {
      violations.addAll(check.check(now));
    }
    retention.gaps().forEach(g -> notes.add("not enforced: " + g));
    notes.add(
        bindings.size()
            + " store(s) checked; data counts as overdue "
            + tolerance.toMinutes()
            + " minutes after it is due (one sweep interval and a grace)");
    return new VerifyReport(now, violations, notes);
  }

  private void checkRetention(
      RetentionBinding b, Instant now, Duration tolerance, List<Violation> violations) {
    String property = b.property().id().value();
    String where = b.store().name();
    if (b.category().collected() == DataCategory.Collected.NO) {
      long items = b.store().inspect(b.ruleAt(now)).items();
      if (items > 0) {
        violations.add(
            new Violation(
                Violation.Kind.NOT_COLLECTED,
                property,
                where,
                items
                    + " item(s) of "
                    + b.category().id()
                    + ", which the policy says is not collected. Delete them, or correct the"
                    + " policy and publish the change."));
      }
      return;
    }
    RetentionRule late = b.ruleAt(now.minus(tolerance));
    if (late == null) {
      return;
    }
    StoreContents contents = b.store().inspect(late);
    if (contents.due() > 0) {
      violations.add(
          new Violation(
              Violation.Kind.OVERDUE,
              property,
              where,
              contents.due()
                  + " item(s) of "
                  + b.category().id()
                  + " kept past their retention ("
                  + late.describe()
                  + "). Run `pledge retention run`, and check that the retention-sweep job runs."));
    }
  }

  private void scanAnonymised(RetentionBinding b, List<Violation> violations, List<String> notes) {
    String property = b.property().id().value();
    Map<String, Long> found = new LinkedHashMap<>(b.store().scanForIdentifiers());
    for (String table : b.store().tables()) {
      TableScan scan = scanTable(table);
      scan.found().forEach((kind, n) -> found.merge(kind + " in table " + table, n, Long::sum));
      if (scan.scanned() < scan.rows()) {
        notes.add(
            "table "
                + table
                + ": the identifier scan read "
                + scan.scanned()
                + " of "
                + scan.rows()
                + " rows (pledge.verify.scan-limit)");
      }
    }
    found.forEach(
        (what, n) -> {
          if (n > 0) {
            violations.add(
                new Violation(
                    Violation.Kind.NOT_ANONYMISED,
                    property,
                    b.store().name(),
                    n
                        + " item(s) contain a raw "
                        + what
                        + ", but the policy declares "
                        + b.category().id()
                        + " anonymised. Find how it got in, then anonymise or delete those"
                        + " items."));
          }
        });
  }

  private record TableScan(long rows, long scanned, Map<String, Long> found) {}

  /** Counts rows whose text columns contain a raw identifier, reading at most the scan limit. */
  private TableScan scanTable(String table) {
    String[] parts = table.contains(".") ? table.split("\\.", 2) : new String[] {null, table};
    List<String> columns =
        jdbc.sql(
                """
                select column_name from information_schema.columns
                where table_schema = coalesce(:schema, current_schema()) and table_name = :table
                  and data_type in ('text', 'character varying', 'character')
                order by ordinal_position
                """)
            .param("schema", parts[0])
            .param("table", parts[1])
            .query(String.class)
            .list();
    long rows = jdbc.sql("select count(*) from " + table).query(Long.class).single();
    if (columns.isEmpty()) {
      return new TableScan(rows, rows, Map.of());
    }
    // Column names come from the catalogue, quoted; the table name was checked by its store.
    String text =
        "concat_ws(' ', "
            + String.join(
                ", ", columns.stream().map(c -> "\"" + c.replace("\"", "\"\"") + "\"").toList())
            + ")";
    return jdbc.sql(
            "select count(*) as scanned,"
                + " count(*) filter (where t ~ :ipv4) as ipv4,"
                + " count(*) filter (where t ~ :ipv6) as ipv6,"
                + " count(*) filter (where t ~ :email) as email"
                + " from (select "
                + text
                + " as t from "
                + table
                + " limit :limit) s")
        .param("ipv4", IdentifierPatterns.IPV4)
        .param("ipv6", IdentifierPatterns.IPV6)
        .param("email", IdentifierPatterns.EMAIL)
        .param("limit", scanLimit)
        .query(
            (rs, i) ->
                new TableScan(
                    rows,
                    rs.getLong("scanned"),
                    Map.of(
                        "IPv4 address", rs.getLong("ipv4"),
                        "IPv6 address", rs.getLong("ipv6"),
                        "e-mail address", rs.getLong("email"))))
        .single();
  }

  /** Every table of the schema is covered by a store or declared free of personal data. */
  private void checkTables(List<RetentionBinding> bindings, List<Violation> violations) {
    Set<String> known = new HashSet<>();
    retention.stores().forEach(s -> known.addAll(s.tables()));
    bindings.forEach(b -> known.addAll(b.store().tables()));
    declared.forEach(d -> known.addAll(d.withoutPersonalData().keySet()));
    List<String> tables =
        jdbc.sql(
                """
                select c.relname from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = current_schema() and c.relkind in ('r', 'p')
                  and not c.relispartition
                order by c.relname
                """)
            .query(String.class)
            .list();
    for (String table : tables) {
      if (!known.contains(table)) {
        violations.add(
            new Violation(
                Violation.Kind.UNREGISTERED_TABLE,
                "*",
                table,
                "no retention store covers this table and no module declares it free of personal"
                    + " data: its data is neither expired nor reachable by rights requests."
                    + " Register a RetentionStore for it, or declare it through DeclaredTables."));
      }
    }
  }
}
