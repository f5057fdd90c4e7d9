package dev.pledge.server;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every row of every table, as text — what a full dump of the database would reveal. The embedded
 * PostgreSQL ships no pg_dump, and a row's text form holds every column.
 */
public final class DatabaseDump {

  private DatabaseDump() {}

  public static String allRows(JdbcClient jdbc) {
    List<String> tables =
        jdbc.sql(
                """
                select format('%I.%I', table_schema, table_name) from information_schema.tables
                where table_schema not in ('pg_catalog', 'information_schema')
                  and table_type = 'BASE TABLE'
                order by 1
                """)
            .query(String.class)
            .list();
    StringBuilder dump = new StringBuilder();
    for (String table : tables) {
      dump.append("-- ").append(table).append('\n');
      jdbc.sql("select t::text from " + table + " t")
          .query(String.class)
          .list()
          .forEach(row -> dump.append(row).append('\n'));
    }
    return dump.toString();
  }
}
