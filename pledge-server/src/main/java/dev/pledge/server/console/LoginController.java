package dev.pledge.server.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the form's POST and the sign-out. */
@Controller
class LoginController {

  @GetMapping(ConsoleSecurity.LOGIN)
  String login() {
    return "console/login";
  }
}
