package dev.pledge.server.console;

import dev.pledge.server.rights.ProcessingRestriction;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.rights.RightsRequests;
import dev.pledge.server.rights.SubjectRectifier;
import java.security.Principal;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The request page's actions that change processing (A-15, B-27, B-40): apply a restriction,
 * objection or opt-out, lift it again, and correct a field for a rectification. Corrected values
 * never appear in messages, logs or the history.
 */
@Controller
class RequestProcessingController {

  private final RightsRequests requests;
  private final ProcessingRestrictions restrictions;
  private final SubjectRectifier rectifier;

  RequestProcessingController(
      RightsRequests requests, ProcessingRestrictions restrictions, SubjectRectifier rectifier) {
    this.requests = requests;
    this.restrictions = restrictions;
    this.rectifier = rectifier;
  }

  @PostMapping("/console/requests/{reference}/processing/apply")
  String apply(@PathVariable String reference, Principal operator, RedirectAttributes redirect) {
    exists(reference);
    try {
      ProcessingRestrictions.Applied applied = restrictions.apply(reference, actor(operator));
      ProcessingRestriction p = applied.restriction();
      redirect.addFlashAttribute(
          "done",
          applied.alreadyInEffect()
              ? "Already in effect since "
                  + ComplianceController.time(p.since())
                  + " (request "
                  + p.requestReference()
                  + "): nothing changed."
              : "Stopped: " + p.stopsInWords() + ". Modules asking the gate now skip the person.");
    } catch (IllegalStateException e) {
      redirect.addFlashAttribute("problem", capitalised(e.getMessage()) + ".");
    }
    return back(reference);
  }

  @PostMapping("/console/requests/{reference}/processing/lift")
  String lift(
      @PathVariable String reference,
      @RequestParam(name = "reason", required = false) String reason,
      Principal operator,
      RedirectAttributes redirect) {
    exists(reference);
    try {
      List<ProcessingRestriction> lifted = restrictions.lift(reference, reason, actor(operator));
      redirect.addFlashAttribute(
          "done",
          "Lifted: "
              + String.join(", ", lifted.stream().map(ProcessingRestriction::stopsInWords).toList())
              + ".");
    } catch (IllegalArgumentException | IllegalStateException e) {
      redirect.addFlashAttribute("problem", capitalised(e.getMessage()) + ".");
    }
    return back(reference);
  }

  @PostMapping("/console/requests/{reference}/rectify")
  String rectify(
      @PathVariable String reference,
      @RequestParam(name = "target", required = false) String target,
      @RequestParam(name = "value", required = false) String value,
      Principal operator,
      RedirectAttributes redirect) {
    exists(reference);
    int bar = target == null ? -1 : target.lastIndexOf('|');
    if (bar <= 0) {
      redirect.addFlashAttribute("problem", "Choose the field to correct from the list.");
      return back(reference);
    }
    try {
      SubjectRectifier.Rectified done =
          rectifier.rectify(
              reference,
              target.substring(0, bar),
              target.substring(bar + 1),
              value,
              actor(operator));
      redirect.addFlashAttribute(
          "done",
          "Corrected "
              + done.field()
              + " in "
              + done.store()
              + ": "
              + done.items()
              + (done.items() == 1 ? " item" : " items")
              + " changed. The audit entry and the history record the field, not the values.");
    } catch (IllegalArgumentException | IllegalStateException e) {
      redirect.addFlashAttribute("problem", capitalised(e.getMessage()) + ".");
    }
    return back(reference);
  }

  private void exists(String reference) {
    try {
      requests.byReference(reference).orElseThrow();
    } catch (NoSuchElementException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No request " + reference);
    }
  }

  static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String back(String reference) {
    return "redirect:/console/requests/" + reference;
  }

  private static String actor(Principal operator) {
    return "operator:" + operator.getName();
  }
}
