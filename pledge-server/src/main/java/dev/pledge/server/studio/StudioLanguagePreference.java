package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The SPI through which the accounts module keeps the signed-in person's language: their preference
 * outranks a choice made in the session and the browser's Accept-Language, and a choice made with
 * the language switch while signed in becomes their preference.
 */
public interface StudioLanguagePreference {

  /** The signed-in person's preferred language, or empty when nobody is signed in. */
  Optional<StudioLanguage> preferred(HttpServletRequest request);

  /** The person chose {@code language} with the switch; a signed-in person keeps it. */
  default void chosen(HttpServletRequest request, StudioLanguage language) {}
}
