package dev.pledge.server.incidents;

import java.time.Instant;
import java.util.List;

/** What an operator opens an incident with. */
record NewIncident(
    String property,
    String title,
    String whatHappened,
    Instant discoveredAt,
    List<String> stores,
    List<String> categories,
    boolean highRisk) {}
