package dev.pledge.server.incidents;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console API for breach incidents: open one and read it back with its counts and clocks — the
 * same as the console's Incidents page. Operator session and CSRF token as for the rest of the
 * console API; invalid input gets 400 with an {@code errors} object.
 */
@RestController
class IncidentsApiController {

  private final Incidents incidents;

  IncidentsApiController(Incidents incidents) {
    this.incidents = incidents;
  }

  /** What an operator sends; every field a string, list or flag, so that nothing fails to parse. */
  record NewIncidentJson(
      String property,
      String title,
      String whatHappened,
      String discoveredAt,
      List<String> stores,
      List<String> categories,
      Boolean highRisk) {}

  @PostMapping("/console/api/incidents")
  ResponseEntity<Object> open(
      @RequestBody(required = false) NewIncidentJson in, Principal operator) {
    if (in == null) {
      throw new IncidentInputException(
          "body",
          "Send a JSON object with property, title, whatHappened, discoveredAt and categories.");
    }
    Instant discovered = null;
    if (in.discoveredAt() != null) {
      try {
        discovered = Instant.parse(in.discoveredAt().strip());
      } catch (DateTimeParseException e) {
        throw new IncidentInputException(
            "discoveredAt", "Write the time as ISO-8601 in UTC, e.g. 2026-12-06T09:30:00Z.");
      }
    }
    Incident i =
        incidents.open(
            new NewIncident(
                in.property(),
                in.title(),
                in.whatHappened(),
                discovered,
                in.stores(),
                in.categories(),
                Boolean.TRUE.equals(in.highRisk())),
            "operator:" + operator.getName());
    return ResponseEntity.status(HttpStatus.CREATED)
        .location(URI.create("/console/incidents/" + i.id()))
        .body(json(i));
  }

  @GetMapping("/console/api/incidents/{id}")
  ResponseEntity<Object> one(@PathVariable String id) {
    return incidents
        .find(id)
        .<ResponseEntity<Object>>map(i -> ResponseEntity.ok(json(i)))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("errors", Map.of("incident", "No incident has this id."))));
  }

  @ExceptionHandler(IncidentInputException.class)
  ResponseEntity<Object> invalid(IncidentInputException e) {
    return ResponseEntity.badRequest().body(Map.of("errors", e.errors()));
  }

  private Map<String, Object> json(Incident i) {
    Instant now = incidents.now();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("property", i.property());
    m.put("title", i.title());
    m.put("status", i.status());
    m.put("discoveredAt", i.discoveredAt());
    m.put("stores", i.stores());
    m.put("categories", i.categories());
    m.put("highRisk", i.highRisk());
    m.put(
        "affected",
        Map.of(
            "people", i.affected().people(),
            "byRegion", i.affected().byRegion(),
            "byLaw", i.affected().byLaw(),
            "storesReached", i.affected().stores(),
            "storesNotListable", i.affected().unlisted()));
    m.put(
        "clocks",
        incidents.clocks(i).stream()
            .map(
                c -> {
                  Map<String, Object> cm = new LinkedHashMap<>();
                  cm.put("clock", c.key());
                  cm.put("what", c.label());
                  cm.put("dueAt", c.due());
                  cm.put("metAt", c.metAt());
                  cm.put("state", c.state(now));
                  return cm;
                })
            .toList());
    m.put("closedAt", i.closedAt());
    return m;
  }
}
