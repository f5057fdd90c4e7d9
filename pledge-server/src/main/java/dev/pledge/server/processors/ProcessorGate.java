package dev.pledge.server.processors;

import dev.pledge.policy.Policy;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one gate every sending of personal data to a processor passes (B-25, B-31): the AI model
 * providers, the payment processor, the mail relay and the object store each ask it right before
 * data leaves. It refuses (nothing may be sent) unless the property's policy declares the processor
 * with every category sent and, when the data lives in another region, a transfer there with the
 * right safeguard ({@link ProcessorRules}). What it lets through it counts per day, processor and
 * category in {@code processor_transfer} — counts only, never who or what.
 */
@Service
public class ProcessorGate {

  private static final Logger log = LoggerFactory.getLogger(ProcessorGate.class);

  private final PolicyCatalog catalog;
  private final JdbcClient jdbc;
  private final Clock clock;

  ProcessorGate(PolicyCatalog catalog, JdbcClient jdbc, Clock clock) {
    this.catalog = catalog;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Checks one sending and, when the policy allows it, counts it; the caller sends only after this
   * returns.
   *
   * @param property the property whose data it is
   * @param processor the processor's name, as the policy lists it
   * @param fromRegion where the data lives ({@code us}, {@code eu}, {@code apac}), or null when it
   *     is not tied to a region
   * @param consented whether the person agreed to this sending (for a consent-based transfer)
   * @param categories the categories sent
   * @throws ProcessorRefused when the policy does not allow it
   */
  public void send(
      String property,
      String processor,
      String fromRegion,
      boolean consented,
      Collection<String> categories) {
    send(property, processor, fromRegion, consented, categories, List.of());
  }

  /**
   * {@link #send} for a person who keeps earlier terms for what needs consent (B-37): a sending
   * that rests on a consent-based transfer must also be allowed by each of {@code keptTerms}.
   *
   * @param keptTerms the policy versions before the changes the person has not agreed to
   */
  public void send(
      String property,
      String processor,
      String fromRegion,
      boolean consented,
      Collection<String> categories,
      List<Policy> keptTerms) {
    Optional<ProcessorRefused> refused =
        check(property, processor, fromRegion, consented, categories)
            .or(
                () ->
                    ProcessorRules.refusalUnderKeptTerms(
                        policy(property), keptTerms, processor, fromRegion, categories));
    if (refused.isPresent()) {
      // Names the processor and categories only: no person, no content.
      log.warn("Processor gate: {}", refused.get().getMessage());
      throw refused.get();
    }
    LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    for (String category : new LinkedHashSet<>(categories)) {
      jdbc.sql(
              """
              insert into processor_transfer (day, property_id, processor, category, transfers)
              values (:day, :property, :processor, :category, 1)
              on conflict (day, property_id, processor, category)
              do update set transfers = processor_transfer.transfers + 1
              """)
          .param("day", Date.valueOf(day))
          .param("property", property)
          .param("processor", processor)
          .param("category", category)
          .update();
    }
  }

  /** {@link #send} for data not tied to a region and not resting on consent. */
  public void send(String property, String processor, String... categories) {
    send(property, processor, null, false, List.of(categories));
  }

  /** Why the policy does not allow the sending, or empty when it does; counts nothing. */
  public Optional<ProcessorRefused> check(
      String property,
      String processor,
      String fromRegion,
      boolean consented,
      Collection<String> categories) {
    return ProcessorRules.refusal(policy(property), processor, fromRegion, consented, categories);
  }

  /**
   * For a start-up check of a setting that names a processor: throws, naming the setting, the value
   * and the processors the policy lists, unless the policy declares that processor with every one
   * of {@code categories}.
   */
  public void requireDeclared(
      String setting, String property, String processor, Collection<String> categories) {
    Policy policy = policy(property);
    Set<String> missing = new LinkedHashSet<>(categories);
    policy.processors().stream()
        .filter(p -> p.name().equals(processor))
        .findFirst()
        .ifPresent(p -> missing.removeAll(p.categories()));
    boolean named = policy.processors().stream().anyMatch(p -> p.name().equals(processor));
    if (!named || !missing.isEmpty()) {
      throw new IllegalStateException(
          setting
              + " is '"
              + processor
              + "', but the policy of "
              + property
              + (named
                  ? " does not declare that it receives " + String.join(", ", missing)
                  : " lists no processor of that name (it lists: "
                      + ProcessorRules.names(policy)
                      + ")")
              + ". Set "
              + setting
              + " to a processor the policy declares for "
              + String.join(", ", categories)
              + ", or declare it in the policy's processors");
    }
  }

  private Policy policy(String property) {
    return catalog
        .byId(property)
        .map(ServedProperty::policy)
        .orElseThrow(() -> new IllegalArgumentException("no served property " + property));
  }
}
