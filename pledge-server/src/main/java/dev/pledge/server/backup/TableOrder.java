package dev.pledge.server.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application's tables (partitions included, their partitioned parents hold no rows of their
 * own), ordered so that a table comes after every table its foreign keys point to: the order a
 * restore loads them in without deferring constraints.
 */
final class TableOrder {

  private TableOrder() {}

  static List<String> loadOrder(Connection c) throws SQLException {
    Set<String> tables = new TreeSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            """
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = current_schema() and c.relkind = 'r' and c.relname <> ?
                """); ) {
      s.setString(1, DatabaseCopy.FLYWAY_TABLE);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
    }
    Map<String, Set<String>> refersTo = new HashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                """
                select distinct t.relname, f.relname from pg_constraint k
                join pg_class t on t.oid = k.conrelid
                join pg_class f on f.oid = k.confrelid
                join pg_namespace n on n.oid = t.relnamespace
                where k.contype = 'f' and n.nspname = current_schema()
                """);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        if (!r.getString(1).equals(r.getString(2))) {
          refersTo.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(r.getString(2));
        }
      }
    }
    return order(tables, refersTo);
  }

  /** Referenced tables first, otherwise by name; a cycle (none today) keeps the rest by name. */
  static List<String> order(Set<String> tables, Map<String, Set<String>> refersTo) {
    List<String> out = new ArrayList<>();
    Set<String> left = new TreeSet<>(tables);
    while (!left.isEmpty()) {
      String next =
          left.stream()
              .filter(
                  t -> refersTo.getOrDefault(t, Set.of()).stream().noneMatch(d -> left.contains(d)))
              .findFirst()
              .orElse(left.iterator().next());
      out.add(next);
      left.remove(next);
    }
    return out;
  }
}
