package dev.pledge.server.console;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Optional;
import org.springframework.http.HttpStatus;
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

  AccountController(OperatorAccounts accounts, InitialOperator initialOperator) {
    this.accounts = accounts;
    this.initialOperator = initialOperator;
  }

  @GetMapping("/console/account")
  String account(Principal principal, Model model) {
    model.addAttribute("operator", AccountView.of(operator(principal)));
    model.addAttribute("minLength", OperatorAccounts.MIN_PASSWORD_LENGTH);
    return "console/account";
  }

  @PostMapping("/console/account")
  String changePassword(
      Principal principal,
      @RequestParam(required = false) String current,
      @RequestParam(required = false) String password,
      @RequestParam(required = false) String confirmation,
      Model model,
      HttpServletResponse response) {
    Operator before = operator(principal);
    OperatorAccounts.PasswordChange change =
        accounts.changePassword(before.username(), current, password, confirmation);
    if (change.ok()) {
      initialOperator.retireFileIfItHolds(before.passwordHash());
      return "redirect:/console/account?changed";
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    model.addAttribute("operator", AccountView.of(before));
    model.addAttribute("minLength", OperatorAccounts.MIN_PASSWORD_LENGTH);
    model.addAttribute("problem", change.problem());
    model.addAttribute("problemField", change.field());
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
