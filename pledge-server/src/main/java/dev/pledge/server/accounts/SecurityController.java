package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.List;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Security settings: two-step verification with an authenticator app (QR code and the key to type
 * in; the secret waits in the session until a code from it proves the app has it), recovery codes
 * shown once, turning it off (after confirming it), and the way to passkeys and sessions.
 */
@StudioController
class SecurityController {

  static final String PENDING_SECRET = SecurityController.class.getName() + ".pendingSecret";

  private final CurrentAccount current;
  private final SecondFactors factors;
  private final QrCodes qr;
  private final Passkeys passkeys;
  private final StepUp stepUp;
  private final StepUps stepUps;
  private final Clock clock;

  SecurityController(
      CurrentAccount current,
      SecondFactors factors,
      QrCodes qr,
      Passkeys passkeys,
      StepUp stepUp,
      StepUps stepUps,
      Clock clock) {
    this.current = current;
    this.factors = factors;
    this.qr = qr;
    this.passkeys = passkeys;
    this.stepUp = stepUp;
    this.stepUps = stepUps;
    this.clock = clock;
  }

  @GetMapping("/account/security")
  String page(HttpServletRequest request, Model model) {
    String id = current.requireId();
    // A new way in is a sensitive change: with two-step verification on, it needs a fresh code.
    model.addAttribute("canAddPasskey", !factors.enrolled(id) || stepUp.fresh(request));
    model.addAttribute("enrolled", factors.enrolledAt(id).orElse(null));
    model.addAttribute("codesLeft", factors.recoveryCodesLeft(id));
    model.addAttribute("passkeys", passkeys.of(id));
    model.addAttribute("nav", "security");
    return "studio/security";
  }

  @GetMapping("/account/security/totp")
  String enrolPage(HttpServletRequest request, Model model) {
    StudioAccount a = current.require();
    if (factors.enrolled(a.id())) {
      return "redirect:/account/security";
    }
    HttpSession session = request.getSession(true);
    byte[] secret =
        session.getAttribute(PENDING_SECRET) instanceof byte[] s ? s : SecondFactors.newSecret();
    session.setAttribute(PENDING_SECRET, secret);
    return enrolView(a, secret, model, false);
  }

  @PostMapping("/account/security/totp")
  String enrol(
      @RequestParam(name = "code", required = false) String code,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    StudioAccount a = current.require();
    HttpSession session = request.getSession(true);
    if (!(session.getAttribute(PENDING_SECRET) instanceof byte[] secret)) {
      return "redirect:/account/security/totp";
    }
    var codes = factors.enrol(a.id(), secret, code);
    if (codes.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return enrolView(a, secret, model, true);
    }
    session.removeAttribute(PENDING_SECRET);
    stepUps.confirmed(session, clock.instant());
    model.addAttribute("codes", codes.get());
    model.addAttribute("nav", "security");
    return "studio/recovery-codes";
  }

  @PostMapping("/account/security/recovery-codes")
  String newCodes(HttpServletRequest request, Model model) {
    String id = current.requireId();
    stepUp.require(request, "/account/security");
    if (!factors.enrolled(id)) {
      return "redirect:/account/security";
    }
    List<String> codes = factors.regenerateRecoveryCodes(id);
    model.addAttribute("codes", codes);
    model.addAttribute("nav", "security");
    return "studio/recovery-codes";
  }

  @PostMapping("/account/security/totp/disable")
  String disable(HttpServletRequest request) {
    String id = current.requireId();
    stepUp.require(request, "/account/security");
    factors.disable(id);
    return "redirect:/account/security?disabled";
  }

  @PostMapping("/account/security/passkeys/remove")
  String removePasskey(@RequestParam(name = "passkey", required = false) String handle) {
    if (!passkeys.remove(current.requireId(), handle)) {
      throw new dev.pledge.server.studio.StudioNotFound(); // not one of the reader's passkeys
    }
    return "redirect:/account/security?passkey-removed";
  }

  private String enrolView(StudioAccount a, byte[] secret, Model model, boolean wrong) {
    String uri = factors.otpauthUri(secret, a.email());
    model.addAttribute("qr", qr.svgDataUri(uri));
    model.addAttribute("key", SecondFactors.manualKey(secret));
    model.addAttribute("wrong", wrong);
    model.addAttribute("nav", "security");
    return "studio/totp-enrol";
  }
}
