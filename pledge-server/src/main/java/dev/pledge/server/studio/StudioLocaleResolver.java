package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The server's locale resolver. For the studio: the signed-in person's preference, else the
 * language chosen in this session, else the first language of Accept-Language the studio speaks —
 * never a cookie, because a preference cookie needs consent under the studio's policy. Every other
 * request resolves exactly as Spring's default does (Accept-Language), so the console and the
 * reference site do not change.
 */
class StudioLocaleResolver implements LocaleResolver {

  /** The session attribute holding a language chosen with the language switch. */
  static final String SESSION_CHOICE = StudioLocaleResolver.class.getName() + ".language";

  private final Studio studio;
  private final List<StudioLanguagePreference> preferences;
  private final AcceptHeaderLocaleResolver others = new AcceptHeaderLocaleResolver();

  StudioLocaleResolver(Studio studio, List<StudioLanguagePreference> preferences) {
    this.studio = studio;
    this.preferences = preferences;
  }

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    if (!studio.serves(request)) {
      return others.resolveLocale(request);
    }
    return language(request).locale();
  }

  /** The studio language of a studio request. */
  StudioLanguage language(HttpServletRequest request) {
    for (StudioLanguagePreference p : preferences) {
      Optional<StudioLanguage> preferred = p.preferred(request);
      if (preferred.isPresent()) {
        return preferred.get();
      }
    }
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(SESSION_CHOICE) instanceof String tag) {
      Optional<StudioLanguage> chosen = StudioLanguage.ofTag(tag);
      if (chosen.isPresent()) {
        return chosen.get();
      }
    }
    if (request.getHeader("Accept-Language") == null) {
      return StudioLanguage.ENGLISH;
    }
    return StudioLanguage.firstSpoken(Collections.list(request.getLocales()));
  }

  @Override
  public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
    if (!studio.serves(request)) {
      others.setLocale(request, response, locale);
      return;
    }
    request.getSession(true).setAttribute(SESSION_CHOICE, StudioLanguage.closest(locale).tag());
  }
}
