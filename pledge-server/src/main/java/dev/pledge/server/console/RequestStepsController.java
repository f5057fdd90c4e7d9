package dev.pledge.server.console;

import dev.pledge.server.rights.RequestChecklist;
import dev.pledge.server.rights.RequestStep;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A request's manual steps (B-29), on its console page and in the JSON API: add a step for a system
 * outside Pledge, mark one done with its evidence. The operator's name is recorded with each.
 */
@Controller
class RequestStepsController {

  private final RequestChecklist checklist;

  RequestStepsController(RequestChecklist checklist) {
    this.checklist = checklist;
  }

  @PostMapping("/console/requests/{reference}/steps")
  String add(
      @PathVariable String reference,
      @RequestParam(name = "title", required = false) String title,
      Principal operator,
      RedirectAttributes redirect) {
    try {
      checklist.add(reference, title, actor(operator));
      redirect.addFlashAttribute("done", "Step added.");
    } catch (IllegalArgumentException | IllegalStateException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    } catch (NoSuchElementException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No request " + reference);
    }
    return "redirect:/console/requests/" + reference;
  }

  @PostMapping("/console/requests/{reference}/steps/{id}/done")
  String done(
      @PathVariable String reference,
      @PathVariable long id,
      @RequestParam(name = "evidence", required = false) String evidence,
      Principal operator,
      RedirectAttributes redirect) {
    try {
      checklist.done(reference, id, evidence, actor(operator));
      redirect.addFlashAttribute("done", "Step marked done.");
    } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/console/requests/" + reference;
  }

  /**
   * What a script sends: {@code title} adds a step; {@code id} and {@code evidence} mark one done.
   */
  record StepJson(String title, Long id, String evidence) {}

  @GetMapping("/console/api/requests/{reference}/steps")
  @ResponseBody
  ResponseEntity<Object> list(@PathVariable String reference) {
    try {
      return ResponseEntity.ok(Map.of("steps", checklist.steps(reference)));
    } catch (NoSuchElementException e) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("errors", Map.of("reference", e.getMessage())));
    }
  }

  @PostMapping("/console/api/requests/{reference}/steps")
  @ResponseBody
  ResponseEntity<Object> change(
      @PathVariable String reference,
      @RequestBody(required = false) StepJson in,
      Principal operator) {
    if (in == null || (in.title() == null) == (in.id() == null)) {
      return invalid(
          "body",
          "Send {\"title\": \"…\"} to add a step, or {\"id\": 12, \"evidence\": \"…\"} to mark"
              + " one done.");
    }
    try {
      if (in.title() != null) {
        RequestStep added = checklist.add(reference, in.title(), actor(operator));
        return ResponseEntity.status(HttpStatus.CREATED).body(added);
      }
      return ResponseEntity.ok(checklist.done(reference, in.id(), in.evidence(), actor(operator)));
    } catch (IllegalArgumentException e) {
      return invalid(in.title() != null ? "title" : "evidence", e.getMessage());
    } catch (IllegalStateException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body(Map.of("errors", Map.of("status", e.getMessage())));
    } catch (NoSuchElementException e) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("errors", Map.of(in.id() != null ? "id" : "reference", e.getMessage())));
    }
  }

  private static ResponseEntity<Object> invalid(String field, String message) {
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put(field, message);
    return ResponseEntity.badRequest().body(Map.of("errors", errors));
  }

  private static String actor(Principal operator) {
    return "operator:" + operator.getName();
  }
}
