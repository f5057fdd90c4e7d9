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
 * The requester's status page, reached from the acknowledgement without an account: what they asked
 * for, where it stands, by when it is answered, and what happened so far, in words.
 *
 * <p>The link carries its secret in the fragment ({@code /privacy/requests/status#t=…}), which a
 * browser never sends: the page's script ({@code /assets/pledge-token-link.js}, as on the
 * confirmation page) puts it into a form and posts it, so it reaches no access log, proxy or {@code
 * Referer}. Without script the page asks for the code the e-mail gives. Unlike a confirmation token
 * the secret is not spent: the page can be opened again for as long as the request is kept. Only a
 * request of the property the page belongs to is shown; any other code gets one neutral answer, so
 * the page never tells whether a request exists.
 */
@Controller
class RequestStatusController {

  static final String PATH = "/privacy/requests/status";

  private static final DateTimeFormatter DUE =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);

  private final RightsRequests requests;

  RequestStatusController(RightsRequests requests) {
    this.requests = requests;
  }

  @GetMapping(PATH)
  String form(HttpServletRequest request, HttpServletResponse response, Model model) {
    PublicPages.open(request, response, model);
    return "privacy/status-open";
  }

  @PostMapping(PATH)
  String status(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    ServedProperty property = PublicPages.open(request, response, model);
    if (!SameOrigin.allows(request)) {
      return PublicPages.crossOrigin(response);
    }
    Optional<RightsRequest> found = requests.byStatusToken(property.id().value(), token);
    if (found.isEmpty()) {
      return "privacy/status-unknown";
    }
    RightsRequest r = found.get();
    model.addAttribute("request", r);
    model.addAttribute("token", token.strip());
    model.addAttribute("kind", RightsRequestDescriptions.describe(r.kind()));
    model.addAttribute("status", RequesterHistory.status(r.status()));
    model.addAttribute("closed", r.status().closed());
    model.addAttribute("due", when(r.dueAt()));
    model.addAttribute("closedAt", when(r.closedAt()));
    model.addAttribute(
        "history", RequesterHistory.of(requests.history(r.reference()), requests.zone()));
    return "privacy/status";
  }

  private String when(Instant t) {
    return t == null
        ? null
        : DUE.format(t.atZone(requests.zone())) + " (" + requests.zone().getId() + ")";
  }
}
