package dev.pledge.server.policychanges;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The opt-in page (B-37): a change in force that needs the person's agreement, with its summary and
 * two answers. Declining keeps the previous terms for what needs consent; either answer is kept.
 */
@StudioController
class PolicyChangeController {

  static final String PATH = "/policy-changes";

  private final PolicyChanges changes;
  private final CurrentAccount current;

  PolicyChangeController(PolicyChanges changes, CurrentAccount current) {
    this.changes = changes;
    this.current = current;
  }

  @GetMapping(PATH + "/{id}")
  String page(@PathVariable String id, Model model) {
    current.requireId();
    PolicyChanges.Change change =
        changes
            .byId(parse(id))
            .filter(PolicyChanges.Change::needsOptIn)
            .orElseThrow(StudioNotFound::new);
    model.addAttribute("change", change);
    return "studio/policy-change";
  }

  @PostMapping(PATH + "/{id}")
  String decide(
      @PathVariable String id, @RequestParam(name = "decision", required = false) String decision) {
    String me = current.requireId();
    long changeId = parse(id);
    // An id that names no change waiting for an answer is not found, whatever else was sent.
    changes
        .byId(changeId)
        .filter(c -> c.needsOptIn() && c.inForce())
        .orElseThrow(StudioNotFound::new);
    if (!"accept".equals(decision) && !"decline".equals(decision)) {
      return "redirect:" + PATH + "/" + id;
    }
    if (!changes.decide(me, changeId, "accept".equals(decision))) {
      throw new StudioNotFound();
    }
    return "redirect:/?policy-change=" + decision + "d";
  }

  private static long parse(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new StudioNotFound();
    }
  }
}
