package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioLanguage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Locale;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The profile page (B-01): name and username, preferences (language, default edit mode and model),
 * company details for enterprise and API accounts, a new password, and a new address — which needs
 * a fresh second factor and is confirmed from the new mailbox before it replaces the old one.
 */
@StudioController
class ProfileController {

  private final CurrentAccount current;
  private final AccountRecords accounts;
  private final Profiles profiles;
  private final AccountLanguage languages;
  private final Passwords passwords;
  private final Sessions sessions;
  private final SingleUseTokens tokens;
  private final AccountMail mail;
  private final StepUp stepUp;
  private final SignInThrottles throttles;
  private final TransactionTemplate tx;
  private final Clock clock;

  ProfileController(
      CurrentAccount current,
      AccountRecords accounts,
      Profiles profiles,
      AccountLanguage languages,
      Passwords passwords,
      Sessions sessions,
      SingleUseTokens tokens,
      AccountMail mail,
      StepUp stepUp,
      SignInThrottles throttles,
      TransactionTemplate tx,
      Clock clock) {
    this.current = current;
    this.accounts = accounts;
    this.profiles = profiles;
    this.languages = languages;
    this.passwords = passwords;
    this.sessions = sessions;
    this.tokens = tokens;
    this.mail = mail;
    this.stepUp = stepUp;
    this.throttles = throttles;
    this.tx = tx;
    this.clock = clock;
  }

  @GetMapping("/account")
  String page(Model model) {
    return view(current.require(), model, new FormProblems(), null);
  }

  @PostMapping("/account/profile")
  String profile(
      @RequestParam(name = "name", required = false) String name,
      @RequestParam(name = "username", required = false) String username,
      Model model,
      HttpServletResponse response) {
    StudioAccount a = current.require();
    String n = Inputs.text(name);
    String u = Inputs.normalUsername(username);
    FormProblems problems = new FormProblems();
    String nameProblem = Inputs.nameProblem(n);
    if (nameProblem != null) {
      problems.add("name", nameProblem, Inputs.NAME_MAX);
    }
    String usernameProblem = Inputs.usernameProblem(u);
    if (usernameProblem != null) {
      problems.add("username", usernameProblem, Inputs.USERNAME_MIN, Inputs.USERNAME_MAX);
    } else if (!u.equals(a.username()) && accounts.usernameTaken(u)) {
      problems.add("username", "username.taken");
    }
    if (problems.isEmpty()) {
      try {
        profiles.setIdentity(a.id(), n, u);
        return "redirect:/account?saved";
      } catch (DuplicateKeyException e) {
        problems.add("username", "username.taken");
      }
    }
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    return view(a, model, problems, null);
  }

  @PostMapping("/account/preferences")
  String preferences(
      @RequestParam(name = "language", required = false) String language,
      @RequestParam(name = "editMode", required = false) String editMode,
      @RequestParam(name = "model", required = false) String editModel,
      Model model,
      HttpServletResponse response) {
    StudioAccount a = current.require();
    FormProblems problems = new FormProblems();
    var lang = StudioLanguage.ofTag(language);
    if (lang.isEmpty()) {
      problems.add("language", "preferences.language.invalid");
    }
    // List.of(…).contains(null) throws: a form without the field is a problem, not a 500.
    if (editMode == null || !EditDefaults.MODES.contains(editMode)) {
      problems.add("editMode", "preferences.mode.invalid");
    }
    if (editModel == null || !EditDefaults.MODELS.contains(editModel)) {
      problems.add("model", "preferences.model.invalid");
    }
    if (!problems.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return view(a, model, problems, null);
    }
    profiles.setPreferences(
        a.id(), new Profiles.Preferences(lang.get().tag(), editMode, editModel));
    languages.set(a.id(), lang.get());
    return "redirect:/account?saved";
  }

  @PostMapping("/account/company")
  String company(
      @RequestParam(name = "companyName", required = false) String companyName,
      @RequestParam(name = "businessAddress", required = false) String businessAddress,
      @RequestParam(name = "seats", required = false) String seats,
      @RequestParam(name = "remove", required = false) String remove,
      Model model,
      HttpServletResponse response) {
    StudioAccount a = current.require();
    if (remove != null) {
      profiles.removeCompany(a.id());
      return "redirect:/account?saved";
    }
    FormProblems problems = new FormProblems();
    String name = Inputs.text(companyName);
    String address = Inputs.text(businessAddress);
    Integer seatCount = null;
    if (name.isEmpty()) {
      problems.add("companyName", "company.name.missing");
    } else if (Inputs.length(name) > Inputs.COMPANY_MAX || Inputs.hasControl(name)) {
      problems.add("companyName", "company.name.too-long", Inputs.COMPANY_MAX);
    }
    if (Inputs.length(address) > Inputs.ADDRESS_MAX) {
      problems.add("businessAddress", "company.address.too-long", Inputs.ADDRESS_MAX);
    }
    String s = Inputs.text(seats);
    if (!s.isEmpty()) {
      if (!s.matches("[0-9]{1,6}") || Integer.parseInt(s) < 1) {
        problems.add("seats", "company.seats.invalid");
      } else {
        seatCount = Integer.parseInt(s);
      }
    }
    if (!problems.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return view(a, model, problems, null);
    }
    profiles.setCompany(
        a.id(), new Profiles.Company(name, address.isEmpty() ? null : address, seatCount));
    return "redirect:/account?saved";
  }

