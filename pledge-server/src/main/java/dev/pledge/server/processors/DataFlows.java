package dev.pledge.server.processors;

import dev.pledge.policy.Processor;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The data flows of a property, for the console: each processor its policy declares, with the
 * categories, region and safeguard declared, beside what the gate let through to it, per category.
 */
@Service
public class DataFlows {

  private final PolicyCatalog catalog;
  private final JdbcClient jdbc;

  DataFlows(PolicyCatalog catalog, JdbcClient jdbc) {
    this.catalog = catalog;
    this.jdbc = jdbc;
  }

  /**
   * One processor's flow.
   *
   * @param name as the policy lists it
   * @param role its kind of service
   * @param categories the categories the policy declares it receives
   * @param region where it processes, or null when in every region the data lives in
   * @param safeguard the transfer safeguard's key, or null
   * @param sent sendings counted per category, for every category ever sent (declared ones first)
   */
  public record Flow(
      String name,
      String role,
      List<String> categories,
      String region,
      String safeguard,
      Map<String, Long> sent) {}

  /** The property's processors with their counts, in policy order. */
  public List<Flow> of(String propertyId) {
    ServedProperty property =
        catalog
            .byId(propertyId)
            .orElseThrow(() -> new IllegalArgumentException("no served property " + propertyId));
    return property.policy().processors().stream().map(p -> flow(propertyId, p)).toList();
  }

  private Flow flow(String propertyId, Processor p) {
    Map<String, Long> sent = new LinkedHashMap<>();
    jdbc.sql(
            """
            select category, sum(transfers) as n from processor_transfer
            where property_id = :property and processor = :processor
            group by category order by category
            """)
        .param("property", propertyId)
        .param("processor", p.name())
        .query((rs, i) -> Map.entry(rs.getString("category"), rs.getLong("n")))
        .list()
        .forEach(e -> sent.put(e.getKey(), e.getValue()));
    return new Flow(
        p.name(),
        p.role(),
        p.categories(),
        p.region(),
        p.safeguard() == null ? null : p.safeguard().key(),
        sent);
  }
}
