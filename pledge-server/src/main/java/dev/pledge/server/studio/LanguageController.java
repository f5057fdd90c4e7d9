package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The language switch in the header: a link per language, so it works without JavaScript and a page
 * that has no form sets no cookie at all until someone chooses. The choice is kept in the session
 * (no cookie of its own: a preference cookie needs consent), and as the preference of a signed-in
 * person; then back to the page it was made on. Changing a language is harmless, so a link (a GET)
 * is enough; the session cookie is SameSite=Lax, so another site's page cannot make a signed-in
 * person's browser change it behind their back.
 */
@StudioController
class LanguageController {

  private final List<StudioLanguagePreference> preferences;

  LanguageController(List<StudioLanguagePreference> preferences) {
    this.preferences = preferences;
  }

  @GetMapping("/language")
  String choose(
      @RequestParam(name = "lang", required = false) String lang,
      @RequestParam(name = "back", required = false) String back,
      HttpServletRequest request) {
    StudioLanguage.ofTag(lang)
        .ifPresent(
            language -> {
              request
                  .getSession(true)
                  .setAttribute(StudioLocaleResolver.SESSION_CHOICE, language.tag());
              preferences.forEach(p -> p.chosen(request, language));
            });
    return "redirect:" + StudioPaths.local(back);
  }
}
