package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Locale;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Password reset: the request page answers the same whether or not the address has an account (so
 * it tells nobody who does), and sends at most three links an hour to one address; the link (token
 * in the fragment, valid one hour, once) opens a page to choose a new password, which signs the
 * account out everywhere. A reset does not bypass the second factor: it is still asked at sign-in.
 */
@StudioController
class ResetController {

  private final AccountRecords accounts;
  private final SingleUseTokens tokens;
  private final AccountMail mail;
  private final Passwords passwords;
  private final SignInThrottles throttles;
  private final Sessions sessions;
  private final TransactionTemplate tx;
  private final Clock clock;

  ResetController(
      AccountRecords accounts,
      SingleUseTokens tokens,
      AccountMail mail,
      Passwords passwords,
      SignInThrottles throttles,
      Sessions sessions,
      TransactionTemplate tx,
      Clock clock) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.mail = mail;
    this.passwords = passwords;
    this.throttles = throttles;
    this.sessions = sessions;
    this.tx = tx;
    this.clock = clock;
  }

  @GetMapping("/reset")
  String form(Model model) {
    model.addAttribute("problems", new FormProblems());
    model.addAttribute("email", "");
    return "studio/reset";
  }

  @PostMapping("/reset")
  String request(
      @RequestParam(name = "email", required = false) String email,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    String e = Inputs.text(email);
    String problem = Inputs.emailProblem(e);
    if (problem != null) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("problems", new FormProblems().add("email", problem, Inputs.EMAIL_MAX));
      model.addAttribute("email", e.length() > Inputs.EMAIL_MAX ? "" : e);
      return "studio/reset";
    }
    if (throttles.mayMail(e)) {
      accounts
          .byLogin(e)
          .filter(a -> a.status() != AccountStatus.AWAITING_PARENT)
          .ifPresent(
              a ->
                  tx.executeWithoutResult(
                      t ->
                          mail.resetPassword(
                              a,
                              AccountMail.localeOf(accounts.language(a.id()).orElse(null), locale),
                              tokens.issue(a.id(), SingleUseTokens.Purpose.RESET_PASSWORD, null))));
    }
    return "studio/reset-sent";
  }

  @GetMapping("/reset/confirm")
  String choosePage(Model model) {
    model.addAttribute("problems", new FormProblems());
    return "studio/reset-choose";
  }

  @PostMapping("/reset/confirm")
  String choose(
      @RequestParam(name = "token", required = false) String token,
      @RequestParam(name = "password", required = false) String password,
      Model model,
      HttpServletResponse response) {
    var owner = tokens.peek(token, SingleUseTokens.Purpose.RESET_PASSWORD);
    if (owner.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    StudioAccount a = accounts.byId(owner.get()).orElse(null);
    if (a == null) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    var problem = PasswordRules.problem(password, a.username(), a.email());
    if (problem.isPresent()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute(
          "problems",
          new FormProblems().add("password", problem.get(), PasswordRules.MIN, PasswordRules.MAX));
      return "studio/reset-choose";
    }
    String hash = passwords.hash(password);
    Boolean changed =
        tx.execute(
            t -> {
              if (tokens.use(token, SingleUseTokens.Purpose.RESET_PASSWORD).isEmpty()) {
                return false;
              }
              accounts.setPassword(a.id(), hash, clock.instant());
              sessions.revokeAll(a.id());
              return true;
            });
    if (!Boolean.TRUE.equals(changed)) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    return "redirect:/sign-in?reset";
  }
}
