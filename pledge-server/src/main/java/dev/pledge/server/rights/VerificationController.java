package dev.pledge.server.rights;

import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page the acknowledgement e-mail links to. The link carries its single-use token in the
 * fragment ({@code /privacy/requests/verify#t=…}), which never reaches the server: the page's
 * script ({@code /assets/pledge-token-link.js}) puts it into the form, and without script the
 * person types the code the e-mail also gives. Opening the link only shows a button: mail scanners
 * and link previews fetch links on their own, and must not confirm a request nobody confirmed. The
 * button's POST consumes the token, only under the property the request was made to. A used,
 * expired, unknown or foreign token gets one neutral answer, so the page never tells whether a
 * request or an address exists.
 *
 * <p>Links sent before tokens moved to the fragment carry {@code ?token=}: their GET still only
 * fills the form (the access log scrubs the token), so they keep working until they expire.
 */
@Controller
class VerificationController {

  static final String PATH = "/privacy/requests/verify";

  private static final DateTimeFormatter DUE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

  private final RightsRequests requests;

  VerificationController(RightsRequests requests) {
    this.requests = requests;
  }

  @GetMapping(PATH)
  String confirm(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    ServedProperty property = PublicPages.open(request, response, model);
    model.addAttribute("token", token == null ? "" : token);
    return "privacy/verify";
  }

  @PostMapping(PATH)
  String verify(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    ServedProperty property = PublicPages.open(request, response, model);
    if (!SameOrigin.allows(request)) {
      return PublicPages.crossOrigin(response);
    }
    Optional<RightsRequest> verified = requests.verify(property.id().value(), token);
    if (verified.isEmpty()) {
      return "privacy/verify-failed";
    }
    model.addAttribute("request", verified.get());
    Instant due = verified.get().dueAt();
    model.addAttribute("due", due == null ? null : DUE.format(due.atZone(requests.zone())));
    model.addAttribute("kind", RightsRequestDescriptions.describe(verified.get().kind()));
    return "privacy/verified";
  }
}
