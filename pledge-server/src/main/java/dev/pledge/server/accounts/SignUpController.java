package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The sign-up page. A refused sign-up (too young) and a child's account waiting for a parent each
 * have their own page; an adult's or teen's account is signed in at once and asked to verify its
 * address.
 */
@StudioController
class SignUpController {

  private final SignUps signUps;
  private final AgeRulesOfStudio ages;
  private final SignInCompletion completion;
  private final MessageSource messages;

  SignUpController(
      SignUps signUps, AgeRulesOfStudio ages, SignInCompletion completion, MessageSource messages) {
    this.signUps = signUps;
    this.ages = ages;
    this.completion = completion;
    this.messages = messages;
  }

  @GetMapping("/sign-up")
  String form(Model model, Locale locale) {
    model.addAttribute("form", new SignUpForm());
    return page(model, locale, new FormProblems());
  }

  @PostMapping("/sign-up")
  String signUp(
      @ModelAttribute("form") SignUpForm form,
      Model model,
      Locale locale,
      HttpServletRequest request,
      HttpServletResponse response) {
    SignUps.Outcome outcome = signUps.signUp(form, locale);
    form.setPassword("");
    if (outcome instanceof SignUps.Refused refused) {
      model.addAttribute("minimumAge", refused.minimumAge());
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return "studio/sign-up-refused";
    }
    if (outcome instanceof SignUps.Invalid invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return page(model, locale, invalid.problems());
    }
    SignUps.Created created = (SignUps.Created) outcome;
    if (created.awaitingParent()) {
      model.addAttribute("consentAge", ages.rules().consentAge(created.account().lawId()));
      return "studio/sign-up-parent";
    }
    StudioAuthentication auth =
        StudioAuthentication.signedIn(
            created.account().id(), StudioAuthentication.Method.PASSWORD, false);
    completion.describe(request, request.getSession(true));
    completion.signIn(request, response, auth);
    return "redirect:/verify-email";
  }

  private String page(Model model, Locale locale, FormProblems problems) {
    model.addAttribute("problems", problems);
    model.addAttribute(
        "countries",
        Jurisdictions.choices(locale, messages.getMessage("country.california", null, locale)));
    model.addAttribute("consentAge", ages.rules().highestConsentAge());
    model.addAttribute("minimumAge", ages.rules().minimumAge());
    model.addAttribute("passwordMin", PasswordRules.MIN);
    model.addAttribute("today", signUps.today().toString());
    return "studio/sign-up";
  }
}
