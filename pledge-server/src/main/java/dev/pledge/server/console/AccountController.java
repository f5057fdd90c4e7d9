package dev.pledge.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The signed-in operator's own account: when it was last used, and changing its password. */
@Controller
class AccountController {

  private final OperatorAccounts accounts;
  private final InitialOperator initialOperator;
  private final PasswordCheckThrottle throttle;
  private final ConsoleSessionRepository sessions;

  AccountController(
      OperatorAccounts accounts,
      InitialOperator initialOperator,
      PasswordCheckThrottle throttle,
      ConsoleSessionRepository sessions) {
    this.accounts = accounts;
    this.initialOperator = initialOperator;
    this.throttle = throttle;
    this.sessions = sessions;
  }

  @GetMapping("/console/account")
  String account(Principal principal, Model model) {
    model.addAttribute("operator", AccountView.of(operator(principal)));
    model.addAttribute("minLength", OperatorAccounts.MIN_PASSWORD_LENGTH);
    return "console/account";
  }

  @PostMapping("/console/account")
  String changePassword(
      Authentication principal,
      @RequestParam(required = false) String current,
      @RequestParam(required = false) String password,
      @RequestParam(required = false) String confirmation,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    Operator before = operator(principal);
    Optional<Duration> wait = throttle.waitFor(before.username());
    if (wait.isPresent()) {
      // Refused before the password is looked at: guessing on gains nothing.
      long minutes = Math.max(1, (wait.get().toSeconds() + 59) / 60);
      response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
      response.setHeader("Retry-After", Long.toString(wait.get().toSeconds() + 1));
      return page(
          before,
          model,
          "Too many wrong current passwords. Try again in "
              + (minutes == 1 ? "1 minute" : minutes + " minutes")
              + "; each further wrong one doubles the wait.",
          "current");
    }
    OperatorAccounts.PasswordChange change =
        accounts.changePassword(before.username(), current, password, confirmation);
    if (change.ok()) {
      throttle.succeeded(before.username());
      initialOperator.retireFileIfItHolds(before.passwordHash());
      int ended = endOtherSessions(principal, request.getSession(false));
      return "redirect:/console/account?changed" + (ended > 0 ? "&ended=" + ended : "");
    }
    if (change.wrongCurrent()) {
      throttle.failed(before.username());
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    return page(before, model, change.problem(), change.field());
  }

  /**
   * Ends every other session of the account: whoever else held one (a forgotten browser, or the
   * person the password was changed against) must sign in with the new password, on whichever
   * instance they use next. This session stays.
   */
  private int endOtherSessions(Authentication principal, HttpSession current) {
    return sessions.endOthers(principal.getName(), current == null ? null : current.getId());
  }

  private String page(Operator before, Model model, String problem, String field) {
    model.addAttribute("operator", AccountView.of(before));
    model.addAttribute("minLength", OperatorAccounts.MIN_PASSWORD_LENGTH);
    model.addAttribute("problem", problem);
    model.addAttribute("problemField", field);
    return "console/account";
  }

  /** What the account page shows: never the hash. */
  record AccountView(String username, String created, String lastLogin) {
    static AccountView of(Operator o) {
      return new AccountView(
          o.username(),
          ConsoleFormat.instant(o.createdAt()),
          o.lastLoginAt() == null ? "Never" : ConsoleFormat.instant(o.lastLoginAt()));
    }
  }

  private Operator operator(Principal principal) {
    Optional<Operator> operator = accounts.find(principal.getName());
    // Removed from the table while signed in: the session outlived the account.
    return operator.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
  }
}
