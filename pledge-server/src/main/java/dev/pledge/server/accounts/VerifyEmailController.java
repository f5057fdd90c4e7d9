package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Address verification: "check your inbox" (with a button to send the link again, at most three an
 * hour), and the page the e-mailed link opens. That page only shows a button — mail scanners open
 * links by themselves — and its script moves the token from the link's fragment into the form, so
 * the token is posted, never requested as a URL.
 */
@StudioController
class VerifyEmailController {

  private final CurrentAccount current;
  private final AccountRecords accounts;
  private final SingleUseTokens tokens;
  private final AccountMail mail;
  private final SignInThrottles throttles;
  private final SignInCompletion completion;
  private final TransactionTemplate tx;
  private final Clock clock;

  VerifyEmailController(
      CurrentAccount current,
      AccountRecords accounts,
      SingleUseTokens tokens,
      AccountMail mail,
      SignInThrottles throttles,
      SignInCompletion completion,
      TransactionTemplate tx,
      Clock clock) {
    this.current = current;
    this.accounts = accounts;
    this.tokens = tokens;
    this.mail = mail;
    this.throttles = throttles;
    this.completion = completion;
    this.tx = tx;
    this.clock = clock;
  }

  @GetMapping("/verify-email")
  String inbox(Model model) {
    StudioAccount a = current.require();
    if (a.verified()) {
      return "redirect:/";
    }
    model.addAttribute("email", a.email());
    model.addAttribute("resent", false);
    model.addAttribute("limited", false);
    return "studio/verify-email";
  }

  @PostMapping("/verify-email/resend")
  String resend(Model model, Locale locale, HttpServletResponse response) {
    StudioAccount a = current.require();
    if (a.verified()) {
      return "redirect:/";
    }
    boolean allowed = throttles.mayMail(a.email());
    if (allowed) {
      tx.executeWithoutResult(
          t ->
              mail.verifyEmail(
                  a, locale, tokens.issue(a.id(), SingleUseTokens.Purpose.VERIFY_EMAIL, null)));
    } else {
      response.setStatus(429);
    }
    model.addAttribute("email", a.email());
    model.addAttribute("resent", allowed);
    model.addAttribute("limited", !allowed);
    return "studio/verify-email";
  }

  @GetMapping("/verify-email/confirm")
  String confirmPage() {
    return "studio/verify-email-confirm";
  }

  @PostMapping("/verify-email/confirm")
  String confirm(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    var used =
        tx.execute(
            t ->
                tokens
                    .use(token, SingleUseTokens.Purpose.VERIFY_EMAIL)
                    .map(
                        u -> {
                          accounts.markVerified(u.accountId(), clock.instant());
                          return u.accountId();
                        }));
    if (used == null || used.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    // Signed in here as the same account: the session now counts as verified.
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof StudioAuthentication a
        && a.signedIn()
        && a.accountId().equals(used.get())
        && !a.has(StudioAuthentication.VERIFIED)) {
      completion.signIn(
          request, response, StudioAuthentication.signedIn(a.accountId(), a.method(), true));
      return "redirect:/welcome";
    }
    model.addAttribute("signedIn", auth instanceof StudioAuthentication s && s.signedIn());
    return "studio/verify-email-done";
  }
}
