package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Confirm it's you": a code from the authenticator (or a recovery code) before a sensitive
 * operation (B-12), throttled like the sign-in's. Without a second factor, the page offers to set
 * one up first: sensitive operations need one.
 */
@StudioController
class StepUpController {

  private final CurrentAccount current;
  private final SecondFactors factors;
  private final SignInThrottles throttles;
  private final StepUps stepUps;
  private final Clock clock;

  StepUpController(
      CurrentAccount current,
      SecondFactors factors,
      SignInThrottles throttles,
      StepUps stepUps,
      Clock clock) {
    this.current = current;
    this.factors = factors;
    this.throttles = throttles;
    this.stepUps = stepUps;
    this.clock = clock;
  }

  @GetMapping("/account/confirm")
  String page(@RequestParam(name = "next", required = false) String next, Model model) {
    String id = current.requireId();
    model.addAttribute("next", StudioPaths.local(next));
    model.addAttribute("cancel", cancelPath(StudioPaths.local(next)));
    model.addAttribute("enrolled", factors.enrolled(id));
    model.addAttribute("wrong", false);
    model.addAttribute("locked", false);
    model.addAttribute("minutes", stepUps.window().toMinutes());
    return "studio/confirm";
  }

  @PostMapping("/account/confirm")
  String confirm(
      @RequestParam(name = "code", required = false) String code,
      @RequestParam(name = "next", required = false) String next,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    String id = current.requireId();
    String back = StudioPaths.local(next);
    model.addAttribute("next", back);
    model.addAttribute("cancel", cancelPath(back));
    model.addAttribute("enrolled", factors.enrolled(id));
    model.addAttribute("minutes", stepUps.window().toMinutes());
    if (throttles.codeLocked(id)) {
      response.setStatus(429);
      model.addAttribute("wrong", false);
      model.addAttribute("locked", true);
      return "studio/confirm";
    }
    SecondFactors.Verdict verdict = factors.verify(id, code);
    if (!verdict.right()) {
      throttles.codeFailed(id);
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("wrong", true);
      model.addAttribute("used", verdict == SecondFactors.Verdict.ALREADY_USED);
      model.addAttribute("locked", throttles.codeLocked(id));
      return "studio/confirm";
    }
    throttles.codeSucceeded(id);
    stepUps.confirmed(request.getSession(true), clock.instant());
    return "redirect:" + back;
  }

  /**
   * Where Cancel goes: back to the page the operation came from, except a page that itself asks for
   * the confirmation (deleting the account), which would bring the person straight back here.
   */
  static String cancelPath(String next) {
    return next.startsWith("/account/delete") ? "/account/privacy" : next;
  }
}
