package dev.pledge.server.console;

import dev.pledge.server.rights.ProcessingRestriction;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequests;
import dev.pledge.server.rights.SubjectRectifier;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' JSON API for what a request changes in processing, next to {@link
 * RequestsApiController}: apply or lift a restriction, objection or opt-out, list the correctable
 * fields and correct one. Same session and {@code X-CSRF-TOKEN} as the rest of the API; 400 with an
 * {@code errors} object for bad input, 404 for an unknown request, 409 when the request's kind or
 * status does not allow the action.
 */
@RestController
class RequestProcessingApiController {

  private final RightsRequests requests;
  private final ProcessingRestrictions restrictions;
  private final SubjectRectifier rectifier;

  RequestProcessingApiController(
      RightsRequests requests, ProcessingRestrictions restrictions, SubjectRectifier rectifier) {
    this.requests = requests;
    this.restrictions = restrictions;
    this.rectifier = rectifier;
  }

  /** One thing a request stopped, as the API shows it. */
  record StoppedJson(
      String stops,
      String words,
      Instant since,
      String appliedBy,
      boolean active,
      Instant liftedAt,
      String liftedBy,
      String liftReason) {

    static StoppedJson of(ProcessingRestriction p) {
      return new StoppedJson(
          p.stopsKey(),
          p.stopsInWords(),
          p.since(),
          p.appliedBy(),
          p.active(),
          p.liftedAt(),
          p.liftedBy(),
          p.liftReason());
    }
  }

  record LiftJson(String reason) {}

  record RectifyJson(String store, String field, String value) {}

  @GetMapping("/console/api/requests/{reference}/processing")
  ResponseEntity<Object> stopped(@PathVariable String reference) {
    Optional<RightsRequest> r = requests.byReference(reference);
    if (r.isEmpty()) {
      return unknown(reference);
    }
    return ResponseEntity.ok(state(r.get()));
  }

  /**
   * Applies a restriction, objection or opt-out; applying again changes nothing (200 both times).
   */
  @PostMapping("/console/api/requests/{reference}/processing")
  ResponseEntity<Object> apply(@PathVariable String reference, Principal operator) {
    Optional<RightsRequest> r = requests.byReference(reference);
    if (r.isEmpty()) {
      return unknown(reference);
    }
    Optional<String> why = ProcessingRestrictions.whyNot(r.get());
    if (why.isPresent()) {
      return conflict(why.get());
    }
    try {
      ProcessingRestrictions.Applied applied = restrictions.apply(reference, actor(operator));
      Map<String, Object> body = state(r.get());
      body.put("alreadyInEffect", applied.alreadyInEffect());
      return ResponseEntity.ok(body);
    } catch (IllegalStateException e) {
      return conflict(e.getMessage());
    }
  }

  @PostMapping("/console/api/requests/{reference}/processing/lift")
  ResponseEntity<Object> lift(
      @PathVariable String reference,
      @RequestBody(required = false) LiftJson in,
      Principal operator) {
    Optional<RightsRequest> r = requests.byReference(reference);
    if (r.isEmpty()) {
      return unknown(reference);
    }
    try {
      restrictions.lift(reference, in == null ? null : in.reason(), actor(operator));
      return ResponseEntity.ok(state(r.get()));
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().body(Map.of("errors", Map.of("reason", e.getMessage())));
    } catch (IllegalStateException e) {
      return conflict(e.getMessage());
    }
  }

  @GetMapping("/console/api/requests/{reference}/rectification")
  ResponseEntity<Object> fields(@PathVariable String reference) {
    Optional<RightsRequest> r = requests.byReference(reference);
    if (r.isEmpty()) {
      return unknown(reference);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reference", reference);
    body.put("fields", rectifier.fields(r.get().property()));
    SubjectRectifier.whyNot(r.get()).ifPresent(w -> body.put("notNow", w));
    return ResponseEntity.ok(body);
  }

  /** Corrects one field for the requester; the answer names the store, field and count only. */
  @PostMapping("/console/api/requests/{reference}/rectification")
  ResponseEntity<Object> rectify(
      @PathVariable String reference,
      @RequestBody(required = false) RectifyJson in,
      Principal operator) {
    Optional<RightsRequest> r = requests.byReference(reference);
    if (r.isEmpty()) {
      return unknown(reference);
    }
    Optional<String> why = SubjectRectifier.whyNot(r.get());
    if (why.isPresent()) {
      return conflict(why.get());
    }
    Map<String, String> errors = new LinkedHashMap<>();
    if (in == null || in.store() == null || in.store().isBlank()) {
      errors.put("store", "Name the store, as listed by GET …/rectification.");
    }
    if (in == null || in.field() == null || in.field().isBlank()) {
      errors.put("field", "Name the field to correct, as listed by GET …/rectification.");
    }
    if (in == null || in.value() == null || in.value().isBlank()) {
      errors.put("value", "Give the corrected value.");
    }
    if (!errors.isEmpty()) {
      return ResponseEntity.badRequest().body(Map.of("errors", errors));
    }
    try {
      SubjectRectifier.Rectified done =
          rectifier.rectify(reference, in.store(), in.field(), in.value(), actor(operator));
      return ResponseEntity.ok(done);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      String key =
          m.startsWith("no store")
              ? "store"
              : m.contains("cannot be corrected") ? "field" : "value";
      return ResponseEntity.badRequest().body(Map.of("errors", Map.of(key, m)));
    } catch (IllegalStateException e) {
      return conflict(e.getMessage());
    }
  }

  private Map<String, Object> state(RightsRequest r) {
    List<ProcessingRestriction> done = restrictions.ofRequest(r.reference());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reference", r.reference());
    body.put("kind", r.kind().key());
    body.put("stopped", done.stream().map(StoppedJson::of).toList());
    if (!done.isEmpty()) {
      body.put("explanation", restrictions.explain(r));
    }
    return body;
  }

  private static ResponseEntity<Object> unknown(String reference) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Map.of("errors", Map.of("reference", "No request " + reference + ".")));
  }

  private static ResponseEntity<Object> conflict(String why) {
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(Map.of("errors", Map.of("request", why)));
  }

  private static String actor(Principal operator) {
    return "operator:" + operator.getName();
  }
}
