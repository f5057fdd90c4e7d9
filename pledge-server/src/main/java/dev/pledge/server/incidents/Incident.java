package dev.pledge.server.incidents;

import java.time.Instant;
import java.util.List;

/** One breach incident as recorded; its clocks come from {@link IncidentClocks}. */
record Incident(
    String id,
    String property,
    String title,
    String whatHappened,
    Instant discoveredAt,
    Instant openedAt,
    String openedBy,
    List<String> stores,
    List<String> categories,
    Affected affected,
    boolean highRisk,
    Instant highRiskSince,
    Instant containedAt,
    String assessment,
    Instant regulatorNotifiedAt,
    Instant peopleNotifiedAt,
    Integer peopleNotified,
    Instant disclosedAt,
    String publicSummary,
    String remediation,
    String lessons,
    Instant closedAt) {

  public boolean closed() {
    return closedAt != null;
  }

  public String status() {
    if (closedAt != null) {
      return "closed";
    }
    return containedAt == null ? "open" : "contained";
  }
}
