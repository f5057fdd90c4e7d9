package dev.pledge.server.policychanges;

import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyRenderer;
import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.rights.InSiteFrame;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The full text of the policy version a change announces (B-37, A-20), beside the published policy:
 * the site keeps serving the version in force at {@code /privacy} until the change takes effect, so
 * the announcement — the site's and the studio's notice, the e-mail, the opt-in page — links here,
 * to the exact version it announces.
 */
@Controller
@InSiteFrame // the site's own header, as on /privacy beside it
class AnnouncedPolicyController {

  static final String PATH = "/privacy/changes";

  private final PolicyChanges changes;

  AnnouncedPolicyController(PolicyChanges changes) {
    this.changes = changes;
  }

  /** The site-relative address of a change's announced version. */
  static String path(long changeId) {
    return PATH + "/" + changeId;
  }

  @GetMapping(PATH + "/{id}")
  String version(@PathVariable String id, HttpServletRequest request, Model model) {
    ServedProperty property = CurrentProperty.of(request).orElse(null);
    PolicyChanges.Change change = null;
    Policy policy = null;
    if (property != null && id.matches("\\d{1,18}")) {
      change =
          changes
              .byId(Long.parseLong(id))
              .filter(c -> c.property().equals(property.id().value()))
              .orElse(null);
      policy = change == null ? null : changes.announcedVersion(change.id()).orElse(null);
    }
    if (policy == null) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND,
          "No announced policy change has the number "
              + id
              + " here. The policy in force is at /privacy.");
    }
    model.addAttribute("property", property);
    model.addAttribute("policyPage", true);
    model.addAttribute("policyTitle", "Privacy policy from " + change.effectiveDate());
    model.addAttribute("change", change);
    model.addAttribute("policyBody", PolicyRenderer.htmlBody(policy));
    model.addAttribute("contents", List.of());
    return "privacy/policy-version";
  }
}
