package dev.pledge.server.console;

import dev.pledge.policy.Law;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RequesterAddress;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' JSON API for rights requests: open one that arrived by another way (support, a
 * letter, an authority's demand — B-26, B-29) and list the queue. Operator session and CSRF token
 * as for the console's forms (send the token as {@code X-CSRF-TOKEN}). Invalid input gets 400 with
 * an {@code errors} object: field → what is wrong and how to fix it.
 */
@RestController
class RequestsApiController {

  static final int LIST_LIMIT = 500;

  private final RightsRequests requests;
  private final PolicyCatalog catalog;

  RequestsApiController(RightsRequests requests, PolicyCatalog catalog) {
    this.requests = requests;
    this.catalog = catalog;
  }

  /** What an operator sends; every field a string or absent, so that nothing fails to parse. */
  record NewRequestJson(
      String property,
      String kind,
      String purpose,
      String channel,
      String email,
      String subjectId,
      String law,
      Boolean urgent,
      String note) {}

  /** A request as the API shows it. */
  record RequestJson(
      String reference,
      String property,
      String kind,
      String purpose,
      String channel,
      String requester,
      String subjectId,
      String law,
      boolean urgent,
      String status,
      Instant receivedAt,
      Instant dueAt,
      String dueBasis,
      String extensionReason,
      Instant closedAt) {

    static RequestJson of(RightsRequest r) {
      return new RequestJson(
          r.reference(),
          r.property(),
          r.kind().key(),
          r.purpose() == null ? null : r.purpose().key(),
          r.channel().key(),
          r.requesterAddress(),
          r.subjectId(),
          r.lawId(),
          r.urgent(),
          r.status().key(),
          r.receivedAt(),
          r.dueAt(),
          r.dueBasis(),
          r.extensionReason(),
          r.closedAt());
    }
  }

  @PostMapping("/console/api/requests")
  ResponseEntity<Object> open(
      @RequestBody(required = false) NewRequestJson in, Principal operator) {
    if (in == null) {
      return invalid(Map.of("body", "Send a JSON object with at least property and kind."));
    }
    Map<String, String> errors = new LinkedHashMap<>();
    Optional<ServedProperty> property =
        in.property() == null ? Optional.empty() : catalog.byId(in.property());
    if (property.isEmpty()) {
      errors.put("property", "Name a served property by its id, e.g. \"reference-site\".");
    }
    Optional<RightsRequestKind> kind = RequestKeys.kind(in.kind());
    if (kind.isEmpty()) {
      errors.put(
          "kind", "Use one of: " + keys(RightsRequestKind.values(), RightsRequestKind::key) + ".");
    }
    var purpose = RequestKeys.purpose(in.purpose());
    if (kind.filter(k -> k == RightsRequestKind.OBJECTION).isPresent() && purpose.isEmpty()) {
      errors.put(
          "purpose", "An objection names its purpose: analytics, marketing or model-training.");
    }
    if (kind.filter(k -> k != RightsRequestKind.OBJECTION).isPresent() && in.purpose() != null) {
      errors.put("purpose", "Only an objection names a purpose; leave it out.");
    }
    RequestChannel channel =
        in.channel() == null ? RequestChannel.API : RequestKeys.channel(in.channel()).orElse(null);
    if (channel == null) {
      errors.put(
          "channel",
          "Use one of: "
              + keys(RequestChannel.values(), RequestChannel::key)
              + ", or leave it out.");
    }
    if (in.email() != null && !RequesterAddress.valid(in.email())) {
      // The privacy center's own check: what the public form refuses, the API refuses too.
      errors.put(
          "email",
          "Give one address mail can be written to, like name@example.org (no name, no spaces),"
              + " or leave it out.");
    }
    if (in.law() != null
        && property.isPresent()
        && property.get().policy().laws().stream().map(Law::id).noneMatch(in.law()::equals)) {
      errors.put(
          "law",
          "The property's policy declares no such law; use one of its law ids ("
              + String.join(", ", property.get().policy().laws().stream().map(Law::id).toList())
              + ") or leave it out.");
    }
    if (kind.filter(k -> k == RightsRequestKind.AUTHORITY_DISCLOSURE).isPresent()
        && (in.note() == null || in.note().isBlank())) {
      errors.put(
          "note",
          "Record what was disclosed, when, to which authority and on what legal basis (B-26).");
    }
    if (in.note() != null && in.note().length() > 4000) {
      errors.put("note", "Keep the note to 4000 characters.");
    }
    if (!errors.isEmpty()) {
      return invalid(errors);
    }
    String actor = "operator:" + operator.getName();
    RightsRequest opened =
        requests.open(
            new NewRightsRequest(
                in.property(),
                kind.get(),
                purpose.orElse(null),
                channel,
                null,
                in.email(),
                in.subjectId(),
                in.law(),
                Boolean.TRUE.equals(in.urgent())),
            actor);
    if (in.note() != null && !in.note().isBlank()) {
      requests.note(opened.reference(), "note", in.note().strip(), actor);
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .header("Location", "/console/requests/" + opened.reference())
        .body(RequestJson.of(opened));
  }

  /** Requests in one status ({@code ?status=in-progress}), or every open one. */
  @GetMapping("/console/api/requests")
  ResponseEntity<Object> list(@RequestParam(name = "status", required = false) String status) {
    RightsRequestStatus wanted = null;
    if (status != null && !status.isBlank() && !status.equals("open")) {
      Optional<RightsRequestStatus> s = RequestKeys.status(status);
      if (s.isEmpty()) {
        return invalid(
            Map.of(
                "status",
                "Use open (the default) or one of: "
                    + keys(RightsRequestStatus.values(), RightsRequestStatus::key)
                    + "."));
      }
      wanted = s.get();
    }
    List<RequestJson> list =
        requests.list(wanted, LIST_LIMIT).stream().map(RequestJson::of).toList();
    return ResponseEntity.ok(Map.of("requests", list));
  }

  private static ResponseEntity<Object> invalid(Map<String, String> errors) {
    return ResponseEntity.badRequest().body(Map.of("errors", errors));
  }

  private static <T> String keys(T[] values, java.util.function.Function<T, String> key) {
    return String.join(", ", java.util.Arrays.stream(values).map(key).toList());
  }
}
