package dev.pledge.server.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security handles the form's POST and the sign-out. */
@Controller
class LoginController {

  @GetMapping(ConsoleSecurity.LOGIN)
  String login(@RequestParam(name = "locked", required = false) String locked, Model model) {
    if (locked != null) {
      // Only a number of minutes is shown, whatever the address bar says.
      model.addAttribute(
          "lockedMinutes", locked.matches("\\d{1,3}") ? Integer.parseInt(locked) : 1);
    }
    return "console/login";
  }
}
