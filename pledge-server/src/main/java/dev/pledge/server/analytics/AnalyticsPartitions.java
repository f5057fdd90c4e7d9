package dev.pledge.server.analytics;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Partitions of the raw event table, and of the visits derived from it: one per property, each
 * split by day. They are created a few days ahead so ingest never waits for DDL, and a day leaves
 * the retention window by a partition drop, not a scan — per property, since each policy
 * sets its own retention. A day's events and visits are created and dropped together.
 */
@Component
class AnalyticsPartitions {

  static final String PARENT = "analytics_event";

  /** The visits derived from the raw events: raw data too, partitioned and dropped the same way. */
  static final String VISITS = "analytics_visit";

  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

  private final JdbcClient jdbc;

  AnalyticsPartitions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Table names are built from a validated property id and a date only, never from input. */
  static String propertyTable(String propertyId) {
    return propertyTable(PARENT, propertyId);
  }

  private static String propertyTable(String table, String propertyId) {
    if (!propertyId.matches("[a-z0-9][a-z0-9-]{0,40}")) {
      throw new IllegalArgumentException("not a property id: " + propertyId);
    }
    return table + "_" + propertyId.replace('-', '_');
  }

  static String dayTable(String propertyId, LocalDate day) {
    return dayTable(PARENT, propertyId, day);
  }

  private static String dayTable(String table, String propertyId, LocalDate day) {
    return propertyTable(table, propertyId) + "_" + SUFFIX.format(day);
  }

  /** Creates the partitions of {@code propertyId} for {@code from} through {@code to}. */
  void ensure(String propertyId, LocalDate from, LocalDate to) {
    for (String table : List.of(PARENT, VISITS)) {
      String parent = propertyTable(table, propertyId);
      jdbc.sql(
              "create table if not exists "
                  + parent
                  + " partition of "
                  + table
                  + " for values in ('"
                  + propertyId
                  + "') partition by range (day)")
          .update();
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        jdbc.sql(
                "create table if not exists "
                    + dayTable(table, propertyId, d)
                    + " partition of "
                    + parent
                    + " for values from ('"
                    + d
                    + "') to ('"
                    + d.plusDays(1)
                    + "')")
            .update();
      }
    }
  }

  /** The days of {@code propertyId} that have a partition, oldest first. */
  List<LocalDate> days(String propertyId) {
    String parent = propertyTable(propertyId);
    return jdbc
        .sql(
            """
            select c.relname from pg_inherits i
            join pg_class c on c.oid = i.inhrelid
            join pg_class p on p.oid = i.inhparent
            where p.relname = :parent order by c.relname
            """)
        .param("parent", parent)
        .query(String.class)
        .list()
        .stream()
        .map(name -> LocalDate.parse(name.substring(parent.length() + 1), SUFFIX))
        .toList();
  }

  /**
   * Drops one day of one property, its events and its visits: a catalogue change, whatever the
   * number of rows.
   */
  void drop(String propertyId, LocalDate day) {
    jdbc.sql(
            "drop table if exists "
                + dayTable(PARENT, propertyId, day)
                + ", "
                + dayTable(VISITS, propertyId, day))
        .update();
  }
}
