package dev.pledge.server.console;

import dev.pledge.server.rights.RequestErasures;
import java.security.Principal;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasure for scripts, as the console's "Erase now": {@code POST} schedules the job (202; again
 * while it runs changes nothing), {@code GET} says where it stands and, once done, gives the
 * receipt.
 */
@RestController
class RequestErasureApiController {

  private final RequestErasures erasures;

  RequestErasureApiController(RequestErasures erasures) {
    this.erasures = erasures;
  }

  @PostMapping("/console/api/requests/{reference}/erase")
  ResponseEntity<Object> erase(@PathVariable String reference, Principal operator) {
    try {
      boolean scheduled = erasures.schedule(reference, "operator:" + operator.getName());
      return ResponseEntity.status(HttpStatus.ACCEPTED)
          .header("Location", "/console/api/requests/" + reference + "/erase")
          .body(Map.of("erasure", "running", "scheduled", scheduled));
    } catch (NoSuchElementException e) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("errors", Map.of("reference", e.getMessage())));
    } catch (IllegalStateException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body(Map.of("errors", Map.of("status", e.getMessage())));
    }
  }

  @GetMapping("/console/api/requests/{reference}/erase")
  ResponseEntity<Object> state(@PathVariable String reference) {
    RequestErasures.State state = erasures.state(reference);
    if (state == RequestErasures.State.NONE) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("errors", Map.of("reference", "No erasure for request " + reference + ".")));
    }
    return ResponseEntity.ok(
        Map.of(
            "erasure",
            state.name().toLowerCase(java.util.Locale.ROOT),
            "receipt",
            erasures.receipt(reference).orElse(java.util.List.of())));
  }
}
