package dev.pledge.server.accounts;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Purpose;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.rights.ObjectionPurpose;
import dev.pledge.server.rights.ProcessingPurpose;
import dev.pledge.server.rights.ProcessingRestriction;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequests;
import dev.pledge.server.studio.Studio;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the "your data" dashboard shows (B-28, B-29): per category of the studio's policy, what it
 * is, how many items of the person's the registered stores hold now, why, and for how long — read
 * from the policy and the engine's stores, so a module that registers a store appears here without
 * changing this page; what processing the person stopped; and their rights requests.
 */
@Component
class PrivacyDashboard {

  /** One category as the dashboard shows it. */
  record Held(
      String id,
      String title,
      List<String> fields,
      List<String> purposes,
      long items,
      String retention) {}

  /** An objection the person can make or withdraw. */
  record Objection(String purpose, boolean active, String reference) {}

  private final Studio studio;
  private final RetentionEngine engine;
  private final RightsRequests requests;
  private final ProcessingRestrictions restrictions;
  private final RetentionWords words;
  private final PolicyWords policyWords;

  PrivacyDashboard(
      Studio studio,
      RetentionEngine engine,
      RightsRequests requests,
      ProcessingRestrictions restrictions,
      RetentionWords words,
      PolicyWords policyWords) {
    this.studio = studio;
    this.engine = engine;
    this.requests = requests;
    this.restrictions = restrictions;
    this.words = words;
    this.policyWords = policyWords;
  }

  List<Held> held(String accountId, Locale locale) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (RetentionStore store : engine.stores()) {
      if (store.property().equals(studio.property().id())
          && store instanceof SubjectErasure s
          && s.findsSubjects()) {
        counts.merge(store.category(), s.count(accountId), Long::sum);
      }
    }
    List<Held> out = new ArrayList<>();
    for (DataCategory c : studio.policy().categories()) {
      if (c.collected() != DataCategory.Collected.YES || !c.personal()) {
        continue;
      }
      out.add(
          new Held(
              c.id(),
              policyWords.category(c.id(), c.title(), locale),
              c.fields(),
              c.purposes().stream().map(p -> purposeTitle(p, locale)).toList(),
              counts.getOrDefault(c.id(), 0L),
              words.describe(c.retention(), locale)));
    }
    return out;
  }

  private String purposeTitle(String id, Locale locale) {
    String title = studio.policy().purpose(id).map(Purpose::title).orElse(id);
    return policyWords.purpose(id, title, locale);
  }

  /** Whether processing of the account's data is restricted as a whole. */
  boolean restricted(String accountId) {
    return restrictions.active(studio.id(), accountId).stream().anyMatch(r -> r.stops().isEmpty());
  }

  /** The objections the policy allows, each with whether it is in effect and its request. */
  List<Objection> objections(String accountId) {
    List<ProcessingRestriction> active = restrictions.active(studio.id(), accountId);
    List<Objection> out = new ArrayList<>();
    for (ObjectionPurpose p : ObjectionPurpose.values()) {
      ProcessingPurpose stops = ProcessingPurpose.of(p);
      var in = active.stream().filter(r -> r.stops().map(stops::equals).orElse(false)).findFirst();
      out.add(
          new Objection(
              p.key(),
              in.isPresent(),
              in.map(ProcessingRestriction::requestReference).orElse(null)));
    }
    return out;
  }

  List<RightsRequest> requestsOf(StudioAccount a) {
    return requests.ofPerson(studio.id(), a.id(), a.email());
  }
}
