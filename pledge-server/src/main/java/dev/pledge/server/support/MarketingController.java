package dev.pledge.server.support;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.rights.ProcessingPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Marketing e-mail in the account's settings (B-28): a box per configured topic; ticking asks for a
 * confirmation by e-mail (double opt-in), unticking unsubscribes at once. Minors see it off and
 * cannot turn it on (B-33). The confirmation page takes the link's token from its fragment and
 * posts it, so a mail scanner that opens the link subscribes nobody; it needs no sign-in (the token
 * proves the mailbox) and is on {@link MarketingSecurity}'s chain.
 */
@StudioController
class MarketingController {

  static final String PATH = "/account/marketing";
  static final String CONFIRM = "/marketing/confirm";

  private final CurrentAccount current;
  private final MarketingPreferences preferences;
  private final SupportWords words;
  private final ProcessingRestrictions restrictions;
  private final StudioAccounts accounts;
  private final Studio studio;

  MarketingController(
      CurrentAccount current,
      MarketingPreferences preferences,
      SupportWords words,
      ProcessingRestrictions restrictions,
      StudioAccounts accounts,
      Studio studio) {
    this.current = current;
    this.preferences = preferences;
    this.words = words;
    this.restrictions = restrictions;
    this.accounts = accounts;
    this.studio = studio;
  }

  /** A topic as the settings page shows it. */
  record Topic(String id, String label, String state) {}

  @GetMapping(PATH)
  String page(Model model, Locale locale) {
    return view(current.requireId(), model, locale, null);
  }

  @PostMapping(PATH)
  String choose(
      @RequestParam(name = "topic", required = false) List<String> topics,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    String me = current.requireId();
    try {
      MarketingPreferences.Change c =
          preferences.choose(me, new HashSet<>(topics == null ? List.of() : topics));
      if (!c.awaitingConfirmation().isEmpty()) {
        return "redirect:" + PATH + "?confirm";
      }
      return "redirect:" + PATH + "?saved";
    } catch (MarketingPreferences.MinorRefused e) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return view(me, model, locale, "marketing.minor");
    } catch (MarketingPreferences.TooManyConfirmations e) {
      response.setStatus(429);
      return view(me, model, locale, "marketing.too-many");
    }
  }

  @GetMapping(CONFIRM)
  String confirmPage() {
    return "studio/marketing-confirm";
  }

  @PostMapping(CONFIRM)
  String confirm(
      @RequestParam(name = "token", required = false) String token,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    Optional<List<String>> confirmed = preferences.confirm(token);
    if (confirmed.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    model.addAttribute(
        "topics",
        confirmed.get().stream().map(t -> words.label("marketing.topic.", t, locale)).toList());
    return "studio/marketing-confirmed";
  }

  private String view(String me, Model model, Locale locale, String problem) {
    Map<String, MarketingPreferences.State> states = preferences.states(me);
    model.addAttribute(
        "topics",
        states.entrySet().stream()
            .map(
                e ->
                    new Topic(
                        e.getKey(),
                        words.label("marketing.topic.", e.getKey(), locale),
                        e.getValue().name().toLowerCase(Locale.ROOT)))
            .toList());
    model.addAttribute("minor", accounts.minor(me));
    model.addAttribute(
        "objected", !restrictions.permits(studio.id(), me, ProcessingPurpose.MARKETING));
    model.addAttribute("kept", words.retention(SupportWords.MARKETING, locale));
    model.addAttribute("problem", problem);
    model.addAttribute("nav", "marketing");
    return "studio/marketing";
  }
}
