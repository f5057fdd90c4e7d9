package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Locale;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Deleting one's account (B-12, B-16) — after a fresh second factor — and, signed in to a deleted
 * account, restoring it within the policy's period.
 */
@StudioController
class AccountDeletionController {

  private final CurrentAccount current;
  private final AccountRecords accounts;
  private final AccountDeletion deletion;
  private final StepUp stepUp;
  private final SignInCompletion completion;
  private final Teams teams;
  private final Clock clock;

  AccountDeletionController(
      CurrentAccount current,
      AccountRecords accounts,
      AccountDeletion deletion,
      StepUp stepUp,
      SignInCompletion completion,
      Teams teams,
      Clock clock) {
    this.current = current;
    this.accounts = accounts;
    this.deletion = deletion;
    this.stepUp = stepUp;
    this.completion = completion;
    this.teams = teams;
    this.clock = clock;
  }

  @GetMapping("/account/delete")
  String page(HttpServletRequest request, Model model) {
    StudioAccount a = current.require();
    stepUp.require(request, "/account/delete");
    return view(a, model, false);
  }

  @PostMapping("/account/delete")
  String delete(
      @RequestParam(name = "confirm", required = false) String confirm,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      Locale locale) {
    StudioAccount a = current.require();
    stepUp.require(request, "/account/delete");
    if (confirm == null) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return view(a, model, true);
    }
    deletion.delete(a, locale);
    SecurityContextHolder.clearContext();
    var session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
      session.invalidate();
    }
    return "redirect:/?account-deleted";
  }

  @GetMapping("/restore")
  String restorePage(Model model) {
    StudioAccount a = deletedAccount();
    model.addAttribute("account", a);
    model.addAttribute("erasedAfter", deletion.erasedAfter(a.deletedAt()));
    return "studio/restore";
  }

  @PostMapping("/restore")
  String restore(HttpServletRequest request, HttpServletResponse response, Model model) {
    StudioAccount a = deletedAccount();
    if (!deletion.restore(a.id())) {
      response.setStatus(HttpServletResponse.SC_GONE);
      model.addAttribute("account", a);
      model.addAttribute("erasedAfter", deletion.erasedAfter(a.deletedAt()));
      return "studio/restore";
    }
    StudioAuthentication auth =
        (StudioAuthentication) SecurityContextHolder.getContext().getAuthentication();
    completion.signIn(
        request, response, StudioAuthentication.signedIn(a.id(), auth.method(), a.verified()));
    return "redirect:/?restored";
  }

  /** The deleted account the session signed in to (only such a session reaches /restore). */
  private StudioAccount deletedAccount() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    if (!(auth instanceof StudioAuthentication a) || !a.has(StudioAuthentication.RESTORE)) {
      throw new dev.pledge.server.studio.StudioNotFound();
    }
    return accounts
        .byId(a.accountId())
        .filter(x -> x.status() == AccountStatus.DELETED)
        .orElseThrow(dev.pledge.server.studio.StudioNotFound::new);
  }

  private String view(StudioAccount a, Model model, boolean unconfirmed) {
    model.addAttribute("account", a);
    model.addAttribute("erasedAfter", deletion.erasedAfter(clock.instant()));
    model.addAttribute(
        "ownedTeams", teams.of(a.id()).stream().filter(t -> t.role() == TeamRole.OWNER).toList());
    model.addAttribute("unconfirmed", unconfirmed);
    model.addAttribute("nav", "privacy");
    return "studio/delete";
  }
}
