package dev.pledge.server.devapi;

import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.images.StudioImages;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A refusal of the studio (an upload or an edit it will not take) in words for the API: the same
 * sentences the studio's pages show, which say what is wrong and how to fix it, in English in
 * {@code detail}, and in the account's own language under {@code localized} when it is another. The
 * message key stays in {@code reason}, stable for programs.
 */
@Component
class RefusalWords {

  private final MessageSource messages;
  private final StudioAccounts accounts;

  RefusalWords(MessageSource messages, StudioAccounts accounts) {
    this.messages = messages;
    this.accounts = accounts;
  }

  /**
   * @param what what was refused ({@code upload}, {@code edit})
   * @param where the part of the request it was about, e.g. "the multipart part 'file'"
   */
  ApiProblem refused(StudioImages.Refusal r, String account, String what, String where) {
    Object[] args = r.arguments() == null ? new Object[0] : r.arguments();
    String english = words(r.key(), args, Locale.ENGLISH);
    ApiProblem p =
        new ApiProblem(
                r.key().startsWith("images.upload") ? 400 : 422,
                "refused",
                "Refused",
                "The " + what + " was refused (" + where + "): " + english)
            .with("reason", r.key())
            .with("arguments", List.of(args));
    Optional<Locale> own =
        accounts
            .language(account)
            .map(Locale::forLanguageTag)
            .filter(l -> !l.getLanguage().isEmpty() && !"en".equals(l.getLanguage()));
    own.ifPresent(
        l -> {
          String local = words(r.key(), args, l);
          if (!local.equals(english)) {
            p.with("localized", java.util.Map.of("lang", l.toLanguageTag(), "detail", local));
          }
        });
    return p;
  }

  private String words(String key, Object[] args, Locale locale) {
    String m = messages.getMessage(key, args, null, locale);
    // A key without words (a provider's own reason): say so plainly rather than show the key.
    return m != null
        ? m
        : "the studio gave the reason '"
            + key
            + "'. Check the request against the API reference (GET /api/v1/openapi.json).";
  }
}
