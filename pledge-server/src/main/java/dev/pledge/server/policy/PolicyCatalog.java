package dev.pledge.server.policy;

import dev.pledge.policy.PolicyProblem;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.shared.PropertyId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The properties this server serves, each with its policy. Loaded once at start-up; an invalid
 * policy stops the start with every problem listed, because serving a policy that cannot be
 * enforced would publish promises nobody keeps.
 */
@Service
public class PolicyCatalog {

  private static final Logger log = LoggerFactory.getLogger(PolicyCatalog.class);

  private final Map<PropertyId, ServedProperty> byId = new LinkedHashMap<>();
  private final Map<String, ServedProperty> byHost = new LinkedHashMap<>();

  PolicyCatalog(PledgeSettings settings, JdbcClient jdbc) {
    for (String location : settings.policies()) {
      add(PolicySource.load(location));
    }
    byId.values().forEach(p -> recordVersion(jdbc, p));
  }

  private void add(PolicySource.Loaded loaded) {
    if (!loaded.result().ok()) {
      throw new InvalidPolicyException(
          loaded.location(),
          loaded.result().problems().stream().map(PolicyProblem::format).toList());
    }
    var policy = loaded.result().policy();
    PropertyId id = new PropertyId(policy.property().id());
    ServedProperty property = new ServedProperty(id, policy, loaded.location(), loaded.sha256());
    if (byId.putIfAbsent(id, property) != null) {
      throw new InvalidPolicyException(
          loaded.location(),
          List.of("property id '" + id + "' is already served by " + byId.get(id).source()));
    }
    List<String> hosts = new ArrayList<>(property.domains());
    hosts.add(property.localHost());
    for (String host : hosts) {
      ServedProperty other = byHost.putIfAbsent(host.toLowerCase(Locale.ROOT), property);
      if (other != null) {
        throw new InvalidPolicyException(
            loaded.location(),
            List.of("domain '" + host + "' is already claimed by property '" + other.id() + "'"));
      }
    }
  }

  /** Remembers each policy version served, so changes can be announced and audited later. */
  private static void recordVersion(JdbcClient jdbc, ServedProperty p) {
    int inserted =
        jdbc.sql(
                """
                insert into policy_version (property_id, sha256, effective, source)
                values (:id, :sha, :effective, :source)
                on conflict (property_id, sha256) do nothing
                """)
            .param("id", p.id().value())
            .param("sha", p.sha256())
            .param("effective", p.policy().effective())
            .param("source", p.source())
            .update();
    if (inserted > 0) {
      log.info("Serving a new policy version for {} from {}", p.id(), p.source());
    }
  }

  public Collection<ServedProperty> all() {
    return byId.values();
  }

  public Optional<ServedProperty> byId(String id) {
    return byId.values().stream().filter(p -> p.id().value().equals(id)).findFirst();
  }

  /** The property a Host header names: one of its domains or {@code {id}.localhost}. */
  public Optional<ServedProperty> byHost(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return Optional.empty();
    }
    String host = hostHeader.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      return Optional.empty(); // an IPv6 literal never names a property
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return Optional.ofNullable(byHost.get(host));
  }
}
