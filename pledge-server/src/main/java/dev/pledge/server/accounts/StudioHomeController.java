package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The studio's front page: what the studio is and how to start, or — signed in — the person's home
 * with the way to their work, teams, security and data. The images module adds projects here.
 */
@StudioController
class StudioHomeController {

  private final CurrentAccount current;
  private final SecondFactors factors;

  StudioHomeController(CurrentAccount current, SecondFactors factors) {
    this.current = current;
    this.factors = factors;
  }

  @GetMapping("/")
  String home(Model model) {
    var account = current.get();
    if (account.isEmpty()) {
      return "studio/landing";
    }
    if (!account.get().verified()) {
      return "redirect:/verify-email";
    }
    model.addAttribute("account", account.get());
    model.addAttribute("secondFactor", factors.enrolled(account.get().id()));
    model.addAttribute("nav", "home");
    return "studio/home";
  }

  /** After the address is verified: the offer to set up two-step verification. */
  @GetMapping("/welcome")
  String welcome(Model model) {
    StudioAccount a = current.require();
    if (factors.enrolled(a.id())) {
      return "redirect:/";
    }
    model.addAttribute("account", a);
    return "studio/welcome";
  }
}
