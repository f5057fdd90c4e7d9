package dev.pledge.server.incidents;

import dev.pledge.policy.Law;
import dev.pledge.policy.Policy;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.SubjectErasure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Counts the people a breach affects from the data map: the engine's stores of the property that
 * hold an affected category (or were named), each asked for the people it holds items of; each
 * person is counted once, by their account's storage region and the law the policy names for them.
 */
@Component
class AffectedPeople {

  static final String UNKNOWN_REGION = "unknown";
  static final String NO_LAW = "no law named in the policy";

  private final RetentionEngine engine;
  private final StudioAccounts accounts;

  AffectedPeople(RetentionEngine engine, StudioAccounts accounts) {
    this.engine = engine;
    this.accounts = accounts;
  }

  /** The engine's stores of {@code property}, by name: what an operator may name as affected. */
  List<RetentionStore> storesOf(String property) {
    return engine.stores().stream().filter(s -> s.property().value().equals(property)).toList();
  }

  /**
   * The stores a breach of {@code categories} and {@code storeNames} in {@code property} reaches.
   */
  List<RetentionStore> reached(
      String property, Collection<String> storeNames, Collection<String> categories) {
    return storesOf(property).stream()
        .filter(s -> storeNames.contains(s.name()) || categories.contains(s.category()))
        .toList();
  }

  Affected count(
      Policy policy,
      String property,
      Collection<String> storeNames,
      Collection<String> categories) {
    Set<String> people = new LinkedHashSet<>();
    List<String> stores = new ArrayList<>();
    List<String> unlisted = new ArrayList<>();
    for (RetentionStore s : reached(property, storeNames, categories)) {
      stores.add(s.name());
      Optional<Set<String>> in =
          s instanceof SubjectErasure e && e.findsSubjects() ? e.subjects() : Optional.empty();
      in.ifPresentOrElse(people::addAll, () -> unlisted.add(s.name()));
    }
    Map<String, Long> byRegion = new TreeMap<>();
    Map<String, Long> byLaw = new TreeMap<>();
    for (String id : people) {
      Optional<StudioAccount> a = accounts.byId(id);
      String region = a.map(StudioAccount::region).filter(r -> !r.isBlank()).orElse(UNKNOWN_REGION);
      String law = a.map(StudioAccount::lawId).flatMap(policy::law).map(Law::name).orElse(NO_LAW);
      byRegion.merge(region, 1L, Long::sum);
      byLaw.merge(law, 1L, Long::sum);
    }
    return new Affected(people.size(), byRegion, byLaw, stores, unlisted);
  }

  /** The ids of the people in the reached stores, each once. */
  Set<String> ids(String property, Collection<String> storeNames, Collection<String> categories) {
    Set<String> people = new LinkedHashSet<>();
    for (RetentionStore s : reached(property, storeNames, categories)) {
      if (s instanceof SubjectErasure e && e.findsSubjects()) {
        e.subjects().ifPresent(people::addAll);
      }
    }
    return people;
  }
}
