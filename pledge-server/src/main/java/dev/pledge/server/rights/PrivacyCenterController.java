package dev.pledge.server.rights;

import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The privacy center (B-29): a form through which anyone exercises the rights the property's policy
 * grants (A-15, A-16, B-27, B-40). Every accepted submission gets the same "check your inbox"
 * answer, whether or not the address is known, and the acknowledgement — with the confirmation link
 * — goes out by e-mail in the background, so neither the page nor its timing tells anything about
 * the address. No cookie, no storage, no script.
 */
@Controller
class PrivacyCenterController implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(PrivacyCenterController.class);

  static final String ACTOR = "requester:form";

  private final RightsRequests requests;
  private final RightsAcknowledgements acknowledgements;
  private final RequestFormLimits limits;

  /** One thread: acknowledgements go out in order, and a slow mail server holds no page. */
  private final ExecutorService mailer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "rights-acknowledgements");
            t.setDaemon(true);
            return t;
          });

  PrivacyCenterController(
      RightsRequests requests, RightsAcknowledgements acknowledgements, RequestFormLimits limits) {
    this.requests = requests;
    this.acknowledgements = acknowledgements;
    this.limits = limits;
  }

  @GetMapping("/privacy/requests")
  String form(HttpServletRequest request, HttpServletResponse response, Model model) {
    ServedProperty property = PublicPages.property(request);
    PublicPages.headers(response);
    return show(property, RequestForm.Input.empty(), Map.of(), model);
  }

  @PostMapping("/privacy/requests")
  String submit(
      @RequestParam(name = "kind", required = false) String kind,
      @RequestParam(name = "purpose", required = false) String purpose,
      @RequestParam(name = "law", required = false) String law,
      @RequestParam(name = "email", required = false) String email,
      @RequestParam(name = "details", required = false) String details,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    ServedProperty property = PublicPages.open(request, response, model);
    if (!SameOrigin.allows(request)) {
      return PublicPages.crossOrigin(response);
    }
    if (!limits.client(request.getRemoteAddr())) {
      return limited(response, model);
    }
    RequestForm.Input in = new RequestForm.Input(kind, purpose, law, email, details);
    Map<String, String> errors = RequestForm.errors(property.policy(), in);
    if (!errors.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return show(property, in, errors, model);
    }
    if (!limits.address(RequestForm.addressKey(in.email()))) {
      return limited(response, model);
    }
    RightsRequest opened = requests.open(RequestForm.request(property, in), ACTOR);
    if (!in.details().isEmpty()) {
      requests.note(opened.reference(), "details", in.details(), ACTOR);
    }
    mailer.execute(this::acknowledge);
    return "privacy/sent";
  }

  private void acknowledge() {
    try {
      acknowledgements.sendPending();
    } catch (RuntimeException e) {
      // The next poll of the privacy mailbox (or the next form) sends what is still pending.
      log.warn("Acknowledgements not sent now ({})", e.getClass().getSimpleName());
    }
  }

  private String limited(HttpServletResponse response, Model model) {
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(limits.window().toSeconds()));
    model.addAttribute("minutes", limits.window().toMinutes());
    return "privacy/limited";
  }

  private static String show(
      ServedProperty property, RequestForm.Input in, Map<String, String> errors, Model model) {
    model.addAttribute("property", property);
    model.addAttribute("input", in);
    model.addAttribute("errors", errors);
    model.addAttribute("kinds", RequestForm.kindOptions(property.policy()));
    model.addAttribute("purposes", RequestForm.purposeOptions(property.policy()));
    model.addAttribute("laws", RequestForm.lawOptions(property.policy()));
    model.addAttribute("maxDetails", RequestForm.MAX_DETAILS);
    model.addAttribute("sellsData", property.policy().sellsData());
    return "privacy/center";
  }

  @Override
  public void destroy() {
    mailer.shutdown();
  }
}
