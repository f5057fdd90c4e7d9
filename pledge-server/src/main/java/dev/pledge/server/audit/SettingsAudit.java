package dev.pledge.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * Records the settings that change what Pledge does with personal data, at every start where they
 * differ from the last ones recorded ({@code settings.changed}): Pledge's console has no settings
 * page, so a setting changes when the server is started with another value, and this is where a
 * regulator sees it. A value is written as configured, or {@code default}; for a setting that could
 * hold an address or a secret only whether it is set.
 */
final class SettingsAudit {

  static final String ACTION = "settings.changed";

  /** Settings recorded with their value. */
  static final List<String> VALUES =
      List.of(
          "pledge.retention.sweep-interval",
          "pledge.analytics.honour-opt-out-signals",
          "pledge.rights.verification-ttl",
          "pledge.rights.export-link-ttl",
          "pledge.rights.zone",
          "pledge.rights.mail-max-attempts",
          "pledge.mail.imap.host",
          "pledge.mail.imap.folder",
          "pledge.mail.imap.other-folders",
          "pledge.behind-tls-proxy",
          "pledge.audit.checkpoint-every");

  /** Settings recorded only as set or not: they may hold an address or a path. */
  static final List<String> PRESENCE =
      List.of("pledge.rights.operator-address", "pledge.analytics.geoip-database");

  private static final ObjectMapper JSON = new ObjectMapper();

  private SettingsAudit() {}

  /** The audited settings of {@code env}, in a fixed order. */
  static Map<String, Object> current(Environment env) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : VALUES) {
      String value = env.getProperty(key);
      out.put(key, value == null || value.isBlank() ? "default" : value.strip());
    }
    for (String key : PRESENCE) {
      String value = env.getProperty(key);
      out.put(key, value == null || value.isBlank() ? "not set" : "set");
    }
    return out;
  }

  /** Appends a {@code settings.changed} entry when the settings differ from the last recorded. */
  static Optional<AuditEntry> recordIfChanged(AuditTrail trail, Environment env) {
    Map<String, Object> now = current(env);
    Map<String, Object> before = trail.latest(ACTION).map(SettingsAudit::details).orElse(Map.of());
    Map<String, Object> previous = new LinkedHashMap<>(before);
    previous.remove("changed");
    if (previous.equals(now)) {
      return Optional.empty();
    }
    // Every audited setting, so the newest entry holds them all; "changed" counts the differences.
    AuditRecord record =
        AuditRecord.of("system:startup", ACTION)
            .detail(
                "changed",
                now.entrySet().stream()
                    .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                    .count());
    for (Map.Entry<String, Object> e : now.entrySet()) {
      record = record.detail(e.getKey(), e.getValue());
    }
    return Optional.of(trail.append(record));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> details(AuditEntry e) {
    try {
      return JSON.readValue(e.details(), Map.class);
    } catch (JsonProcessingException x) {
      return Map.of();
    }
  }
}
