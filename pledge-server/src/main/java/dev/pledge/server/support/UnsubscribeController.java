package dev.pledge.server.support;

import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * One-click unsubscribe (RFC 8058, B-28), on {@link MarketingSecurity}'s chain: no session, no CSRF
 * token — the unguessable per-recipient token in the address is the authority. A {@code POST} (the
 * mail client's {@code List-Unsubscribe=One-Click}, or the page's button) unsubscribes the e-mail's
 * recipient from its topic; a {@code GET} only shows the button, since mail scanners and link
 * previews open links by themselves. A token that is not ours answers 404, and nothing changes.
 */
@StudioController
class UnsubscribeController {

  static final String PATH = "/unsubscribe";

  private final MarketingPreferences preferences;
  private final SupportWords words;

  UnsubscribeController(MarketingPreferences preferences, SupportWords words) {
    this.preferences = preferences;
    this.words = words;
  }

  @GetMapping(PATH + "/{token}")
  String page(
      @PathVariable String token, Model model, Locale locale, HttpServletResponse response) {
    Optional<String> topic = preferences.peekUnsubscribe(token);
    return topic
        .map(t -> shown("studio/unsubscribe", token, t, model, locale))
        .orElseGet(() -> invalid(response));
  }

  @PostMapping(PATH + "/{token}")
  String unsubscribe(
      @PathVariable String token, Model model, Locale locale, HttpServletResponse response) {
    Optional<String> topic = preferences.unsubscribe(token, "one-click");
    return topic
        .map(t -> shown("studio/unsubscribed", token, t, model, locale))
        .orElseGet(() -> invalid(response));
  }

  private String shown(String view, String token, String topic, Model model, Locale locale) {
    model.addAttribute("token", token);
    model.addAttribute("topic", words.label("marketing.topic.", topic, locale));
    return view;
  }

  private static String invalid(HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    return "studio/unsubscribe-invalid";
  }
}
