package dev.pledge.server.incidents;

import dev.pledge.server.processors.AuthorityDisclosures;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioController;
import java.util.List;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The studio's public security page (B-36), at the policy's {@code breach.public-page}: the
 * incidents an operator listed, with what the operator wrote for the public, and the policy's
 * response steps, and the transparency report of disclosures to authorities (B-26): counts per
 * half-year and legal basis, never who. Only the default path is served; a policy naming another
 * one is refused at start.
 */
@StudioController
class SecurityPageController {

  static final String PATH = "/security";

  private final Incidents incidents;
  private final Studio studio;
  private final AuthorityDisclosures disclosures;

  SecurityPageController(Incidents incidents, Studio studio, AuthorityDisclosures disclosures) {
    this.incidents = incidents;
    this.disclosures = disclosures;
    this.studio = studio;
    var breach = studio.policy().breach();
    if (breach != null && breach.publicPage() != null && !PATH.equals(breach.publicPage())) {
      throw new IllegalStateException(
          "The studio policy's breach.public-page is "
              + breach.publicPage()
              + "; Pledge serves the security page at "
              + PATH
              + ". Set public-page: "
              + PATH
              + " in the policy's breach section.");
    }
  }

  /** A disclosed incident as the page lists it. */
  record Listed(
      String id, String title, String summary, String discovered, String status, String closed) {}

  @GetMapping(PATH)
  String page(Model model) {
    List<Listed> listed =
        incidents.disclosed().stream()
            .filter(i -> i.property().equals(studio.id()))
            .map(
                i ->
                    new Listed(
                        i.id(),
                        i.title(),
                        i.publicSummary(),
                        IncidentWords.moment(i.discoveredAt()).substring(0, 10),
                        i.closed() ? "closed" : "open",
                        i.closed() ? IncidentWords.moment(i.closedAt()).substring(0, 10) : null))
            .toList();
    model.addAttribute("incidents", listed);
    model.addAttribute("disclosures", disclosures.transparency(studio.id()));
    var breach = studio.policy().breach();
    model.addAttribute("steps", breach == null ? List.of() : breach.steps());
    return "studio/security-incidents";
  }
}
