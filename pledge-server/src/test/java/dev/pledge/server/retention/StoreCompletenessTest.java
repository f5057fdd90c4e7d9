package dev.pledge.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The store SPI is complete: every table of the schema with a column that refers to a person is
 * covered by a registered store or declared free of personal data, so erasure, access and retention
 * cannot miss it (issue 6).
 */
@WithRunningServer
class StoreCompletenessTest {

  static final List<String> SUBJECT_COLUMNS =
      List.of("subject_id", "subject", "requester_address", "email", "user_id", "account_id");

  @Autowired RetentionEngine engine;
  @Autowired List<DeclaredTables> declared;
  @Autowired JdbcClient jdbc;

  @Test
  @DisplayName("A-15 B-27 every table with a subject column is covered by a store or declared")
  void everySubjectTableIsCovered() {
    List<String> tables =
        jdbc.sql(
                """
                select distinct c.relname from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid
                where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
                  and not a.attisdropped and a.attname in (:columns)
                order by 1
                """)
            .param("columns", SUBJECT_COLUMNS)
            .query(String.class)
            .list();
    assertThat(tables).as("the rights requests hold a subject").contains("rights_request");

    Set<String> covered = new TreeSet<>();
    engine
        .stores()
        .forEach(s -> s.tables().forEach(t -> covered.add(t.replaceFirst("^public\\.", ""))));
    declared.forEach(d -> covered.addAll(d.withoutPersonalData().keySet()));

    List<String> missing = tables.stream().filter(t -> !covered.contains(t)).toList();
    assertThat(missing)
        .as(
            "tables with a subject column that no store covers: %s. Register a RetentionStore for"
                + " each (TableRetentionStore with .subjectColumn(...) so erasure and export find"
                + " the person, or list it in .alsoCovers(...) of the store its rows cascade"
                + " from), or, if it holds no personal data, declare it through a DeclaredTables"
                + " bean with the reason (docs/retention.md)",
            missing)
        .isEmpty();
  }
}
