package dev.pledge.server;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Warns at start-up when the database could lose what Pledge confirms: a 202 from {@code
 * /api/event}, a verified request or an audit entry is only stored if it survives a crash. The
 * embedded PostgreSQL is configured durable; an external one is the operator's to configure, and
 * its settings are read as this server's own sessions see them (a role or database may override
 * them).
 */
@Component
class DatabaseDurabilityCheck {

  private static final Logger log = LoggerFactory.getLogger(DatabaseDurabilityCheck.class);

  /** Each setting, and the value that loses data. */
  private static final Map<String, String> UNSAFE =
      Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off");

  private final JdbcClient jdbc;
  private final PledgeSettings settings;

  DatabaseDurabilityCheck(JdbcClient jdbc, PledgeSettings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
  }

  @EventListener(ApplicationReadyEvent.class)
  void warnIfNotDurable() {
    if (settings.maintenance()) {
      return; // a CLI command on a deployment's database: the server's log has said it already
    }
    List<String> off = settingsOff();
    if (!off.isEmpty()) {
      log.warn(
          "The database runs with {}: a write Pledge has confirmed (an event answered 202, a"
              + " verified request, an audit entry) can be lost in a crash of the database's"
              + " machine{}. Turn {} on in the database's postgresql.conf (or remove the ALTER"
              + " ROLE/ALTER DATABASE ... SET that turns {} off for this role or database), then"
              + " reload it with SELECT pg_reload_conf() and restart Pledge.",
          String.join(", ", off),
          off.stream().anyMatch(s -> !s.startsWith("synchronous_commit"))
              ? ", and the database itself can be corrupted"
              : "",
          off.size() == 1 ? "it" : "them",
          off.size() == 1 ? "it" : "them");
    }
  }

  /** The unsafe settings in force, as {@code name=value}; empty when durable. */
  List<String> settingsOff() {
    return jdbc
        .sql("select name, setting from pg_settings where name in (:names) order by name")
        .param("names", List.copyOf(UNSAFE.keySet()))
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .filter(e -> UNSAFE.get(e.getKey()).equals(e.getValue()))
        .map(e -> e.getKey() + "=" + e.getValue())
        .toList();
  }
}
