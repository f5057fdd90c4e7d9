package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page (the form posts to Spring Security's filter) and its second step, the code from
 * the authenticator app or a recovery code — throttled per account, five wrong codes and every code
 * is refused for a quarter of an hour.
 */
@StudioController
class SignInController {

  private final SecondFactors factors;
  private final SignInThrottles throttles;
  private final AccountRecords accounts;
  private final SignInCompletion completion;
  private final StepUps stepUps;
  private final Clock clock;

  SignInController(
      SecondFactors factors,
      SignInThrottles throttles,
      AccountRecords accounts,
      SignInCompletion completion,
      StepUps stepUps,
      Clock clock) {
    this.factors = factors;
    this.throttles = throttles;
    this.accounts = accounts;
    this.completion = completion;
    this.stepUps = stepUps;
    this.clock = clock;
  }

  @GetMapping("/sign-in")
  String page(
      @RequestParam(name = "next", required = false) String next,
      HttpServletRequest request,
      Model model) {
    model.addAttribute("next", StudioPaths.local(next));
    model.addAttribute("error", request.getParameter("error") != null);
    model.addAttribute("locked", request.getParameter("locked") != null);
    model.addAttribute("parent", request.getParameter("parent") != null);
    model.addAttribute("signedOut", request.getParameter("signed-out") != null);
    model.addAttribute("reset", request.getParameter("reset") != null);
    return "studio/sign-in";
  }

  @GetMapping("/sign-in/code")
  String codePage(Model model) {
    model.addAttribute("wrong", false);
    model.addAttribute("locked", false);
    return "studio/sign-in-code";
  }

  @PostMapping("/sign-in/code")
  String code(
      @RequestParam(name = "code", required = false) String code,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (!(auth instanceof StudioAuthentication partial)) {
      return "redirect:/sign-in";
    }
    String id = partial.accountId();
    if (throttles.codeLocked(id)) {
      response.setStatus(429);
      model.addAttribute("wrong", false);
      model.addAttribute("locked", true);
      return "studio/sign-in-code";
    }
    SecondFactors.Verdict verdict = factors.verify(id, code);
    if (!verdict.right()) {
      throttles.codeFailed(id);
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("wrong", true);
      model.addAttribute("used", verdict == SecondFactors.Verdict.ALREADY_USED);
      model.addAttribute("locked", throttles.codeLocked(id));
      return "studio/sign-in-code";
    }
    throttles.codeSucceeded(id);
    StudioAccount account = accounts.byId(id).orElse(null);
    if (account == null) {
      return "redirect:/sign-in";
    }
    HttpSession session = request.getSession(true);
    stepUps.confirmed(session, clock.instant());
    String next = StudioPaths.local((String) session.getAttribute(SignInCompletion.NEXT));
    session.removeAttribute(SignInCompletion.NEXT);
    StudioAuthentication full =
        account.status() == AccountStatus.DELETED
            ? StudioAuthentication.restoreOnly(id, StudioAuthentication.Method.PASSWORD)
            : StudioAuthentication.signedIn(
                id, StudioAuthentication.Method.PASSWORD, account.verified());
    return "redirect:" + completion.finish(request, response, full, next);
  }
}
