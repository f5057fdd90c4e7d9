package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** "Where you're signed in": the list, ending one session, ending all of them. */
@StudioController
class SessionsController {

  private final CurrentAccount current;
  private final Sessions sessions;

  SessionsController(CurrentAccount current, Sessions sessions) {
    this.current = current;
    this.sessions = sessions;
  }

  @GetMapping("/account/sessions")
  String list(HttpServletRequest request, Model model) {
    String id = current.requireId();
    model.addAttribute("sessions", sessions.of(id, request));
    model.addAttribute("nav", "security");
    return "studio/sessions";
  }

  @PostMapping("/account/sessions/revoke")
  String revoke(@RequestParam(name = "session", required = false) String handle) {
    if (!sessions.revoke(current.requireId(), handle)) {
      throw new StudioNotFound(); // not one of the reader's sessions
    }
    return "redirect:/account/sessions?revoked";
  }

  @PostMapping("/account/sessions/revoke-others")
  String revokeOthers(HttpServletRequest request) {
    sessions.revokeOthers(current.requireId(), request);
    return "redirect:/account/sessions?revoked";
  }

  @PostMapping("/account/sessions/revoke-all")
  String revokeAll() {
    sessions.revokeAll(current.requireId());
    return "redirect:/sign-in?signed-out";
  }
}
