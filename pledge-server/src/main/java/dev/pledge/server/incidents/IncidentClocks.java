package dev.pledge.server.incidents;

import dev.pledge.policy.BreachPolicy;
import dev.pledge.policy.PolicyDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident's clocks from the policy's breach section: contained and assessed (B-35) and the
 * regulator told (GDPR Art. 33), both counted from discovery; the affected people told (B-36) once
 * the risk to them is high — counted from the moment it was found high, because a clock of "at
 * once" counted from discovery would be overdue before anyone could know the risk.
 */
final class IncidentClocks {

  private IncidentClocks() {}

  static List<IncidentClock> of(Incident i, BreachPolicy policy) {
    List<IncidentClock> clocks = new ArrayList<>();
    if (policy == null) {
      return clocks;
    }
    if (policy.containWithin() != null) {
      clocks.add(
          clock(
              "contain",
              "Contain and assess",
              i.discoveredAt(),
              policy.containWithin(),
              i.containedAt()));
    }
    if (policy.notifyRegulatorWithin() != null) {
      clocks.add(
          clock(
              "regulator",
              "Notify the regulator",
              i.discoveredAt(),
              policy.notifyRegulatorWithin(),
              i.regulatorNotifiedAt()));
    }
    if (i.highRisk() && policy.notifyPeopleWithin() != null) {
      clocks.add(
          clock(
              "people",
              "Notify the affected people",
              i.highRiskSince(),
              policy.notifyPeopleWithin(),
              i.peopleNotifiedAt()));
    }
    return clocks;
  }

  private static IncidentClock clock(
      String key, String label, Instant from, PolicyDuration within, Instant met) {
    Instant due =
        within.addTo(LocalDateTime.ofInstant(from, ZoneOffset.UTC)).toInstant(ZoneOffset.UTC);
    return new IncidentClock(key, label, Duration.between(from, due), due, met);
  }
}