  @PostMapping("/account/password")
  String password(
      @RequestParam(name = "current", required = false) String currentPassword,
      @RequestParam(name = "password", required = false) String password,
      HttpServletRequest request,
      Model model,
      HttpServletResponse response) {
    StudioAccount a = current.require();
    FormProblems problems = new FormProblems();
    if (throttles.codeLocked("password:" + a.id())) {
      problems.add("current", "password.locked");
    } else if (!passwords.matches(currentPassword, accounts.passwordHash(a.id()).orElse(null))) {
      throttles.codeFailed("password:" + a.id());
      problems.add("current", "password.wrong");
    }
    PasswordRules.problem(password, a.username(), a.email())
        .ifPresent(k -> problems.add("password", k, PasswordRules.MIN, PasswordRules.MAX));
    if (!problems.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return view(a, model, problems, null);
    }
    String hash = passwords.hash(password);
    tx.executeWithoutResult(
        t -> {
          accounts.setPassword(a.id(), hash, clock.instant());
          sessions.revokeOthers(a.id(), request);
        });
    return "redirect:/account?password";
  }

  @PostMapping("/account/email")
  String changeEmail(
      @RequestParam(name = "email", required = false) String email,
      HttpServletRequest request,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    StudioAccount a = current.require();
    stepUp.require(request, "/account#email");
    String e = Inputs.text(email);
    FormProblems problems = new FormProblems();
    String problem = Inputs.emailProblem(e);
    if (problem != null) {
      problems.add("email", problem, Inputs.EMAIL_MAX);
    } else if (e.equalsIgnoreCase(a.email())) {
      problems.add("email", "email.same");
    } else if (accounts.emailTaken(e)) {
      problems.add("email", "email.taken");
    } else if (!throttles.mayMail(e)) {
      problems.add("email", "email.limited");
    }
    if (!problems.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return view(a, model, problems, e.length() > Inputs.EMAIL_MAX ? "" : e);
    }
    tx.executeWithoutResult(
        t ->
            mail.changeEmail(
                a, e, locale, tokens.issue(a.id(), SingleUseTokens.Purpose.CHANGE_EMAIL, e)));
    return "redirect:/account?email-sent";
  }

  @GetMapping("/account/email/confirm")
  String confirmEmailPage() {
    return "studio/email-confirm";
  }

  @PostMapping("/account/email/confirm")
  String confirmEmail(
      @RequestParam(name = "token", required = false) String token, HttpServletResponse response) {
    String id = current.requireId();
    Boolean changed =
        tx.execute(
            t -> {
              var owner = tokens.peek(token, SingleUseTokens.Purpose.CHANGE_EMAIL);
              if (owner.isEmpty() || !owner.get().equals(id)) {
                return false; // someone else's link answers like a used one
              }
              var used = tokens.use(token, SingleUseTokens.Purpose.CHANGE_EMAIL);
              if (used.isEmpty() || used.get().detail() == null) {
                return false;
              }
              try {
                profiles.setEmail(id, used.get().detail());
              } catch (DuplicateKeyException e) {
                t.setRollbackOnly();
                return false;
              }
              return true;
            });
    if (!Boolean.TRUE.equals(changed)) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    return "redirect:/account?email-changed";
  }

  private String view(StudioAccount a, Model model, FormProblems problems, String newEmail) {
    model.addAttribute("account", a);
    model.addAttribute("preferences", profiles.preferences(a.id()));
    model.addAttribute("company", profiles.company(a.id()).orElse(null));
    model.addAttribute("modes", EditDefaults.MODES);
    model.addAttribute("models", EditDefaults.MODELS);
    model.addAttribute("languages", StudioLanguage.values());
    model.addAttribute("problems", problems);
    model.addAttribute("newEmail", newEmail == null ? "" : newEmail);
    model.addAttribute("passwordMin", PasswordRules.MIN);
    model.addAttribute("nav", "profile");
    return "studio/account";
  }
}
